// The git readers of context/ behind the ports of core/, for the folder git may run in right
// now. The caller decides the folder (the extension: a trusted local folder; the CLI: the
// --workspace folder) and why there is none.
import type { GitHeadReader } from '../core/sessions/sessionTracker';
import type { GitContextSource, PatchSource } from '../core/workContext/workContextPorts';
import { readGitContext } from '../context/git/gitContextReader';
import { readGitHead } from '../context/gitHeadReader';
import { readPatch } from '../context/patchReader';

export interface GitAccess {
  /** The folder git may run in, or null: git is then not run at all. */
  folder(): string | null;
  /** Why git was not read, when folder() is null (shown in briefings). */
  readonly unavailableReason: string;
}

export interface GitSources {
  readonly head: GitHeadReader;
  readonly context: GitContextSource;
  readonly patch: PatchSource;
}

export function gitSourcesFor(access: GitAccess): GitSources {
  return {
    head: {
      readHead: async () => {
        const cwd = access.folder();
        return cwd ? readGitHead(cwd) : null;
      },
    },
    context: {
      read: async (sessionStartHead) => {
        const cwd = access.folder();
        return cwd ? readGitContext({ cwd, sessionStartHead }) : { git: null, unavailable: [{ source: 'git', reason: access.unavailableReason }] };
      },
    },
    patch: {
      read: async (maxBytes, hasHead) => {
        const cwd = access.folder();
        return cwd ? readPatch(cwd, maxBytes, hasHead) : null;
      },
    },
  };
}

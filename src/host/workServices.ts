// Builds the briefing and snapshot services of this window on the open database, with the
// editor as a context source. git runs only in a trusted, local workspace.
import { randomUUID } from 'node:crypto';
import type { GitContextSource, PatchSource } from '../core/briefing/briefingPorts';
import { BriefingService } from '../core/briefing/briefingService';
import { systemClock } from '../core/clock';
import { UserFacingError } from '../core/errors';
import { SnapshotService } from '../core/snapshots/snapshotService';
import { readGitContext } from '../context/git/gitContextReader';
import { readPatch } from '../context/patchReader';
import { tokenCounter } from '../providers/tokenCounter';
import { BriefingStore } from '../storage/briefingStore';
import { SessionStore } from '../storage/sessionStore';
import { SnapshotStore } from '../storage/snapshotStore';
import { readEditorContext } from './editorContextReader';
import { knowledgeSourceFor } from '../storage/knowledgeSource';
import type { SessionController } from './sessionController';
import { readBriefingSettings, readMaxPatchKB } from './settings';
import { gitFolder } from './workspaceResolver';

const UNTRUSTED = { source: 'git', reason: 'not read: the workspace is not trusted (or not a local folder)' };

export const gitSource: GitContextSource = {
  read: async (sessionStartHead) => {
    const cwd = gitFolder();
    return cwd ? readGitContext({ cwd, sessionStartHead }) : { git: null, unavailable: [UNTRUSTED] };
  },
};

export const patchSource: PatchSource = {
  read: async (maxBytes, hasHead) => {
    const cwd = gitFolder();
    return cwd ? readPatch(cwd, maxBytes, hasHead) : null;
  },
};

export interface WorkServices {
  readonly snapshots: SnapshotService;
  readonly briefings: BriefingService;
  readonly snapshotStore: SnapshotStore;
  readonly briefingStore: BriefingStore;
}

export function workServices(controller: SessionController): WorkServices {
  const database = controller.database;
  const workspace = controller.workspace;
  if (!database || !workspace) throw new UserFacingError(controller.unavailableReason());
  const ids = { next: () => randomUUID() };
  const sessions = new SessionStore(database);
  const snapshotStore = new SnapshotStore(database);
  const briefingStore = new BriefingStore(database);
  const editor = { read: async () => readEditorContext() };
  return {
    snapshotStore,
    briefingStore,
    snapshots: new SnapshotService({ workspace, clock: systemClock, ids, snapshots: snapshotStore, sessions, git: gitSource, patch: patchSource, editor, maxPatchKB: readMaxPatchKB }),
    briefings: new BriefingService({
      workspace,
      clock: systemClock,
      ids,
      sessions,
      snapshots: snapshotStore,
      history: briefingStore,
      git: gitSource,
      editor,
      knowledge: knowledgeSourceFor(database),
      countTokens: tokenCounter,
      settings: readBriefingSettings,
    }),
  };
}

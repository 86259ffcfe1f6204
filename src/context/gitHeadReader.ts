// Reads the branch and HEAD commit of a folder, for session start and end.
import type { GitHead } from '../core/sessions/session';
import type { GitHeadReader } from '../core/sessions/sessionTracker';
import { runGit } from './gitRunner';

/** Returns null when git is missing or the folder is not in a repository. */
export async function readGitHead(cwd: string): Promise<GitHead | null> {
  const [branch, head] = await Promise.all([
    runGit(['symbolic-ref', '--quiet', '--short', 'HEAD'], { cwd }),
    runGit(['rev-parse', '--verify', '--quiet', 'HEAD'], { cwd }),
  ]);
  if (!branch.ok && branch.reason !== 'failed') return null; // no git, or not a repository
  if (!branch.ok && !head.ok) return null;
  return {
    branch: branch.ok ? branch.stdout.trim() || null : null,
    head: head.ok ? head.stdout.trim() || null : null,
  };
}

export function gitHeadReaderFor(cwd: string | null): GitHeadReader {
  return { readHead: () => (cwd ? readGitHead(cwd) : Promise.resolve(null)) };
}

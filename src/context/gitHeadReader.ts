// Reads the branch and HEAD commit of a folder, for session start and end. The repository is
// checked first (git/repositoryGuard.ts): a work tree that is not the folder's own gives null.
import type { GitHead } from '../core/sessions/session';
import type { GitHeadReader } from '../core/sessions/sessionTracker';
import { gitCommandFor } from './git/gitCommand';
import { openRepository } from './git/repositoryGuard';

const TIMEOUT_MS = 5_000;
const MAX_BYTES = 64 * 1024;

/** Returns null when git is missing, the folder is not in a repository, or git was refused. */
export async function readGitHead(cwd: string, gitPath = 'git'): Promise<GitHead | null> {
  const opened = await openRepository({ cwd, timeoutMs: TIMEOUT_MS, gitPath });
  if (!opened.ok) return null;
  const run = gitCommandFor({ cwd: opened.repository.topLevel, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES, gitPath, config: opened.repository.config });
  const [branch, head] = await Promise.all([
    run(['symbolic-ref', '--quiet', '--short', 'HEAD']),
    run(['rev-parse', '--verify', '--quiet', 'HEAD']),
  ]);
  if (!branch.ok && branch.reason !== 'failed') return null; // git vanished or timed out
  if (!branch.ok && !head.ok) return null;
  return {
    branch: branch.ok ? branch.stdout.toString('utf8').trim() || null : null,
    head: head.ok ? head.stdout.toString('utf8').trim() || null : null,
  };
}

export function gitHeadReaderFor(cwd: string | null): GitHeadReader {
  return { readHead: () => (cwd ? readGitHead(cwd) : Promise.resolve(null)) };
}

// Runs git the simple way: the whole output as a string, or a typed failure ('too-large' when
// the byte cap is hit, instead of the part that was read). Same process, flags and environment
// as every other git call (git/gitCommand.ts, git/gitSafety.ts). It does not check the
// repository: readers of a work tree open it through git/repositoryGuard.ts first.
import { runGitCommand } from './git/gitCommand';

export { SAFE_GIT_FLAGS } from './git/gitSafety';

export interface GitRunOptions {
  readonly cwd: string;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly gitPath?: string;
}

export type GitResult =
  | { readonly ok: true; readonly stdout: string }
  | { readonly ok: false; readonly reason: 'no-git' | 'not-a-repository' | 'timeout' | 'too-large' | 'failed'; readonly detail: string };

export async function runGit(args: readonly string[], options: GitRunOptions): Promise<GitResult> {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const result = await runGitCommand(args, { cwd: options.cwd, timeoutMs: options.timeoutMs ?? 5_000, maxBytes, gitPath: options.gitPath ?? 'git' });
  if (result.ok) return result.truncated ? { ok: false, reason: 'too-large', detail: `output exceeded ${maxBytes} bytes` } : { ok: true, stdout: result.stdout.toString('utf8') };
  if (result.reason === 'no-folder') return { ok: false, reason: 'failed', detail: result.detail };
  return { ok: false, reason: result.reason, detail: result.detail };
}

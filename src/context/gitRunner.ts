// Runs git the safe way: an argument array (no shell), hooks and fsmonitor disabled, no
// optional locks, a byte cap and a timeout. Every failure becomes a typed result, not a throw.
import { type ExecFileException, execFile } from 'node:child_process';

export const SAFE_GIT_FLAGS = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', '--no-optional-locks'] as const;

export interface GitRunOptions {
  readonly cwd: string;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly gitPath?: string;
}

export type GitResult =
  | { readonly ok: true; readonly stdout: string }
  | { readonly ok: false; readonly reason: 'no-git' | 'not-a-repository' | 'timeout' | 'too-large' | 'failed'; readonly detail: string };

export function runGit(args: readonly string[], options: GitRunOptions): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile(
      options.gitPath ?? 'git',
      [...SAFE_GIT_FLAGS, ...args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 5_000,
        maxBuffer: options.maxBytes ?? 1024 * 1024,
        encoding: 'utf8',
        windowsHide: true,
        env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ ok: true, stdout });
        resolve({ ok: false, reason: classify(error, stderr), detail: (stderr || error.message).trim().slice(0, 500) });
      },
    );
  });
}

function classify(error: ExecFileException, stderr: string): Exclude<GitResult, { ok: true }>['reason'] {
  if (error.code === 'ENOENT') return 'no-git';
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return 'too-large';
  if (error.killed) return 'timeout';
  if (/not a git repository/i.test(stderr)) return 'not-a-repository';
  return 'failed';
}

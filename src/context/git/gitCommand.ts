// Runs one git command: the safe flags and environment of gitSafety.ts (no program that a
// config or the environment names), a few config overrides that keep output parseable whatever
// the repository's config says, the caller's per-repository overrides (repositoryGuard.ts), a
// byte cap that truncates (the caller keeps what was read), optional bytes on stdin, and a
// timeout. Never throws. Every git process Baton starts is started here.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { NO_PROGRAM_FLAGS, SAFE_GIT_FLAGS, gitEnvironment, withSubcommandSafety } from './gitSafety';

/**
 * Config overrides for every command: stable paths and plain output whatever the user or the
 * repository configured, and nothing that would run a program (gpg for log.showSignature).
 */
export const OUTPUT_CONFIG_FLAGS = [
  '-c', 'core.quotePath=false',
  '-c', 'color.ui=false',
  '-c', 'diff.relative=false',
  '-c', 'diff.noprefix=false',
  '-c', 'diff.mnemonicPrefix=false',
  '-c', 'diff.interHunkContext=0',
  '-c', 'log.showSignature=false',
  '-c', 'i18n.logOutputEncoding=UTF-8',
] as const;

/**
 * git's core.bigFileThreshold for Baton's commands: a larger file counts as binary, so git never
 * loads it whole (to count lines, diff or hash it; status hashes it streaming). Line counts of a
 * larger text file are unknown.
 */
export const LARGE_FILE_BYTES = 16 * 1024 * 1024;

export type GitFailureReason = 'no-git' | 'no-folder' | 'not-a-repository' | 'timeout' | 'failed';

export type GitCommandResult =
  | { readonly ok: true; readonly stdout: Buffer; readonly truncated: boolean }
  | { readonly ok: false; readonly reason: GitFailureReason; readonly exitCode: number | null; readonly detail: string };

/** Called once per git command with its full argument list (after the executable) and wall time. */
export type GitCommandObserver = (args: readonly string[], ms: number) => void;

export interface GitCommandOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly gitPath: string;
  readonly onCommand?: GitCommandObserver;
  /** More `-c` overrides after the fixed ones: the repository's filter drivers switched off, caps. */
  readonly config?: readonly string[];
  /** Written to git's stdin; without it, stdin is closed at once. */
  readonly input?: Buffer;
  /** Exit codes that mean success; default 0 only (`diff --no-index` exits 1 on differences). */
  readonly okExitCodes?: readonly number[];
}

export type GitCommand = (args: readonly string[], maxBytes?: number, input?: Buffer) => Promise<GitCommandResult>;

const STDERR_CAP = 4096;

/** The full argument list a command runs with (after the executable). */
export function fullGitArgs(args: readonly string[], config: readonly string[] = []): string[] {
  return [...SAFE_GIT_FLAGS, ...OUTPUT_CONFIG_FLAGS, ...NO_PROGRAM_FLAGS, ...config, ...withSubcommandSafety(args)];
}

/** Binds the options once; `maxBytes` per call overrides the default cap. */
export function gitCommandFor(options: GitCommandOptions): GitCommand {
  return (args, maxBytes, input) => runGitCommand(args, { ...options, maxBytes: maxBytes ?? options.maxBytes, ...(input ? { input } : {}) });
}

export function runGitCommand(args: readonly string[], options: GitCommandOptions): Promise<GitCommandResult> {
  const argv = fullGitArgs(args, options.config);
  const started = performance.now();
  return new Promise<GitCommandResult>((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    let timedOut = false;
    let stderr = '';
    let settled = false;
    let spawnFailed = false;
    let exited = false;
    const finish = (result: GitCommandResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.onCommand?.(argv, performance.now() - started);
      resolve(result);
    };

    const child = spawn(options.gitPath, argv, { cwd: options.cwd, env: gitEnvironment(), stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    child.stdin.on('error', () => undefined); // git may exit before reading it all
    child.stdin.end(options.input);
    // A killed git may leave a child of its own holding the pipes open: after a kill the
    // result is settled on 'exit' and the pipes are closed, instead of waiting for 'close'.
    const stop = () => {
      child.kill();
      child.stdin.destroy();
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const timedOutResult = (): GitCommandResult => ({ ok: false, reason: 'timeout', exitCode: null, detail: `timed out after ${options.timeoutMs} ms` });
    const truncatedResult = (): GitCommandResult => ({ ok: true, stdout: Buffer.concat(chunks, size), truncated: true });
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
      if (exited) finish(timedOutResult());
    }, options.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = options.maxBytes - size;
      if (chunk.length > room) {
        if (room > 0) chunks.push(chunk.subarray(0, room));
        size = options.maxBytes;
        truncated = true;
        stop();
        if (exited) finish(truncatedResult());
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_CAP) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnFailed = true;
      if (error.code !== 'ENOENT') return finish({ ok: false, reason: 'failed', exitCode: null, detail: error.message });
      // spawn says ENOENT both for a missing executable and for a missing working folder.
      void stat(options.cwd).then(
        () => finish({ ok: false, reason: 'no-git', exitCode: null, detail: `git executable not found: ${options.gitPath}` }),
        () => finish({ ok: false, reason: 'no-folder', exitCode: null, detail: `folder does not exist: ${options.cwd}` }),
      );
    });
    child.on('exit', () => {
      exited = true;
      if (truncated) finish(truncatedResult());
      else if (timedOut) finish(timedOutResult());
    });
    child.on('close', (code) => {
      if (spawnFailed || truncated || timedOut) return;
      if (code !== null && (options.okExitCodes ?? [0]).includes(code)) return finish({ ok: true, stdout: Buffer.concat(chunks, size), truncated: false });
      const detail = stderr.trim().slice(0, 500) || `git exited with code ${String(code)}`;
      finish({ ok: false, reason: /not a git repository/i.test(stderr) ? 'not-a-repository' : 'failed', exitCode: code, detail });
    });
  });
}

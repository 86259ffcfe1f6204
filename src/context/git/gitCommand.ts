// Runs one git command for the context reader: the safe flags of gitRunner, a few config
// overrides that keep output parseable whatever the repository's config says, a byte cap that
// truncates (the caller keeps what was read) and a timeout. Never throws.
//
// gitRunner.runGit drops the output when the cap is hit; the briefing wants the part that was
// read, so this module streams into a capped buffer instead, with the same flags and env.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { SAFE_GIT_FLAGS } from '../gitRunner';

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

/** Environment variables that would point git at another repository than the folder's. */
const REPOSITORY_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_EXTERNAL_DIFF'];

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
}

export type GitCommand = (args: readonly string[], maxBytes?: number) => Promise<GitCommandResult>;

const STDERR_CAP = 4096;

let cachedEnv: NodeJS.ProcessEnv | null = null;
function gitEnv(): NodeJS.ProcessEnv {
  if (cachedEnv) return cachedEnv;
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
  for (const name of REPOSITORY_ENV) delete env[name];
  cachedEnv = env;
  return env;
}

/** The full argument list a command runs with. */
export function fullGitArgs(args: readonly string[]): string[] {
  return [...SAFE_GIT_FLAGS, ...OUTPUT_CONFIG_FLAGS, ...args];
}

/** Binds the options once; `maxBytes` per call overrides the default cap. */
export function gitCommandFor(options: GitCommandOptions): GitCommand {
  return (args, maxBytes) => runGitCommand(args, { ...options, maxBytes: maxBytes ?? options.maxBytes });
}

export function runGitCommand(args: readonly string[], options: GitCommandOptions): Promise<GitCommandResult> {
  const argv = fullGitArgs(args);
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

    const child = spawn(options.gitPath, argv, { cwd: options.cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    // A killed git may leave a child of its own holding the pipes open: after a kill the
    // result is settled on 'exit' and the pipes are closed, instead of waiting for 'close'.
    const stop = () => {
      child.kill();
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
      if (code === 0) return finish({ ok: true, stdout: Buffer.concat(chunks, size), truncated: false });
      const detail = stderr.trim().slice(0, 500) || `git exited with code ${String(code)}`;
      finish({ ok: false, reason: /not a git repository/i.test(stderr) ? 'not-a-repository' : 'failed', exitCode: code, detail });
    });
  });
}

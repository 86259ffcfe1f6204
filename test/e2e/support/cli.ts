// Runs the packaged `baton` CLI against the database the extension under test uses.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliPath, repoRoot } from './paths';

export interface CliResult {
  stdout: string;
  stderr: string;
  /** Exit code; null when killed by a signal (see `signal`). */
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `node dist/cli.js --db <dbPath> ...args`; never rejects on a non-zero exit. */
export function runCli(dbPath: string, args: string[], timeoutMs = 30_000): Promise<CliResult> {
  if (!existsSync(cliPath)) {
    return Promise.reject(new Error(`${cliPath} does not exist: run "npm run package" (or "npm run build") first.`));
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, '--db', dbPath, ...args],
      { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, BATON_DB: undefined } },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null;
        const code = failure ? (typeof failure.code === 'number' ? failure.code : null) : 0;
        resolve({ stdout, stderr, code, signal: failure?.signal ?? null });
      },
    );
  });
}

// The packaged CLI run with its clock moved back, so that a request lands in the ledger on an
// earlier day (libfaketime, Debian package `faketime`; see /work/shared/TESTING.md). Only the
// CLI's process is faked: VS Code and the test keep the real time.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { CliResult } from './cli';
import { cliPath, repoRoot } from './paths';

export const FAKETIME = '/usr/bin/faketime';

/** `faketime -f -<days>d node dist/cli.js --db <dbPath> ...args`; never rejects on a non-zero exit. */
export function runCliDaysAgo(days: number, dbPath: string, args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<CliResult> {
  for (const [path, fix] of [[cliPath, 'run "npm run package" first'], [FAKETIME, 'apt-get install -y faketime']] as const) {
    if (!existsSync(path)) return Promise.reject(new Error(`${path} does not exist: ${fix}.`));
  }
  return new Promise((resolve) => {
    execFile(
      FAKETIME,
      // A relative offset: the faked clock still runs, so timeouts and durations behave.
      ['-f', `-${days}d`, process.execPath, cliPath, '--db', dbPath, ...args],
      { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, BATON_DB: undefined, BATON_CONFIG: undefined, ...env } },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null;
        const code = failure ? (typeof failure.code === 'number' ? failure.code : null) : 0;
        resolve({ stdout, stderr, code, signal: failure?.signal ?? null });
      },
    );
  });
}

/** The local day `days` before today, `YYYY-MM-DD` (as the CLI's --since takes it). */
export function localDayBefore(days: number, now = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

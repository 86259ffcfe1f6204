// Helpers for the costs story: the packaged CLI's `ask` and `costs --json` with a router config
// file and a key in the environment, the "Baton Costs" panel's headline cards, the sidebar's
// Costs card, and the dollar formats the two pages use (written out here, not imported, so a
// change in the page's format shows up as a failing test).
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { CliResult } from './cli';
import { cliPath, repoRoot } from './paths';
import { findWebviewFrame } from './workbench';

/** `node dist/cli.js --db <dbPath> ...args` with extra environment variables; never rejects on a non-zero exit. */
export function runCliWithEnv(dbPath: string, args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<CliResult> {
  if (!existsSync(cliPath)) {
    return Promise.reject(new Error(`${cliPath} does not exist: run "npm run package" (or "npm run build") first.`));
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cliPath, '--db', dbPath, ...args],
      { cwd: repoRoot, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, BATON_DB: undefined, BATON_CONFIG: undefined, ...env } },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null;
        const code = failure ? (typeof failure.code === 'number' ? failure.code : null) : 0;
        resolve({ stdout, stderr, code, signal: failure?.signal ?? null });
      },
    );
  });
}

/** What `baton costs --json` prints (src/cli/costsCommands.ts). */
export interface CliCosts {
  totalUsd: number;
  requests: number;
  unpricedRequests: number;
  subscriptionRequests: number;
  savedUsd: number;
  byProvider: { provider: string; usd: number; requests: number }[];
  byModel: { provider: string; model: string; usd: number; requests: number }[];
  byDay: { day: string; usd: number; requests: number }[];
}

/** What `baton ask --json` prints (the fields this story reads). */
export interface CliAnswer {
  text: string;
  provider: string;
  model: string;
  usage: { input: number; output: number; cacheRead: number; cacheWrite: number };
  costUsd: number | null;
  estimated: boolean;
  status: string;
  cached: boolean;
}

export function parseCliJson<T>(what: string, result: CliResult): T {
  if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}, signal ${result.signal}):\n${result.stderr}\n${result.stdout}`);
  try {
    return JSON.parse(result.stdout) as T;
  } catch (error) {
    throw new Error(`${what} printed no JSON (${(error as Error).message}):\n${result.stdout}\n${result.stderr}`, { cause: error });
  }
}

/** Today as the CLI's `byDay` names it: the local day, `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const subCent = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 2 });

/** Dollars as the costs panel shows them (src/webview/costs/format.ts formatUsd): `$0.04`, below a cent two significant digits. */
export function panelUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const size = Math.abs(usd);
  if (size === 0) return '$0.00';
  if (size < 0.01) return subCent.format(usd);
  return cents.format(usd);
}

/** Dollars as the sidebar's Costs card shows them (src/webview/sidebar/render/costs.ts formatNanos): four decimals below a cent. */
export function sidebarUsd(usd: number): string {
  const sign = usd < 0 ? '-' : '';
  const size = Math.abs(usd);
  const digits = size > 0 && size < 0.01 ? 4 : 2;
  return `${sign}$${size.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** The costs panel's webview frame (the one with the headline cards). */
export function costsPanelFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return findWebviewFrame(page, '[data-testid="headline"] [data-testid="requests-value"]', timeoutMs);
}

export interface Headline {
  spend: string;
  requests: string;
}

/** The Spend and Requests cards' values as the page shows them. */
export async function readHeadline(frame: Frame): Promise<Headline> {
  const value = async (testId: string) => (await frame.locator(`[data-testid="headline"] [data-testid="${testId}"]`).first().innerText({ timeout: 1_000 })).trim();
  return { spend: await value('spend-value'), requests: await value('requests-value') };
}

/** The value of one figure of the sidebar's Costs card (`costs-today`, `costs-month`, …). */
export async function sidebarCostFigure(frame: Frame, testId: string): Promise<string> {
  return (await frame.locator(`[data-testid="${testId}"] .cost-value`).first().innerText({ timeout: 1_000 })).trim();
}

/** Every line of Baton's output channel log ("Baton.log" under the user-data folder's logs). */
export function batonLogLines(userDataDir: string): string[] {
  const logsRoot = join(userDataDir, 'logs');
  if (!existsSync(logsRoot)) return [];
  const lines: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'Baton.log') lines.push(...readFileSync(path, 'utf8').split('\n'));
    }
  };
  walk(logsRoot);
  return lines;
}

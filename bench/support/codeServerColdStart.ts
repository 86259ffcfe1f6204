// One cold start of Baton in a real VS Code (code-server + headless Chromium), for
// bench/activationCodeServer.bench.ts: a fresh fixture (new workspace, extensions and user-data
// folders), baton.vsix installed, a fresh browser, the workbench opened, the Baton view
// container shown as soon as its activity bar entry is there, then the sidebar's
// "Sidebar first state … ms after activation started" line read from Baton's log file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from '../../test/e2e/support/browser';
import { installExtension, startCodeServer, type CodeServer } from '../../test/e2e/support/codeServer';
import { waitUntil } from '../../test/e2e/support/deadline';
import { createFixture, type Fixture } from '../../test/e2e/support/fixture';
import { vsixPath } from '../../test/e2e/support/paths';
import { activityBarItem } from '../../test/e2e/support/workbench';

/** How often the browser side looks for the sidebar's content: the resolution of those figures. */
export const BROWSER_POLL_MS = 25;
const FIRST_STATE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] Sidebar first state (\d+) ms after activation started \(activate returned after (\d+) ms; database ready at (\d+), view resolved at (\d+), page ready at (\d+), state built in (\d+) ms\)/m;

export interface ColdStartRun {
  /** Extension host: activate() started → the sidebar posted its first full state (Baton's log). */
  activationToFirstStateMs: number;
  /** Extension host: activate() started → activate() returned (Baton's log). */
  activateMs: number;
  /** Extension host, ms after activate() started (Baton's log): the database open and the session restored. */
  databaseReadyMs: number;
  /** … VS Code resolved the sidebar's view (it resolves only while the view is visible). */
  viewResolvedMs: number;
  /** … the sidebar's page booted and said ready. */
  pageReadyMs: number;
  /** The first state with the database's contents built (after the later of the two above). */
  stateBuildMs: number;
  /**
   * page.goto() → activate() started, from the log line's (local, ms) timestamp minus its figure:
   * when it is below navToViewClickMs, Baton activated before the sidebar was asked for.
   */
  navToActivationStartMs: number;
  /** Browser: page.goto() → the Baton activity bar entry clicked. */
  navToViewClickMs: number;
  /** Browser: page.goto() → the sidebar webview shows any content (its own "Loading Baton…" counts). */
  navToSidebarContentMs: number;
  /** Browser: page.goto() → the sidebar webview shows content other than "Loading Baton…". */
  navToSidebarReadyMs: number;
  /** Outside the measured figures, for context: installing the .vsix and code-server answering /healthz. */
  installMs: number;
  serverStartMs: number;
}

/** Every `*.log` under dir, depth first. */
function logFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return logFiles(path);
    return name.endsWith('.log') ? [path] : [];
  });
}

interface FirstStateLine {
  readonly afterMs: number;
  readonly activateMs: number;
  readonly loggedAt: number;
  readonly breakdown: Pick<ColdStartRun, 'databaseReadyMs' | 'viewResolvedMs' | 'pageReadyMs' | 'stateBuildMs'>;
}

function lineFigures(match: RegExpExecArray): FirstStateLine {
  const n = (i: number) => Number(match[i]);
  return {
    afterMs: n(3),
    activateMs: n(4),
    loggedAt: new Date(`${match[1]}T${match[2]}`).getTime(),
    breakdown: { databaseReadyMs: n(5), viewResolvedMs: n(6), pageReadyMs: n(7), stateBuildMs: n(8) },
  };
}

/** Waits for the first-state line in Baton's output channel file under `<userDataDir>/logs/**`. */
async function readFirstStateLine(fixture: Fixture, timeoutMs: number): Promise<FirstStateLine> {
  return waitUntil(
    () => {
      for (const file of logFiles(join(fixture.userDataDir, 'logs')).filter((path) => /Baton[^/]*\.log$/.test(path))) {
        const match = FIRST_STATE.exec(readFileSync(file, 'utf8'));
        if (match) return lineFigures(match);
      }
      return undefined;
    },
    { what: `"Sidebar first state …" in Baton's log under ${fixture.userDataDir}/logs`, timeoutMs, intervalMs: 100 },
  );
}

/** The first frame (webviews are nested iframes) with an element matching selector, or undefined. */
async function frameWith(page: Page, selector: string): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.isDetached()) continue;
    try {
      if ((await frame.locator(selector).count()) > 0) return frame;
    } catch {
      // the frame navigated away while we looked
    }
  }
  return undefined;
}

/** Milliseconds from `t0` until some webview frame has `selector`, polled every BROWSER_POLL_MS. */
async function msUntilFrameHas(page: Page, selector: string, t0: number, timeoutMs: number): Promise<number> {
  await waitUntil(() => frameWith(page, selector), { what: `a webview frame with ${selector}`, timeoutMs, intervalMs: BROWSER_POLL_MS });
  return Date.now() - t0;
}

export async function coldStart(timeoutMs = 120_000): Promise<ColdStartRun> {
  const fixture = createFixture({ prefix: 'baton-bench-vscode-' });
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  try {
    const installStart = Date.now();
    await installExtension(fixture, vsixPath);
    const serverStart = Date.now();
    server = await startCodeServer(fixture);
    const serverStartMs = Date.now() - serverStart;
    browser = await launchBrowser();
    const page = browser.page;

    const t0 = Date.now();
    await page.goto(server.workspaceUrl, { waitUntil: 'commit', timeout: timeoutMs });
    // Click the entry the moment it is there: the view resolves only while it is visible.
    const item = activityBarItem(page, 'Baton');
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    if ((await item.getAttribute('aria-selected')) !== 'true') await item.click({ timeout: timeoutMs });
    const navToViewClickMs = Date.now() - t0;
    const navToSidebarContentMs = await msUntilFrameHas(page, '#app [data-testid]', t0, timeoutMs);
    const navToSidebarReadyMs = await msUntilFrameHas(page, '#app [data-testid]:not([data-testid="loading"])', t0, timeoutMs);
    const line = await readFirstStateLine(fixture, timeoutMs);
    return {
      activationToFirstStateMs: line.afterMs,
      activateMs: line.activateMs,
      ...line.breakdown,
      navToActivationStartMs: line.loggedAt - line.afterMs - t0,
      navToViewClickMs,
      navToSidebarContentMs,
      navToSidebarReadyMs,
      installMs: serverStart - installStart,
      serverStartMs,
    };
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fixture.dispose();
  }
}

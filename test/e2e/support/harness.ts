// One end-to-end world: fixture + code-server with baton.vsix + headless Chromium on the
// workbench. `startBaton()` in a mocha `before`, `stop()` in `after`, `captureFailure()` in
// `afterEach`.
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from './browser';
import { runCli, type CliResult } from './cli';
import { installExtension, startCodeServer, type CodeServer } from './codeServer';
import { createFixture, type Fixture } from './fixture';
import { resultsDir, vsixPath } from './paths';
import { openWorkbench } from './workbench';

export interface BatonHarness {
  fixture: Fixture;
  server: CodeServer;
  browser: BrowserSession;
  page: Page;
  /** `baton --db <fixture db> ...args`. */
  runCli(args: string[]): Promise<CliResult>;
  /** Saves a screenshot, code-server's log and the browser console under test-results/. */
  captureFailure(testTitle: string): Promise<string>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** The .vsix to install; `null` starts a bare code-server (used to check the harness). */
  vsix?: string | null;
  /** Keep Workspace Trust on (no --disable-workspace-trust, trust setting enabled): restricted mode. */
  workspaceTrust?: boolean;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** A script the browser runs in every frame before the frame's own (Playwright's addInitScript). */
  initScript?: string;
}

function safeName(title: string): string {
  return title.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 80) || 'test';
}

/** Copies the extension-host logs of this run, the quickest way to see an activation error. */
function copyLogs(fixture: Fixture, target: string): void {
  const logsRoot = join(fixture.userDataDir, 'logs');
  if (!existsSync(logsRoot)) return;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.log')) copyFileSync(path, join(target, path.slice(logsRoot.length + 1).replace(/[\\/]/g, '__')));
    }
  };
  walk(logsRoot);
}

export async function startBaton(options: HarnessOptions = {}): Promise<BatonHarness> {
  const trustSettings = options.workspaceTrust ? { 'security.workspace.trust.enabled': true } : {};
  const fixture = createFixture({ settings: { ...trustSettings, ...options.settings } });
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  const stop = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (process.env.BATON_E2E_KEEP) console.log(`  (kept ${fixture.root})`);
    else fixture.dispose();
  };
  try {
    const vsix = options.vsix === undefined ? vsixPath : options.vsix;
    if (vsix) await installExtension(fixture, vsix);
    server = await startCodeServer(fixture, { workspaceTrust: options.workspaceTrust });
    browser = await launchBrowser();
    if (options.initScript) await browser.context.addInitScript(options.initScript);
    await openWorkbench(browser.page, server.workspaceUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  const started = { server, browser };
  return {
    fixture,
    server: started.server,
    browser: started.browser,
    page: started.browser.page,
    runCli: (args) => runCli(fixture.dbPath, args),
    async captureFailure(testTitle) {
      const dir = join(resultsDir, `${safeName(testTitle)}-${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      await started.browser.page.screenshot({ path: join(dir, 'screenshot.png'), fullPage: true, timeout: 10_000 }).catch(() => undefined);
      writeFileSync(join(dir, 'browser-console.log'), started.browser.consoleLog.join('\n') + '\n');
      if (existsSync(fixture.serverLog)) copyFileSync(fixture.serverLog, join(dir, 'code-server.log'));
      try {
        copyLogs(fixture, dir);
      } catch {
        // logs are a convenience only
      }
      return dir;
    },
    stop,
  };
}

/**
 * Registers the hooks every story shares: failure artifacts (screenshot, logs) after a failed
 * test, and stopping code-server and the browser after the suite.
 */
export function captureFailuresThenStop(current: () => BatonHarness | undefined): void {
  afterEach(async function () {
    const harness = current();
    if (this.currentTest?.state === 'failed' && harness) {
      console.log(`      saved failure artifacts to ${await harness.captureFailure(this.currentTest.fullTitle())}`);
    }
  });
  after(async function () {
    this.timeout(30_000);
    await current()?.stop();
  });
}

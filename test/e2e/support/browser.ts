// Headless Chromium (the machine's /usr/bin/chromium) driven by playwright-core.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './paths';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far, for failure reports. */
  consoleLog: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleLog: string[] = [];
  page.on('console', (message) => {
    // VS Code's webview frames log their service worker's state at info level: the cause of a blank view.
    if (message.type() === 'error' || message.type() === 'warning' || /service worker/i.test(message.text())) consoleLog.push(`[${message.type()}] ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleLog.push(`[pageerror] ${error.message}`));
  return {
    browser,
    context,
    page,
    consoleLog,
    close: () => browser.close(),
  };
}

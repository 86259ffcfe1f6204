// Text from the user, the workspace or an LLM is shown as text and never runs; the page's
// Content-Security-Policy lets only the nonce'd bundle execute.
import assert from 'node:assert/strict';
import { HOSTILE, NO_WORK, NOW, recentSessions, runningSession, runningState } from './fixtures';
import { NONCE, openSidebar, startHarness, type PageGlobals, type SidebarHarness, type SidebarPage } from './harness';

interface PageDom {
  document: {
    createElement(tag: string): { textContent: string; setAttribute(name: string, value: string): void; click(): void };
    body: { appendChild(node: unknown): void };
    addEventListener(type: string, listener: (event: { violatedDirective: string }) => void): void;
  };
  __inline?: number;
  __handler?: number;
  __violations?: string[];
}

describe('sidebar webview: security', () => {
  let harness: SidebarHarness;
  let view: SidebarPage;

  before(async () => {
    harness = await startHarness();
  });
  after(async () => harness?.close());
  beforeEach(async () => {
    view = await openSidebar(harness, { clockAt: NOW });
  });
  afterEach(async () => view.close());

  it('shows hostile goal, note, summary, path and branch as text, with no element created', async () => {
    const run = runningSession({
      goal: HOSTILE,
      branch: HOSTILE,
      notes: [{ text: HOSTILE, at: NOW }],
      files: [{ path: `src/${HOSTILE}.ts`, edits: 1, saves: 0 }],
    });
    const recent = [{ ...recentSessions[0]!, goal: HOSTILE, summary: `**bold** ${HOSTILE}` }];
    await view.sendState(runningState(run, recent));

    assert.equal(await view.page.getByTestId('running-goal').innerText(), HOSTILE);
    assert.equal(await view.page.getByTestId('branch').innerText(), HOSTILE);
    assert.equal(await view.page.getByTestId('note').locator('.note-text').innerText(), HOSTILE);
    assert.match(await view.page.getByTestId('file').getAttribute('aria-label') ?? '', /<img src=x onerror=/);
    assert.match(await view.page.getByTestId('recent-session').innerText(), /\*\*bold\*\* <img src=x onerror="window\.__pwned=1">/);
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned), undefined);
    assert.deepEqual(view.errors, []);
  });

  it('shows a hostile error message as text', async () => {
    await view.sendState({ status: 'error', errorMessage: HOSTILE, workspaceName: null, running: null, recent: [], ...NO_WORK });
    assert.equal(await view.page.getByRole('alert').innerText(), HOSTILE);
    assert.equal(await view.page.locator('img').count(), 0);
  });

  it('declares a CSP that allows scripts only with the nonce', async () => {
    const csp = await view.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(
      csp,
      `default-src 'none'; style-src ${harness.origin}; font-src ${harness.origin}; img-src ${harness.origin} data:; ` +
        `script-src 'nonce-${NONCE}'; base-uri 'none'; form-action 'none'`,
    );
    assert.equal(await view.page.locator(`script[nonce="${NONCE}"]`).count(), 1);
  });

  it('blocks scripts and event handlers injected without the nonce', async () => {
    const result = await view.page.evaluate(async () => {
      const g = globalThis as unknown as PageDom;
      g.__violations = [];
      g.document.addEventListener('securitypolicyviolation', (event) => g.__violations?.push(event.violatedDirective));
      const inline = g.document.createElement('script');
      inline.textContent = 'window.__inline = 1';
      g.document.body.appendChild(inline);
      const wrongNonce = g.document.createElement('script');
      wrongNonce.setAttribute('nonce', 'not-the-nonce-0000000000');
      wrongNonce.textContent = 'window.__inline = 2';
      g.document.body.appendChild(wrongNonce);
      const button = g.document.createElement('button');
      button.setAttribute('onclick', 'window.__handler = 1');
      g.document.body.appendChild(button);
      button.click();
      await Promise.resolve();
      return { inline: g.__inline, handler: g.__handler };
    });
    assert.deepEqual(result, { inline: undefined, handler: undefined });
    const violations = await view.page.waitForFunction(() => (globalThis as unknown as PageDom).__violations?.length === 3);
    assert.ok(violations);
    assert.ok(view.errors.every((e) => /Content Security Policy/.test(e)), view.errors.join('\n'));
  });

  it('blocks inline styles', async () => {
    await view.sendState(runningState());
    const applied = await view.page.evaluate(() => {
      const g = globalThis as unknown as PageDom & { getComputedStyle(e: unknown): { color: string } };
      const style = g.document.createElement('style');
      style.textContent = '[data-testid="running-goal"] { color: rgb(255, 0, 0) !important; }';
      g.document.body.appendChild(style);
      const goal = (g.document as unknown as { querySelector(s: string): unknown }).querySelector('[data-testid="running-goal"]');
      return g.getComputedStyle(goal).color;
    });
    assert.notEqual(applied, 'rgb(255, 0, 0)');
  });
});

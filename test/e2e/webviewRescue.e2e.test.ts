// A Baton view that VS Code leaves blank is loaded again, in a real VS Code (code-server).
//
// VS Code loads each webview in a frame that first waits until a service worker of its own (or a
// newer one) controls it. When two webviews start together, a frame can start waiting after the
// last change has happened, and stays blank for good (measured: 14 of 30 reloads with the Session
// and Chat views shown; see src/host/webviews/webviewRescue.ts). This test makes that happen on
// purpose: a script in the browser hides, from the frames of Baton's views, every change of
// controller in their first MISS_MS, as if they had started waiting too late. Without Baton's
// rescue both views stay blank; with it, a helper tab opens for a moment, its worker takes control,
// and both views load.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chatFrame } from './support/chat';
import { waitUntil } from './support/deadline';
import { captureFailuresThenStop, startBaton, type BatonHarness } from './support/harness';
import { findWebviewFrame, runCommand, showViewContainer } from './support/workbench';

/** Longer than a frame's own worker takes to control it, shorter than Baton's 10 s before it acts. */
const MISS_MS = 8_000;
const MISSED = 'baton-e2e: a service worker change hidden from a Baton view';
const RESCUE_TITLE = 'Baton: reloading views';

/** Runs in every frame before its own scripts; acts only in the frames of Baton's webview views. */
const hideEarlyControllerChanges = `(() => {
  const params = new URLSearchParams(location.search);
  if (!location.pathname.endsWith('/webview/browser/pre/index.html')) return;
  if (params.get('purpose') !== 'webviewView' || params.get('extensionId') !== 'baton-dev.baton') return;
  const container = navigator.serviceWorker;
  if (!container) return;
  const loadedAt = performance.now();
  const add = container.addEventListener.bind(container);
  const remove = container.removeEventListener.bind(container);
  const late = new Map();
  container.addEventListener = (type, listener, options) => {
    if (type !== 'controllerchange') return add(type, listener, options);
    const wrapper = (event) => {
      if (performance.now() - loadedAt < ${MISS_MS}) return console.log(${JSON.stringify(MISSED)});
      listener.call(container, event);
    };
    late.set(listener, wrapper);
    add(type, wrapper, options);
  };
  container.removeEventListener = (type, listener, options) => remove(type, late.get(listener) ?? listener, options);
})();`;

/** The text of every log file under `dir` whose name ends with `Baton.log` (the output channel). */
function batonLogs(dir: string): string {
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .map((name) => join(dir, name))
    .map((path) => (statSync(path).isDirectory() ? batonLogs(path) : path.endsWith('Baton.log') ? readFileSync(path, 'utf8') : ''))
    .join('\n');
}

describe('Baton views that VS Code leaves blank are loaded again', function () {
  this.timeout(90_000);
  let harness: BatonHarness;

  before(async function () {
    this.timeout(180_000);
    harness = await startBaton({ initScript: hideEarlyControllerChanges });
  });

  captureFailuresThenStop(() => harness);

  it('loads the Session and Chat views after their frames missed their service worker', async function () {
    const { page } = harness;
    await showViewContainer(page, 'Baton');
    await runCommand(page, 'Baton: Open Chat');
    const prompt = await chatFrame(page, 60_000);
    assert.ok(await prompt.locator('[data-testid="prompt"]').isVisible(), 'the Chat view shows its prompt');
    await findWebviewFrame(page, '[data-testid="start-view"]', 20_000);
    assert.ok(harness.browser.consoleLog.some((line) => line.includes(MISSED)), 'a view frame missed its worker taking control (else this test shows nothing)');
    assert.match(batonLogs(join(harness.fixture.userDataDir, 'logs')), /has not loaded: opening a helper tab/, 'the Baton log says what it did');
    const helperTab = page.locator(`.tabs-container .tab[aria-label^="${RESCUE_TITLE}"]`);
    await waitUntil(async () => (await helperTab.count()) === 0, { what: 'the helper tab to close by itself', timeoutMs: 15_000 });
  });
});

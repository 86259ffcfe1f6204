// Checks the end-to-end harness itself against a bare code-server (no Baton installed), with
// built-in commands only. When session.e2e.test.ts fails and this passes, look at Baton.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startBaton, type BatonHarness } from './support/harness';
import { waitUntil } from './support/deadline';
import { fillInputBox, findWebviewFrame, quickInputBox, runCommand, showViewContainer, statusBarItem } from './support/workbench';

describe('e2e harness (bare code-server)', function () {
  this.timeout(120_000);
  let harness: BatonHarness;

  before(async function () {
    harness = await startBaton({ vsix: null });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && harness) {
      console.log(`  saved failure artifacts to ${await harness.captureFailure(this.currentTest.fullTitle())}`);
    }
  });

  after(async function () {
    await harness?.stop();
  });

  it('runs palette commands and sees the status bar change', async function () {
    const { page } = harness;
    const problems = statusBarItem(page, 'No Problems');
    await problems.waitFor({ state: 'visible' });
    await runCommand(page, 'View: Toggle Status Bar Visibility');
    await problems.waitFor({ state: 'hidden' });
    await runCommand(page, 'View: Toggle Status Bar Visibility');
    await problems.waitFor({ state: 'visible' });
  });

  it('answers an input box and sees the result in the status bar and in git', async function () {
    const { page, fixture } = harness;
    await statusBarItem(page, 'workspace (Git) - main').waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand(page, 'Git: Create Branch...');
    await fillInputBox(page, 'harness-check', { expect: 'branch name' });
    await statusBarItem(page, 'workspace (Git) - harness-check').waitFor({ state: 'visible', timeout: 15_000 });
    const branch = execFileSync('git', ['branch', '--show-current'], { cwd: fixture.workspace, encoding: 'utf8' }).trim();
    assert.equal(branch, 'harness-check');
    assert.equal(await quickInputBox(page).isVisible(), false);
  });

  it('opens a view from the activity bar and reads a webview', async function () {
    const { page } = harness;
    await showViewContainer(page, 'Explorer');
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label="README.md"]').click();
    await page.locator('.tabs-container .tab[aria-label^="README.md"]').waitFor({ state: 'visible' });
    await runCommand(page, 'Markdown: Open Preview');
    const frame = await findWebviewFrame(page, 'h1');
    await waitUntil(async () => (await frame.locator('h1').innerText()).trim() === 'Demo app', { what: 'the preview heading' });
  });
});

// The handoff story, end to end in a real VS Code (code-server) with the packaged baton.vsix, on
// a git workspace with uncommitted work (a tracked file changed, a new file with a TODO): start
// a session and note where it stands, save a decision from the editor's selection and find it
// again, take a snapshot, generate a medium handoff briefing (clipboard, editor, sidebar),
// compare the snapshot with now and restore it from the sidebar, delete the decision from the
// sidebar, and read the same database with the CLI (a high briefing, the snapshots).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { waitUntil } from './support/deadline';
import { clearNotifications, clickModalButton, pickQuickPickItem, waitForModal, waitForNotification } from './support/dialogs';
import {
  activeTabLabel, activeTabTitle, activeTextEditor, diffEditorSide, editorTab, editorTabTitles, focusEditor, openFileFromExplorer, readEditorText, visibleEditorText,
} from './support/editor';
import { captureFailuresThenStop, startBaton, type BatonHarness } from './support/harness';
import { fillInputBox, findWebviewFrame, quickInput, quickInputBox, runCommand, statusBarItem } from './support/workbench';

const GOAL = 'Hand off the retry work';
const NOTE = 'Retry works; next: backoff';
const DECISION = 'Retries use exponential backoff';
const TAGS = 'retry, http';
const SNAPSHOT_LABEL = 'Before handoff test';
const TODO_TEXT = 'wire the retry';

/** The new, untracked file; its first three lines are the selection saved as knowledge. */
const RETRY_TS = [
  '// Retries a request, waiting longer after each failure.',
  'export async function withRetry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {',
  '  let last: unknown;',
  `  // TODO: ${TODO_TEXT}`,
  '  for (let attempt = 0; attempt < attempts; attempt++) {',
  '    try {',
  '      return await run();',
  '    } catch (error) {',
  '      last = error;',
  '    }',
  '  }',
  '  throw last;',
  '}',
  '',
].join('\n');
/** The committed src/auth.ts with the change the session made. */
const AUTH_TS_CHANGED = [
  "import { withRetry } from './retry';",
  '',
  'export function redirectAfterLogin(next: string): string {',
  '  return next || "/login";',
  '}',
  '',
  'export const loginWithRetry = (login: () => Promise<void>) => withRetry(login);',
  '',
].join('\n');
/** Added to src/auth.ts after the snapshot, so that "now" differs from it. */
const AFTER_SNAPSHOT_LINE = '// retry budget: three attempts';

interface CliBriefing {
  level: string;
  tokens: number;
  budget: number;
  markdown: string;
  sections: { title: string; priority: number; tokens: number; included: boolean }[];
  unavailable: { source: string; reason: string }[];
}

interface CliSnapshot {
  id: string;
  label: string;
  reason: string;
  branch: string | null;
  takenAt: string;
  changedFiles: { path: string; status: string }[];
}

describe('Baton handoff story in VS Code: knowledge, snapshots, briefings', function () {
  this.timeout(60_000);
  let harness: BatonHarness;
  let workspace: string;
  /** The briefing's token count, as the notification said it. */
  let briefingTokens: number;
  /** The files of the working tree as they were before "Restore". */
  let treeBeforeRestore: { files: Record<string, string>; status: string };

  const page = () => harness.page;
  /** The sidebar's webview frame; looked up again each time, as VS Code may recreate it. */
  const sidebar = (selector = '[data-testid]'): Promise<Frame> => findWebviewFrame(harness.page, selector, 20_000);
  const batonStatusLabel = async () => (await statusBarItem(harness.page, 'Baton').first().getAttribute('aria-label', { timeout: 1_000 })) ?? '';
  const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
  const readTree = () => ({
    files: Object.fromEntries(['README.md', 'src/auth.ts', 'src/retry.ts'].map((path) => [path, readFileSync(join(workspace, path), 'utf8')])),
    status: git('status', '--porcelain=v1', '--untracked-files=all'),
  });

  async function cliJson<T>(args: string[]): Promise<T> {
    const result = await harness.runCli(args);
    assert.equal(result.code, 0, `baton ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
    try {
      return JSON.parse(result.stdout) as T;
    } catch (error) {
      throw new Error(`baton ${args.join(' ')} did not print JSON: ${result.stdout}`, { cause: error });
    }
  }

  /** Rethrows a failed wait on tabs with the tabs that are open. */
  async function explainTabs(error: Error): Promise<never> {
    const tabs = await editorTabTitles(harness.page).catch(() => []);
    const active = await activeTabLabel(harness.page).catch(() => '(none)');
    throw new Error(`${error.message}; open tabs: ${JSON.stringify(tabs)}, active: "${active}"`, { cause: error });
  }

  /** The sidebar item (data-testid `testid`) whose `.item-title` reads exactly `title`. */
  async function sidebarItem(testid: string, title: string): Promise<{ frame: Frame; item: Locator }> {
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')}\\s*$`);
    return waitUntil(
      async () => {
        const frame = await sidebar(`[data-testid="${testid}"]`);
        const item = frame.locator(`[data-testid="${testid}"]`).filter({ has: frame.locator('.item-title', { hasText: exact }) });
        return (await item.count()) === 1 ? { frame, item } : undefined;
      },
      { what: `one [data-testid="${testid}"] titled "${title}" in the sidebar`, timeoutMs: 15_000 },
    );
  }

  before(async function () {
    this.timeout(180_000);
    harness = await startBaton();
    workspace = harness.fixture.workspace;
    // Uncommitted work, made through the file system: a tracked file changed, a new file.
    writeFileSync(join(workspace, 'src', 'auth.ts'), AUTH_TS_CHANGED);
    writeFileSync(join(workspace, 'src', 'retry.ts'), RETRY_TS);
    assert.equal(git('status', '--porcelain=v1', '--untracked-files=all'), ' M src/auth.ts\n?? src/retry.ts\n');
    // The briefing goes to the clipboard; let the page use it as a user's browser would.
    await harness.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.server.baseUrl });
  });

  captureFailuresThenStop(() => harness);

  it('starts a session with a goal and a note from the palette', async function () {
    await statusBarItem(page(), 'Baton').first().waitFor({ state: 'visible', timeout: 30_000 });
    await waitUntil(async () => /no session/i.test(await batonStatusLabel()), { what: 'the Baton status bar item to be idle', timeoutMs: 20_000 });
    await runCommand(page(), 'Baton: Start Session');
    await fillInputBox(page(), GOAL, { expect: 'goal of this session' });
    await waitUntil(async () => (await batonStatusLabel()).includes(GOAL), { what: `the Baton status bar item to show "${GOAL}"`, timeoutMs: 15_000 });
    await runCommand(page(), 'Baton: Add Session Note');
    await fillInputBox(page(), NOTE);
    await runCommand(page(), 'Baton: Show Sidebar');
    await waitUntil(
      async () => {
        const frame = await sidebar('[data-testid="note"]');
        return (await frame.locator('[data-testid="running-goal"]').innerText()).trim() === GOAL &&
          (await frame.locator('[data-testid="note"]').allInnerTexts()).some((text) => text.includes(NOTE));
      },
      { what: `the sidebar to show the goal and the note "${NOTE}"`, timeoutMs: 15_000 },
    );
  });

  it('adds a decision from the selection in the editor and lists it in the sidebar', async function () {
    await openFileFromExplorer(page(), 'src/retry.ts');
    await runCommand(page(), 'Baton: Show Sidebar');
    await sidebar('[data-testid="knowledge-empty"]');
    // Select the first three lines with the keyboard.
    const editor = activeTextEditor(page());
    await focusEditor(page(), editor);
    await page().keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await page().keyboard.press('Shift+ArrowDown');
    await waitUntil(async () => /\(\d+ selected\)/.test(await page().locator('.part.statusbar [id="status.editor.selection"]').innerText()), {
      what: 'the status bar to show a selection',
      timeoutMs: 5_000,
    });

    await clearNotifications(page());
    await runCommand(page(), 'Baton: Add Knowledge');
    await pickQuickPickItem(page(), 'Decision', { placeholder: 'What kind of knowledge is it?' });
    // The title box starts with the selection's first line.
    const titleBox = quickInputBox(page());
    const proposed = await waitUntil(
      async () => {
        const message = await quickInput(page()).locator('.quick-input-message').innerText().catch(() => '');
        return (await titleBox.isVisible()) && message.includes('Title:') ? titleBox.inputValue() : undefined;
      },
      { what: 'the knowledge title input box', timeoutMs: 10_000 },
    );
    assert.equal(proposed, RETRY_TS.split('\n')[0], 'the title box proposes the first selected line');
    await fillInputBox(page(), DECISION, { expect: 'Title:' });
    // With a selection there is no body prompt: the selection is the body. Next: tags, scope.
    await fillInputBox(page(), TAGS, { expect: 'Tags, separated by commas' });
    await pickQuickPickItem(page(), 'This workspace', { placeholder: 'Where does it apply?' });
    const toast = await waitForNotification(page(), /added decision/i, { failOnError: /Baton/ });
    assert.equal(toast.severity, 'info');
    assert.match(toast.text, new RegExp(`added decision "${DECISION}"`));

    const { item } = await sidebarItem('knowledge', DECISION);
    assert.equal(await item.getAttribute('data-kind'), 'decision');
    assert.deepEqual(await item.locator('[data-testid="knowledge-tag"]').allInnerTexts(), ['retry', 'http']);
    assert.equal(await item.locator('[data-testid="knowledge-global"]').count(), 0, 'scoped to this workspace, not global');
    // Opening it shows the selected code and the file it applies to.
    await item.locator('[data-testid="knowledge-toggle"]').click();
    const body = item.locator('[data-testid="knowledge-body"]');
    await waitUntil(async () => (await body.isVisible()) && (await body.innerText()).includes('export async function withRetry'), {
      what: 'the knowledge entry to open and show the selected code',
      timeoutMs: 5_000,
    });
    const shown = await body.innerText();
    assert.ok(shown.includes(RETRY_TS.split('\n')[0] ?? '?'), `the body holds the selection: ${shown}`);
    assert.ok(!shown.includes(TODO_TEXT), `the body holds only the three selected lines: ${shown}`);
    assert.match(shown, /Applies to src\/retry\.ts/);
  });

  it('finds the decision with "Baton: Search Knowledge"', async function () {
    await runCommand(page(), 'Baton: Search Knowledge');
    const input = quickInputBox(page());
    const rows = quickInput(page()).locator('.quick-input-list .monaco-list-row');
    const labels = () => rows.allInnerTexts();
    await waitUntil(async () => ((await input.getAttribute('placeholder')) ?? '').includes('Type words to search'), { what: 'the knowledge search', timeoutMs: 10_000 });
    await input.fill('cherries');
    await waitUntil(async () => (await labels()).some((label) => label.includes('No knowledge matches')), {
      what: 'the search to find nothing for "cherries"',
      timeoutMs: 10_000,
    });
    await input.fill('backoff');
    const row = rows.filter({ has: page().locator('.label-name', { hasText: DECISION }) });
    await waitUntil(async () => (await row.count()) === 1, { what: `the search for "backoff" to list "${DECISION}"`, timeoutMs: 10_000 });
    assert.equal(await rows.count(), 1, `the only result: ${JSON.stringify(await labels())}`);
    const shown = await row.innerText();
    assert.match(shown, /#retry #http/, `the row shows the tags: ${shown}`);
    assert.ok(shown.includes(RETRY_TS.split('\n')[0] ?? '?'), `the row shows the first line of the body: ${shown}`);
    await page().keyboard.press('Escape');
    await quickInput(page()).waitFor({ state: 'hidden', timeout: 5_000 });
  });

  it('takes a snapshot from the palette and lists it in the sidebar', async function () {
    await clearNotifications(page());
    await runCommand(page(), 'Baton: Take Snapshot');
    await fillInputBox(page(), SNAPSHOT_LABEL, { expect: 'A label for this snapshot' });
    const toast = await waitForNotification(page(), /snapshot taken/i, { failOnError: /Baton/ });
    assert.equal(toast.severity, 'info');
    assert.match(toast.text, /snapshot taken: 2 changed file\(s\) on main\./, `it counts the two changed files: ${toast.text}`);

    const { item } = await sidebarItem('snapshot', SNAPSHOT_LABEL);
    const text = await item.innerText();
    assert.match(text, /\b2 files\b/, `the item shows the changed files: ${text}`);
    assert.match(text, /\bmain\b/, `the item shows the branch: ${text}`);
  });

  it('generates a medium briefing: clipboard, an untitled Markdown editor and the sidebar', async function () {
    await clearNotifications(page());
    await runCommand(page(), 'Baton: Generate Handoff Briefing');
    await pickQuickPickItem(page(), 'Medium', { placeholder: 'How much detail may the next assistant read?' });
    const toast = await waitForNotification(page(), /briefing copied to the clipboard/i, { failOnError: /Baton/, timeoutMs: 20_000 });
    assert.equal(toast.severity, 'info');
    const match = /briefing copied to the clipboard \((\d+) tokens, medium\)/.exec(toast.text);
    assert.ok(match, `the notification gives the tokens and the level: ${toast.text}`);
    briefingTokens = Number(match[1]);
    assert.ok(briefingTokens > 0 && briefingTokens <= 1000, `within the medium budget: ${briefingTokens}`);

    // An untitled editor is named after its first line.
    await waitUntil(async () => /^# Handoff briefing: workspace\s*Untitled-\d+$/.test(await activeTabLabel(page()).catch(() => '')), {
      what: 'an untitled editor "# Handoff briefing: workspace" to be the active tab',
      timeoutMs: 10_000,
    }).catch(explainTabs);
    await waitUntil(async () => /markdown/i.test(await page().locator('.part.statusbar [id="status.editor.mode"]').innerText({ timeout: 1_000 })), {
      what: 'the status bar to say the briefing is Markdown',
      timeoutMs: 5_000,
    });
    const text = await readEditorText(page());
    const mustHave: [string, RegExp][] = [
      ['the title', /^# Handoff briefing: workspace$/m],
      ['the goal', new RegExp(`\\*\\*Goal:\\*\\* ${GOAL}`)],
      ['the latest note', /\*\*Latest note\*\* \([^)]*\): Retry works; next: backoff/],
      ['the branch', /\*\*Branch:\*\* `main`/],
      ['the changed tracked file', /`src\/auth\.ts` \(/],
      ['the new file', /`src\/retry\.ts` \(/],
      ['the TODO the changes add', /TODO: wire the retry \(`src\/retry\.ts:4`\)/],
      ['the decision', new RegExp(`\\*\\*Decision:\\*\\* ${DECISION}`)],
    ];
    for (const [what, pattern] of mustHave) assert.match(text, pattern, `the briefing shows ${what}:\n${text}`);

    // The same text is on the clipboard, as the notification says.
    const clipboard = await page().evaluate<string>('navigator.clipboard.readText()');
    assert.equal(clipboard.trimEnd(), text.trimEnd(), 'the clipboard holds the briefing the editor shows');

    const frame = await sidebar('[data-testid="briefing-tokens"]');
    await waitUntil(async () => (await frame.locator('[data-testid="briefing-tokens"]').innerText()).trim() === `${briefingTokens} / 1,000 tokens`, {
      what: `[data-testid="briefing-tokens"] to read "${briefingTokens} / 1,000 tokens"`,
      timeoutMs: 10_000,
    });
    assert.equal((await frame.locator('[data-testid="briefing-level"]').innerText()).trim(), 'Medium briefing');
    // Generating took the automatic "Before handoff" snapshot too.
    await sidebarItem('snapshot', 'Before handoff');
  });

  it('compares the snapshot with now from the sidebar in a diff editor', async function () {
    writeFileSync(join(workspace, 'src', 'auth.ts'), `${AUTH_TS_CHANGED}${AFTER_SNAPSHOT_LINE}\n`);
    const { item } = await sidebarItem('snapshot', SNAPSHOT_LABEL);
    await item.locator('[data-testid="compare-snapshot"]').click();
    const tab = editorTab(page(), /↔ Now/);
    await waitUntil(async () => (await tab.count()) === 1 && (await activeTabTitle(page())).includes('↔ Now'), {
      what: 'an active editor tab titled "… ↔ Now"',
      timeoutMs: 10_000,
    }).catch(explainTabs);
    const title = await activeTabTitle(page());
    assert.ok(title.startsWith(`${SNAPSHOT_LABEL} (`), `the tab names the snapshot: ${title}`);
    // Left: the snapshot's patch; right: the uncommitted diff now, with the later line.
    const original = diffEditorSide(page(), 'original');
    const modified = diffEditorSide(page(), 'modified');
    await waitUntil(async () => (await visibleEditorText(modified)).includes(AFTER_SNAPSHOT_LINE), {
      what: `the diff's right side (now) to show "${AFTER_SNAPSHOT_LINE}"`,
      timeoutMs: 10_000,
    });
    const before = await visibleEditorText(original);
    assert.match(before, /^diff --git a\/src\/auth\.ts b\/src\/auth\.ts$/m, `the left side is the snapshot's patch:\n${before}`);
    assert.ok(before.includes("+import { withRetry } from './retry';"), `the snapshot's patch has the change:\n${before}`);
    assert.ok(!before.includes(AFTER_SNAPSHOT_LINE), `the snapshot's patch predates the later line:\n${before}`);
  });

  it('restores the snapshot from the sidebar without touching the working tree', async function () {
    const snapshots = (await cliJson<{ snapshots: CliSnapshot[] }>(['snapshot', 'list', '--workspace', workspace, '--json'])).snapshots;
    const snapshot = snapshots.find((s) => s.label === SNAPSHOT_LABEL);
    assert.ok(snapshot, `the CLI lists "${SNAPSHOT_LABEL}": ${JSON.stringify(snapshots)}`);
    // The file that was open when the snapshot was taken is not any more (its preview tab
    // went to the diff; if not, close it): restoring reopens it.
    const retryTab = editorTab(page(), /^retry\.ts$/);
    if ((await retryTab.count()) > 0) {
      await retryTab.click();
      await waitUntil(async () => (await activeTabTitle(page())) === 'retry.ts', { what: 'the retry.ts tab to be active', timeoutMs: 5_000 });
      await runCommand(page(), 'View: Close Editor');
    }
    await waitUntil(async () => (await retryTab.count()) === 0, { what: 'no retry.ts tab', timeoutMs: 5_000 }).catch(explainTabs);
    treeBeforeRestore = readTree();
    await clearNotifications(page());
    const { item } = await sidebarItem('snapshot', SNAPSHOT_LABEL);
    await item.locator('[data-testid="restore-snapshot"]').click();
    const toast = await waitForNotification(page(), /working tree was not changed/i, { failOnError: /Baton/ });
    assert.equal(toast.severity, 'info');
    assert.match(toast.text, /reopened the snapshot's editors and its patch/);
    // The snapshot's patch is open, read-only, in its own tab.
    const patchTab = `${snapshot.id}.diff`;
    await waitUntil(async () => (await activeTabTitle(page())) === patchTab, { what: `the tab "${patchTab}" to be active`, timeoutMs: 10_000 }).catch(explainTabs);
    assert.equal(await editorTab(page(), patchTab).count(), 1, `one tab "${patchTab}"`);
    const patch = await visibleEditorText(activeTextEditor(page()));
    assert.match(patch, /^diff --git a\/src\/auth\.ts b\/src\/auth\.ts$/m, `the tab shows the snapshot's patch:\n${patch}`);
    // Its editors were reopened: the file that was open when it was taken.
    assert.equal(await retryTab.count(), 1, `retry.ts is open again; tabs: ${JSON.stringify(await editorTabTitles(page()))}`);
    assert.doesNotMatch(toast.text, /no longer exist/, 'every editor of the snapshot could be reopened');
    // Nothing on disk changed (the notification's "Apply Patch…" was not chosen).
    assert.deepEqual(readTree(), treeBeforeRestore, 'the working tree is unchanged');
    await clearNotifications(page());
    assert.deepEqual(readTree(), treeBeforeRestore, 'the working tree is unchanged after dismissing the notification');
  });

  it('deletes the decision from the sidebar after a modal confirmation', async function () {
    const { item } = await sidebarItem('knowledge', DECISION);
    await item.locator('[data-testid="delete-knowledge"]').click();
    const modal = await waitForModal(page(), `Delete the decision "${DECISION}"?`);
    assert.match(modal.text, /This cannot be undone\./);
    await clickModalButton(page(), modal, 'Delete');
    await waitUntil(
      async () => {
        const frame = await sidebar('[data-testid="knowledge-empty"]');
        return (await frame.locator('[data-testid="knowledge"]').count()) === 0;
      },
      { what: 'the knowledge list to be empty in the sidebar', timeoutMs: 10_000 },
    );
    const { entries } = await cliJson<{ entries: unknown[] }>(['knowledge', 'list', '--workspace', workspace, '--json']);
    assert.deepEqual(entries, [], 'the entry is gone from the database');
  });

  it('reads the same database with the CLI: a high briefing and the snapshots', async function () {
    const briefing = await cliJson<CliBriefing>(['briefing', '--workspace', workspace, '--level', 'high', '--format', 'json']);
    assert.equal(briefing.level, 'high');
    assert.equal(briefing.budget, 300);
    assert.ok(Number.isInteger(briefing.tokens) && briefing.tokens > 0 && briefing.tokens <= 300, `tokens within the high budget: ${briefing.tokens}`);
    assert.ok(briefing.markdown.includes(`**Goal:** ${GOAL}`), `the markdown has the goal:\n${briefing.markdown}`);
    assert.ok(briefing.markdown.includes(NOTE), `the markdown has the latest note:\n${briefing.markdown}`);
    assert.ok(briefing.markdown.includes('`src/auth.ts`') && briefing.markdown.includes('`src/retry.ts`'), `the markdown names the changed files:\n${briefing.markdown}`);
    assert.ok(Array.isArray(briefing.sections) && briefing.sections.length > 0, `sections: ${JSON.stringify(briefing.sections)}`);
    const included = briefing.sections.filter((s) => s.included).map((s) => s.title);
    for (const title of ['Goal', 'Branch', 'Changed files', 'Latest note']) assert.ok(included.includes(title), `section "${title}" is included: ${JSON.stringify(briefing.sections)}`);
    for (const section of briefing.sections.filter((s) => s.included)) assert.equal(section.priority, 0, `a high briefing carries only priority 0: ${JSON.stringify(section)}`);
    assert.ok(briefing.unavailable.some((u) => u.source === 'editor'), `the CLI has no editor: ${JSON.stringify(briefing.unavailable)}`);

    const { snapshots } = await cliJson<{ snapshots: CliSnapshot[] }>(['snapshot', 'list', '--workspace', workspace, '--json']);
    const summary = snapshots.map((s) => ({ label: s.label, reason: s.reason, branch: s.branch }));
    assert.deepEqual(summary, [
      { label: 'Before handoff', reason: 'handoff', branch: 'main' },
      { label: SNAPSHOT_LABEL, reason: 'manual', branch: 'main' },
    ], 'newest first: the automatic one of the briefing, then the manual one');
    const manual = snapshots[1];
    assert.deepEqual(manual?.changedFiles.map((f) => f.path).sort(), ['src/auth.ts', 'src/retry.ts']);
  });
});

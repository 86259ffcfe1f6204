// Editor facts reach the handoff briefing from a real VS Code (code-server) with the packaged
// baton.vsix, on a git workspace with a session running (a goal and a note):
//   - the cursor is put at line 2, column 10 of src/auth.ts with Go to Line (Ctrl+G, "2:10");
//   - README.md is edited and left unsaved;
//   - two files the built-in JSON language server checks (it ships with code-server and works
//     offline) give VS Code a real error (src/limits.json: a missing colon, "Colon expected")
//     and a real warning (src/tuning.jsonc: a trailing comma, which JSON with comments allows
//     with a warning), seen first in VS Code's own Problems view;
//   - "Baton: Generate Handoff Briefing" at Medium, High and Low, each read from the clipboard.
// The briefing's layout is being reworked, so the assertions look for facts on one line (the
// path, its line and column, the message, the word "unsaved"), never for headings.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitUntil } from './support/deadline';
import { clearNotifications, pickQuickPickItem, waitForNotification } from './support/dialogs';
import { activeTabTitle, activeTextEditor, cursorPosition, editorTab, editorTabTitles, focusEditor, openFileFromExplorer } from './support/editor';
import { captureFailuresThenStop, startBaton, type BatonHarness } from './support/harness';
import { fillInputBox, quickInputBox, runCommand, statusBarItem } from './support/workbench';

const GOAL = 'Tune the retry limits';
const NOTE = 'Limits parse again; next: the backoff cap';

/** The active file and where the cursor goes (1-based, as the status bar and Go to Line count). */
const ACTIVE = { path: 'src/auth.ts', tab: 'auth.ts', line: 2, column: 10 };
/** Edited and left unsaved (committed by the fixture, so git does not name it as changed). */
const UNSAVED = { path: 'README.md', tab: 'README.md', added: 'Retries need a budget too.' };
/** Line 3 has no colon after its key: the JSON language server reports an error there. */
const ERROR = {
  path: 'src/limits.json',
  tab: 'limits.json',
  line: 3,
  message: 'Colon expected',
  text: ['{', '  "retries": 3,', '  "backoff" "exponential"', '}', ''].join('\n'),
};
/** Line 3 ends with a trailing comma: in JSON with comments (.jsonc) that is a warning. */
const WARNING = {
  path: 'src/tuning.jsonc',
  tab: 'tuning.jsonc',
  line: 3,
  message: 'Trailing comma',
  text: ['{', '  "retries": 3,', '  "backoff": "exponential",', '}', ''].join('\n'),
};

type Level = 'High' | 'Medium' | 'Low';

const escape = (text: string) => text.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');

/** The first line of `text` that matches every one of `facts`, if any. */
function lineWith(text: string, facts: RegExp[]): string | undefined {
  return text.split('\n').find((line) => facts.every((fact) => fact.test(line)));
}

/** `path` followed by `:line` (as in `src/x.ts:3`), or the path and "line N" on the same line. */
function pathAtLine(path: string, line: number): RegExp {
  return new RegExp(`${escape(path)}(:${line}\\b|.*\\bline ${line}\\b)`, 'i');
}

function assertFact(briefing: string, level: Level, what: string, facts: RegExp[]): void {
  const found = lineWith(briefing, facts);
  assert.ok(found !== undefined, `the ${level} briefing should give ${what} (one line matching ${facts.map(String).join(' and ')}); it said:\n${briefing}`);
}

describe('Editor facts in the handoff briefing: cursor, unsaved buffer, an error and a warning from VS Code', function () {
  this.timeout(90_000);
  let harness: BatonHarness;
  const page = () => harness.page;
  const batonStatusLabel = async () => (await statusBarItem(harness.page, 'Baton').first().getAttribute('aria-label', { timeout: 1_000 })) ?? '';
  /** The briefings as the clipboard held them, by level. */
  const briefings = new Map<Level, string>();

  /** Makes `tab` the active editor again (a briefing opens its own) and checks the cursor stayed put. */
  async function activate(tab: string): Promise<void> {
    await editorTab(page(), new RegExp(`^${escape(tab)}$`)).first().click();
    await waitUntil(async () => (await activeTabTitle(page()).catch(() => '')) === tab, { what: `the ${tab} tab to be active`, timeoutMs: 10_000 });
  }

  async function expectCursor(): Promise<void> {
    const expected = { line: ACTIVE.line, column: ACTIVE.column };
    let shown: { line: number; column: number } | undefined;
    await waitUntil(async () => {
      shown = await cursorPosition(page());
      return shown.line === expected.line && shown.column === expected.column;
    }, { what: `the status bar to show the cursor at Ln ${expected.line}, Col ${expected.column}`, timeoutMs: 10_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; it shows ${JSON.stringify(shown)}`, { cause: error });
    });
  }

  /** Generates a briefing at `level` from the palette with src/auth.ts active; returns the clipboard's text. */
  async function generate(level: Level): Promise<string> {
    await activate(ACTIVE.tab);
    await expectCursor();
    await page().evaluate('navigator.clipboard.writeText("no briefing yet")');
    await clearNotifications(page());
    await runCommand(page(), 'Baton: Generate Handoff Briefing');
    await pickQuickPickItem(page(), level, { placeholder: 'How much detail may the next assistant read?' });
    const toast = await waitForNotification(page(), /briefing copied to the clipboard/i, { failOnError: /Baton/, timeoutMs: 30_000 });
    assert.match(toast.text, new RegExp(`\\(\\d+ tokens, ${level.toLowerCase()}\\)`), `the notification names the level: ${toast.text}`);
    const text = await page().evaluate<string>('navigator.clipboard.readText()');
    assert.notEqual(text, 'no briefing yet', 'the briefing was copied');
    briefings.set(level, text);
    return text;
  }

  before(async function () {
    this.timeout(180_000);
    // Every file opened stays open in its own tab (no preview tab replaced by the next file):
    // the JSON language server reports problems only for open documents. And no auto save, which
    // VS Code in a browser turns on by default: the README.md edit must stay unsaved.
    harness = await startBaton({ settings: { 'workbench.editor.enablePreview': false, 'files.autoSave': 'off' } });
    const workspace = harness.fixture.workspace;
    writeFileSync(join(workspace, ERROR.path), ERROR.text);
    writeFileSync(join(workspace, WARNING.path), WARNING.text);
    // Committed, so the working tree is clean: these paths can only reach the briefing from the editor.
    const git = (...args: string[]) => execFileSync('git', args, { cwd: workspace, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } });
    git('add', '-A');
    git('commit', '-q', '-m', 'Retry limits');
    assert.equal(git('status', '--porcelain=v1', '--untracked-files=all'), '', 'a clean working tree');
    // The briefing goes to the clipboard; let the page read it as a user's browser would.
    await harness.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.server.baseUrl });
  });

  captureFailuresThenStop(() => harness);

  it('starts a session with a goal and a note', async function () {
    await waitUntil(async () => /no session/i.test(await batonStatusLabel()), { what: 'the Baton status bar item to be idle', timeoutMs: 40_000 });
    await runCommand(page(), 'Baton: Start Session');
    await fillInputBox(page(), GOAL, { expect: 'goal of this session' });
    await waitUntil(async () => (await batonStatusLabel()).includes(GOAL), { what: `the status bar to show "${GOAL}"`, timeoutMs: 15_000 });
    await runCommand(page(), 'Baton: Add Session Note');
    await fillInputBox(page(), NOTE);
    const listed = await harness.runCli(['session', 'list', '--workspace', harness.fixture.workspace, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const sessions = (JSON.parse(listed.stdout) as { sessions: { goal: string; notes: { text: string }[] }[] }).sessions;
    assert.deepEqual(sessions.find((s) => s.goal === GOAL)?.notes.map((n) => n.text), [NOTE]);
  });

  it('has VS Code report the error and the warning, an unsaved README.md, and the cursor at 2:10 in src/auth.ts', async function () {
    await openFileFromExplorer(page(), ERROR.path);
    await openFileFromExplorer(page(), WARNING.path);

    // An edit left unsaved: typed at the end of README.md.
    await openFileFromExplorer(page(), UNSAVED.path);
    await focusEditor(page(), activeTextEditor(page()));
    await page().keyboard.press('Control+End');
    await page().keyboard.press('Enter');
    await page().keyboard.type(UNSAVED.added);
    const readme = editorTab(page(), new RegExp(`^${escape(UNSAVED.tab)}$`)).first();
    await waitUntil(async () => /\bdirty\b/.test((await readme.getAttribute('class')) ?? ''), { what: `the ${UNSAVED.tab} tab to show unsaved changes`, timeoutMs: 5_000 });

    // VS Code's own Problems view (Ctrl+Shift+M) lists both, from the JSON language server.
    await page().keyboard.press('Control+Shift+M');
    const problems = page().locator('.markers-panel');
    let listed = '';
    await waitUntil(async () => {
      listed = (await problems.first().innerText({ timeout: 1_000 }).catch(() => '')).replace(/\s+/g, ' ');
      return listed.includes(ERROR.message) && listed.includes(WARNING.message);
    }, { what: `the Problems view to list "${ERROR.message}" and "${WARNING.message}"`, timeoutMs: 30_000 }).catch((error: Error) => {
      throw new Error(`${error.message}; it lists: ${listed}`, { cause: error });
    });

    // The cursor, with Go to Line: Ctrl+G, "line:column", Enter.
    await openFileFromExplorer(page(), ACTIVE.path);
    await focusEditor(page(), activeTextEditor(page()));
    await page().keyboard.press('Control+G');
    const input = quickInputBox(page());
    await waitUntil(async () => (await input.isVisible()) && (await input.inputValue()).startsWith(':'), { what: 'the Go to Line box', timeoutMs: 5_000 });
    await page().keyboard.type(`${ACTIVE.line}:${ACTIVE.column}`);
    await waitUntil(async () => (await input.inputValue()) === `:${ACTIVE.line}:${ACTIVE.column}`, { what: 'the Go to Line box to hold the position', timeoutMs: 5_000 });
    await page().keyboard.press('Enter');
    await expectCursor();
    const tabs = await editorTabTitles(page());
    for (const tab of [ACTIVE.tab, UNSAVED.tab, ERROR.tab, WARNING.tab]) assert.ok(tabs.includes(tab), `${tab} is open: ${JSON.stringify(tabs)}`);
  });

  it('a medium briefing gives the active file with the cursor, README.md as unsaved, and the error with its message', async function () {
    const briefing = await generate('Medium');
    assertFact(briefing, 'Medium', `the active file and the cursor (${ACTIVE.path}, line ${ACTIVE.line}, column ${ACTIVE.column})`, [
      new RegExp(`${escape(ACTIVE.path)}(:${ACTIVE.line}:${ACTIVE.column}\\b|.*\\bline ${ACTIVE.line}\\b.*\\bcol(umn)? ${ACTIVE.column}\\b)`, 'i'),
    ]);
    assertFact(briefing, 'Medium', `${UNSAVED.path} as unsaved`, [new RegExp(escape(UNSAVED.path)), /\bunsaved\b/i]);
    assertFact(briefing, 'Medium', `the error of ${ERROR.path} with its message`, [pathAtLine(ERROR.path, ERROR.line), new RegExp(escape(ERROR.message))]);
  });

  it('a high briefing still gives the error with its message (errors are kept at every level)', async function () {
    const briefing = await generate('High');
    assertFact(briefing, 'High', `the error of ${ERROR.path} with its message`, [pathAtLine(ERROR.path, ERROR.line), new RegExp(escape(ERROR.message))]);
  });

  it('a low briefing gives the warning with its message', async function () {
    const briefing = await generate('Low');
    assertFact(briefing, 'Low', `the warning of ${WARNING.path} with its message`, [pathAtLine(WARNING.path, WARNING.line), new RegExp(escape(WARNING.message))]);
    // The warning is a low-level detail; the error is there too.
    assertFact(briefing, 'Low', `the error of ${ERROR.path} with its message`, [pathAtLine(ERROR.path, ERROR.line), new RegExp(escape(ERROR.message))]);
  });

  after(function () {
    // The briefings, for the record of a run (and for whoever reworks their format).
    if (process.env.BATON_E2E_KEEP) for (const [level, text] of briefings) console.log(`--- ${level} briefing ---\n${text}`);
  });
});

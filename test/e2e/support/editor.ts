// Helpers for editors as a user sees them: open a workspace file from the Explorer, focus an
// editor for the keyboard, read the text an editor shows (Monaco renders only the lines in view, so
// the reader pages through the document), and the editor tabs.
import type { Locator, Page } from 'playwright-core';
import { waitUntil } from './deadline';
import { cssString, runCommand, showViewContainer } from './workbench';

const ACTIVE_GROUP = '.part.editor .editor-group-container.active';

/** The active editor group's text editor (the first one, for a plain editor; see diffEditorSide for diffs). */
export function activeTextEditor(page: Page): Locator {
  return page.locator(`${ACTIVE_GROUP} .editor-instance .monaco-editor`).first();
}

/** One side of the diff editor in the active group. */
export function diffEditorSide(page: Page, side: 'original' | 'modified'): Locator {
  return page.locator(`${ACTIVE_GROUP} .monaco-diff-editor .editor.${side} .monaco-editor`).first();
}

/** The editor tabs (all groups) whose title (the tab label's name, without its description) matches `title`. */
export function editorTab(page: Page, title: string | RegExp): Locator {
  return page.locator('.part.editor .tabs-container .tab').filter({
    has: page.locator('.tab-label .label-name', { hasText: title }),
  });
}

/** The titles of the open editor tabs, as shown. */
export async function editorTabTitles(page: Page): Promise<string[]> {
  return page.locator('.part.editor .tabs-container .tab .tab-label .label-name').allInnerTexts();
}

/** The label of the active tab of the active group: its title, then its description if any. */
export async function activeTabLabel(page: Page): Promise<string> {
  return (await page.locator(`${ACTIVE_GROUP} .tabs-container .tab.active .tab-label`).first().innerText({ timeout: 2_000 })).trim();
}

/** The title of the active tab of the active group. */
export async function activeTabTitle(page: Page): Promise<string> {
  return (await page.locator(`${ACTIVE_GROUP} .tabs-container .tab.active .tab-label .label-name`).first().innerText({ timeout: 2_000 })).trim();
}

/**
 * Opens a workspace file from the Explorer the way a user does: shows the Explorer, expands
 * the folders on the way (refreshing it once if the file is not listed after 3 s), clicks the
 * file, and waits for its tab to be the active one.
 * `relativePath` uses "/" (e.g. "src/retry.ts").
 */
export async function openFileFromExplorer(page: Page, relativePath: string, timeoutMs = 15_000): Promise<void> {
  await showViewContainer(page, 'Explorer');
  const parts = relativePath.split('/');
  const tree = page.locator('.explorer-folders-view');
  for (const [index, name] of parts.entries()) {
    const isFile = index === parts.length - 1;
    // Rows are labelled by the name alone; other rows may share the name at another depth.
    const row = tree.locator(`.monaco-list-row[aria-label=${cssString(name)}][aria-level="${index + 1}"]`);
    // A file made on disk just after the window opened can escape the file watcher: then
    // refresh the Explorer once, as a user would.
    const since = Date.now();
    let refreshed = false;
    await waitUntil(
      async () => {
        if (await row.isVisible()) return true;
        if (!refreshed && Date.now() - since > 3_000) {
          refreshed = true;
          await runCommand(page, 'Refresh Explorer');
        }
        return false;
      },
      { what: `the Explorer to list ${parts.slice(0, index + 1).join('/')}`, timeoutMs },
    );
    if (!isFile) {
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await waitUntil(async () => (await row.getAttribute('aria-expanded')) === 'true', { what: `the Explorer folder "${name}" to expand`, timeoutMs });
    } else {
      await row.click();
    }
  }
  const name = parts[parts.length - 1] ?? relativePath;
  await waitUntil(async () => (await activeTabTitle(page).catch(() => '')) === name, { what: `the editor of ${relativePath} to be the active tab`, timeoutMs });
}

/** Puts the keyboard focus in `editor` (a click on its text; moves the cursor there). */
export async function focusEditor(page: Page, editor: Locator): Promise<void> {
  await editor.locator('.view-lines').click({ position: { x: 40, y: 5 } });
  await waitUntil(async () => editor.evaluate((element) => element.classList.contains('focused')), { what: 'the editor to have the keyboard focus', timeoutMs: 5_000 });
}

/** The editor's cursor position as the status bar shows it ("Ln 12, Col 3"). */
export async function cursorPosition(page: Page): Promise<{ line: number; column: number }> {
  const text = await page.locator('.part.statusbar [id="status.editor.selection"]').first().innerText({ timeout: 2_000 });
  const match = /Ln (\d+), Col (\d+)/.exec(text);
  if (!match) throw new Error(`the status bar's cursor position reads "${text}"`);
  return { line: Number(match[1]), column: Number(match[2]) };
}

/**
 * The lines the editor has rendered now, by line number. A line wrapped over several rows
 * (Markdown wraps by default) has its number on the first row only: later rows continue it.
 */
async function renderedLines(editor: Locator): Promise<Map<number, string>> {
  // No named functions inside: the test runner's compiler would wrap them in a helper the page lacks.
  const rows = await editor.evaluate((element) => {
    // Rows of the gutter and of the text share their `top` (in their style attribute).
    const numbers: Record<string, number> = {};
    for (const cell of element.querySelectorAll('.margin-view-overlays .line-numbers')) {
      const value = Number((cell.textContent ?? '').trim());
      const top = /top:\s*(-?[\d.]+)px/.exec(cell.parentElement?.getAttribute('style') ?? '')?.[1];
      if (top !== undefined && Number.isInteger(value) && value > 0) numbers[top] = value;
    }
    return [...element.querySelectorAll('.view-lines .view-line')].map((row) => {
      const top = /top:\s*(-?[\d.]+)px/.exec(row.getAttribute('style') ?? '')?.[1] ?? 'NaN';
      return { top: Number(top), number: numbers[top] ?? null, text: row.textContent ?? '' };
    });
  });
  const lines = new Map<number, string>();
  let current: number | null = null;
  for (const row of rows.sort((a, b) => a.top - b.top)) {
    if (row.number !== null) current = row.number;
    else if (current === null) continue; // the rest of a line whose first row is above the view
    // Monaco renders spaces as no-break spaces.
    lines.set(current, (row.number !== null ? '' : (lines.get(current) ?? '')) + row.text.replace(/\u00a0/g, ' '));
  }
  return lines;
}

/**
 * The whole text of a text editor as it shows it: reads the number of lines from the status
 * bar after Ctrl+End (the view itself may stop short of the end in a long wrapped document),
 * then pages down from the top collecting the rendered lines until every line was seen. Moves
 * the cursor. Needs line numbers on (the default); a wrapped line taller than the editor
 * cannot be read whole.
 */
export async function readEditorText(page: Page, editor: Locator = activeTextEditor(page), timeoutMs = 20_000): Promise<string> {
  await focusEditor(page, editor);
  const home = async (what: string) => {
    await page.keyboard.press('Control+Home');
    await waitUntil(async () => (await cursorPosition(page)).line === 1 && (await renderedLines(editor)).has(1), { what, timeoutMs: 5_000 });
  };
  await home('the cursor on line 1 after Ctrl+Home');
  await page.keyboard.press('Control+End');
  // The cursor's line is the last one; a document of one line keeps it on line 1.
  const total = await waitUntil(
    async () => {
      const { line } = await cursorPosition(page);
      if (line > 1) return line;
      const shown = await renderedLines(editor);
      return shown.size === 1 && shown.has(1) ? 1 : undefined;
    },
    { what: 'the status bar to give the last line after Ctrl+End', timeoutMs: 5_000 },
  );
  await home('the view back on line 1 after Ctrl+Home');
  const seen = new Map<number, string>();
  /** The first rendered line when PageDown was last pressed: press again only once the view moved. */
  let scrolledFrom: number | undefined;
  await waitUntil(
    async () => {
      const shown = await renderedLines(editor);
      if (shown.size === 0) return false;
      const first = Math.min(...shown.keys());
      const last = Math.max(...shown.keys());
      // The last rendered line may wrap on below the view: take it when it is the document's last.
      for (const [number, text] of shown) if (number !== last || number === total) seen.set(number, text);
      if (seen.size >= total) return true;
      if (scrolledFrom !== undefined && first === scrolledFrom) return false;
      scrolledFrom = first;
      await page.keyboard.press('PageDown');
      return false;
    },
    { what: `all ${total} lines of the editor to be read`, timeoutMs },
  ).catch((error: Error) => {
    const missing = Array.from({ length: total }, (_, index) => index + 1).filter((number) => !seen.has(number));
    throw new Error(`${error.message}; lines not seen: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', …' : ''}`, { cause: error });
  });
  return Array.from({ length: total }, (_, index) => seen.get(index + 1) ?? '').join('\n');
}

/** The text of the lines an editor shows now (no scrolling), e.g. for a short document. */
export async function visibleEditorText(editor: Locator): Promise<string> {
  const lines = await renderedLines(editor);
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([, text]) => text).join('\n');
}

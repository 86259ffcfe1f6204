// Helpers that drive the VS Code workbench the way a user does: command palette, input
// boxes, status bar, activity bar and webviews.
import type { Frame, Locator, Page } from 'playwright-core';
import { StopWaiting, waitUntil } from './deadline';

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const VIEW_ERROR = 'An error occurred while loading view';
const FOCUSED_ROW = `${QUICK_INPUT} .quick-input-list .monaco-list-row.focused`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');
}

/** Quotes a string for use inside a CSS attribute selector. */
export function cssString(value: string): string {
  return JSON.stringify(value);
}

/** Opens the workbench at `url` and waits until it is laid out and the status bar is filled. */
export async function openWorkbench(page: Page, url: string, timeoutMs = 60_000): Promise<void> {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.part.statusbar .statusbar-item').first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.part.activitybar, .part.sidebar').first().waitFor({ state: 'visible', timeout: timeoutMs });
}

export function quickInput(page: Page): Locator {
  return page.locator(QUICK_INPUT);
}

export function quickInputBox(page: Page): Locator {
  return page.locator(QUICK_INPUT_BOX);
}

/** Closes any open quick input (palette, quick pick, input box). */
export async function dismissQuickInput(page: Page): Promise<void> {
  const widget = quickInput(page);
  await waitUntil(
    async () => {
      if (!(await widget.isVisible())) return true;
      await page.keyboard.press('Escape');
      return false;
    },
    { what: 'the quick input to close', timeoutMs: 5_000, intervalMs: 200 },
  );
}

/** Opens the command palette (F1, falling back to Ctrl+Shift+P) and waits for its input. */
export async function openCommandPalette(page: Page): Promise<Locator> {
  await dismissQuickInput(page);
  const input = quickInputBox(page);
  const keys = ['F1', 'Control+Shift+P'];
  let attempt = 0;
  await waitUntil(
    async () => {
      if ((await input.isVisible()) && (await input.inputValue()).startsWith('>')) return true;
      await page.keyboard.press(keys[attempt++ % keys.length] ?? 'F1');
      await input.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
      return (await input.isVisible()) && (await input.inputValue()).startsWith('>');
    },
    { what: 'the command palette to open', timeoutMs: 15_000, intervalMs: 100 },
  );
  return input;
}

/**
 * Waits until the palette row labelled exactly `title` is highlighted. Returns false if it is
 * not within `timeoutMs`.
 */
async function highlightPaletteRow(page: Page, input: Locator, title: string, timeoutMs: number): Promise<boolean> {
  // A row's aria-label may carry more than the title (", similar commands", keybindings):
  // compare the label text itself.
  const exactTitle = new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`);
  const rows = page.locator(`${QUICK_INPUT} .quick-input-list .monaco-list-row`);
  const matchingRow = rows.filter({ has: page.locator('.label-name', { hasText: exactTitle }) });
  let misses = 0;
  try {
    await waitUntil(
      async () => {
        const focused = await page.locator(FOCUSED_ROW).locator('.label-name').first().innerText({ timeout: 500 });
        if (focused.trim() === title) return true;
        // Once filtering has settled, if another row stays highlighted (history, similar
        // titles) while ours is listed, move the highlight down to ours.
        if ((await matchingRow.count()) > 0 && ++misses >= 3) await input.press('ArrowDown');
        return false;
      },
      { what: `the command "${title}" to be highlighted in the palette`, timeoutMs },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a command from the palette by its full title ("Category: Title"): opens the palette,
 * types the title, waits until that exact row is highlighted, presses Enter. The palette
 * lists the commands available when it opened, so if the command is missing (its extension
 * or its `when` clause became ready a moment later) it closes and reopens the palette.
 */
export async function runCommand(page: Page, title: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let input: Locator;
  for (let attempt = 1; ; attempt++) {
    input = await openCommandPalette(page);
    await input.fill(`>${title}`);
    const patience = Math.max(1_000, Math.min(3_000 * attempt, deadline - Date.now()));
    if (await highlightPaletteRow(page, input, title, patience)) break;
    if (Date.now() >= deadline) {
      const shown = await page.locator(`${QUICK_INPUT} .quick-input-list .label-name`).allInnerTexts().catch(() => []);
      await dismissQuickInput(page).catch(() => undefined);
      throw new Error(`The command "${title}" did not show up in the palette within ${timeoutMs} ms; it listed: ${JSON.stringify(shown)}`);
    }
    await dismissQuickInput(page);
  }
  await input.press('Enter');
  // The palette closes; the command may reuse the same widget for its own input box.
  await waitUntil(async () => !(await input.isVisible()) || !(await input.inputValue()).startsWith('>'), {
    what: `the palette to close after running "${title}"`,
    timeoutMs: 5_000,
  });
}

export interface InputBoxOptions {
  /** Text expected in the input box's prompt, placeholder or title, to be sure it is the right box. */
  expect?: string;
  timeoutMs?: number;
}

/** Types into the open input box (vscode.window.showInputBox) and accepts with Enter. */
export async function fillInputBox(page: Page, text: string, options: InputBoxOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const input = quickInputBox(page);
  const widget = quickInput(page);
  await waitUntil(
    async () => {
      if (!(await input.isVisible())) return false;
      if ((await input.inputValue()).startsWith('>')) return false; // still the palette
      if (options.expect === undefined) return true;
      const shown = [
        await widget.locator('.quick-input-message').innerText().catch(() => ''),
        await widget.locator('.quick-input-title').innerText().catch(() => ''),
        (await input.getAttribute('placeholder')) ?? '',
        (await input.getAttribute('aria-label')) ?? '',
      ].join('\n');
      return shown.includes(options.expect);
    },
    { what: `an input box${options.expect ? ` mentioning "${options.expect}"` : ''}`, timeoutMs },
  );
  await input.fill(text);
  await waitUntil(async () => (await input.inputValue()) === text, { what: `the input box to hold "${text}"`, timeoutMs: 5_000 });
  await input.press('Enter');
  await waitUntil(async () => !(await input.isVisible()) || (await input.inputValue()) !== text, {
    what: 'the input box to close after Enter',
    timeoutMs: 5_000,
  });
}

/** The status bar item whose aria-label starts with `labelPrefix`. */
export function statusBarItem(page: Page, labelPrefix: string): Locator {
  return page.locator(`.part.statusbar .statusbar-item[aria-label^=${cssString(labelPrefix)}]`);
}

/** The activity bar entry (the `li` tab) of a view container, by its title. */
export function activityBarItem(page: Page, title: string): Locator {
  const label = page.locator(
    `a.action-label[aria-label=${cssString(title)}], a.action-label[aria-label^=${cssString(title + ' (')}]`,
  );
  return page.locator('.part.activitybar li.action-item').filter({ has: label });
}

/** Shows a view container in the side bar by clicking its activity bar entry, unless it is already shown. */
export async function showViewContainer(page: Page, title: string, timeoutMs = 15_000): Promise<void> {
  const item = activityBarItem(page, title);
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  // Clicking the entry of the container already shown would hide the side bar.
  if ((await item.getAttribute('aria-selected')) !== 'true' || !(await page.locator('.part.sidebar').isVisible())) {
    await item.click();
  }
  await waitUntil(async () => (await item.getAttribute('aria-selected')) === 'true' && (await page.locator('.part.sidebar').isVisible()), {
    what: `the "${title}" view container to be shown`,
    timeoutMs,
  });
}

/**
 * Finds the frame (webviews live in nested iframes) that has an element matching `selector`,
 * searching page.frames() again and again until the deadline. Fails at once if VS Code shows
 * "An error occurred while loading view" (the extension's view provider threw).
 */
export async function findWebviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  return waitUntil(
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || frame.isDetached()) continue;
        let viewError: string | undefined;
        try {
          if ((await frame.locator(selector).count()) > 0) return frame;
          // The page VS Code puts in the webview when the view provider threw.
          const body = frame.locator('body', { hasText: VIEW_ERROR });
          if ((await body.count()) > 0) viewError = (await body.innerText({ timeout: 1_000 })).trim();
        } catch {
          // The frame navigated or went away while we looked; try the others, then again.
        }
        if (viewError?.startsWith(VIEW_ERROR)) {
          throw new StopWaiting(`VS Code shows "${viewError}" instead of ${selector}: the extension failed to resolve its view (see the extension host log).`);
        }
      }
      return undefined;
    },
    { what: `a webview frame containing ${selector}`, timeoutMs, intervalMs: 200 },
  );
}

/** Texts of the visible notification toasts. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page.locator('.notification-toast .notification-list-item-message').allInnerTexts();
}

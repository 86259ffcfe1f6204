// Helpers for VS Code's own dialogs as code-server shows them: the "simple file dialog" (a
// quick input holding a path, used by showSaveDialog/showOpenDialog in the browser), modal
// message dialogs, and notification toasts.
import type { Locator, Page } from 'playwright-core';
import { StopWaiting, waitUntil } from './deadline';
import { quickInput, quickInputBox, runCommand } from './workbench';

const MODAL = '.monaco-dialog-box';
const TOAST = '.notification-toast';

export interface FileDialogOptions {
  /** Text expected in the dialog's title (the `title` the extension passed), to be sure it is the right one. */
  title?: string;
  timeoutMs?: number;
}

/**
 * Answers an open or save dialog shown as VS Code's simple file dialog: waits until it is
 * open (its input holds a path, not the palette's ">"), replaces the path with `path`, and
 * accepts with Enter. Use a path that does not exist for a save dialog (an existing file makes
 * VS Code ask whether to replace it), and an existing file for an open dialog.
 */
export async function answerFileDialog(page: Page, path: string, options: FileDialogOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const widget = quickInput(page);
  const input = quickInputBox(page);
  await waitUntil(
    async () => {
      if (!(await input.isVisible())) return false;
      const value = await input.inputValue();
      if (!value.startsWith('/')) return false; // still the palette, or not filled in yet
      if (options.title === undefined) return true;
      const title = await widget.locator('.quick-input-title').innerText({ timeout: 500 }).catch(() => '');
      return title.includes(options.title);
    },
    { what: `a file dialog${options.title ? ` titled "${options.title}"` : ''}`, timeoutMs },
  );
  // The dialog lists the folder it opened in asynchronously and may complete what is typed;
  // set the whole path and insist until it stays as given.
  await waitUntil(
    async () => {
      if ((await input.inputValue()) !== path) await input.fill(path);
      return (await input.inputValue()) === path;
    },
    { what: `the file dialog to hold "${path}"`, timeoutMs: 5_000, intervalMs: 200 },
  );
  // Enter may only move the dialog to the typed path's folder (when it lands while the dialog
  // is still looking that folder up): then the dialog stays open holding the same path, and a
  // user presses Enter again. Never again once a modal ("replace?") or a validation shows.
  let presses = 0;
  let lastPress = 0;
  await waitUntil(
    async () => {
      if (!(await input.isVisible())) return true;
      // The extension's next prompt (a quick pick, an input box) may reuse the same widget,
      // even with the same title: the dialog is gone once the widget no longer holds the path.
      if (presses > 0 && (await input.inputValue()) !== path) return true;
      if (Date.now() - lastPress < 1_000) return false;
      if ((await page.locator(MODAL).count()) > 0) throw new StopWaiting(`a dialog opened over the file dialog: ${await page.locator(MODAL).first().innerText().catch(() => '')}`);
      const message = await widget.locator('.quick-input-message').innerText({ timeout: 500 }).catch(() => '');
      if (presses > 0 && message && !/^Press 'Enter' to confirm/.test(message)) throw new StopWaiting(`the file dialog says: "${message}"`);
      if (presses >= 5) throw new StopWaiting(`the file dialog stayed open after ${presses} times Enter${message ? `; it says: "${message}"` : ''}`);
      // Before the first Enter the dialog may still put its own default back (its folder listing
      // finished late, on a loaded machine): Enter then would accept that default.
      if (presses === 0 && (await input.inputValue()) !== path) {
        await input.fill(path);
        return false;
      }
      await input.press('Enter');
      presses += 1;
      lastPress = Date.now();
      return false;
    },
    { what: `the file dialog to close after accepting "${path}"`, timeoutMs, intervalMs: 100 },
  );
}

/** Picks the quick-pick row whose label contains `label` (waits for the quick pick first). */
export async function pickQuickPickItem(page: Page, label: string | RegExp, options: { placeholder?: string; timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const widget = quickInput(page);
  const input = quickInputBox(page);
  const rows = widget.locator('.quick-input-list .monaco-list-row');
  const row = rows.filter({ has: page.locator('.label-name', { hasText: label }) }).first();
  await waitUntil(
    async () => {
      if (!(await input.isVisible())) return false;
      if (options.placeholder && !((await input.getAttribute('placeholder')) ?? '').includes(options.placeholder)) return false;
      return (await row.count()) > 0;
    },
    { what: `a quick pick with an item "${String(label)}"`, timeoutMs },
  );
  await row.click();
  await waitUntil(async () => !(await input.isVisible()) || (await row.count()) === 0, {
    what: `the quick pick to close after choosing "${String(label)}"`,
    timeoutMs: 5_000,
  });
}

export interface ModalDialog {
  /** The dialog's message and detail, as shown. */
  text: string;
  dialog: Locator;
}

/** Waits for a modal dialog whose text matches `expect`, returns what it says. */
export async function waitForModal(page: Page, expect: string | RegExp, timeoutMs = 15_000): Promise<ModalDialog> {
  const dialog = page.locator(MODAL).last();
  const text = await waitUntil(
    async () => {
      if (!(await dialog.isVisible())) return undefined;
      const shown = await dialog.innerText({ timeout: 1_000 });
      return (typeof expect === 'string' ? shown.includes(expect) : expect.test(shown)) ? shown : undefined;
    },
    { what: `a modal dialog saying ${String(expect)}`, timeoutMs },
  );
  return { text, dialog };
}

/** Clicks the modal dialog's button labelled exactly `name` and waits for the dialog to close. */
export async function clickModalButton(page: Page, modal: ModalDialog, name: string): Promise<void> {
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')}\\s*$`);
  await modal.dialog.locator('.dialog-buttons .monaco-button, .dialog-buttons a, .dialog-buttons button').filter({ hasText: exact }).first().click();
  await page.locator(MODAL).waitFor({ state: 'hidden', timeout: 10_000 });
}

export type Severity = 'info' | 'warning' | 'error';

export interface Toast {
  text: string;
  severity: Severity | 'unknown';
}

async function readToasts(page: Page): Promise<Toast[]> {
  const toasts = page.locator(`${TOAST} .notification-list-item`);
  const result: Toast[] = [];
  for (let index = 0, count = await toasts.count(); index < count; index++) {
    const toast = toasts.nth(index);
    const text = await toast.locator('.notification-list-item-message').innerText({ timeout: 1_000 }).catch(() => '');
    const icon = (await toast.locator('.notification-list-item-icon').getAttribute('class', { timeout: 1_000 }).catch(() => '')) ?? '';
    const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : /codicon-info/.test(icon) ? 'info' : 'unknown';
    result.push({ text, severity });
  }
  return result;
}

export interface NotificationWaitOptions {
  timeoutMs?: number;
  /** Stop waiting at once when an error notification matching this shows up instead. */
  failOnError?: RegExp;
}

/** Waits for a notification toast whose text matches `expect`; returns it. Reports the toasts seen at the deadline. */
export async function waitForNotification(page: Page, expect: RegExp, options: NotificationWaitOptions | number = {}): Promise<Toast> {
  const { timeoutMs = 15_000, failOnError } = typeof options === 'number' ? { timeoutMs: options } : options;
  let seen: Toast[] = [];
  try {
    return await waitUntil(
      async () => {
        seen = await readToasts(page);
        const found = seen.find((toast) => expect.test(toast.text));
        if (found) return found;
        const failure = failOnError && seen.find((toast) => toast.severity === 'error' && failOnError.test(toast.text));
        if (failure) throw new StopWaiting(`an error notification "${failure.text}" showed up instead of one matching ${String(expect)}`);
        return undefined;
      },
      { what: `a notification matching ${String(expect)}`, timeoutMs, intervalMs: 200 },
    );
  } catch (error) {
    if (error instanceof StopWaiting) throw error;
    throw new Error(`${(error as Error).message}; notifications shown: ${JSON.stringify(seen)}`, { cause: error });
  }
}

/** Clears every notification (so that later waits cannot match an old one). */
export async function clearNotifications(page: Page): Promise<void> {
  if ((await page.locator(TOAST).count()) === 0) return;
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator(TOAST).first().waitFor({ state: 'detached', timeout: 5_000 }).catch(() => undefined);
}

// Helpers for the chat story: the "Chat" view's webview frame, sending a prompt the way a user
// does (type, Enter), reading the answers as shown, and a notification's buttons. Selectors are
// the page's data-testid attributes (src/webview/chat/).
import type { Frame, Locator, Page } from 'playwright-core';
import { waitUntil } from './deadline';
import { findWebviewFrame } from './workbench';

/** The chat view's frame (the one with the prompt box); looked up again each time, as VS Code may recreate it. */
export function chatFrame(page: Page, timeoutMs = 30_000): Promise<Frame> {
  return findWebviewFrame(page, '[data-testid="prompt"]', timeoutMs);
}

/** Types `text` into the prompt and presses Enter, as a user sends a message. */
export async function sendPrompt(frame: Frame, text: string): Promise<void> {
  const prompt = frame.locator('[data-testid="prompt"]');
  await prompt.waitFor({ state: 'visible', timeout: 10_000 });
  await prompt.fill(text);
  await prompt.press('Enter');
}

export const answers = (frame: Frame): Locator => frame.locator('[data-testid="answer"]');
export const userMessages = (frame: Frame): Locator => frame.locator('[data-testid="user-message"]');

/** Whitespace collapsed, as a reader sees text wrapped across lines. */
export const flat = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** The answer's text as shown, whitespace collapsed. */
export async function answerText(answer: Locator): Promise<string> {
  return flat(await answer.locator('[data-testid="answer-body"]').innerText({ timeout: 2_000 }));
}

/** A line under a finished answer (`meta-cost`, `meta-tokens`, `meta-model`, `meta-incomplete`). */
export async function metaText(answer: Locator, testId: string): Promise<string> {
  return flat(await answer.locator(`[data-testid="answer-meta"] [data-testid="${testId}"]`).innerText({ timeout: 2_000 }));
}

/** Waits until the page shows `count` answers and the last of them has its meta lines (it finished). */
export async function waitForFinishedAnswer(page: Page, count: number, timeoutMs = 30_000): Promise<Locator> {
  return waitUntil(
    async () => {
      const all = answers(await chatFrame(page, 5_000));
      if ((await all.count()) !== count) return undefined;
      const last = all.nth(count - 1);
      return (await last.locator('[data-testid="answer-meta"]').count()) > 0 ? last : undefined;
    },
    { what: `answer ${count} to finish with its cost line`, timeoutMs, intervalMs: 100 },
  );
}

/** Clicks the button `name` on the notification toast whose text matches `message`. */
export async function clickNotificationButton(page: Page, message: RegExp, name: string): Promise<void> {
  const toast = page.locator('.notification-toast .notification-list-item').filter({ has: page.locator('.notification-list-item-message', { hasText: message }) }).first();
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')}\\s*$`);
  await toast.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: exact }).first().click({ timeout: 10_000 });
}

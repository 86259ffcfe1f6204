// Helpers for content inside a webview frame, whether the page uses native controls or
// custom elements (such as @vscode-elements, whose inputs live in open shadow roots).
import type { Frame, Locator } from 'playwright-core';

/** Types `text` into a text field: the element itself, or the input/textarea inside it. */
export async function typeInto(field: Locator, text: string): Promise<void> {
  await field.waitFor({ state: 'visible' });
  const tag = await field.evaluate((element) => element.tagName.toLowerCase());
  const editable = tag === 'input' || tag === 'textarea' ? field : field.locator('input, textarea').first();
  if (editable === field || (await editable.count()) > 0) {
    await editable.fill(text);
  } else {
    await field.click();
    await field.pressSequentially(text);
  }
}

/** Clicks the button (native, custom element or role=button) whose text is exactly `name`. */
export async function clickButton(frame: Frame, name: string): Promise<void> {
  const exact = new RegExp(`^\\s*${name.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&')}\\s*$`);
  await frame.locator('button, vscode-button, [role="button"]').filter({ hasText: exact }).first().click();
}

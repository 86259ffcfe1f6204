// What the workbench has written of its own state, in the browser: VS Code in a browser keeps
// its open editors (and each webview panel's `vscode.setState` value, with its editor) in
// IndexedDB, and writes them every few seconds rather than when the page goes away ("Long
// running operations during shutdown are unsupported in the web", it logs). A test that
// restarts VS Code to see what it restores waits until the state it expects is written, as
// a user's VS Code would have done by the time they restart it.
import type { Page } from 'playwright-core';

/** The raw values of the editor part's state in every workspace state database of the page's origin. */
const READ_EDITOR_STATES = `(async () => {
  const values = [];
  for (const info of await indexedDB.databases()) {
    if (!info.name || !info.name.startsWith('vscode-web-state-db-') || info.name === 'vscode-web-state-db-global') continue;
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open(info.name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    try {
      if (!db.objectStoreNames.contains('ItemTable')) continue;
      const value = await new Promise((resolve, reject) => {
        const request = db.transaction('ItemTable', 'readonly').objectStore('ItemTable').get('memento/workbench.parts.editor');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      if (typeof value === 'string') values.push(value);
    } finally {
      db.close();
    }
  }
  return values;
})()`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Every serialized webview editor (`{ viewType, state, ... }`) anywhere in the editor part's state. */
function webviewEditors(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) {
    for (const child of node) webviewEditors(child, found);
  } else if (isRecord(node)) {
    if (node['id'] === 'workbench.editors.webviewInput' && typeof node['value'] === 'string') {
      const value = parse(node['value']);
      if (isRecord(value)) found.push(value);
    }
    for (const child of Object.values(node)) webviewEditors(child, found);
  }
  return found;
}

/**
 * The saved states (what the page passed to `vscode.setState`, parsed) of the webview panels of
 * type `viewType` as the workbench last wrote them to the browser's storage.
 */
export async function storedWebviewStates(page: Page, viewType: string): Promise<unknown[]> {
  const raw = await page.evaluate<string[]>(READ_EDITOR_STATES);
  const editors = raw.flatMap((text) => webviewEditors(parse(text)));
  return editors
    .filter((editor) => editor['viewType'] === `mainThreadWebview-${viewType}` || editor['providedId'] === viewType)
    .map((editor) => (typeof editor['state'] === 'string' ? parse(editor['state']) : undefined));
}

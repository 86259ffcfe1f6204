// The VS Code webview API, acquired once per page (a second `acquireVsCodeApi` call throws), and
// what each view needs of it: a transport for its channel and storage that survives hiding.

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;

let api: VsCodeWebviewApi | undefined;

export function vsCodeApi(): VsCodeWebviewApi {
  api ??= acquireVsCodeApi();
  return api;
}

/** The webview's own state, kept by VS Code while the view is hidden. */
export interface WebviewStorage {
  loadState(): unknown;
  saveState(state: unknown): void;
}

/** The state the host carried over into this page's HTML (webviewHtml.ts), if any. */
function carriedState(): unknown {
  const json = document.getElementById('app')?.dataset.initialState;
  if (json === undefined) return undefined;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

export function webviewStorage(): WebviewStorage {
  const host = vsCodeApi();
  return {
    loadState: () => host.getState() ?? carriedState(),
    saveState: (state) => {
      host.setState(state);
    },
  };
}

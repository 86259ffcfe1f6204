// Typed access to the VS Code webview API. `acquireVsCodeApi` may be called only once per
// page, so every other module goes through the `HostBridge` made here.
import type { WebviewMessage } from '../shared/protocol';

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;

export interface HostBridge {
  post(message: WebviewMessage): void;
  /** The webview's own state, kept by VS Code while the view is hidden. */
  loadState(): unknown;
  saveState(state: unknown): void;
}

export function connectToHost(): HostBridge {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    loadState: () => api.getState(),
    saveState: (state) => {
      api.setState(state);
    },
  };
}

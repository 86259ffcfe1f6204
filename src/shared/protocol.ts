// The sidebar's message protocol: one discriminated union per direction. Everything the
// host receives is `unknown` until `parseWebviewMessage` accepts it.
import type { ViewState } from './viewState';

/** Host -> webview. */
export type HostMessage = { readonly type: 'state'; readonly state: ViewState };

/** Webview -> host. `ready` is always the first message. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'startSession'; readonly goal: string }
  | { readonly type: 'endSession' }
  | { readonly type: 'addNote'; readonly text: string }
  | { readonly type: 'openFile'; readonly path: string };

export const MAX_NOTE_LENGTH = 4000;
export const MAX_GOAL_LENGTH = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedString(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length <= max;
}

/** Returns the message if it is a well-formed `WebviewMessage`, otherwise `undefined`. */
export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (!isRecord(value) || typeof value.type !== 'string') return undefined;
  switch (value.type) {
    case 'ready':
    case 'endSession':
      return { type: value.type };
    case 'startSession':
      return boundedString(value.goal, MAX_GOAL_LENGTH) ? { type: 'startSession', goal: value.goal } : undefined;
    case 'addNote':
      return boundedString(value.text, MAX_NOTE_LENGTH) && value.text.trim() !== ''
        ? { type: 'addNote', text: value.text }
        : undefined;
    case 'openFile':
      return boundedString(value.path, 4096) && value.path !== '' ? { type: 'openFile', path: value.path } : undefined;
    default:
      return undefined;
  }
}

/** Returns the message if it is a well-formed `HostMessage`, otherwise `undefined`. */
export function parseHostMessage(value: unknown): HostMessage | undefined {
  if (!isRecord(value) || value.type !== 'state' || !isRecord(value.state)) return undefined;
  const state = value.state;
  if (state.status !== 'loading' && state.status !== 'ready' && state.status !== 'error') return undefined;
  if (!Array.isArray(state.recent)) return undefined;
  return { type: 'state', state: state as unknown as ViewState };
}

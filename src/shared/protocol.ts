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
  | { readonly type: 'openFile'; readonly path: string }
  | { readonly type: 'generateBriefing'; readonly level: BriefingLevelName | null }
  | { readonly type: 'copyBriefing' }
  | { readonly type: 'openBriefing' }
  | { readonly type: 'takeSnapshot' }
  | { readonly type: 'compareSnapshot'; readonly id: string }
  | { readonly type: 'restoreSnapshot'; readonly id: string }
  | { readonly type: 'addKnowledge' }
  | { readonly type: 'editKnowledge'; readonly id: string }
  | { readonly type: 'deleteKnowledge'; readonly id: string };

export type BriefingLevelName = 'high' | 'medium' | 'low';
const LEVELS: readonly string[] = ['high', 'medium', 'low'];
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 200;

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
    case 'copyBriefing':
    case 'openBriefing':
    case 'takeSnapshot':
    case 'addKnowledge':
      return { type: value.type };
    case 'generateBriefing':
      if (value.level === null || value.level === undefined) return { type: 'generateBriefing', level: null };
      return typeof value.level === 'string' && LEVELS.includes(value.level) ? { type: 'generateBriefing', level: value.level as BriefingLevelName } : undefined;
    case 'compareSnapshot':
    case 'restoreSnapshot':
    case 'editKnowledge':
    case 'deleteKnowledge':
      return isId(value.id) ? { type: value.type, id: value.id } : undefined;
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
  if (!Array.isArray(state.snapshots) || !Array.isArray(state.knowledge)) return undefined;
  return { type: 'state', state: state as unknown as ViewState };
}

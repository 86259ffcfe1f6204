// What the chat page keeps across reloads and while hidden (VS Code's webview state): the open
// conversation's id, the unsent draft, the chosen target and the last prompt (for Up). Never
// anything the host sent beyond that id; a saved value is checked before it is used.
import { type ChatTarget, chatTarget } from '../../shared/protocol/chat';
import type { WebviewStorage } from '../common/vscodeApi';

export interface SavedChat {
  readonly conversationId: string | null;
  readonly draft: string;
  readonly target: ChatTarget;
  readonly lastPrompt: string;
}

const EMPTY: SavedChat = { conversationId: null, draft: '', target: { kind: 'auto' }, lastPrompt: '' };
const MAX_DRAFT = 100_000;

const text = (value: unknown): string => (typeof value === 'string' ? value.slice(0, MAX_DRAFT) : '');

function targetOf(value: unknown): ChatTarget {
  try {
    return chatTarget(value, 'saved target');
  } catch {
    return EMPTY.target;
  }
}

function parse(value: unknown): SavedChat {
  if (typeof value !== 'object' || value === null) return EMPTY;
  const v = value as Record<string, unknown>;
  const id = typeof v.conversationId === 'string' && v.conversationId.length > 0 && v.conversationId.length <= 300 ? v.conversationId : null;
  return { conversationId: id, draft: text(v.draft), target: targetOf(v.target), lastPrompt: text(v.lastPrompt) };
}

export class PageStore {
  private saved: SavedChat;

  constructor(private readonly storage: WebviewStorage) {
    this.saved = parse(storage.loadState());
  }

  get value(): SavedChat {
    return this.saved;
  }

  update(change: Partial<SavedChat>): void {
    this.saved = { ...this.saved, ...change };
    this.storage.saveState(this.saved);
  }
}

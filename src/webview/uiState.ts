// What the webview remembers on its own, across re-renders and while the view is hidden:
// unsent drafts and which sections the user collapsed. Never anything from the host.
import type { HostBridge } from './vscodeApi';

export interface UiState {
  readonly noteDraft: string;
  readonly goalDraft: string;
  readonly collapsed: readonly string[];
}

const EMPTY_UI_STATE: UiState = { noteDraft: '', goalDraft: '', collapsed: [] };

function parseUiState(value: unknown): UiState {
  if (typeof value !== 'object' || value === null) return EMPTY_UI_STATE;
  const v = value as Record<string, unknown>;
  return {
    noteDraft: typeof v.noteDraft === 'string' ? v.noteDraft : '',
    goalDraft: typeof v.goalDraft === 'string' ? v.goalDraft : '',
    collapsed: Array.isArray(v.collapsed) ? v.collapsed.filter((k): k is string => typeof k === 'string') : [],
  };
}

export class UiStore {
  private state: UiState;

  constructor(private readonly host: HostBridge) {
    this.state = parseUiState(host.loadState());
  }

  get current(): UiState {
    return this.state;
  }

  update(change: Partial<UiState>): void {
    this.state = { ...this.state, ...change };
    this.host.saveState(this.state);
  }

  isCollapsed(section: string): boolean {
    return this.state.collapsed.includes(section);
  }

  setCollapsed(section: string, collapsed: boolean): void {
    if (collapsed === this.isCollapsed(section)) return;
    const others = this.state.collapsed.filter((k) => k !== section);
    this.update({ collapsed: collapsed ? [...others, section] : others });
  }
}

// What the webview remembers on its own, across re-renders and while the view is hidden:
// unsent drafts, which sections the user collapsed or items expanded, the chosen briefing
// level and the knowledge filter. Never anything from the host.
import type { BriefingLevelName } from '../../shared/protocol/sidebar';
import type { WebviewStorage } from '../common/vscodeApi';

export interface UiState {
  readonly noteDraft: string;
  readonly goalDraft: string;
  readonly collapsed: readonly string[];
  /** Items that are closed by default and the user opened (knowledge entries, the preview). */
  readonly expanded: readonly string[];
  /** The level the user picked last; `null` until they pick one. */
  readonly briefingLevel: BriefingLevelName | null;
  readonly knowledgeFilter: string;
}

const EMPTY_UI_STATE: UiState = { noteDraft: '', goalDraft: '', collapsed: [], expanded: [], briefingLevel: null, knowledgeFilter: '' };
/** Expanded keys are ids that may go away; keep only the most recent ones. */
const MAX_EXPANDED = 50;

const stringsOf = (value: unknown): string[] => (Array.isArray(value) ? value.filter((k): k is string => typeof k === 'string') : []);
const isLevel = (value: unknown): value is BriefingLevelName => value === 'high' || value === 'medium' || value === 'low';

function parseUiState(value: unknown): UiState {
  if (typeof value !== 'object' || value === null) return EMPTY_UI_STATE;
  const v = value as Record<string, unknown>;
  return {
    noteDraft: typeof v.noteDraft === 'string' ? v.noteDraft : '',
    goalDraft: typeof v.goalDraft === 'string' ? v.goalDraft : '',
    collapsed: stringsOf(v.collapsed),
    expanded: stringsOf(v.expanded).slice(-MAX_EXPANDED),
    briefingLevel: isLevel(v.briefingLevel) ? v.briefingLevel : null,
    knowledgeFilter: typeof v.knowledgeFilter === 'string' ? v.knowledgeFilter : '',
  };
}

export class UiStore {
  private state: UiState;

  constructor(private readonly host: WebviewStorage) {
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

  isExpanded(key: string): boolean {
    return this.state.expanded.includes(key);
  }

  setExpanded(key: string, expanded: boolean): void {
    if (expanded === this.isExpanded(key)) return;
    const others = this.state.expanded.filter((k) => k !== key);
    this.update({ expanded: expanded ? [...others, key].slice(-MAX_EXPANDED) : others });
  }
}

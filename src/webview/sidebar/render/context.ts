import type { Actions } from '../actions';
import type { DraftFields } from '../draftFields';
import type { KnowledgeFilter } from '../knowledgeFilter';
import type { UiStore } from '../uiState';

/** Everything a section renderer may use. `now` is fixed for one render. */
export interface RenderContext {
  readonly actions: Actions;
  readonly fields: DraftFields;
  readonly filter: KnowledgeFilter;
  readonly ui: UiStore;
  readonly now: number;
  readonly activeMs: number;
}

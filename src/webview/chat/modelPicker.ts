// Who answers the next message: Auto (the routing strategy chooses) or one provider's model.
// A model that cannot be used now (no key, circuit open, …) is listed but disabled, with the
// host's reason beside it.
import type { ChatState, ChatTarget } from '../../shared/protocol/chat';
import { h } from '../common/dom';

type ModelOption = ChatState['models'][number];

const AUTO = 'auto';
const sameModel = (target: ChatTarget, option: ModelOption): boolean =>
  target.kind === 'model' && target.provider === option.provider && target.model === option.model;

export class ModelPicker {
  readonly element: HTMLSelectElement;
  private models: readonly ModelOption[] = [];

  constructor(
    private target: ChatTarget,
    private readonly changed: (target: ChatTarget) => void,
  ) {
    this.element = h('select', { class: 'select model-picker', attrs: { 'aria-label': 'Model', 'data-testid': 'model-picker' } });
    this.element.addEventListener('change', () => {
      this.target = this.targetOf(this.element.value);
      this.element.title = this.element.selectedOptions[0]?.title ?? '';
      this.changed(this.target);
    });
  }

  get value(): ChatTarget {
    return this.target;
  }

  show(state: Pick<ChatState, 'models' | 'strategy'>): void {
    this.models = state.models;
    const auto = h('option', { attrs: { value: AUTO, title: `The ${state.strategy} strategy chooses for each message` } }, `Auto (${state.strategy})`);
    const options = state.models.map((m, i) =>
      h('option', { attrs: { value: String(i), title: m.detail, disabled: m.available ? undefined : '' } }, m.available ? m.label : `${m.label} — ${m.detail}`),
    );
    this.element.replaceChildren(auto, ...options);
    // A saved choice that is gone or unusable now falls back to Auto.
    const index = state.models.findIndex((m) => m.available && sameModel(this.target, m));
    this.element.value = index === -1 ? AUTO : String(index);
    if (index === -1 && this.target.kind !== 'auto') {
      this.target = { kind: 'auto' };
      this.changed(this.target);
    }
    this.element.title = this.element.selectedOptions[0]?.title ?? '';
  }

  private targetOf(value: string): ChatTarget {
    const option = value === AUTO ? undefined : this.models[Number(value)];
    return option ? { kind: 'model', provider: option.provider, model: option.model } : { kind: 'auto' };
  }
}

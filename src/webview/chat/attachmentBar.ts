// What the user attaches to the next message — the selection, the active file, the current
// handoff briefing, knowledge entries — as removable chips. An attach button is disabled with
// the reason when there is nothing of its kind (no selection, no file open, no briefing yet).
// The host reads the content when the message is sent; a chip only says what will be read.
import type { ChatAttachment, ChatContextInfo } from '../../shared/protocol/chat';
import { h, icon, iconButton } from '../common/dom';
import type { AttachedLabel } from './transcript';

type SimpleKind = 'selection' | 'file' | 'briefing';

interface Chip {
  readonly key: string;
  readonly label: string;
  /** A knowledge entry's id; null for the other kinds. */
  readonly knowledgeId: string | null;
  readonly kind: SimpleKind | 'knowledge';
}

export interface KnowledgePick {
  readonly id: string;
  readonly title: string;
}

const MAX_KNOWLEDGE = 50;

function simpleLabel(kind: SimpleKind, context: ChatContextInfo): string | null {
  if (kind === 'briefing') return context.briefing ? 'Current briefing' : null;
  const place = kind === 'selection' ? context.selection : context.file;
  if (!place) return null;
  return kind === 'selection' ? `Selection: ${place.file} (${place.lines} lines)` : `File: ${place.file}`;
}

const UNAVAILABLE: Readonly<Record<SimpleKind | 'knowledge', string>> = {
  selection: 'No text is selected in the editor',
  file: 'No file is open in the editor',
  briefing: 'No handoff briefing has been written yet',
  knowledge: 'The knowledge base is empty',
};

const BUTTONS: readonly { kind: SimpleKind | 'knowledge'; icon: string; name: string }[] = [
  { kind: 'selection', icon: 'selection', name: 'Attach the selection' },
  { kind: 'file', icon: 'file', name: 'Attach the active file' },
  { kind: 'briefing', icon: 'note', name: 'Attach the current briefing' },
  { kind: 'knowledge', icon: 'book', name: 'Attach knowledge entries' },
];

export class AttachmentBar {
  readonly buttons: HTMLElement;
  readonly chipList: HTMLElement;
  readonly trustNote: HTMLElement;
  private chips: Chip[] = [];
  private context: ChatContextInfo | null = null;
  private readonly attachButtons = new Map<SimpleKind | 'knowledge', HTMLButtonElement>();

  constructor(
    private readonly pickKnowledge: () => Promise<readonly KnowledgePick[]>,
    private readonly changed: () => void,
  ) {
    this.buttons = h('div', { class: 'attach-buttons', attrs: { role: 'group', 'aria-label': 'Attach context' } });
    for (const spec of BUTTONS) {
      const button = iconButton(spec.icon, spec.name, { attrs: { 'data-testid': `attach-${spec.kind}` } }, () => void this.attach(spec.kind));
      this.attachButtons.set(spec.kind, button);
      this.buttons.append(button);
    }
    this.chipList = h('ul', { class: 'chips', attrs: { 'aria-label': 'Attached to the next message', 'data-testid': 'attachments' } });
    this.trustNote = h('p', { class: 'trust-note muted', attrs: { 'data-testid': 'trust-note' } }, icon('shield'), 'Restricted Mode: nothing from the editor is sent unless you attach it.');
    this.trustNote.hidden = true;
    this.render();
  }

  setContext(context: ChatContextInfo): void {
    this.context = context;
    // A chip says what the host will read when sending: follow the editor, drop what is gone.
    this.chips = this.chips.flatMap((chip) => {
      if (chip.kind === 'knowledge') return [chip];
      const label = simpleLabel(chip.kind, context);
      return label === null ? [] : [{ ...chip, label }];
    });
    this.trustNote.hidden = context.trusted;
    this.render();
  }

  attachments(): ChatAttachment[] {
    const list: ChatAttachment[] = [];
    for (const kind of ['selection', 'file', 'briefing'] as const) if (this.chips.some((c) => c.kind === kind)) list.push({ kind });
    const ids = this.chips.flatMap((c) => (c.knowledgeId === null ? [] : [c.knowledgeId]));
    if (ids.length > 0) list.push({ kind: 'knowledge', ids: ids.slice(0, MAX_KNOWLEDGE) });
    return list;
  }

  labels(): AttachedLabel[] {
    return this.chips.map((c) => ({ label: c.label, tokens: null }));
  }

  clear(): void {
    this.chips = [];
    this.render();
  }

  private async attach(kind: SimpleKind | 'knowledge'): Promise<void> {
    const context = this.context;
    if (!context) return;
    if (kind !== 'knowledge') {
      const label = simpleLabel(kind, context);
      if (label === null || this.chips.some((c) => c.kind === kind)) return;
      this.chips.push({ key: kind, label, kind, knowledgeId: null });
    } else {
      const picked = await this.pickKnowledge();
      for (const entry of picked) {
        if (this.chips.some((c) => c.knowledgeId === entry.id)) continue;
        this.chips.push({ key: `knowledge:${entry.id}`, label: `Knowledge: ${entry.title}`, kind, knowledgeId: entry.id });
      }
      if (picked.length === 0) return;
    }
    this.render();
    this.changed();
  }

  private remove(key: string): void {
    this.chips = this.chips.filter((c) => c.key !== key);
    this.render();
    this.changed();
    this.buttons.querySelector<HTMLButtonElement>('button:not(:disabled)')?.focus();
  }

  private render(): void {
    const context = this.context;
    for (const [kind, button] of this.attachButtons) {
      const spec = BUTTONS.find((b) => b.kind === kind);
      const available = context !== null && (kind === 'knowledge' ? context.knowledge > 0 : simpleLabel(kind, context) !== null);
      const attached = kind !== 'knowledge' && this.chips.some((c) => c.kind === kind);
      button.disabled = !available || attached;
      const why = !available ? UNAVAILABLE[kind] : attached ? 'Already attached' : '';
      const name = `${spec?.name ?? kind}${why ? ` (${why})` : ''}`;
      button.setAttribute('aria-label', name);
      button.title = name;
    }
    this.chipList.replaceChildren(
      ...this.chips.map((chip) =>
        h(
          'li',
          { class: 'chip', attrs: { 'data-testid': 'attachment-chip' } },
          h('span', { class: 'chip-label' }, chip.label),
          iconButton('close', `Remove ${chip.label}`, { class: 'chip-remove', attrs: { 'data-testid': 'attachment-remove' } }, () => this.remove(chip.key)),
        ),
      ),
    );
    this.chipList.hidden = this.chips.length === 0;
  }
}

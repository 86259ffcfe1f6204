// Attachments are read when the message is sent (or estimated), so what goes out is what the
// editor shows then. Only what the user attached is read: in an untrusted workspace nothing from
// the editor is sent unless attached, and attachments are always explicit. The stored message
// keeps each attachment's kind, label and token count, never its content.
import { isSecretFileName } from '../redaction/redaction';
import type { ChatAttachment } from '../../shared/protocol/chat';
import type { ChatEditor, EditorText } from './chatPorts';
import type { AttachedItem } from './conversationRecords';

export interface AttachedKnowledge {
  readonly id: string;
  readonly title: string;
  readonly body: string;
}

export interface AttachmentSources {
  readonly editor: ChatEditor;
  /** The current handoff briefing's markdown (not saved), or null without a workspace's services. */
  readonly briefing: () => Promise<string | null>;
  /** The entries of these ids the workspace sees; unknown ids are left out. */
  readonly knowledge: (ids: readonly string[]) => Promise<readonly AttachedKnowledge[]>;
  readonly countTokens: (text: string) => number;
}

export interface ResolvedAttachment {
  readonly item: AttachedItem;
  /** What the model reads, after the prompt. */
  readonly content: string;
}

function fence(text: string): string {
  const longest = (text.match(/`{3,}/g) ?? []).reduce((most, run) => Math.max(most, run.length), 2);
  return '`'.repeat(longest + 1);
}

function editorContent(kind: 'selection' | 'file', text: EditorText): string {
  const what = kind === 'selection' ? `Selected lines of ${text.file}` : `The file ${text.file}`;
  // A secret file (.env and the like) is named, never sent: the user may not have meant its values.
  if (isSecretFileName(text.file)) return `${what}: its content is withheld because the file holds secrets.`;
  const marks = fence(text.text);
  return `${what}:\n${marks}${text.language}\n${text.text}\n${marks}`;
}

function editorLabel(kind: 'selection' | 'file', text: EditorText): string {
  const lines = `${text.lines} line${text.lines === 1 ? '' : 's'}`;
  return kind === 'selection' ? `Selection in ${text.file} (${lines})` : `${text.file} (${lines})`;
}

export class AttachmentResolver {
  constructor(private readonly sources: AttachmentSources) {}

  async resolve(attachments: readonly ChatAttachment[]): Promise<ResolvedAttachment[]> {
    const resolved: ResolvedAttachment[] = [];
    for (const attachment of attachments) resolved.push(...(await this.one(attachment)));
    return resolved;
  }

  private async one(attachment: ChatAttachment): Promise<ResolvedAttachment[]> {
    switch (attachment.kind) {
      case 'selection':
        return this.editorText('selection', this.sources.editor.selection());
      case 'file':
        return this.editorText('file', this.sources.editor.activeFile());
      case 'briefing':
        return this.briefing();
      case 'knowledge':
        return this.knowledge(attachment.ids);
    }
  }

  private editorText(kind: 'selection' | 'file', text: EditorText | null): ResolvedAttachment[] {
    if (!text) return [];
    return [this.item(kind, editorLabel(kind, text), editorContent(kind, text))];
  }

  private async briefing(): Promise<ResolvedAttachment[]> {
    const markdown = await this.sources.briefing();
    return markdown === null ? [] : [this.item('briefing', 'Handoff briefing (medium)', `The current handoff briefing of this workspace:\n\n${markdown}`)];
  }

  private async knowledge(ids: readonly string[]): Promise<ResolvedAttachment[]> {
    const entries = await this.sources.knowledge(ids);
    return entries.map((entry) => this.item('knowledge', entry.title, `Knowledge entry "${entry.title}":\n${entry.body}`));
  }

  private item(kind: AttachedItem['kind'], label: string, content: string): ResolvedAttachment {
    return { item: { kind, label: label.slice(0, 2_000), tokens: this.sources.countTokens(content) }, content };
  }
}

// Hand off a chat: the service writes a briefing with the conversation's summary, the host
// copies it (through redaction: the clipboard leaves Baton) and, when the conversation ended on a
// decision and a session is running, offers that decision for the session's notes. The offer
// rides on the "copied" message, so one hand-off is one notification.
import * as vscode from 'vscode';
import type { ChatBackend, ChatHandoff } from '../../core/chat/chatPorts';
import { redactText } from '../../core/redaction/redaction';
import type { Log } from '../log';

export interface HandoffOutcome {
  readonly copied: boolean;
  readonly tokens: number;
  readonly level: string;
  readonly noteAdded: boolean;
}

export interface ChatHandoffSources {
  readonly backend: () => Promise<ChatBackend>;
  readonly sessionRunning: () => boolean;
  /** The session's notes changed: views refresh. */
  readonly onNoteAdded: () => void;
  readonly log: Log;
}

const ADD = 'Add';
const EDIT = 'Edit…';
const SKIP = 'Skip';
const SHOWN_DECISION = 160;

export class ChatHandoffFlow {
  constructor(private readonly sources: ChatHandoffSources) {}

  async handoff(conversationId: string): Promise<HandoffOutcome> {
    const backend = await this.sources.backend();
    const handoff = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Baton: writing the handoff briefing' },
      () => backend.handoff(conversationId),
    );
    await vscode.env.clipboard.writeText(redactText(handoff.text));
    this.sources.log.info(`Chat handoff: briefing of ${handoff.tokens} tokens (${handoff.level}) copied${handoff.decision ? '; a decision was found' : ''}`);
    const copied = `Baton: handoff briefing copied to the clipboard (${handoff.tokens} tokens, ${handoff.level}). Paste it into the next assistant's chat.`;
    const outcome = { copied: true, tokens: handoff.tokens, level: handoff.level };
    if (!handoff.decision || !this.sources.sessionRunning()) {
      void vscode.window.showInformationMessage(copied);
      return { ...outcome, noteAdded: false };
    }
    return { ...outcome, noteAdded: await this.offerNote(backend, copied, handoff) };
  }

  /** Add, Edit… (an input box with the decision) or Skip; true when a note was added. */
  private async offerNote(backend: ChatBackend, copied: string, handoff: ChatHandoff): Promise<boolean> {
    const decision = handoff.decision ?? '';
    const shown = decision.length > SHOWN_DECISION ? `${decision.slice(0, SHOWN_DECISION - 1)}…` : decision;
    const pick = await vscode.window.showInformationMessage(`${copied} Add to session notes: "${shown}"?`, ADD, EDIT, SKIP);
    const text = pick === ADD ? decision : pick === EDIT ? await editNote(decision) : undefined;
    if (!text) return false;
    const added = await backend.addSessionNote(text);
    if (!added) {
      void vscode.window.showWarningMessage('Baton: the session ended meanwhile, so the note was not added. Start a session and add it with "Baton: Add Session Note".');
      return false;
    }
    this.sources.onNoteAdded();
    this.sources.log.info('Chat handoff: the decision was added to the session notes');
    return true;
  }
}

function editNote(decision: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Baton: Add to Session Notes',
    prompt: 'The note added to the running session',
    value: decision,
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Type the note, or press Escape to skip it.' : undefined),
  }).then((value) => value?.trim());
}

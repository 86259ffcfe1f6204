// The `@baton` chat participant: `/briefing`, `/status` and `/note`, help without a command.
// The replies are made in core (`participantReplies.ts`); this only streams them.
import * as vscode from 'vscode';
import { type ParticipantServices, errorReply, replyTo } from '../../core/agents/participantReplies';
import type { Log } from '../log';

export const CHAT_PARTICIPANT_ID = 'baton.participant';

export class BatonChatParticipant {
  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: ParticipantServices,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, (request, _context, stream) => this.handle(request, stream));
    participant.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'baton.svg');
    return participant;
  }

  async handle(request: vscode.ChatRequest, stream: vscode.ChatResponseStream): Promise<vscode.ChatResult> {
    try {
      if (request.command === 'briefing') stream.progress('Writing the handoff briefing…');
      const reply = await replyTo({ command: request.command, prompt: request.prompt }, this.services, Date.now);
      stream.markdown(reply);
    } catch (error) {
      // replyTo never rejects; this guards the stream itself.
      this.log.error('The @baton participant failed', error);
      stream.markdown(errorReply('answer', error));
    }
    return { metadata: { command: request.command ?? null } };
  }
}

// `baton_add_note`: records a note in the running session for an agent. A write, so VS Code
// asks the user to confirm it first (`confirmationMessages`).
import * as vscode from 'vscode';
import { noteProblem } from '../../core/agents/participantReplies';
import { errorMessage } from '../../core/errors';
import { truncate } from '../../core/format';
import { redactText } from '../../core/redaction/redaction';
import type { Log } from '../log';

export const NOTE_TOOL_NAME = 'baton_add_note';

export interface NoteToolInput {
  readonly text?: unknown;
}

const noteText = (input: NoteToolInput | undefined): string => (typeof input?.text === 'string' ? input.text.trim() : '');

export class NoteTool implements vscode.LanguageModelTool<NoteToolInput> {
  constructor(
    private readonly addNote: (text: string) => Promise<void>,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    return vscode.lm.registerTool(NOTE_TOOL_NAME, this);
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<NoteToolInput>): vscode.PreparedToolInvocation {
    const text = noteText(options.input);
    const quoted = redactText(text).split(/\r?\n/).map((line) => `> ${line}`).join('\n');
    return {
      invocationMessage: 'Adding a note to the Baton session',
      confirmationMessages: {
        title: 'Add a note to the Baton session?',
        message: new vscode.MarkdownString(`The note is kept with the running session and goes into the next handoff briefing:\n\n${quoted}`),
      },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<NoteToolInput>): Promise<vscode.LanguageModelToolResult> {
    const text = noteText(options.input);
    const problem = noteProblem(text);
    if (problem) throw new Error(`Baton did not add the note: ${problem}`);
    try {
      await this.addNote(text);
    } catch (error) {
      this.log.error(`Tool ${NOTE_TOOL_NAME} failed`, error);
      throw new Error(redactText(`Baton could not add the note: ${errorMessage(error)}`), { cause: error });
    }
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(redactText(`Note added to the running Baton session: ${truncate(text, 200)}`))]);
  }
}

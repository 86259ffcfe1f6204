// `baton_briefing`: the handoff briefing as a language-model tool, so agent mode can fetch it
// itself or be told `#batonBriefing`. Read-only, so no confirmation.
import * as vscode from 'vscode';
import { DEFAULT_PARTICIPANT_LEVEL } from '../../core/agents/participantReplies';
import type { Briefing, BriefingLevel } from '../../core/briefing/briefingTypes';
import { errorMessage } from '../../core/errors';
import { redactText } from '../../core/redaction/redaction';
import type { Log } from '../log';

export const BRIEFING_TOOL_NAME = 'baton_briefing';

export interface BriefingToolInput {
  readonly level?: unknown;
}

/** The level asked for, or the default when the model left it out or sent something else. */
export function toolLevel(input: BriefingToolInput | undefined): BriefingLevel {
  const level = input?.level;
  return level === 'high' || level === 'medium' || level === 'low' ? level : DEFAULT_PARTICIPANT_LEVEL;
}

export class BriefingTool implements vscode.LanguageModelTool<BriefingToolInput> {
  constructor(
    private readonly briefing: (level: BriefingLevel) => Promise<Briefing>,
    private readonly log: Log,
  ) {}

  register(): vscode.Disposable {
    return vscode.lm.registerTool(BRIEFING_TOOL_NAME, this);
  }

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<BriefingToolInput>): vscode.PreparedToolInvocation {
    return { invocationMessage: `Writing the ${toolLevel(options.input)} Baton handoff briefing` };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<BriefingToolInput>): Promise<vscode.LanguageModelToolResult> {
    const level = toolLevel(options.input);
    try {
      const briefing = await this.briefing(level);
      this.log.info(`Briefing (${level}) for a language-model tool call: ${briefing.tokens} of ${briefing.budget} tokens`);
      // Composed from redacted material already; a second pass costs little and guards the exit.
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(redactText(briefing.markdown))]);
    } catch (error) {
      this.log.error(`Tool ${BRIEFING_TOOL_NAME} failed`, error);
      // The message is what the model reads: say what went wrong and what to do.
      throw new Error(redactText(`Baton could not write the briefing: ${errorMessage(error)}`), { cause: error });
    }
  }
}

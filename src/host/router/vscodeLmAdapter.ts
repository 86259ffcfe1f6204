// The `vscode-lm` provider kind: chat models VS Code offers through its Language Model API
// (Copilot's and other extensions'). They report no usage, so tokens are counted with the
// model's own countTokens, and the cost is covered by the user's subscription (recorded as
// such, never as a $0 price). The first request asks the user's consent, as VS Code requires:
// sendRequest shows that dialog itself, so it must run from a user action (a command).
import * as vscode from 'vscode';
import type { ProviderConfig } from '../../core/routing/routerConfig';
import type { ChatMessage, ProviderAdapter, ProviderCall, ProviderFailure, StreamEvent } from '../../core/routing/streamEvent';

export class VscodeLmAdapter implements ProviderAdapter {
  readonly providerId: string;

  constructor(private readonly provider: ProviderConfig) {
    this.providerId = provider.id;
  }

  async countTokens(call: Omit<ProviderCall, 'signal'>): Promise<number> {
    const model = await this.model(call.model);
    if (!model) return 0;
    let total = 0;
    for (const message of toLmMessages(call.messages)) total += await model.countTokens(message);
    return total;
  }

  async *stream(call: ProviderCall): AsyncIterable<StreamEvent> {
    const source = new vscode.CancellationTokenSource();
    const cancel = () => source.cancel();
    call.signal.addEventListener('abort', cancel, { once: true });
    try {
      yield* this.run(call, source.token);
    } finally {
      call.signal.removeEventListener('abort', cancel);
      source.dispose();
    }
  }

  private async *run(call: ProviderCall, token: vscode.CancellationToken): AsyncIterable<StreamEvent> {
    const model = await this.model(call.model);
    if (!model) {
      yield failure({ errorClass: 'bad-request', message: `VS Code offers no chat model "${call.model}" (is the extension that provides it installed and signed in?)` });
      return;
    }
    const messages = toLmMessages(call.messages);
    const parts: string[] = [];
    try {
      const input = await countAll(model, messages, token);
      const response = await model.sendRequest(messages, { justification: 'Baton sends the prompt you typed to this model.' }, token);
      for await (const text of response.text) {
        parts.push(text);
        yield { type: 'text', text };
      }
      const output = await model.countTokens(parts.join(''), token);
      yield { type: 'usage', usage: { input, output, cacheRead: 0, cacheWrite: 0 } };
      yield { type: 'finish', reason: 'stop' };
    } catch (error) {
      yield failure(classify(error, token.isCancellationRequested));
    }
  }

  private async model(id: string): Promise<vscode.LanguageModelChat | undefined> {
    const [exact] = await vscode.lm.selectChatModels({ id });
    if (exact) return exact;
    const [family] = await vscode.lm.selectChatModels({ family: id });
    return family;
  }
}

/** The Language Model API has no system role: system text goes first, as the user's. */
function toLmMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  return messages.map((message) =>
    message.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(message.content) : vscode.LanguageModelChatMessage.User(message.content),
  );
}

async function countAll(model: vscode.LanguageModelChat, messages: readonly vscode.LanguageModelChatMessage[], token: vscode.CancellationToken): Promise<number> {
  let total = 0;
  for (const message of messages) total += await model.countTokens(message, token);
  return total;
}

function failure(details: ProviderFailure): StreamEvent {
  return { type: 'error', failure: details };
}

function classify(error: unknown, cancelled: boolean): ProviderFailure {
  if (cancelled) return { errorClass: 'cancelled', message: 'cancelled' };
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof vscode.LanguageModelError) {
    if (error.code === vscode.LanguageModelError.NoPermissions().code) {
      return { errorClass: 'auth', message: `Baton may not use this model yet: allow it when VS Code asks (${message})` };
    }
    if (error.code === vscode.LanguageModelError.Blocked().code) return { errorClass: 'rate-limit', message };
    if (error.code === vscode.LanguageModelError.NotFound().code) return { errorClass: 'bad-request', message };
  }
  return { errorClass: 'unknown', message };
}

// The `vscode-lm` provider kind over VS Code's Language Model API (Copilot's and other
// extensions' chat models). The stream's rules live in providers/languageModelStream.ts; this
// is the port onto `vscode.lm`. The first request asks the user's consent, as VS Code
// requires: sendRequest shows that dialog itself, so it runs from a user action (a command).
import * as vscode from 'vscode';
import type { ProviderConfig } from '../../core/routing/routerConfig';
import type { ChatMessage, ProviderAdapter, ProviderCall, ProviderFailure, StreamEvent } from '../../core/routing/streamEvent';
import { type LanguageModelHandle, type LanguageModelPort, countLanguageModelInput, languageModelStream } from '../../providers/languageModelStream';

const JUSTIFICATION = 'Baton sends the prompt you typed to this model.';

export class VscodeLmAdapter implements ProviderAdapter {
  readonly providerId: string;

  constructor(provider: ProviderConfig) {
    this.providerId = provider.id;
  }

  countTokens(call: Omit<ProviderCall, 'signal'>): Promise<number> {
    return countLanguageModelInput(VSCODE_LM, call, new AbortController().signal);
  }

  stream(call: ProviderCall): AsyncIterable<StreamEvent> {
    return languageModelStream(VSCODE_LM, call);
  }
}

const VSCODE_LM: LanguageModelPort<vscode.LanguageModelChatMessage> = {
  async find(id) {
    const [model] = (await vscode.lm.selectChatModels({ id })).concat(await vscode.lm.selectChatModels({ family: id }));
    return model ? handleOf(model) : undefined;
  },
  toMessages: (messages) => messages.map(toLmMessage),
  classify,
};

function handleOf(model: vscode.LanguageModelChat): LanguageModelHandle<vscode.LanguageModelChatMessage> {
  return {
    countTokens: (input, signal) => withToken(signal, (token) => model.countTokens(input, token)),
    send: (messages, signal) => withToken(signal, async (token) => (await model.sendRequest([...messages], { justification: JUSTIFICATION }, token)).text, false),
  };
}

/** A CancellationToken that follows the AbortSignal (for as long as the returned work needs it). */
async function withToken<T>(signal: AbortSignal, work: (token: vscode.CancellationToken) => Thenable<T>, dispose = true): Promise<T> {
  const source = new vscode.CancellationTokenSource();
  const cancel = () => source.cancel();
  if (signal.aborted) source.cancel();
  signal.addEventListener('abort', cancel, { once: true });
  try {
    return await work(source.token);
  } finally {
    // A streamed response keeps its token: the signal still cancels it while text arrives.
    if (dispose) {
      signal.removeEventListener('abort', cancel);
      source.dispose();
    }
  }
}

/** The Language Model API has no system role: system text goes in as the user's. */
function toLmMessage(message: ChatMessage): vscode.LanguageModelChatMessage {
  return message.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(message.content) : vscode.LanguageModelChatMessage.User(message.content);
}

function classify(error: unknown): ProviderFailure {
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

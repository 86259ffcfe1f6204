// The `vscode-lm` kind's stream, apart from VS Code: the host hands in a port over
// `vscode.lm` (find a model, convert messages, classify its errors), so the rules here run and
// are tested in plain Node. The Language Model API reports no usage: input and output are
// counted with the model's own countTokens, exact for that model. The price is the user's
// subscription (pricing.ts), never a $0 price.
import type { ChatMessage, ProviderCall, ProviderFailure, StreamEvent } from '../core/routing/streamEvent';

/** One chat model as the host offers it. `signal` cancels the call (a CancellationToken inside). */
export interface LanguageModelHandle<M> {
  countTokens(input: string | M, signal: AbortSignal): Promise<number>;
  /** Sends the messages; VS Code asks the user's consent on the first call from an extension. */
  send(messages: readonly M[], signal: AbortSignal): Promise<AsyncIterable<string>>;
}

export interface LanguageModelPort<M> {
  /** The model with this id, else the first of this family; undefined when VS Code offers none. */
  find(id: string): Promise<LanguageModelHandle<M> | undefined>;
  toMessages(messages: readonly ChatMessage[]): M[];
  /** What a thrown error means (no permission, blocked, not found…). */
  classify(error: unknown): ProviderFailure;
}

const CANCELLED: ProviderFailure = { errorClass: 'cancelled', message: 'cancelled' };

export async function countLanguageModelInput<M>(port: LanguageModelPort<M>, call: Omit<ProviderCall, 'signal'>, signal: AbortSignal): Promise<number> {
  const model = await port.find(call.model);
  return model ? countAll(model, port.toMessages(call.messages), signal) : 0;
}

export async function* languageModelStream<M>(port: LanguageModelPort<M>, call: ProviderCall): AsyncGenerator<StreamEvent, void, undefined> {
  const model = await port.find(call.model).catch(() => undefined);
  if (!model) {
    yield { type: 'error', failure: { errorClass: 'bad-request', message: `VS Code offers no chat model "${call.model}" (is the extension that provides it installed and signed in?)` } };
    return;
  }
  const messages = port.toMessages(call.messages);
  const parts: string[] = [];
  try {
    const input = await countAll(model, messages, call.signal);
    for await (const text of await model.send(messages, call.signal)) {
      if (call.signal.aborted) break;
      parts.push(text);
      yield { type: 'text', text };
    }
    // VS Code ends a cancelled response quietly: without this check it would look complete.
    if (call.signal.aborted) {
      yield { type: 'error', failure: CANCELLED };
      return;
    }
    const output = parts.length > 0 ? await model.countTokens(parts.join(''), call.signal) : 0;
    yield { type: 'usage', usage: { input, output, cacheRead: 0, cacheWrite: 0 } };
    yield { type: 'finish', reason: 'stop' };
  } catch (error) {
    yield { type: 'error', failure: call.signal.aborted ? CANCELLED : port.classify(error) };
  }
}

async function countAll<M>(model: LanguageModelHandle<M>, messages: readonly M[], signal: AbortSignal): Promise<number> {
  let total = 0;
  for (const message of messages) total += await model.countTokens(message, signal);
  return total;
}

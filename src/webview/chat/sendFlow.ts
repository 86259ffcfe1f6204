// One message from the composer to its finished answer. The page picks the answer's id, so the
// `delta` notifications that stream the answer can be matched before the `send` request
// resolves; the request then brings the stored prompt, the stored answer with its meta, or an
// error with its fixes. Stop is a command, not a cancel: the partial answer comes back too.
import type { ChatError, ChatFix, ChatProtocol, ChatSendParams, ChatSendResult } from '../../shared/protocol/chat';
import { RequestCancelledError } from '../../shared/protocol/ipc';
import type { WebviewChannel } from '../common/hostChannel';
import type { AttachedLabel, Exchange, Transcript } from './transcript';

export type Outgoing = Omit<ChatSendParams, 'answerId' | 'conversationId'>;

export interface SendEvents {
  /** The request ended (answered or failed); `result` is null when it failed. */
  settled(exchange: Exchange, result: ChatSendResult | null): void;
  fix(fix: ChatFix, error: ChatError, retry: () => void): void;
}

/** 128 random bits: unique per answer, and not guessable from the page's other ids. */
function newAnswerId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `answer-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function failure(error: unknown): ChatError {
  const cancelled = error instanceof RequestCancelledError;
  return {
    kind: 'other',
    message: cancelled ? 'The answer was cut off (the view was reloaded or closed).' : error instanceof Error ? error.message : String(error),
    fixes: ['retry'],
    attempts: [],
    provider: null,
  };
}

export class SendFlow {
  private active: { readonly answerId: string; readonly exchange: Exchange } | null = null;

  constructor(
    private readonly channel: WebviewChannel<ChatProtocol>,
    private readonly transcript: Transcript,
    private readonly events: SendEvents,
  ) {}

  get streaming(): boolean {
    return this.active !== null;
  }

  /** Sends `message` into `conversationId` (null: a new conversation); false while one streams. */
  send(conversationId: string | null, message: Outgoing, attached: readonly AttachedLabel[], currentId: () => string | null): boolean {
    if (this.active) return false;
    const answerId = newAnswerId();
    const exchange = this.transcript.begin(message.text, attached);
    this.active = { answerId, exchange };
    const retry = () => void this.send(currentId(), message, attached, currentId);
    this.channel.request('send', { ...message, conversationId, answerId }).then(
      (result) => {
        this.active = null;
        exchange.showStoredPrompt(result.user);
        exchange.answer.finish(result.answer);
        const error = result.error;
        if (error) exchange.showError(error, (fix) => this.events.fix(fix, error, retry));
        this.events.settled(exchange, result);
      },
      (reason: unknown) => {
        this.active = null;
        exchange.answer.finish(null);
        const error = failure(reason);
        exchange.showError(error, (fix) => this.events.fix(fix, error, retry));
        this.events.settled(exchange, null);
      },
    );
    return true;
  }

  /** Asks the host to end the answer; what arrived so far stays and is costed as estimated. */
  stop(): void {
    if (!this.active) return;
    this.channel.command('stop', { answerId: this.active.answerId });
    this.active.exchange.answer.notice('Stopping…');
  }

  delta(answerId: string, text: string): boolean {
    if (this.active?.answerId !== answerId) return false;
    this.active.exchange.answer.append(text);
    return true;
  }

  notice(answerId: string, message: string): void {
    if (this.active?.answerId === answerId) this.active.exchange.answer.notice(message);
  }
}

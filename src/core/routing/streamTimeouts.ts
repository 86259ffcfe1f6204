// Timeouts on a provider's stream: to the first token, and between chunks. No total timeout: a
// long answer that keeps coming is fine however long it takes.
//
// - First token: no non-empty `text` event within `firstTokenTimeoutMs` of the start. Events
//   before it (Anthropic's message_start usage, an empty OpenAI role delta) do not stop this
//   clock, and the chunk timeout does not apply yet: a reasoning model may think in silence
//   for as long as the user allows the first token to take.
// - Chunk: once text flows, no event within `chunkTimeoutMs` of asking for the next one.
//   Time the consumer spends with an event (a slow webview) is not held against the provider.
// - On a timeout the call is aborted (the provider stops generating and billing), one `error`
//   event of class `timeout` is yielded, and the stream ends.
//
// Cost per chunk: one timestamp, one promise and a comparison. A single timer serves the whole
// stream: it is armed for the earliest possible deadline, and when it fires it checks the
// last activity and re-arms for the real deadline if the stream moved meanwhile, so a steady
// stream costs about one timer per `chunkTimeoutMs`, not one per chunk.
import type { StreamEvent } from './streamEvent';
import type { Timers } from './timers';

export interface StreamTimeoutOptions {
  /** Non-positive or infinite: no first-token timeout. */
  readonly firstTokenTimeoutMs: number;
  /** Non-positive or infinite: no chunk timeout. */
  readonly chunkTimeoutMs: number;
  readonly timers: Timers;
  /** Aborted on a timeout, so that the provider call stops. */
  readonly controller: AbortController;
}

const TIMED_OUT = Symbol('timed out');
type Waited = IteratorResult<StreamEvent> | typeof TIMED_OUT;

function limit(ms: number): number {
  return ms > 0 ? ms : Infinity;
}

/** Watches one stream: when it started, whether text came, when we began waiting. */
class StreamWatch {
  private readonly startedAt: number;
  private readonly firstTokenMs: number;
  private readonly chunkMs: number;
  private sawText = false;
  private waitingSince = 0;
  private wake: ((value: Waited) => void) | null = null;
  private cancelTimer: (() => void) | null = null;
  private timerDue = Infinity;

  constructor(private readonly options: StreamTimeoutOptions) {
    this.startedAt = options.timers.now();
    this.firstTokenMs = limit(options.firstTokenTimeoutMs);
    this.chunkMs = limit(options.chunkTimeoutMs);
  }

  /** The source's next event, or TIMED_OUT when its deadline passes first. */
  next(iterator: AsyncIterator<StreamEvent>): Promise<Waited> {
    const now = this.options.timers.now();
    this.waitingSince = now;
    const deadline = this.deadline();
    if (now >= deadline) return Promise.resolve(TIMED_OUT);
    this.arm(deadline, now);
    return new Promise<Waited>((resolve, reject) => {
      this.wake = resolve;
      iterator.next().then(
        (result) => {
          this.wake = null;
          resolve(result);
        },
        (error: unknown) => {
          this.wake = null;
          reject(error);
        },
      );
    });
  }

  received(event: StreamEvent): void {
    if (!this.sawText && event.type === 'text' && event.text.length > 0) this.sawText = true;
  }

  timeoutEvent(): StreamEvent {
    const message = this.sawText
      ? `The answer stalled: nothing arrived for ${seconds(this.chunkMs)} (chunk timeout).`
      : `No answer began within ${seconds(this.firstTokenMs)} (first-token timeout).`;
    return { type: 'error', failure: { errorClass: 'timeout', message } };
  }

  stop(): void {
    this.wake = null;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private deadline(): number {
    return this.sawText ? this.waitingSince + this.chunkMs : this.startedAt + this.firstTokenMs;
  }

  private arm(deadline: number, now: number): void {
    if (deadline === Infinity || (this.cancelTimer && this.timerDue <= deadline)) return;
    this.cancelTimer?.();
    this.timerDue = deadline;
    this.cancelTimer = this.options.timers.setTimer(deadline - now, () => this.onTimer());
  }

  private onTimer(): void {
    this.cancelTimer = null;
    this.timerDue = Infinity;
    // Not waiting: the consumer holds an event; the next wait arms the timer again.
    if (!this.wake) return;
    const now = this.options.timers.now();
    const deadline = this.deadline();
    if (now < deadline) {
      this.arm(deadline, now);
      return;
    }
    const wake = this.wake;
    this.wake = null;
    wake(TIMED_OUT);
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/** `source` with first-token and chunk timeouts (see the header). */
export async function* withStreamTimeouts(source: AsyncIterable<StreamEvent>, options: StreamTimeoutOptions): AsyncGenerator<StreamEvent, void, undefined> {
  const watch = new StreamWatch(options);
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  try {
    for (;;) {
      const result = await watch.next(iterator);
      if (result === TIMED_OUT) {
        options.controller.abort();
        yield watch.timeoutEvent();
        return;
      }
      if (result.done) {
        ended = true;
        return;
      }
      watch.received(result.value);
      yield result.value;
    }
  } finally {
    watch.stop();
    // Closes the source when we stop early; not awaited, as a stalled source may never settle.
    if (!ended) iterator.return?.()?.catch(() => undefined);
  }
}

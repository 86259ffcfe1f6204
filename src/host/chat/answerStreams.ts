// The answers streaming now, by the id the page gave each: Stop (the page's button, Esc, or
// `Baton: Stop Chat Answer`) aborts one answer's controller, and the `send` request then
// resolves with what arrived. The channel's own cancel (the page reloaded or went away) aborts
// it too. Kept free of `vscode` on purpose: it is plain bookkeeping.

export class AnswerStreams {
  private readonly controllers = new Map<string, AbortController>();

  /** @param onCountChange told whether any answer is streaming, for the context key. */
  constructor(private readonly onCountChange: (streaming: boolean) => void) {}

  get streaming(): boolean {
    return this.controllers.size > 0;
  }

  /** Runs `answer` with a signal that Stop or the channel's signal aborts; forgets it when done. */
  async run<T>(answerId: string, channelSignal: AbortSignal, answer: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.controllers.has(answerId)) throw new Error(`The answer ${answerId} is already streaming.`);
    const controller = new AbortController();
    const forward = () => controller.abort(channelSignal.reason);
    if (channelSignal.aborted) forward();
    else channelSignal.addEventListener('abort', forward, { once: true });
    this.controllers.set(answerId, controller);
    if (this.controllers.size === 1) this.onCountChange(true);
    try {
      return await answer(controller.signal);
    } finally {
      channelSignal.removeEventListener('abort', forward);
      this.controllers.delete(answerId);
      if (this.controllers.size === 0) this.onCountChange(false);
    }
  }

  /** False when no such answer is streaming (it ended already): nothing to do. */
  stop(answerId: string): boolean {
    const controller = this.controllers.get(answerId);
    controller?.abort(new Error('Stopped by the user.'));
    return controller !== undefined;
  }

  /** Stops every answer of this window; the number stopped. */
  stopAll(): number {
    const all = [...this.controllers.values()];
    for (const controller of all) controller.abort(new Error('Stopped by the user.'));
    return all.length;
  }
}

// The in-page half of the chat benchmark, as source text run with page.evaluate: it replays a
// list of chunks at a fixed rate (catching up if a timer fires late, so the average rate holds)
// and times, inside the page, each chunk's handler, each animation frame's callbacks (the
// chat's render runs there) and the gaps between frames. `mode` "chat" dispatches the chunks as
// the host's `delta` notifications; "pre" appends them to a plain <pre>, the floor.
export interface StreamTimings {
  /** Per chunk: the synchronous time of its handler, ms. */
  readonly handlerMs: number[];
  /** Per animation frame in which the page rendered: the time in its callbacks, ms. */
  readonly renderMs: number[];
  /** Per chunk: its handler plus the render of the frame that showed it, if it was the last chunk before that frame. */
  readonly perChunkMs: number[];
  /** Gaps between consecutive animation frames while streaming, ms. */
  readonly frameGapMs: number[];
  /** Main-thread tasks over 50 ms (PerformanceObserver "longtask"). */
  readonly longTasks: number[];
  readonly wallMs: number;
}

export interface StreamPlan {
  readonly mode: 'chat' | 'pre';
  readonly answerId: string;
  readonly chunks: readonly string[];
  readonly intervalMs: number;
}

/** Runs in the page (page.evaluate); keep it free of imports and helpers from outside. */
export function streamInPage(plan: StreamPlan): Promise<StreamTimings> {
  type Win = {
    requestAnimationFrame(cb: (t: number) => void): number;
    dispatchEvent(e: unknown): boolean;
    MessageEvent: new (type: string, init: { data: unknown }) => unknown;
    document: { createElement(tag: string): { appendChild(n: unknown): void; append(t: string): void; firstChild: unknown }; body: { appendChild(n: unknown): void } };
    PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(o: { entryTypes: string[] }): void; disconnect(): void };
  };
  const w = globalThis as unknown as Win;
  const rawRaf = w.requestAnimationFrame.bind(w);
  const handlerMs: number[] = [];
  const perChunkMs: number[] = [];
  const renderMs: number[] = [];
  const frameGapMs: number[] = [];
  const longTasks: number[] = [];
  let frameWork = 0;
  /** The last chunk handled: a render shows it (and the ones before it in the same frame). */
  let lastChunk = -1;
  // The page's own frame callbacks are timed: that is where the chat renders. Their time is
  // charged to the last chunk before the frame, the one whose arrival the frame shows.
  w.requestAnimationFrame = (cb) =>
    rawRaf((t) => {
      const start = performance.now();
      try {
        cb(t);
      } finally {
        const took = performance.now() - start;
        frameWork += took;
        if (lastChunk >= 0) perChunkMs[lastChunk] = (perChunkMs[lastChunk] ?? 0) + took;
      }
    });
  const observer = new w.PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  });
  try {
    observer.observe({ entryTypes: ['longtask'] });
  } catch {
    // Not every build reports long tasks; the frame gaps still show a stall.
  }
  const pre = w.document.createElement('pre');
  if (plan.mode === 'pre') w.document.body.appendChild(pre);

  return new Promise((resolve) => {
    let sent = 0;
    let lastFrame = -1;
    let streaming = true;
    const started = performance.now();
    // Measures every frame while streaming: the gap since the previous one, and the page's
    // render work in the frame before (its callbacks were queued after this one).
    const onFrame = (): void => {
      const now = performance.now();
      if (lastFrame >= 0) frameGapMs.push(now - lastFrame);
      lastFrame = now;
      if (frameWork > 0) renderMs.push(frameWork);
      frameWork = 0;
      if (streaming) rawRaf(onFrame);
    };
    rawRaf(onFrame);
    const tick = (): void => {
      const due = Math.floor((performance.now() - started) / plan.intervalMs) + 1;
      while (sent < Math.min(due, plan.chunks.length)) {
        const text = plan.chunks[sent] ?? '';
        const start = performance.now();
        if (plan.mode === 'chat') w.dispatchEvent(new w.MessageEvent('message', { data: { kind: 'notification', method: 'delta', params: { answerId: plan.answerId, text } } }));
        else pre.append(text);
        const took = performance.now() - start;
        handlerMs.push(took);
        perChunkMs.push(took);
        lastChunk = sent;
        sent++;
      }
      if (sent < plan.chunks.length) {
        setTimeout(tick, Math.max(0, started + sent * plan.intervalMs - performance.now()));
        return;
      }
      // Two more frames, so the last chunks' render is counted.
      rawRaf(() =>
        rawRaf(() => {
          streaming = false;
          rawRaf(() => {
            observer.disconnect();
            resolve({ handlerMs, renderMs, perChunkMs, frameGapMs, longTasks, wallMs: performance.now() - started });
          });
        }),
      );
    };
    setTimeout(tick, plan.intervalMs);
  });
}

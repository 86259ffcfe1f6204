// npm run bench:chat — what a streaming answer costs the chat page: a 10,000-token answer with
// code blocks, lists, tables and quotes arriving at 200 chunks per second, replayed inside the
// real page in headless Chromium (bench/support/chatWebview.ts). Reports the page's time per
// chunk (its handler plus the render of the frame that showed it), the render time per frame,
// the gaps between frames and long tasks; and the same chunks appended to a plain <pre> in the
// same run, the floor. Writes bench/results/chat.json. `--quick` runs one round, writes nothing.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { startHarness } from '../test/webview/harness';
import { ANSWER_TOKENS, CHUNKS_PER_SECOND, type RoundResult, benchAnswer, chatRound, preRound } from './support/chatWebview';
import type { StreamTimings } from './support/chatStream';
import { machineFacts, median, percentile, round } from './support/stats';

const ROOT = resolve(__dirname, '..');
const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 1 : 3;
const GOALS = { perChunkP99Ms: 4, longestFrameMs: 16 };
/** A frame gap this long means at least one frame (of 16.7 ms at 60 Hz) was dropped. */
const DROPPED_GAP_MS = 25;
const log = (message: string) => console.error(`[bench:chat ${new Date().toISOString().slice(11, 19)}] ${message}`);

const stats = (values: readonly number[]) => ({
  p50: round(median(values)),
  p99: round(percentile(values, 99)),
  max: round(Math.max(...values)),
  n: values.length,
});

function summarize(rounds: readonly StreamTimings[]) {
  const all = (pick: (r: StreamTimings) => readonly number[]) => rounds.flatMap(pick);
  const gaps = all((r) => r.frameGapMs);
  return {
    perChunkMs: stats(all((r) => r.perChunkMs)),
    handlerMs: stats(all((r) => r.handlerMs)),
    renderPerFrameMs: all((r) => r.renderMs).length > 0 ? stats(all((r) => r.renderMs)) : null,
    frameGapMs: stats(gaps),
    droppedFrameGaps: gaps.filter((g) => g > DROPPED_GAP_MS).length,
    longTasks: all((r) => r.longTasks).length,
    wallMs: stats(rounds.map((r) => r.wallMs)),
  };
}

async function main(): Promise<void> {
  const load = { start: round(loadavg()[0] ?? 0) };
  const { text, chunks } = benchAnswer();
  const harness = await startHarness('chat');
  const chat: RoundResult[] = [];
  const floor: StreamTimings[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      // Alternating which goes first, so neither always meets a warmer browser.
      const pair = [async () => chat.push(await chatRound(harness, text, chunks)), async () => floor.push(await preRound(harness, chunks))];
      for (const run of i % 2 === 0 ? pair : pair.reverse()) await run();
      const last = chat.at(-1);
      log(`round ${i + 1}/${ROUNDS}: chat p99 ${round(percentile(last?.perChunkMs ?? [], 99))} ms per chunk, longest render ${round(Math.max(...(last?.renderMs ?? [0])))} ms`);
    }
  } finally {
    await harness.close();
  }
  const page = { ...summarize(chat), finishMs: stats(chat.map((r) => r.finishMs)), blocks: chat[0]?.blocks ?? 0 };
  const reference = summarize(floor);
  const results = {
    benchmark: 'chat',
    date: new Date().toISOString(),
    machine: { ...machineFacts(), browser: 'Chromium (/usr/bin/chromium), headless, --disable-gpu', loadAverage1m: { ...load, end: round(loadavg()[0] ?? 0) } },
    goals: GOALS,
    goalsMet: {
      perChunkP99Ms: page.perChunkMs.p99 < GOALS.perChunkP99Ms,
      longestFrameMs: (page.renderPerFrameMs?.max ?? 0) <= GOALS.longestFrameMs && page.droppedFrameGaps === 0,
    },
    answer: { tokensApprox: ANSWER_TOKENS, characters: text.length, chunks: chunks.length, meanChunkChars: round(text.length / chunks.length), chunksPerSecond: CHUNKS_PER_SECOND, rounds: ROUNDS, viewport: '360×800 (a sidebar), Dark+ theme variables' },
    page,
    reference: { what: 'the same chunks appended to a plain <pre> in a fresh page of the same harness', ...reference },
    ratios: { perChunkP50OverPre: round(page.perChunkMs.p50 / reference.perChunkMs.p50), perChunkP99OverPre: round(page.perChunkMs.p99 / reference.perChunkMs.p99) },
    notes: [
      'perChunkMs: a chunk\'s handler (channel validation, append, line scan) plus, for the last chunk before a frame, that frame\'s render (markdown-it + DOMPurify of the open tail, inserting frozen blocks); chunks between renders pay only their handler.',
      'renderPerFrameMs: the page\'s requestAnimationFrame callbacks in one frame (the chat renders at most once per frame), script time only.',
      'frameGapMs / droppedFrameGaps: gaps between animation frames while streaming; a gap over 25 ms means a frame was missed (layout and paint included).',
    ],
    excludes: [
      'style recalculation, layout and paint after each render, except as they show in the frame gaps',
      'the host side: the router, the provider stream and postMessage across the webview boundary (chunks are dispatched inside the page as the host\'s messages would arrive)',
      'finishMs is reported apart: the end of the stream (last tail render and the meta lines), once per answer',
      'the page load and the first state',
    ],
  };
  if (QUICK) console.log(JSON.stringify(results, null, 2));
  else writeFileSync(join(ROOT, 'bench', 'results', 'chat.json'), JSON.stringify(results, null, 2) + '\n');
  log(`chat per chunk p50 ${page.perChunkMs.p50} ms, p99 ${page.perChunkMs.p99} ms (goal < ${GOALS.perChunkP99Ms}); longest render ${page.renderPerFrameMs?.max} ms; dropped gaps ${page.droppedFrameGaps}; <pre> p99 ${reference.perChunkMs.p99} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

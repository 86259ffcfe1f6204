// Drives the real chat page (the webview tests' harness: the esbuild bundle, media/chat.css,
// the CSP) in headless Chromium at sidebar size: sends a message, streams the long answer into
// it at a fixed rate (chatStream.ts), then resolves the request; and the same chunks appended
// to a plain <pre> in a fresh page, the floor.
import { answerMessage, chunksOf, longAnswer, meta, sendResult, state } from '../../test/webview/chatFixtures';
import { type SidebarHarness, type SidebarPage, openWebview } from '../../test/webview/harness';
import { applyTheme } from '../../test/webview/theme';
import { chatProtocol, chatState } from '../../src/shared/protocol/chat';
import { type StreamTimings, streamInPage } from './chatStream';

export const ANSWER_TOKENS = 10_000;
export const CHUNKS_PER_SECOND = 200;
/** 1–30 characters a chunk, about four tokens on average, as providers stream. */
const MAX_CHUNK = 30;

export interface RoundResult extends StreamTimings {
  /** From the `send` response arriving to the finished answer (the last tail render and the meta). */
  readonly finishMs: number;
  readonly blocks: number;
}

// tsx names the functions it compiles with esbuild's `__name` helper, which the page lacks.
const NAME_SHIM = 'globalThis.__name = (target) => target;';

async function open(harness: SidebarHarness): Promise<SidebarPage> {
  const view = await openWebview(harness, { viewport: { width: 360, height: 800 } });
  await applyTheme(view.page);
  await view.page.evaluate(NAME_SHIM);
  return view;
}

export function benchAnswer(): { text: string; chunks: string[] } {
  const text = longAnswer(ANSWER_TOKENS);
  return { text, chunks: chunksOf(text, MAX_CHUNK, 11) };
}

export async function chatRound(harness: SidebarHarness, text: string, chunks: readonly string[]): Promise<RoundResult> {
  const view = await open(harness);
  try {
    const load = await view.waitForRequest('load');
    await view.respond(load.id, chatState(state(), 'state'));
    await view.page.getByTestId('prompt').fill('Explain the router');
    await view.page.getByTestId('prompt').press('Enter');
    const send = await view.waitForRequest('send');
    const answerId = (send.params as { answerId: string }).answerId;
    const timings = await view.page.evaluate(streamInPage, { mode: 'chat', answerId, chunks: [...chunks], intervalMs: 1000 / CHUNKS_PER_SECOND } as const);
    const result = chatProtocol.toHost.requests.send.result(sendResult({ conversationId: null, text: 'Explain the router' }, answerMessage('a-1', text, meta())), 'result');
    const finishMs = await view.page.evaluate(
      ([id, data]) => {
        const g = globalThis as unknown as { dispatchEvent(e: unknown): boolean; MessageEvent: new (t: string, i: { data: unknown }) => unknown };
        const start = performance.now();
        g.dispatchEvent(new g.MessageEvent('message', { data: { kind: 'response', id, result: data } }));
        return performance.now() - start;
      },
      [send.id, result] as const,
    );
    const shown = await view.page.getByTestId('answer-body').innerText();
    if (!shown.includes('export default value0;')) throw new Error('The chat page did not show the whole answer.');
    if (view.errors.length > 0) throw new Error(`The chat page logged errors: ${view.errors.join(' | ')}`);
    const blocks = await view.page.getByTestId('answer-body').evaluate((body) => body.childElementCount);
    return { ...timings, finishMs, blocks };
  } finally {
    await view.close();
  }
}

export async function preRound(harness: SidebarHarness, chunks: readonly string[]): Promise<StreamTimings> {
  const view = await open(harness);
  try {
    return await view.page.evaluate(streamInPage, { mode: 'pre', answerId: 'none', chunks: [...chunks], intervalMs: 1000 / CHUNKS_PER_SECOND } as const);
  } finally {
    await view.close();
  }
}

// Chat view states and a fake host for the webview tests (and bench/chat.bench.ts), built by
// hand and checked with the protocol's own validators before they reach the page. Money is
// integer nano-dollars, as on the wire.
import type { Page } from 'playwright-core';
import {
  type AnswerMeta, type ChatError, type ChatMessageView, type ChatSendResult, type ChatState, type ConversationSummaryView, type ConversationView,
  chatProtocol, chatState,
} from '../../src/shared/protocol/chat';
import { type OpenOptions, type PageGlobals, type PostedRequest, type SidebarPage, useSidebarPerTest } from './harness';
import { applyTheme } from './theme';

export const NOW = '2026-11-24T10:30:00.000Z';
export const HOSTILE = '<img src=x onerror="window.__pwned=1">';
export const usd = (dollars: number): number => Math.round(dollars * 1e9);

export function meta(overrides: Partial<AnswerMeta> = {}): AnswerMeta {
  return {
    provider: 'OpenAI', model: 'gpt-4o', inputTokens: 1_234, outputTokens: 567, cachedTokens: 200, costNanos: usd(0.0123), pricing: 'priced',
    estimated: false, latencyMs: 2_400, ttftMs: 310, cacheHit: false, fallback: { used: false, reason: null }, status: 'ok', strategy: 'balanced',
    why: 'gpt-4o: cheapest model with a healthy record for this prompt size', redacted: [], ...overrides,
  };
}

export function userMessage(id: string, text: string, overrides: Partial<ChatMessageView> = {}): ChatMessageView {
  return { id, role: 'user', text, at: NOW, attachments: [], meta: null, ...overrides };
}

export function answerMessage(id: string, text: string, answerMeta: AnswerMeta | null = meta()): ChatMessageView {
  return { id, role: 'assistant', text, at: NOW, attachments: [], meta: answerMeta };
}

export function summary(id: string, overrides: Partial<ConversationSummaryView> = {}): ConversationSummaryView {
  return { id, title: `Conversation ${id}`, updatedAt: NOW, messages: 2, costNanos: usd(0.0123), ...overrides };
}

export function conversation(id: string, messages: ChatMessageView[], overrides: Partial<ConversationView> = {}): ConversationView {
  return { id, title: `Conversation ${id}`, createdAt: NOW, updatedAt: NOW, costNanos: usd(0.0123), estimated: false, messages, ...overrides };
}

export const MODELS: ChatState['models'] = [
  { provider: 'openai', model: 'gpt-4o', label: 'OpenAI · gpt-4o', detail: '$2.50 / $10 per 1M tokens', available: true },
  { provider: 'anthropic', model: 'claude-sonnet-4', label: 'Anthropic · claude-sonnet-4', detail: 'No API key set', available: false },
  { provider: 'groq', model: 'llama-3.3-70b', label: 'Groq · llama-3.3-70b', detail: '$0.59 / $0.79 per 1M tokens', available: true },
];

export function state(overrides: Partial<ChatState> = {}): ChatState {
  return {
    conversations: [summary('c-1', { title: 'Fix the rounding bug' }), summary('c-2', { title: 'Add VAT', costNanos: usd(0.5), messages: 6 })],
    current: null,
    models: MODELS,
    hasProviders: true,
    context: { selection: { file: 'src/cart.ts', lines: 12 }, file: { file: 'src/cart.ts', lines: 240 }, briefing: true, knowledge: 3, trusted: true },
    strategy: 'balanced',
    approvalThresholdUsd: 0.5,
    ...overrides,
  };
}

export function chatError(kind: ChatError['kind'], overrides: Partial<ChatError> = {}): ChatError {
  return { kind, message: `failed: ${kind}`, fixes: [], attempts: [], provider: null, ...overrides };
}

export function sendResult(params: { conversationId: string | null; text: string }, answer: ChatMessageView | null, error: ChatError | null = null): ChatSendResult {
  const id = params.conversationId ?? 'c-new';
  return { conversation: summary(id, { title: params.text.slice(0, 40) }), user: userMessage(`u-${Date.now()}-${Math.random()}`, params.text), answer, error };
}

/** A small deterministic generator (mulberry32), so the long answer is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'the router picks a model for each request and records its cost in the ledger while budgets and retries keep the answer flowing across providers'.split(' ');

/**
 * An answer of about `tokens` tokens (four characters each) with what LLMs write: headings,
 * paragraphs, bullet and numbered lists (some loose), fenced code in several languages, a
 * table, quotes and inline code.
 */
export function longAnswer(tokens = 10_000): string {
  const next = random(42);
  const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
  const parts: string[] = [];
  let section = 0;
  while (parts.join('\n\n').length < tokens * 4) {
    section++;
    parts.push(`## Step ${section}: ${words(4)}`);
    parts.push(`${words(30)} \`inline_${section}()\` ${words(25)}.\n${words(20)} **${words(3)}** and _${words(2)}_.`);
    parts.push(Array.from({ length: 4 }, (_, i) => `- ${words(8)} ${i}`).join('\n'));
    parts.push(`Then run:\n\`\`\`ts\n${Array.from({ length: 12 }, (_, i) => `const value${i} = compute(${i}, '${words(3)}');`).join('\n')}\n\n// ${words(6)}\nexport default value0;\n\`\`\``);
    if (section % 2 === 0) parts.push(Array.from({ length: 3 }, (_, i) => `${i + 1}. ${words(10)}`).join('\n\n'));
    if (section % 3 === 0) parts.push(`| model | cost |\n|---|--:|\n| ${words(1)} | $${section}.00 |\n| ${words(1)} | $0.${section} |`);
    if (section % 4 === 0) parts.push(`> ${words(15)}\n> ${words(10)}`);
    if (section % 5 === 0) parts.push(`~~~python\ndef step_${section}():\n    return "${words(4)}"\n~~~`);
  }
  return `${parts.join('\n\n')}\n`;
}

/** `text` cut into chunks of 1 to `max` characters, the way a provider's stream arrives. */
export function chunksOf(text: string, max = 16, seed = 7): string[] {
  const next = random(seed);
  const chunks: string[] = [];
  for (let i = 0; i < text.length; ) {
    const size = 1 + Math.floor(next() * max);
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  return chunks;
}

type ToHostRequest = keyof typeof chatProtocol.toHost.requests;

/** Plays the host: answers the page's requests (validated by the protocol first) and streams. */
export class FakeChatHost {
  private readonly answered: number[] = [];

  constructor(readonly view: SidebarPage) {}

  /** The next unanswered request of `method`, without answering it. */
  next(method: ToHostRequest): Promise<PostedRequest> {
    return this.view.waitForRequest(method, this.answered);
  }

  async answer(request: PostedRequest, result: unknown): Promise<void> {
    const spec = chatProtocol.toHost.requests[request.method as ToHostRequest];
    this.answered.push(request.id);
    await this.view.respond(request.id, spec.result(result, 'result'));
  }

  async fail(request: PostedRequest, message: string): Promise<void> {
    this.answered.push(request.id);
    await this.view.respondError(request.id, message);
  }

  skip(request: PostedRequest): void {
    this.answered.push(request.id);
  }

  async load(value: ChatState = state()): Promise<PostedRequest> {
    const request = await this.next('load');
    await this.answer(request, chatState(value, 'state'));
    return request;
  }

  /** Streams `chunks` as `delta` notifications, all in one turn of the page's event loop. */
  async stream(answerId: string, chunks: readonly string[]): Promise<void> {
    await this.view.page.evaluate(
      ([id, parts]) => {
        const g = globalThis as unknown as PageGlobals;
        for (const text of parts) g.dispatchEvent(new g.MessageEvent('message', { data: { kind: 'notification', method: 'delta', params: { answerId: id, text } } }));
      },
      [answerId, [...chunks]] as const,
    );
  }

  /** What the page posted as commands, in the tests' shorthand (without `ready`). */
  async commands(): Promise<{ type: string; [key: string]: unknown }[]> {
    return (await this.view.posted()).filter((p) => p.type !== 'ready' && !p.type.startsWith('unexpected'));
  }
}

export const answerIdOf = (request: PostedRequest): string => (request.params as { answerId: string }).answerId;

/** Waits for two animation frames, so everything the page scheduled has rendered. */
export function frames(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const g = globalThis as unknown as { requestAnimationFrame(f: () => void): void };
        g.requestAnimationFrame(() => g.requestAnimationFrame(() => resolve()));
      }),
  );
}

/** One harness per suite, a fresh chat page per test (console errors fail a passing test). */
export function useChatPage(options: OpenOptions = {}): () => SidebarPage {
  const current = useSidebarPerTest(options, 'chat');
  beforeEach(async () => applyTheme(current().page));
  return current;
}

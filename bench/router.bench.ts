// npm run bench:router — what the LLM router adds to a request, against the raw `openai` SDK
// (streaming chat.completions.create, include_usage, maxRetries 0) calling the same local
// OpenAI-format wire server in the same run: interleaved rounds (router batch, raw batch, the
// order alternating, warm-up rounds first) at 1, 10 and 50 concurrent requests with an
// 8,000-token prompt; a 200-chunk answer for the per-chunk cost; the same with a budget
// configured (the cross-process reservation, a durable write, on the request's path); the
// durable ledger write alone; heap growth over 10,000 sequential requests. A fresh database
// per section. The wire server runs in its own process (support/routerBenchKit.ts).
// Writes bench/results/router.json. `--quick` runs a small version and writes nothing;
// BENCH_ONLY=plain|perChunk|budget|ledgerWrite|promptSteps|heap runs one section and prints it (BENCH_TRACE=1: progress).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI from 'openai';
import { createRouterServices, type RouterServices } from '../src/app/routerServices';
import type { LedgerEntry } from '../src/core/costs/ledgerPorts';
import { parseRouterConfig } from '../src/core/routing/routerConfigParser';
import type { ChatMessage } from '../src/core/routing/streamEvent';
import { BatonDatabase } from '../src/storage/batonDatabase';
import { LedgerStore } from '../src/storage/ledgerStore';
import { NOTES, type ReplySpec, appendFdatasyncTimes, buildPrompt, fileSystemOf, inMemoryFetch, promptSteps, sourceOf, startWire, stopWire } from './support/routerBenchKit';
import { machineFacts, median, percentile, round } from './support/stats';
import { timeLedgerWrites } from './support/routerLedgerWrites';

const ROOT = resolve(__dirname, '..');
const WASM = join(ROOT, 'node_modules', 'sql.js', 'dist');
const QUICK = process.argv.includes('--quick');
const GOALS = { addedP50Ms: 0.3, addedP99Ms: 1.5, addedTtftP50Ms: 0.5, perChunkUs: 20, heapGrowthMiB: 2 };
const MODEL = 'gpt-4o-mini';
const MAX_TOKENS = 1024;
const PROMPT_TOKENS = 8_000;
const LONG_CHUNKS = 200;
const WARMUP_ROUNDS = 1;
const ROUNDS = QUICK ? 2 : 5;
const BUDGET_ROUNDS = QUICK ? 2 : 4;
/** Per concurrency, the waves of a batch: each wave sends `concurrency` requests at once and waits for them all. */
const LEVELS = [{ concurrency: 1, waves: QUICK ? 20 : 100 }, { concurrency: 10, waves: QUICK ? 2 : 10 }, { concurrency: 50, waves: QUICK ? 1 : 2 }];
const CHUNK_REQUESTS = QUICK ? 10 : 60;
const MEMORY_CHUNK_REQUESTS = QUICK ? 20 : 100;
const LEDGER_WRITES = QUICK ? 50 : 300;
const HEAP_WARMUP = QUICK ? 100 : 300;
const HEAP_REQUESTS = QUICK ? 1_000 : 10_000;
const HEAP_RAW_REQUESTS = QUICK ? 500 : 2_000;
const SHORT_ANSWER = 'Pass an AbortSignal to create() and call abort(): the SDK closes the stream.';

type Ms = number;
interface Sample { ttft: Ms; lastChunk: Ms; end: Ms; chunkSpan: Ms; chunks: number }
interface Batch { samples: Sample[]; cpuMs: number }
type Client = (messages: readonly ChatMessage[]) => Promise<Sample>;

const now = () => performance.now();
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mib = (bytes: number) => round(bytes / 2 ** 20, 2);
const p50p99 = (values: number[], digits = 3) => ({ p50: round(median(values), digits), p99: round(percentile(values, 99), digits) });
const log = (message: string) => console.error(`[bench:router ${new Date().toISOString().slice(11, 19)}] ${message}`);

async function openRouter(dir: string, name: string, baseUrl: string, budgets: Record<string, unknown> = {}) {
  const database = await BatonDatabase.open({ path: join(dir, `${name}.db`), wasmDir: WASM });
  const models = [{ id: MODEL, input: 0.15, output: 0.6, cacheRead: 0.075, contextWindow: 128_000 }];
  const config = parseRouterConfig({ providers: [{ id: 'openai', kind: 'openai', baseUrl, models }], budgets }, 'bench');
  const services = createRouterServices(database, { config: () => config, apiKeys: { key: async () => 'sk-bench', howToSet: () => 'not needed' } });
  return { database, services };
}

function routerClient(services: RouterServices, expectInput: number): Client {
  return async (messages) => {
    let first = NaN;
    let last = NaN;
    let chunks = 0;
    const start = now();
    const result = await services.router.route({ messages, maxTokens: MAX_TOKENS }, {
      onText: () => {
        last = now();
        if (chunks++ === 0) first = last;
      },
    });
    const end = now();
    if (result.status !== 'ok' || result.estimated || result.usage.input !== expectInput || result.redacted.length > 0) throw new Error(`unexpected router result: ${JSON.stringify(result)}`);
    return { ttft: first - start, lastChunk: last - start, end: end - start, chunkSpan: last - first, chunks };
  };
}

/** The same request with the SDK alone: the body the router's adapter sends for an `openai` provider. */
function rawClient(baseURL: string, expectInput: number, fetch?: typeof globalThis.fetch): Client {
  const client = new OpenAI({ apiKey: 'sk-bench', baseURL, maxRetries: 0, logLevel: 'off', organization: null, project: null, ...(fetch && { fetch }) });
  return async (messages) => {
    let first = NaN;
    let last = NaN;
    let chunks = 0;
    let input: number | undefined;
    const parts: string[] = [];
    const start = now();
    const stream = await client.chat.completions.create({
      model: MODEL, messages: messages.map((m) => ({ role: m.role, content: m.content })), stream: true, max_completion_tokens: MAX_TOKENS, stream_options: { include_usage: true },
    });
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta?.content;
      if (text) {
        last = now();
        if (chunks++ === 0) first = last;
        parts.push(text);
      }
      if (chunk.usage) input = chunk.usage.prompt_tokens;
    }
    const end = now();
    if (input !== expectInput || parts.length === 0) throw new Error('unexpected raw answer');
    return { ttft: first - start, lastChunk: last - start, end: end - start, chunkSpan: last - first, chunks };
  };
}

/**
 * `waves` waves of `concurrency` requests sent at once: both sides have the same requests in flight, whatever their speed
 * (workers sending one request after another would let the slower side offer less load). gc first, so neither side pays
 * for the other's garbage.
 */
async function batch(client: Client, messages: readonly ChatMessage[], concurrency: number, waves: number): Promise<Batch> {
  gc();
  const samples: Sample[] = [];
  const cpu = process.cpuUsage();
  for (let w = 0; w < waves; w++) samples.push(...(await Promise.all(Array.from({ length: concurrency }, () => client(messages)))));
  const used = process.cpuUsage(cpu);
  return { samples, cpuMs: (used.user + used.system) / 1000 / samples.length };
}

/** Warm-up rounds, then ROUNDS rounds of one router batch and one raw batch, the order alternating. */
async function interleaved(router: Client, raw: Client, messages: readonly ChatMessage[], concurrency: number, waves: number, measured = ROUNDS) {
  const rounds: { router: Batch; raw: Batch }[] = [];
  for (let r = -WARMUP_ROUNDS; r < measured; r++) {
    const routerFirst = r % 2 === 0;
    const a = await batch(routerFirst ? router : raw, messages, concurrency, waves);
    const b = await batch(routerFirst ? raw : router, messages, concurrency, waves);
    if (r >= 0) rounds.push(routerFirst ? { router: a, raw: b } : { router: b, raw: a });
  }
  return rounds;
}

type Rounds = Awaited<ReturnType<typeof interleaved>>;
type Key = 'ttft' | 'lastChunk' | 'end';

/** Router minus raw, paired by round: the median over rounds of (router's percentile − raw's percentile in the same round). */
function added(rounds: Rounds, key: Key, p: number): number {
  return median(rounds.map(({ router, raw }) => percentile(router.samples.map((s) => s[key]), p) - percentile(raw.samples.map((s) => s[key]), p)));
}

function latencyFigures(rounds: Rounds, concurrency: number, waves: number) {
  const all = (side: 'router' | 'raw', key: Key) => rounds.flatMap((round) => round[side].samples.map((s) => s[key]));
  const addedOf = (key: Key) => ({ p50: round(added(rounds, key, 50), 3), p99: round(added(rounds, key, 99), 3) });
  const cpu = (side: 'router' | 'raw') => median(rounds.map((round) => round[side].cpuMs));
  const lastChunk = addedOf('lastChunk');
  const ttft = addedOf('ttft');
  return {
    concurrency,
    requestsPerBatch: concurrency * waves,
    rounds: rounds.length,
    addedMs: {
      untilLastChunk: lastChunk,
      untilResolved: addedOf('end'),
      ttft,
      perRoundP50UntilLastChunk: rounds.map(({ router, raw }) => round(median(router.samples.map((s) => s.lastChunk)) - median(raw.samples.map((s) => s.lastChunk)), 3)),
      cpuPerRequest: round(cpu('router') - cpu('raw'), 3),
    },
    router: { untilLastChunkMs: p50p99(all('router', 'lastChunk')), resolvedMs: p50p99(all('router', 'end')), ttftMs: p50p99(all('router', 'ttft')), cpuMsPerRequest: round(cpu('router'), 3) },
    raw: { untilLastChunkMs: p50p99(all('raw', 'lastChunk')), streamEndMs: p50p99(all('raw', 'end')), ttftMs: p50p99(all('raw', 'ttft')), cpuMsPerRequest: round(cpu('raw'), 3) },
    met: { addedP50: lastChunk.p50 <= GOALS.addedP50Ms, addedP99: lastChunk.p99 <= GOALS.addedP99Ms, addedTtftP50: ttft.p50 <= GOALS.addedTtftP50Ms },
  };
}

async function latencySection(dir: string, name: string, baseUrl: string, prompt: ReturnType<typeof buildPrompt>, budgets: Record<string, unknown> = {}, measured = ROUNDS) {
  const { database, services } = await openRouter(dir, name, baseUrl, budgets);
  const router = routerClient(services, prompt.tokens);
  const raw = rawClient(baseUrl, prompt.tokens);
  const levels = [];
  for (const { concurrency, waves } of LEVELS) {
    log(`${name}: ${concurrency} concurrent`);
    levels.push(latencyFigures(await interleaved(router, raw, prompt.messages, concurrency, waves, measured), concurrency, waves));
  }
  const rows = await database.read((db) => Number(db.one('SELECT count(*) AS n FROM ledger')?.n ?? 0));
  await database.close();
  return { levels, ledgerRowsWritten: rows };
}

/**
 * Over the wire: the 200-chunk answer, router against raw, interleaved: the wall time per chunk as the chunks stream in.
 * In memory: both clients' fetch answers at once with the whole stream (same frames): the client's own time per chunk.
 */
async function chunkSection(dir: string, longUrl: string, prompt: ReturnType<typeof buildPrompt>, longSpec: ReplySpec) {
  log('per chunk');
  const long = await openRouter(dir, 'chunks', longUrl);
  const rounds = await interleaved(routerClient(long.services, prompt.tokens), rawClient(longUrl, prompt.tokens), prompt.messages, 1, CHUNK_REQUESTS);
  await long.database.close();
  log('per chunk, in memory');
  const memory = await openRouter(dir, 'chunks-memory', 'http://127.0.0.1:9/v1');
  const fake = inMemoryFetch(longSpec);
  const memoryRouter = routerClient(memory.services, prompt.tokens);
  const realFetch = globalThis.fetch;
  globalThis.fetch = fake; // the router's adapter builds its SDK client, which keeps this fetch, on its first request
  await memoryRouter(prompt.messages).finally(() => (globalThis.fetch = realFetch));
  const memoryRounds = await interleaved(memoryRouter, rawClient('http://127.0.0.1:9/v1', prompt.tokens, fake), prompt.messages, 1, MEMORY_CHUNK_REQUESTS);
  await memory.database.close();
  const perChunkUs = (side: 'router' | 'raw', r: Rounds[number], p = 50) => percentile(r[side].samples.map((s) => (s.chunkSpan / (s.chunks - 1)) * 1000), p);
  const chunks = rounds[0]?.router.samples[0]?.chunks ?? 0;
  const wallOf = (of: Rounds) => ({
    addedPerChunkUs: round(median(of.map((r) => perChunkUs('router', r) - perChunkUs('raw', r))), 2),
    perRoundAddedPerChunkUs: of.map((r) => round(perChunkUs('router', r) - perChunkUs('raw', r), 2)),
    routerPerChunkUs: round(median(of.map((r) => perChunkUs('router', r))), 2),
    rawPerChunkUs: round(median(of.map((r) => perChunkUs('raw', r))), 2),
  });
  const fastestTenth = round(median(memoryRounds.map((r) => perChunkUs('router', r, 10) - perChunkUs('raw', r, 10))), 2);
  const inMemory = { ...wallOf(memoryRounds), requestsPerBatch: MEMORY_CHUNK_REQUESTS, addedPerChunkUsFastestTenth: fastestTenth, addedTtftMsP50: round(added(memoryRounds, 'ttft', 50), 3), addedUntilLastChunkMsP50: round(added(memoryRounds, 'lastChunk', 50), 3) };
  return {
    chunksPerAnswer: chunks,
    requestsPerBatch: CHUNK_REQUESTS,
    rounds: rounds.length,
    addedPerChunkUs: inMemory.addedPerChunkUs,
    inMemory,
    overWire: wallOf(rounds),
    met: inMemory.addedPerChunkUs <= GOALS.perChunkUs,
  };
}

/** LedgerStore.settle alone (and reserve, the budget's write), sequential, against an fdatasync'd append of the same size. */
async function ledgerSection(dir: string, baseUrl: string, prompt: ReturnType<typeof buildPrompt>) {
  log('ledger writes');
  const budgets = { dailyUsd: 1_000_000, perProvider: {} };
  const { database, services } = await openRouter(dir, 'ledger', baseUrl, budgets);
  const first = await services.router.route({ messages: prompt.messages, maxTokens: MAX_TOKENS }, { onText: () => undefined });
  const ledger = new LedgerStore(database);
  const template = (await ledger.get(first.id)) as LedgerEntry;
  const warm = 20;
  const times = await timeLedgerWrites(ledger, template, budgets, warm, LEDGER_WRITES);
  await database.close();
  const rowBytes = Buffer.byteLength(JSON.stringify(template));
  const fdatasync = appendFdatasyncTimes(join(dir, 'floor.bin'), rowBytes, warm, LEDGER_WRITES);
  return {
    writes: LEDGER_WRITES,
    rowJsonBytes: rowBytes,
    settleMs: p50p99(times.settle, 2),
    reserveMs: p50p99(times.reserve, 2),
    settleWithReservationMs: p50p99(times.settleReserved, 2),
    referenceAppendFdatasyncMs: p50p99(fdatasync, 2),
  };
}

async function heapRun(client: Client, messages: readonly ChatMessage[], requests: number) {
  for (let i = 0; i < HEAP_WARMUP; i++) await client(messages);
  const settled = () => {
    gc();
    gc();
    return process.memoryUsage();
  };
  const before = settled();
  const trend: number[] = [];
  const start = now();
  for (let i = 1; i <= requests; i++) {
    await client(messages);
    if (process.env.BENCH_TRACE && i % 500 === 0) log(`${i}: ${round((now() - start) / i, 2)} ms per request`);
    if (i % (requests / 5) === 0) trend.push(mib(settled().heapUsed - before.heapUsed));
  }
  const seconds = round((now() - start) / 1000, 1);
  const after = settled();
  return {
    heapUsedGrowthMiB: mib(after.heapUsed - before.heapUsed),
    heapUsedMiB: { before: mib(before.heapUsed), after: mib(after.heapUsed) },
    growthEveryFifthMiB: trend,
    externalGrowthMiB: mib(after.external - before.external),
    arrayBuffersGrowthMiB: mib(after.arrayBuffers - before.arrayBuffers),
    rssGrowthMiB: mib(after.rss - before.rss),
    seconds,
  };
}

async function heapSection(dir: string, baseUrl: string, prompt: ReturnType<typeof buildPrompt>) {
  log(`heap: ${HEAP_REQUESTS} sequential router requests`);
  const { database, services } = await openRouter(dir, 'heap', baseUrl);
  const router = await heapRun(routerClient(services, prompt.tokens), prompt.messages, HEAP_REQUESTS);
  const rows = await database.read((db) => Number(db.one('SELECT count(*) AS n FROM ledger')?.n ?? 0));
  await database.close();
  log(`heap: ${HEAP_RAW_REQUESTS} sequential raw requests`);
  const raw = await heapRun(rawClient(baseUrl, prompt.tokens), prompt.messages, HEAP_RAW_REQUESTS);
  return { warmup: HEAP_WARMUP, router: { requests: HEAP_REQUESTS, ...router, ledgerRows: rows }, raw: { requests: HEAP_RAW_REQUESTS, ...raw }, met: router.heapUsedGrowthMiB < GOALS.heapGrowthMiB };
}

async function main(): Promise<void> {
  if (!(globalThis as { gc?: unknown }).gc) throw new Error('run with node --expose-gc (npm run bench:router)');
  const started = now();
  const loadStart = round(loadavg()[0] ?? 0);
  const source = sourceOf();
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-router-'));
  const prompt = buildPrompt(PROMPT_TOKENS);
  const longText = Array.from({ length: LONG_CHUNKS }, (_, i) => `tok${String(i).padStart(3, '0')} `).join('');
  const longSpec = { text: longText, chunks: LONG_CHUNKS, usage: { input: prompt.tokens, output: LONG_CHUNKS } };
  const { child, urls } = await startWire({ short: { text: SHORT_ANSWER, chunks: 4, usage: { input: prompt.tokens, output: 16 } }, long: longSpec });
  const short = urls['short'] ?? '';
  const long = urls['long'] ?? '';
  log(`prompt ${prompt.bytes} bytes, ${prompt.tokens} tokens; ${dir} (${fileSystemOf(dir)}), load average ${loadStart}`);
  try {
    const only = process.env.BENCH_ONLY;
    if (only) {
      const run: Record<string, () => Promise<unknown>> = {
        plain: () => latencySection(dir, 'plain', short, prompt),
        perChunk: () => chunkSection(dir, long, prompt, longSpec),
        budget: () => latencySection(dir, 'budget', short, prompt, { dailyUsd: 1_000_000 }, BUDGET_ROUNDS),
        ledgerWrite: () => ledgerSection(dir, short, prompt),
        promptSteps: async () => promptSteps(prompt, MODEL),
        heap: () => heapSection(dir, short, prompt),
      };
      console.log(JSON.stringify(await run[only]?.(), null, 2));
      return;
    }
    const plain = await latencySection(dir, 'plain', short, prompt);
    const perChunk = await chunkSection(dir, long, prompt, longSpec);
    const budget = await latencySection(dir, 'budget', short, prompt, { dailyUsd: 1_000_000 }, BUDGET_ROUNDS);
    const ledgerWrite = await ledgerSection(dir, short, prompt);
    const steps = promptSteps(prompt, MODEL);
    const heap = await heapSection(dir, short, prompt);
    const result = report({ plain, perChunk, budget, ledgerWrite, steps, heap, prompt, dir, loadStart, source, seconds: round((now() - started) / 1000, 1) });
    console.log(JSON.stringify(result.summary, null, 2));
    if (!QUICK) writeFileSync(join(ROOT, 'bench', 'results', 'router.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    stopWire(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

type Sections = {
  plain: Awaited<ReturnType<typeof latencySection>>;
  perChunk: Awaited<ReturnType<typeof chunkSection>>;
  budget: Awaited<ReturnType<typeof latencySection>>;
  ledgerWrite: Awaited<ReturnType<typeof ledgerSection>>;
  steps: ReturnType<typeof promptSteps>;
  heap: Awaited<ReturnType<typeof heapSection>>;
  prompt: ReturnType<typeof buildPrompt>;
  dir: string;
  loadStart: number;
  source: ReturnType<typeof sourceOf>;
  seconds: number;
};

function report(s: Sections) {
  const at = (c: number) => s.plain.levels.find((level) => level.concurrency === c);
  const goalsMet = {
    addedP50: s.plain.levels.every((l) => l.met.addedP50),
    addedP99: s.plain.levels.every((l) => l.met.addedP99),
    addedTtftP50: s.plain.levels.every((l) => l.met.addedTtftP50),
    perChunk: s.perChunk.met,
    heapGrowth: s.heap.met,
  };
  const summary = {
    addedMsUntilLastChunk: Object.fromEntries(s.plain.levels.map((l) => [`c${l.concurrency}`, l.addedMs.untilLastChunk])),
    addedTtftMsP50: Object.fromEntries(s.plain.levels.map((l) => [`c${l.concurrency}`, l.addedMs.ttft.p50])),
    addedMsUntilResolved: Object.fromEntries(s.plain.levels.map((l) => [`c${l.concurrency}`, l.addedMs.untilResolved])),
    withBudgetAddedMsUntilLastChunk: Object.fromEntries(s.budget.levels.map((l) => [`c${l.concurrency}`, l.addedMs.untilLastChunk])),
    withBudgetAddedTtftMsP50: Object.fromEntries(s.budget.levels.map((l) => [`c${l.concurrency}`, l.addedMs.ttft.p50])),
    addedPerChunkUs: s.perChunk.addedPerChunkUs,
    ledgerSettleMs: s.ledgerWrite.settleMs,
    heapGrowthMiB: s.heap.router.heapUsedGrowthMiB,
    goalsMet,
    seconds: s.seconds,
    singleRequestAddedCpuMs: at(1)?.addedMs.cpuPerRequest,
  };
  return {
    benchmark: 'router',
    date: new Date().toISOString(),
    machine: { ...machineFacts(), fileSystem: fileSystemOf(s.dir), loadAverage1m: { start: s.loadStart, end: round(loadavg()[0] ?? 0) } },
    setup: {
      source: s.source,
      prompt: { bytes: s.prompt.bytes, tokens: s.prompt.tokens, tokenizer: 'gpt-tokenizer o200k_base, with the chat framing (3 + 4 per message)', messages: 'system (prose) + user (prose, the openai SDK README and streaming source, a question)', redaction: 'nothing to redact: every router answer is checked to report none, so both sides send the same body' },
      model: MODEL,
      maxTokens: MAX_TOKENS,
      answers: { latency: `${JSON.stringify(SHORT_ANSWER)} in 4 content chunks, usage in its own chunk`, perChunk: `${LONG_CHUNKS} content chunks sent back to back` },
      server: 'test/support/wire OpenAI-format server (record: false) in its own process, one per answer shape; router and raw SDK call the same one',
      reference: 'openai SDK 6 alone: chat.completions.create({ stream: true, stream_options: { include_usage: true }, max_completion_tokens }), maxRetries 0, the same messages, reading text deltas and usage',
      rounds: { warmup: WARMUP_ROUNDS, measured: ROUNDS, measuredWithBudget: BUDGET_ROUNDS, levels: LEVELS, order: 'router batch then raw batch, swapped every round; gc() before each batch; a batch is waves of `concurrency` requests sent at once' },
      totalSeconds: s.seconds,
    },
    goals: GOALS,
    goalsMet,
    goalsMeasuredOn: 'added p50/p99: latency.levels[].addedMs.untilLastChunk, TTFT p50: latency.levels[].addedMs.ttft.p50, each at 1, 10 and 50 concurrent requests, all must pass; per chunk: perChunk.inMemory.addedPerChunkUs; heap: heap.router.heapUsedGrowthMiB',
    summary,
    latency: s.plain,
    perChunk: s.perChunk,
    withBudget: { budgets: { dailyUsd: 1_000_000 }, ...s.budget },
    ledgerWrite: s.ledgerWrite,
    promptSteps: s.steps,
    heap: s.heap,
    notes: NOTES,
  };
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

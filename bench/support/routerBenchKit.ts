// The parts of bench/router.bench.ts that are not its main measurement: the prompt, the wire
// server's process and an in-memory stand-in for it, the router's prompt-sized steps timed
// alone, the fdatasync floor, the source and file-system facts, and the notes of the results.
//
// Run as a script, this file is the provider side of the benchmark, in its own process as a
// real provider is on another machine: its JSON.parse of each 32 KB request body and its SSE
// writes do not run on the event loop being measured. One OpenAI-format wire server
// (test/support/wire) per answer shape, requests not recorded. argv[2]:
// {"name": {text, chunks, usage: {input, output}}, ...}; prints {"name": "baseUrl", ...} on one
// line, then serves until stdin closes.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { redactSecrets } from '../../src/core/redaction/redaction';
import { inputSize } from '../../src/core/routing/inputSize';
import type { ChatMessage } from '../../src/core/routing/streamEvent';
import { openaiFormat } from '../../test/support/wire/openaiWire';
import { splitText } from '../../test/support/wire/wireReplies';
import { reply, startOpenAIWire, type WireServer } from '../../test/support/wire/wireServer';
import { median, percentile, round } from './stats';

const ROOT = resolve(__dirname, '..', '..');

export interface ReplySpec {
  readonly text: string;
  readonly chunks: number;
  readonly usage: { readonly input: number; readonly output: number };
}

/** ~32 KB of code and prose, as a coding assistant sends: the SDK's README and streaming source, cut to `tokens` with the chat framing. */
export function buildPrompt(target: number): { messages: ChatMessage[]; tokens: number; bytes: number } {
  const sdk = join(ROOT, 'node_modules', 'openai');
  const files = ['src/core/streaming.ts', 'src/internal/decoders/line.ts', 'src/core/error.ts', 'src/core/api-promise.ts', 'src/core/pagination.ts', 'src/core/EventEmitter.ts'];
  const system = 'You are a senior TypeScript engineer reviewing code for a VS Code extension. Answer precisely, quote the lines you refer to, and prefer small, safe changes over rewrites.';
  const head = 'Our extension streams chat completions through the openai SDK and forwards each text delta to a webview. When the user cancels, the request sometimes keeps running. Below are the SDK README and the source of its streaming code.\n\n';
  const tail = '\n\nQuestion: how should we cancel a streaming chat completion so that the HTTP request stops at once and no more tokens are billed? Point to the code above that makes it work.';
  const body = [readFileSync(join(sdk, 'README.md'), 'utf8'), ...files.map((file) => `File: ${file}\n\`\`\`ts\n${readFileSync(join(sdk, file), 'utf8')}\`\`\``)].join('\n\n');
  const lines = body.split('\n');
  const framing = 3 + 4 * 2;
  const total = (n: number) => framing + countTokens(system) + countTokens(head + lines.slice(0, n).join('\n') + tail);
  let lo = 1;
  let hi = lines.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (total(mid) <= target) lo = mid;
    else hi = mid - 1;
  }
  const user = head + lines.slice(0, lo).join('\n') + tail;
  const messages: ChatMessage[] = [{ role: 'system', content: system }, { role: 'user', content: user }];
  return { messages, tokens: total(lo), bytes: Buffer.byteLength(system) + Buffer.byteLength(user) };
}

/**
 * A `fetch` that answers every call at once with the whole event stream the wire server would
 * send for `spec` (the same frames, one body chunk): the client's own work with no network.
 */
export function inMemoryFetch(spec: ReplySpec): typeof fetch {
  const pieces = splitText(spec.text, spec.chunks);
  const request = { method: 'POST', path: '/v1/chat/completions', headers: {}, json: { model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } }, bodyLength: 0 };
  const frames = openaiFormat.textFrames(reply.text(spec.text, { chunks: spec.chunks, usage: spec.usage }), request, pieces.length);
  const body = Buffer.from([...frames.head, ...pieces.map((piece) => frames.content(piece)), ...frames.tail].join(''));
  return async () => new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
}

/** The router's steps whose cost grows with the prompt, timed alone on the same prompt; the SDK's JSON.stringify of the body (both paths) for scale. */
export function promptSteps(prompt: ReturnType<typeof buildPrompt>, model: string) {
  const time = (step: () => unknown) => {
    const times: number[] = [];
    for (let i = -20; i < 200; i++) {
      const t = performance.now();
      step();
      if (i >= 0) times.push(performance.now() - t);
    }
    return { p50: round(median(times), 3), p99: round(percentile(times, 99), 3) };
  };
  return {
    redactSecretsMs: time(() => prompt.messages.map((message) => redactSecrets(message.content))),
    inputSizeMs: time(() => inputSize(prompt.messages)),
    referenceBodyJsonStringifyMs: time(() => JSON.stringify({ model, messages: prompt.messages })),
  };
}

/** Appending `bytes` to a file and fdatasync, `count` times after `warm`: the floor of any durable write on this disk. */
export function appendFdatasyncTimes(path: string, bytes: number, warm: number, count: number): number[] {
  const fd = openSync(path, 'a');
  const frame = Buffer.alloc(bytes, 120);
  const times: number[] = [];
  for (let i = 0; i < warm + count; i++) {
    const t = performance.now();
    writeSync(fd, frame);
    fdatasyncSync(fd);
    if (i >= warm) times.push(performance.now() - t);
  }
  closeSync(fd);
  return times;
}

export async function startWire(specs: Record<string, ReplySpec>) {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, JSON.stringify(specs)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: child.stdout! }).once('line', done);
    child.once('exit', (code) => fail(new Error(`the wire server exited (${code})`)));
  });
  return { child, urls: JSON.parse(line) as Record<string, string> };
}

export function stopWire(child: ChildProcess): void {
  child.stdin?.end();
  setTimeout(() => child.kill(), 2_000).unref();
}

export function sourceOf() {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  try {
    const paths = ['src/core/routing', 'src/core/costs', 'src/core/redaction', 'src/providers', 'src/app', 'src/storage'];
    return { commit: git('rev-parse', 'HEAD'), routerUncommittedChanges: git('status', '--porcelain', '--', ...paths).length > 0 };
  } catch {
    return { commit: 'unknown', routerUncommittedChanges: false };
  }
}

export { fileSystemOf } from './stats';

export const NOTES = [
  'Goal figures (goalsMet) are added latency until the answer\'s last chunk reached the caller (router: its last onText; raw: its last text delta), from the plain section at 1, 10 and 50 concurrent requests: the user waits for the text. The router writes its ledger row (a durable write, fdatasync) after the last chunk; addedMs.untilResolved is until route() resolved with the ledger settled, against the raw stream\'s end (usage chunk and [DONE] read).',
  'Added = router minus raw, paired by round: in each round, the router batch\'s percentile minus the raw batch\'s; the figure is the median over rounds. A batch holds 100 requests, so its p99 is its 2nd slowest: a per-round tail, not a pooled one; pooled percentiles of each side are under router and raw.',
  'cpuPerRequest: process CPU (user + system, all threads, so the fdatasync and the file system\'s own work count) per request, router minus raw, median over rounds. Less disturbed than wall time by other processes on a busy machine; not the same thing as latency.',
  'Concurrency: a batch is waves of 1, 10 or 50 requests sent at the same moment, the next wave when the whole wave has resolved, for both sides (a closed loop of workers would let the slower side offer less load: the router\'s serialized ledger writes spread its requests out). So at 10 and 50, added latency includes queueing: the router\'s CPU before sending (redaction) runs request after request on the one event loop, which also serves every other request\'s stream; the ledger writes (and with a budget, the reservations) run one at a time, each with its own lock and fdatasync.',
  'Left out: network distance and provider time (the wire server answers at once, on loopback, in another process; a real provider takes 100s of ms, so the same added ms are a smaller share of what the user waits); the extension host\'s other work; cold start (SDK, price table and tokenizer loading, the first request): warm-up rounds are not measured.',
  'perChunk: goal figure inMemory.addedPerChunkUs: both clients\' fetch answers at once with the whole 200-chunk stream the wire server sends (same frames, one body chunk), so (last text − first text) / 199 is the client\'s own time per chunk (SSE decode and JSON.parse in both; the adapter, the timeout wrapper and the attempt reader in the router); addedPerChunkUsFastestTenth compares the fastest tenth of each batch, least disturbed by other processes. overWire: the same over the wire server, where the span also holds waits for the bytes, so it says less about the client (and CPU differences per chunk were lost in the per-request CPU noise, so they are not reported).',
  'withBudget: budgets.dailyUsd 1,000,000 (never refuses): the reservation is a cross-process durable write before the request is sent, so it lands in TTFT; the settle drops the reservation in the ledger row\'s write. Fewer rounds than the plain section.',
  'ledgerWrite: LedgerStore.settle and reserve alone, sequential, on a fresh database, with the row a routed request wrote; reference: appending the same number of bytes to a file and fdatasync, the floor of any durable write on this disk.',
  'promptSteps: the router\'s steps whose cost grows with the prompt, timed alone on the same prompt (redaction, the input size), with the SDK\'s JSON.stringify of the body (done in both paths) for scale.',
  'heap: heapUsed after gc() twice, after a warm-up, before and after the run (growthEveryFifthMiB: after each fifth). The ledger rows live in sql.js\'s wasm memory (arrayBuffers), not in heapUsed. Raw: the same requests with the SDK alone (fewer, to keep the run short), for reference: the SDK and undici grow too.',
  'The machine is shared with other work (loadAverage1m; 2 cores): interleaving and pairing by round keep slow drifts out of the differences, not the scheduling noise inside a batch; wall-clock figures are inflated when the load is high.',
];

async function serve(): Promise<void> {
  const specs = JSON.parse(process.argv[2] ?? '{}') as Record<string, ReplySpec>;
  const servers: WireServer[] = [];
  const urls: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const server = await startOpenAIWire({ record: false, defaultReply: reply.text(spec.text, { chunks: spec.chunks, usage: spec.usage }) });
    servers.push(server);
    urls[name] = server.baseUrl;
  }
  process.stdout.write(`${JSON.stringify(urls)}\n`);
  const stop = () => {
    void Promise.all(servers.map((server) => server.close())).finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
}

if (require.main === module) void serve();

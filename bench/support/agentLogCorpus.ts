// A corpus of agent logs shaped like real ones, for bench/usage.bench.ts: mostly Claude Code
// sessions (projects/<project>/<session>.jsonl), where most bytes are user lines carrying tool
// results (a file read is logged twice: in the message and in `toolUseResult`) and each request
// is 1-3 assistant lines (one per content block, the streaming copies) with usage; plus Codex
// rollouts (sessions/YYYY/MM/DD/rollout-*.jsonl) with a long session_meta, turn contexts, reasoning
// and function-call items, big command outputs, and token_count events (some repeated) with rate
// limits. Deterministic (seeded); text with quotes, backslashes and non-ASCII so JSON escapes it.
import { closeSync, mkdirSync, openSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface Corpus {
  readonly dir: string;
  readonly claudeDir: string;
  readonly codexDir: string;
  readonly files: string[];
  readonly bytes: number;
  /** Distinct requests written (what a full scan must find). */
  readonly requests: { claude: number; codex: number };
}

const MiB = 2 ** 20;
const WRITE_BLOCK = 4 * MiB;
const WORDS = ['const', 'return', 'await', 'function', 'parser', 'token', 'usage', 'export', 'import', 'buffer', 'offset', '"quoted"', 'path\\to\\file', 'naïve', 'résumé', '→', 'if', 'else', 'for', 'of', '{', '}', '(x) =>', 'null', '0x1f', 'TODO:', '// note', 'assert.equal', '\t', 'line'];

/** A small seeded generator (mulberry32): the same corpus on every run. */
class Random {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** Mostly small, sometimes large: the spread of real tool outputs. */
  skewed(min: number, max: number): number {
    return Math.floor(min + (max - min) * this.next() ** 3);
  }
}

/** Source-code-like text: a pool built once, sliced at random places. */
class TextPool {
  private readonly pool: string;
  constructor(private readonly random: Random) {
    const parts: string[] = [];
    let length = 0;
    while (length < 2 * MiB) {
      const word = WORDS[random.int(0, WORDS.length - 1)]!;
      const piece = random.next() < 0.08 ? `${word}\n` : `${word} `;
      parts.push(piece);
      length += piece.length;
    }
    this.pool = parts.join('');
  }
  take(length: number): string {
    const size = Math.min(length, this.pool.length - 1);
    const start = this.random.int(0, this.pool.length - size - 1);
    return this.pool.slice(start, start + size);
  }
}

const uuid = (random: Random) => {
  const hex = (n: number) => Array.from({ length: n }, () => random.int(0, 15).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
};

/** Appends lines to a file in big blocks. */
class LineWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  written = 0;
  constructor(path: string, flags = 'w') {
    this.fd = openSync(path, flags);
  }
  line(text: string): void {
    this.pending.push(text, '\n');
    this.pendingBytes += text.length + 1;
    this.written += Buffer.byteLength(text) + 1;
    if (this.pendingBytes >= WRITE_BLOCK) this.flush();
  }
  flush(): void {
    if (this.pending.length > 0) writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingBytes = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

class ClaudeSession {
  private clock: number;
  private readonly sessionId: string;
  constructor(private readonly random: Random, private readonly text: TextPool, private readonly ids: { next: number }, startMs: number, private readonly cwd: string) {
    this.clock = startMs;
    this.sessionId = uuid(random);
  }

  private base(type: string) {
    this.clock += this.random.int(200, 20_000);
    return { parentUuid: uuid(this.random), isSidechain: false, userType: 'external', cwd: this.cwd, sessionId: this.sessionId, version: '2.0.14', gitBranch: 'main', type, uuid: uuid(this.random), timestamp: new Date(this.clock).toISOString() };
  }

  /** One user prompt and a few tool steps; returns the requests it wrote. */
  turn(out: LineWriter): number {
    out.line(JSON.stringify({ ...this.base('user'), message: { role: 'user', content: this.text.take(this.random.int(80, 1_500)) } }));
    const steps = this.random.int(2, 8);
    for (let step = 0; step < steps; step++) {
      this.assistant(out);
      this.toolResult(out);
    }
    this.assistant(out);
    if (this.random.next() < 0.1) out.line(JSON.stringify({ type: 'file-history-snapshot', messageId: uuid(this.random), snapshot: { trackedFileBackups: {}, timestamp: new Date(this.clock).toISOString() }, isSnapshotUpdate: false }));
    return steps + 1;
  }

  private assistant(out: LineWriter): void {
    const n = this.ids.next++;
    const blocks = [
      { type: 'thinking', thinking: this.text.take(this.random.int(100, 2_500)), signature: 'Eq' + 'A'.repeat(300) },
      { type: 'text', text: this.text.take(this.random.int(50, 900)) },
      { type: 'tool_use', id: `toolu_${n}`, name: 'Edit', input: { file_path: `${this.cwd}/src/module${n % 50}.ts`, old_string: this.text.take(this.random.skewed(50, 3_000)), new_string: this.text.take(this.random.skewed(50, 3_000)) } },
    ].slice(this.random.int(0, 1), this.random.int(2, 3));
    const input = this.random.int(1, 20);
    const cacheRead = this.random.int(5_000, 150_000);
    const cacheWrite = this.random.int(0, 4_000);
    blocks.forEach((block, index) => {
      // Streaming copies: the same ids, the output count growing to its final value.
      const output = index === blocks.length - 1 ? this.random.int(50, 2_000) : this.random.int(1, 30);
      const usage = { input_tokens: input, cache_creation_input_tokens: cacheWrite, cache_read_input_tokens: cacheRead, cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 }, output_tokens: output, service_tier: 'standard' };
      const message = { id: `msg_01${n.toString(36).padStart(22, 'A')}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [block], stop_reason: null, stop_sequence: null, usage };
      out.line(JSON.stringify({ ...this.base('assistant'), message, requestId: `req_011C${n.toString(36).padStart(20, 'B')}` }));
    });
  }

  private toolResult(out: LineWriter): void {
    const content = this.text.take(this.random.skewed(300, 60_000));
    const lines = content.split('\n').length;
    const toolUseResult = { type: 'text', file: { filePath: `${this.cwd}/src/file.ts`, content, numLines: lines, startLine: 1, totalLines: lines } };
    out.line(JSON.stringify({ ...this.base('user'), message: { role: 'user', content: [{ tool_use_id: 'toolu_x', type: 'tool_result', content }] }, toolUseResult }));
  }
}

class CodexRollout {
  private clock: number;
  private total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
  constructor(private readonly random: Random, private readonly text: TextPool, startMs: number, private readonly cwd: string) {
    this.clock = startMs;
  }

  private line(out: LineWriter, type: string, payload: unknown): void {
    this.clock += this.random.int(100, 8_000);
    out.line(JSON.stringify({ timestamp: new Date(this.clock).toISOString(), type, payload }));
  }

  start(out: LineWriter, id: string): void {
    this.line(out, 'session_meta', { id, timestamp: new Date(this.clock).toISOString(), cwd: this.cwd, originator: 'codex_cli_rs', cli_version: '0.58.0', instructions: this.text.take(8_000), source: 'cli', model_provider: 'openai', git: { commit_hash: 'a'.repeat(40), branch: 'main' } });
  }

  /** One user turn; returns the requests it wrote. */
  turn(out: LineWriter): number {
    this.line(out, 'turn_context', { cwd: this.cwd, approval_policy: 'on-request', sandbox_policy: { mode: 'workspace-write' }, model: 'gpt-5-codex', effort: 'medium', summary: 'auto' });
    this.line(out, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: this.text.take(this.random.int(100, 2_000)) }] });
    const steps = this.random.int(2, 10);
    for (let step = 0; step < steps; step++) {
      this.line(out, 'response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: this.text.take(200) }], encrypted_content: 'gAAAA' + 'Q'.repeat(this.random.int(1_000, 4_000)) });
      this.line(out, 'response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', this.text.take(120)] }), call_id: `call_${step}` });
      const output = this.text.take(this.random.skewed(200, 40_000));
      this.line(out, 'event_msg', { type: 'exec_command_end', call_id: `call_${step}`, stdout: output, stderr: '', exit_code: 0 });
      this.line(out, 'response_item', { type: 'function_call_output', call_id: `call_${step}`, output: JSON.stringify({ output, metadata: { exit_code: 0 } }) });
      this.tokenCount(out);
    }
    return steps;
  }

  private tokenCount(out: LineWriter): void {
    const cached = this.random.int(5_000, 80_000);
    const last = { input_tokens: cached + this.random.int(100, 6_000), cached_input_tokens: cached, output_tokens: this.random.int(20, 3_000), reasoning_output_tokens: this.random.int(0, 1_500), total_tokens: 0 };
    last.total_tokens = last.input_tokens + last.output_tokens;
    const t = this.total;
    this.total = { input_tokens: t.input_tokens + last.input_tokens, cached_input_tokens: t.cached_input_tokens + last.cached_input_tokens, output_tokens: t.output_tokens + last.output_tokens, reasoning_output_tokens: t.reasoning_output_tokens + last.reasoning_output_tokens, total_tokens: t.total_tokens + last.total_tokens };
    const rate_limits = { primary: { used_percent: this.random.int(0, 100), window_minutes: 300, resets_in_seconds: this.random.int(1, 18_000) }, secondary: { used_percent: this.random.int(0, 100), window_minutes: 10_080, resets_in_seconds: this.random.int(1, 600_000) } };
    const payload = { type: 'token_count', info: { total_token_usage: this.total, last_token_usage: last, model_context_window: 272_000 }, rate_limits };
    this.line(out, 'event_msg', payload);
    if (this.random.next() < 0.3) this.line(out, 'event_msg', payload); // Codex repeats some events unchanged
  }
}

/** Writes about `megabytes` MB of logs under `dir`: `codexShare` of the bytes as Codex rollouts, the rest Claude Code. */
export function generateCorpus(dir: string, megabytes: number, codexShare = 0.15, seed = 20261201): Corpus {
  const random = new Random(seed);
  const text = new TextPool(random);
  const claudeDir = join(dir, 'claude');
  const codexDir = join(dir, 'codex');
  const files: string[] = [];
  const requests = { claude: 0, codex: 0 };
  const ids = { next: 1 };
  const start = Date.UTC(2026, 9, 1);
  const target = megabytes * MiB;
  let written = 0;
  let fileIndex = 0;
  while (written < target) {
    const codex = random.next() < codexShare;
    const size = Math.min(target - written, random.skewed(200 * 1024, 24 * MiB));
    const startMs = start + fileIndex * 3_600_000;
    if (codex) {
      const id = `0199${fileIndex.toString(16).padStart(4, '0')}-0000-7000-8000-${fileIndex.toString(16).padStart(12, '0')}`;
      const day = new Date(startMs).toISOString().slice(0, 10).split('-');
      const folder = join(codexDir, 'sessions', ...day);
      mkdirSync(folder, { recursive: true });
      const path = join(folder, `rollout-${new Date(startMs).toISOString().slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`);
      const out = new LineWriter(path);
      const rollout = new CodexRollout(random, text, startMs, `/home/dev/service-${fileIndex % 7}`);
      rollout.start(out, id);
      while (out.written < size) requests.codex += rollout.turn(out);
      out.close();
      files.push(path);
      written += out.written;
    } else {
      const folder = join(claudeDir, 'projects', `-home-dev-project-${fileIndex % 12}`);
      mkdirSync(folder, { recursive: true });
      const path = join(folder, `${uuid(random)}.jsonl`);
      const out = new LineWriter(path);
      const session = new ClaudeSession(random, text, ids, startMs, `/home/dev/project-${fileIndex % 12}`);
      while (out.written < size) requests.claude += session.turn(out);
      out.close();
      files.push(path);
      written += out.written;
    }
    fileIndex++;
  }
  return { dir, claudeDir, codexDir, files, bytes: written, requests };
}

/** Appends about `bytes` of new turns to a few of the corpus's files; returns how to undo it and what was added. */
export function appendToCorpus(corpus: Corpus, bytes: number, seed = 7): { restore: () => void; requests: number } {
  const random = new Random(seed);
  const text = new TextPool(random);
  const targets = [...corpus.files.filter((file) => file.startsWith(corpus.claudeDir)).slice(0, 4), ...corpus.files.filter((file) => file.startsWith(corpus.codexDir)).slice(0, 1)];
  const sizes = targets.map((file) => statSync(file).size);
  const ids = { next: 10_000_000 };
  let requests = 0;
  targets.forEach((file, index) => {
    const out = new LineWriter(file, 'a');
    const share = bytes / targets.length;
    if (file.startsWith(corpus.codexDir)) {
      // A fresh rollout state would restart the running totals; the keys then still differ by session file position.
      const rollout = new CodexRollout(random, text, Date.UTC(2026, 10, 1), '/home/dev/appended');
      while (out.written < share) requests += rollout.turn(out);
    } else {
      const session = new ClaudeSession(random, text, ids, Date.UTC(2026, 10, 1) + index, '/home/dev/appended');
      while (out.written < share) requests += session.turn(out);
    }
    out.close();
  });
  return { restore: () => targets.forEach((file, index) => truncateSync(file, sizes[index])), requests };
}

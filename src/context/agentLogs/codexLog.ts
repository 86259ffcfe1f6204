// Codex CLI's rollouts: ${CODEX_HOME:-~/.codex}/sessions/YYYY/MM/DD/rollout-<time>-<session id>.jsonl.
// Each line is {timestamp, type, payload}. `session_meta` (the first line) has the cwd,
// `turn_context` lines the model of the turns that follow, and `event_msg` lines whose payload
// type is `token_count` the usage: `info.last_token_usage` is the last request (input_tokens
// INCLUDES cached_input_tokens; output_tokens includes the reasoning tokens), `info.total_token_usage`
// the session's running total, and `rate_limits` the 5-hour (primary) and weekly (secondary)
// windows the account is at. Codex repeats a token_count event unchanged; the running total tells
// a repeat from a new request, and keys the record so that a re-scan finds the same key.
import { basename } from 'node:path';
import type { AgentRateLimit, AgentUsageRecord } from '../../core/accounts/agentUsage';
import { asObject, count, finite, type JsonObject, parseJson, text, timeMs } from './jsonValues';
import { chunkEnd, completeLineChunks, findLastLineWith, linesContaining, readFirstLine } from './jsonlChunks';
import type { LogFileTarget, LogFormat, PartSink } from './logFile';

const TOKEN_COUNT = Buffer.from('"token_count"');
const TURN_CONTEXT = Buffer.from('"turn_context"');
/** session_meta is the first line: read on its own, so the chunks are searched for two markers only. */
const MARKERS = [TOKEN_COUNT, TURN_CONTEXT];
/** How far back to look for the current turn's model when reading resumes mid-file. */
const CONTEXT_SEARCH_BYTES = 64 * 2 ** 20;
const FIRST_LINE_MAX_BYTES = 4 * 2 ** 20;
const SESSION_ID = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;
const DAY_MINUTES = 24 * 60;

interface Totals {
  readonly input: number;
  readonly cached: number;
  readonly output: number;
  readonly reasoning: number;
}

/** What the lines before the current one said: needed to read the next token_count. */
export interface CodexState {
  readonly sessionId: string;
  cwd: string | null;
  model: string | null;
  previous: Totals | null;
  /** Read from the file's first byte: a first running total with no previous one is the first request. */
  readonly fromStart: boolean;
}

interface Collected {
  readonly records: AgentUsageRecord[];
  readonly rateLimits: AgentRateLimit[];
  skipped: number;
}

export const codexLog: LogFormat = {
  kind: 'lines',
  async read(file: LogFileTarget, sink: PartSink): Promise<void> {
    const state = await initialState(file);
    for await (const chunk of completeLineChunks(file.handle, file.from, file.size, file.chunkBytes)) {
      const collected: Collected = { records: [], rateLimits: [], skipped: chunk.droppedLines };
      for (const line of linesContaining(chunk.bytes, MARKERS)) {
        const lineOffset = chunk.position + line.start;
        readCodexLine(parseJson(chunk.bytes.toString('utf8', line.start, line.end)), lineOffset, state, collected);
      }
      await sink({ ...collected, offset: chunkEnd(chunk), bytes: chunk.bytes.length });
    }
  },
};

/** The session id from the file name (stable before any line is read), else the name itself. */
export function codexSessionId(path: string): string {
  return SESSION_ID.exec(path)?.[1] ?? basename(path, '.jsonl');
}

/** The cwd from the first line (session_meta); when resuming mid-file, the model of the turn in progress. */
async function initialState(file: LogFileTarget): Promise<CodexState> {
  const state: CodexState = { sessionId: codexSessionId(file.path), cwd: null, model: null, previous: null, fromStart: file.from === 0 };
  const first = asObject(parseJson((await readFirstLine(file.handle, file.size, FIRST_LINE_MAX_BYTES)) ?? ''));
  // Older rollouts start with a line of another shape; only a session_meta line is read here.
  if (first?.type === 'session_meta') state.cwd = text(asObject(first.payload)?.cwd);
  if (file.from === 0) return state;
  const turn = asObject(parseJson((await findLastLineWith(file.handle, file.from, TURN_CONTEXT, CONTEXT_SEARCH_BYTES, file.chunkBytes)) ?? ''));
  if (turn?.type === 'turn_context') readCodexLine(turn, 0, state, { records: [], rateLimits: [], skipped: 0 });
  return state;
}

/** Applies one parsed line: updates the state, or adds a record and rate limits. */
export function readCodexLine(value: unknown, lineOffset: number, state: CodexState, into: Collected): void {
  const line = asObject(value);
  const payload = asObject(line?.payload);
  if (!line || !payload) {
    into.skipped++;
    return;
  }
  if (line.type === 'turn_context') {
    state.model = text(payload.model) ?? state.model;
    state.cwd = text(payload.cwd) ?? state.cwd;
  } else if (line.type === 'event_msg' && payload.type === 'token_count') {
    readTokenCount(line, payload, lineOffset, state, into);
  }
  // Any other line only mentions a marker in its content (a message quoting "token_count").
}

function readTokenCount(line: JsonObject, payload: JsonObject, lineOffset: number, state: CodexState, into: Collected): void {
  const at = timeMs(line.timestamp);
  if (at === null) {
    into.skipped++;
    return;
  }
  into.rateLimits.push(...rateLimits(payload.rate_limits, at));
  // `info` is null in the events Codex sends before the first response: rate limits only.
  if (payload.info === null || payload.info === undefined) return;
  const info = asObject(payload.info);
  const total = totals(info?.total_token_usage);
  const last = totals(info?.last_token_usage);
  const previous = state.previous;
  if (!info || (!total && !last)) {
    into.skipped++;
    return;
  }
  if (total) state.previous = total;
  if (total && previous && sameTotals(total, previous)) return; // Codex repeating the last event
  const request = last ?? (previous ? difference(total ?? previous, previous) : state.fromStart ? total : null);
  if (!request) return;
  const record = codexRecord(request, at, total ? totalsKey(state.sessionId, total) : `${state.sessionId}@${lineOffset}`, text(info.model) ?? state.model, state.cwd);
  if (record) into.records.push(record);
}

function codexRecord(request: Totals, at: number, key: string, model: string | null, cwd: string | null): AgentUsageRecord | null {
  const cached = Math.min(request.cached, request.input);
  if (request.input + request.output === 0) return null;
  return {
    source: 'codex',
    key,
    at,
    model: model ?? 'unknown',
    inputTokens: request.input - cached,
    outputTokens: request.output,
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
    reportedCostUsd: null,
    cwd,
  };
}

/** The running total identifies the request: it grows with every request and repeats with a repeated event. */
const totalsKey = (sessionId: string, total: Totals) => `${sessionId}:${total.input}:${total.cached}:${total.output}:${total.reasoning}`;

function totals(value: unknown): Totals | null {
  const usage = asObject(value);
  const input = count(usage?.input_tokens);
  const output = count(usage?.output_tokens);
  if (!usage || input === null || output === null) return null;
  return { input, output, cached: count(usage.cached_input_tokens) ?? 0, reasoning: count(usage.reasoning_output_tokens) ?? 0 };
}

const sameTotals = (a: Totals, b: Totals) => a.input === b.input && a.cached === b.cached && a.output === b.output && a.reasoning === b.reasoning;

function difference(total: Totals, previous: Totals): Totals {
  const minus = (a: number, b: number) => Math.max(0, a - b);
  return { input: minus(total.input, previous.input), cached: minus(total.cached, previous.cached), output: minus(total.output, previous.output), reasoning: minus(total.reasoning, previous.reasoning) };
}

/** `rate_limits.primary` / `.secondary`, each {used_percent, window_minutes, resets_at (epoch s) | resets_in_seconds}. */
export function rateLimits(value: unknown, observedAt: number): AgentRateLimit[] {
  const limits = asObject(value);
  if (!limits) return [];
  const found: AgentRateLimit[] = [];
  for (const slot of ['primary', 'secondary'] as const) {
    const window = asObject(limits[slot]);
    const usedPercent = finite(window?.used_percent);
    if (!window || usedPercent === null) continue;
    const minutes = finite(window.window_minutes);
    // The window's length decides; without it, primary is the 5-hour one and secondary the weekly one.
    const kind = minutes !== null ? (minutes <= DAY_MINUTES ? 'rolling-5h' : 'weekly') : slot === 'primary' ? 'rolling-5h' : 'weekly';
    found.push({ source: 'codex', window: kind, usedPercent, resetsAt: resetTime(window, observedAt), observedAt });
  }
  return found;
}

function resetTime(window: JsonObject, observedAt: number): number | null {
  const at = finite(window.resets_at);
  if (at !== null) return at * 1000;
  const inSeconds = finite(window.resets_in_seconds);
  return inSeconds !== null ? observedAt + inSeconds * 1000 : null;
}

// The task folders of Cline and its forks Roo Code and Kilo Code, in VS Code's global storage:
// <globalStorage>/<extension id>/tasks/<task id>/ui_messages.json, the chat as the extension shows
// it, rewritten whole on every change (so read again when its size or mtime changed). Each API
// request is a `say: "api_req_started"` message whose `text` is itself JSON:
// {request, tokensIn, tokensOut, cacheWrites, cacheReads, cost, ...}; the counts are filled in
// when the response is done, so the key (task id + the message's `ts`) finds the same request
// again and the store keeps its most complete copy. `tokensIn` excludes the cache as Anthropic
// counts it; Roo Code and Kilo Code mark OpenAI-style requests (`apiProtocol: "openai"`), whose
// tokensIn includes the cache. The model is on the message (`modelInfo.modelId`, newer Cline) or
// in the task's task_metadata.json (`model_usage`: which model from which `ts` on).
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AgentSource } from '../../core/accounts/account';
import type { AgentUsageRecord } from '../../core/accounts/agentUsage';
import { asObject, count, finite, type JsonObject, parseJson, text } from './jsonValues';
import { CLOSE_ARRAY, endsWith, markedElements, readDocument } from './jsonDocument';
import { type LogFileTarget, type LogFormat, type PartSink, NO_RATE_LIMITS } from './logFile';

const API_REQ_MARKER = Buffer.from('"api_req_started"');
const METADATA_MAX_BYTES = 4 * 2 ** 20;
/** Cline: "# Current Working Directory (/path) Files"; Roo Code and Kilo Code: "# Current Workspace Directory (/path) Files". */
const CWD_IN_REQUEST = /# Current (?:Working|Workspace) Directory \((.+?)\) Files/;

type EntryVerdict = AgentUsageRecord | 'ignored' | 'skipped';

/** A model switch in task_metadata.json: from `ts` on, requests went to `model`. */
export interface ModelSpan {
  readonly ts: number;
  readonly model: string;
}

/** What the messages of one task share. */
export interface ClineTask {
  readonly source: AgentSource;
  readonly taskId: string;
  readonly models: readonly ModelSpan[];
  /** The last working folder a request named (the environment details name it in the first request). */
  cwd: string | null;
}

export function clineTaskLog(source: AgentSource): LogFormat {
  return {
    kind: 'whole',
    async read(file: LogFileTarget, sink: PartSink): Promise<void> {
      const bytes = await readDocument(file.handle, file.size, file.chunkBytes);
      const task: ClineTask = { source, taskId: basename(dirname(file.path)), models: await taskModels(dirname(file.path)), cwd: null };
      const records: AgentUsageRecord[] = [];
      let skipped = 0;
      // The document is the array of messages: its elements are 1 level down.
      for (const element of await markedElements(bytes, 1, API_REQ_MARKER)) {
        const verdict = clineRecord(parseJson(bytes.toString('utf8', element.start, element.end)), task);
        if (verdict === 'skipped') skipped++;
        else if (verdict !== 'ignored') records.push(verdict);
      }
      if (!endsWith(bytes, CLOSE_ARRAY)) skipped++; // cut short: the missing end counts as one skipped entry
      await sink({ records, rateLimits: NO_RATE_LIMITS, skipped, offset: bytes.length, bytes: bytes.length });
    },
  };
}

/** One ui_messages.json element as a usage record. */
export function clineRecord(value: unknown, task: ClineTask): EntryVerdict {
  const message = asObject(value);
  if (!message) return 'skipped';
  if (message.say !== 'api_req_started') return 'ignored';
  const ts = finite(message.ts);
  const info = asObject(typeof message.text === 'string' ? parseJson(message.text) : undefined);
  if (ts === null || !info) return 'skipped';
  task.cwd = cwdOf(info) ?? task.cwd;
  const tokensIn = count(info.tokensIn) ?? 0;
  const output = count(info.tokensOut) ?? 0;
  const cacheWrite = count(info.cacheWrites) ?? 0;
  const cacheRead = count(info.cacheReads) ?? 0;
  const cost = finite(info.cost);
  // Not answered yet (or cancelled before any usage came back): nothing to count.
  if (tokensIn + output + cacheWrite + cacheRead === 0 && !cost) return 'ignored';
  const input = info.apiProtocol === 'openai' ? Math.max(0, tokensIn - cacheRead - cacheWrite) : tokensIn;
  return {
    source: task.source,
    key: `${task.taskId}:${ts}`,
    at: ts,
    model: messageModel(message) ?? modelAt(task.models, ts) ?? 'unknown',
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reportedCostUsd: cost,
    cwd: task.cwd,
  };
}

function cwdOf(info: JsonObject): string | null {
  return typeof info.request === 'string' ? (CWD_IN_REQUEST.exec(info.request)?.[1] ?? null) : null;
}

const messageModel = (message: JsonObject) => text(asObject(message.modelInfo)?.modelId);

/** The model in use at `ts`: the last switch at or before it (the first one if the request came earlier). */
export function modelAt(models: readonly ModelSpan[], ts: number): string | null {
  let found: string | null = models[0]?.model ?? null;
  for (const span of models) if (span.ts <= ts) found = span.model;
  return found;
}

/** task_metadata.json's model_usage, oldest first; none when the file is missing, too big or not the expected shape. */
export async function taskModels(taskDir: string): Promise<ModelSpan[]> {
  const path = join(taskDir, 'task_metadata.json');
  try {
    if ((await stat(path)).size > METADATA_MAX_BYTES) return [];
    const usage = asObject(parseJson(await readFile(path, 'utf8')))?.model_usage;
    if (!Array.isArray(usage)) return [];
    return usage.flatMap((entry: unknown) => {
      const span = asObject(entry);
      const ts = finite(span?.ts);
      const model = text(span?.model_id);
      return ts !== null && model !== null ? [{ ts, model }] : [];
    }).sort((a, b) => a.ts - b.ts);
  } catch {
    return [];
  }
}


// Gemini CLI's chat recordings under ~/.gemini/tmp/<project hash>/chats/. Versions before the
// JSONL migration rewrite one JSON document per session (session-<time>-<id>.json:
// {sessionId, projectHash, startTime, lastUpdated, messages: [...]}); later versions append to
// session-<time>-<id>.jsonl (subagents: chats/<parent session>/<id>.jsonl): a metadata line, then
// one message object per line, re-appended whole when it changes (its tokens arrive after it), and
// `{"$set": ...}` metadata updates. An assistant message is {id, timestamp, type: "gemini", model,
// tokens: {input, output, cached, thoughts, tool, total}}, the counts of Gemini's usageMetadata:
// `input` (promptTokenCount) INCLUDES `cached`, `thoughts` are billed as output, `tool`
// (toolUsePromptTokenCount) as input. Message ids are UUIDs, kept when a legacy file is migrated
// to JSONL, so the message id alone is the key.
import type { AgentUsageRecord } from '../../core/accounts/agentUsage';
import { FieldKeys, objectFields, valueAt } from './jsonFields';
import { asObject, count, parseJson, text, timeMs } from './jsonValues';
import { CLOSE_OBJECT, endsWith, markedElements, readDocument } from './jsonDocument';
import { chunkEnd, completeLineChunks, linesContaining } from './jsonlChunks';
import { type LogFileTarget, type LogFormat, type PartSink, NO_RATE_LIMITS } from './logFile';

const TOKENS_MARKER = Buffer.from('"tokens"');
const MESSAGE_KEYS = new FieldKeys(['id', 'type', 'timestamp', 'model', 'tokens']);

type EntryVerdict = AgentUsageRecord | 'ignored' | 'skipped';

/** session-*.jsonl: appended to, read on from the cursor. */
export const geminiChatLog: LogFormat = {
  kind: 'lines',
  async read(file: LogFileTarget, sink: PartSink): Promise<void> {
    for await (const chunk of completeLineChunks(file.handle, file.from, file.size, file.chunkBytes)) {
      const records: AgentUsageRecord[] = [];
      let skipped = chunk.droppedLines;
      for (const line of linesContaining(chunk.bytes, [TOKENS_MARKER])) {
        const verdict = geminiLine(chunk.bytes, line.start, line.end);
        if (verdict === 'skipped') skipped++;
        else if (verdict !== 'ignored') records.push(verdict);
      }
      await sink({ records, rateLimits: NO_RATE_LIMITS, skipped, offset: chunkEnd(chunk), bytes: chunk.bytes.length });
    }
  },
};

/** session-*.json: rewritten whole, read again when it changed. */
export const geminiLegacyChatLog: LogFormat = {
  kind: 'whole',
  async read(file: LogFileTarget, sink: PartSink): Promise<void> {
    const bytes = await readDocument(file.handle, file.size, file.chunkBytes);
    const records: AgentUsageRecord[] = [];
    let skipped = 0;
    // The messages array is a field of the top-level object: its elements are 2 levels down.
    for (const element of await markedElements(bytes, 2, TOKENS_MARKER)) {
      const verdict = geminiRecord(parseJson(bytes.toString('utf8', element.start, element.end)));
      if (verdict === 'skipped') skipped++;
      else if (verdict !== 'ignored') records.push(verdict);
    }
    if (!endsWith(bytes, CLOSE_OBJECT)) skipped++; // cut short: the missing end counts as one skipped entry
    await sink({ records, rateLimits: NO_RATE_LIMITS, skipped, offset: bytes.length, bytes: bytes.length });
  },
};

/** A JSONL line as a usage record, decoding only the fields that matter (a message's content and tool results can be big). */
export function geminiLine(bytes: Buffer, start: number, end: number): EntryVerdict {
  const fields = objectFields(bytes, start, end, MESSAGE_KEYS);
  if (!fields) return 'skipped';
  const message: Record<string, unknown> = {};
  for (const [key, range] of fields.values) message[key] = valueAt(bytes, range);
  return geminiRecord(message);
}

/** A message as a usage record; a gemini message whose tokens are not the expected shape is skipped. */
export function geminiRecord(value: unknown): EntryVerdict {
  const message = asObject(value);
  if (!message) return 'skipped';
  // user, info and error messages, metadata lines and `$set` updates carry no usage of their own.
  if (message.type !== 'gemini') return 'ignored';
  if (message.tokens === null || message.tokens === undefined) return 'ignored'; // tokens not yet recorded
  const tokens = asObject(message.tokens);
  const input = count(tokens?.input);
  const output = count(tokens?.output);
  const key = text(message.id);
  const at = timeMs(message.timestamp);
  if (!tokens || input === null || output === null || key === null || at === null) return 'skipped';
  const cached = Math.min(count(tokens.cached) ?? 0, input);
  const thoughts = count(tokens.thoughts) ?? 0;
  const tool = count(tokens.tool) ?? 0;
  if (input + output + thoughts + tool === 0) return 'ignored';
  return {
    source: 'gemini-cli',
    key,
    at,
    model: text(message.model) ?? 'unknown',
    inputTokens: input - cached + tool,
    outputTokens: output + thoughts,
    cacheReadTokens: cached,
    cacheWriteTokens: 0,
    reportedCostUsd: null,
    // The recording names its project by a hash of the folder only.
    cwd: null,
  };
}


// Claude Code's session logs: ~/.claude/projects/<project>/<session>.jsonl, one JSON object per
// line. An assistant line carries `message.usage` (Anthropic's counts: input_tokens excludes the
// cache), `message.id`, `message.model`, the top-level `requestId`, `timestamp`, `cwd` and, in
// older versions, `costUSD`. While streaming, Claude Code writes one line per content block of the
// same message, each with the usage known so far: they share message id + request id, and the
// copy with the most tokens is the one that counts (the batch and the store both keep it).
// Only lines holding the key "usage" are looked at, and of those only the fields below are
// decoded (jsonFields.ts): the message's content, most of an assistant line, is skipped over.
import type { AgentUsageRecord } from '../../core/accounts/agentUsage';
import { FieldKeys, isString, isoTimeAt, jsonString, objectFields, type ValueRange, valueAt } from './jsonFields';
import { count, finite, text } from './jsonValues';
import { chunkEnd, completeLineChunks, linesContaining } from './jsonlChunks';
import { type LogFileTarget, type LogFormat, type PartSink, NO_RATE_LIMITS } from './logFile';

const USAGE_MARKER = [Buffer.from('"usage"')];
type LineKey = 'type' | 'message' | 'requestId' | 'timestamp' | 'cwd' | 'costUSD' | 'uuid';
type MessageKey = 'id' | 'model' | 'usage';
const LINE_KEYS = new FieldKeys<LineKey>(['type', 'message', 'requestId', 'timestamp', 'cwd', 'costUSD', 'uuid']);
const MESSAGE_KEYS = new FieldKeys<MessageKey>(['id', 'model', 'usage']);
const USAGE_KEYS = new FieldKeys(['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']);
const ASSISTANT = jsonString('assistant');

type LineVerdict = AgentUsageRecord | 'ignored' | 'skipped';

export const claudeCodeLog: LogFormat = {
  kind: 'lines',
  async read(file: LogFileTarget, sink: PartSink): Promise<void> {
    for await (const chunk of completeLineChunks(file.handle, file.from, file.size, file.chunkBytes)) {
      const records: AgentUsageRecord[] = [];
      let skipped = chunk.droppedLines;
      for (const line of linesContaining(chunk.bytes, USAGE_MARKER)) {
        const verdict = claudeCodeLine(chunk.bytes, line.start, line.end);
        if (verdict === 'skipped') skipped++;
        else if (verdict !== 'ignored') records.push(verdict);
      }
      await sink({ records, rateLimits: NO_RATE_LIMITS, skipped, offset: chunkEnd(chunk), bytes: chunk.bytes.length });
    }
  },
};

/**
 * The line in bytes [start, end) as a usage record. Lines of other kinds that merely mention
 * "usage" (a user line's structured tool result) are ignored; an assistant line whose usage is not
 * the expected shape, or a line that is not a JSON object or is cut short, is skipped (format drift
 * is counted, not thrown).
 */
export function claudeCodeLine(bytes: Buffer, start: number, end: number): LineVerdict {
  const picked = objectFields(bytes, start, end, LINE_KEYS, { key: 'message', keys: MESSAGE_KEYS });
  if (!picked) return 'skipped';
  const line = picked.values;
  if (!isString(bytes, line.get('type'), ASSISTANT)) return 'ignored';
  const message = picked.nested;
  const usageRange = message?.get('usage');
  const usage = usageRange ? objectFields(bytes, usageRange.start, usageRange.end, USAGE_KEYS)?.values : undefined;
  const input = count(valueAt(bytes, usage?.get('input_tokens')));
  const output = count(valueAt(bytes, usage?.get('output_tokens')));
  const at = isoTimeAt(bytes, line.get('timestamp'));
  const key = lineKey(bytes, line, message);
  if (!usage || input === null || output === null || at === null || key === null) return 'skipped';
  const cacheWrite = count(valueAt(bytes, usage.get('cache_creation_input_tokens'))) ?? 0;
  const cacheRead = count(valueAt(bytes, usage.get('cache_read_input_tokens'))) ?? 0;
  // API errors and interrupted turns are logged as assistant lines with all-zero usage.
  if (input + output + cacheWrite + cacheRead === 0) return 'ignored';
  return {
    source: 'claude-code',
    key,
    at,
    model: text(valueAt(bytes, message?.get('model'))) ?? 'unknown',
    inputTokens: input,
    outputTokens: output,
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    reportedCostUsd: finite(valueAt(bytes, line.get('costUSD'))),
    cwd: text(valueAt(bytes, line.get('cwd'))),
  };
}

/** message id + request id (the copies of one streamed message share both); older lines lack the request id. */
function lineKey(bytes: Buffer, line: Map<LineKey, ValueRange>, message: Map<MessageKey, ValueRange> | null): string | null {
  const messageId = text(valueAt(bytes, message?.get('id')));
  const requestId = text(valueAt(bytes, line.get('requestId')));
  if (messageId && requestId) return `${messageId}:${requestId}`;
  if (messageId) return messageId;
  const uuid = text(valueAt(bytes, line.get('uuid')));
  return uuid ? `line:${uuid}` : null;
}

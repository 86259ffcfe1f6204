// Log lines and documents shaped as the agents write them (field names and nesting as in Claude
// Code's projects/*.jsonl, Codex's rollout-*.jsonl, Gemini CLI's chat recordings and the Cline
// family's ui_messages.json), written by the tests into temporary folders.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeLines(path: string, lines: readonly string[], { newlineAtEnd = true } = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.join('\n') + (newlineAtEnd && lines.length > 0 ? '\n' : ''));
}

export function appendLines(path: string, lines: readonly string[]): void {
  appendFileSync(path, lines.map((line) => `${line}\n`).join(''));
}

export function writeJson(path: string, value: unknown, indent?: number): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value, null, indent));
}

// --- Claude Code ------------------------------------------------------------------------------

export interface ClaudeUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export interface ClaudeAssistant {
  messageId: string;
  requestId?: string;
  model?: string;
  usage: ClaudeUsage;
  timestamp?: string;
  cwd?: string;
  costUSD?: number;
  content?: unknown[];
}

export function claudeAssistantLine(line: ClaudeAssistant): string {
  return JSON.stringify({
    parentUuid: 'c6f2a3b0-0000-4000-8000-000000000001',
    isSidechain: false,
    userType: 'external',
    cwd: line.cwd ?? '/home/dev/project',
    sessionId: '5d7f3c1e-9b2a-4c8d-a1e0-6f4b2d9c8e71',
    version: '2.0.14',
    gitBranch: 'main',
    message: {
      id: line.messageId,
      type: 'message',
      role: 'assistant',
      model: line.model ?? 'claude-sonnet-4-5-20250929',
      content: line.content ?? [{ type: 'text', text: 'Reading the file now.' }],
      stop_reason: null,
      stop_sequence: null,
      usage: { service_tier: 'standard', ...line.usage },
    },
    ...(line.requestId !== undefined && { requestId: line.requestId }),
    ...(line.costUSD !== undefined && { costUSD: line.costUSD }),
    type: 'assistant',
    uuid: `uuid-${line.messageId}-${line.usage.output_tokens}`,
    timestamp: line.timestamp ?? '2026-11-20T10:00:00.000Z',
  });
}

/** A user line with a tool result (these are most of a real log's bytes). */
export function claudeToolResultLine(output: string, toolUseResult?: unknown): string {
  return JSON.stringify({
    parentUuid: 'c6f2a3b0-0000-4000-8000-000000000002',
    isSidechain: false,
    userType: 'external',
    cwd: '/home/dev/project',
    sessionId: '5d7f3c1e-9b2a-4c8d-a1e0-6f4b2d9c8e71',
    version: '2.0.14',
    type: 'user',
    message: { role: 'user', content: [{ tool_use_id: 'toolu_01', type: 'tool_result', content: output }] },
    uuid: 'b1d2e3f4-0000-4000-8000-000000000003',
    timestamp: '2026-11-20T10:00:01.000Z',
    ...(toolUseResult !== undefined && { toolUseResult }),
  });
}

/** `count` requests, each an assistant line after a long tool-result line, as in a real session. */
export function sessionLines(prefix: string, count: number, toolOutputBytes: number): string[] {
  const usage = { input_tokens: 1, output_tokens: 10, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  return Array.from({ length: count }, (_, i) => [
    claudeToolResultLine(`${prefix}${i} `.padEnd(toolOutputBytes, 'x')),
    claudeAssistantLine({ messageId: `msg_${prefix}${i}`, requestId: `req_${prefix}${i}`, usage }),
  ]).flat();
}

export const claudeSummaryLine = (summary: string) => JSON.stringify({ type: 'summary', summary, leafUuid: 'b1d2e3f4-0000-4000-8000-000000000004' });

// --- Codex ------------------------------------------------------------------------------------

export interface CodexUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

export const codexUsage = (input: number, cached: number, output: number, reasoning = 0): CodexUsage => ({
  input_tokens: input, cached_input_tokens: cached, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output,
});

export function codexSessionMeta(id: string, cwd: string, timestamp = '2026-11-20T09:00:00.000Z'): string {
  return JSON.stringify({
    timestamp, type: 'session_meta',
    payload: { id, timestamp, cwd, originator: 'codex_cli_rs', cli_version: '0.58.0', instructions: null, source: 'cli', model_provider: 'openai', git: { commit_hash: 'abc123', branch: 'main' } },
  });
}

export function codexTurnContext(model: string, cwd: string, timestamp = '2026-11-20T09:00:01.000Z'): string {
  return JSON.stringify({
    timestamp, type: 'turn_context',
    payload: { cwd, approval_policy: 'on-request', sandbox_policy: { mode: 'workspace-write' }, model, effort: 'medium', summary: 'auto' },
  });
}

export interface CodexRateLimitWindow {
  used_percent: number;
  window_minutes?: number;
  resets_at?: number;
  resets_in_seconds?: number;
}

export function codexTokenCount(
  timestamp: string,
  usage: { total: CodexUsage; last?: CodexUsage } | null,
  rateLimits?: { primary?: CodexRateLimitWindow; secondary?: CodexRateLimitWindow },
): string {
  const info = usage === null ? null : { total_token_usage: usage.total, ...(usage.last && { last_token_usage: usage.last }), model_context_window: 272000 };
  return JSON.stringify({ timestamp, type: 'event_msg', payload: { type: 'token_count', info, ...(rateLimits && { rate_limits: rateLimits }) } });
}

export function codexResponseItem(text: string, timestamp = '2026-11-20T09:00:02.000Z'): string {
  return JSON.stringify({ timestamp, type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] } });
}

export const codexAgentMessage = (message: string, timestamp = '2026-11-20T09:00:02.500Z') =>
  JSON.stringify({ timestamp, type: 'event_msg', payload: { type: 'agent_message', message } });

// --- Gemini CLI -------------------------------------------------------------------------------

export interface GeminiTokens {
  input: number;
  output: number;
  cached: number;
  thoughts?: number;
  tool?: number;
  total: number;
}

export const geminiTokens = (input: number, output: number, cached: number, thoughts = 0, tool = 0): GeminiTokens => ({
  input, output, cached, thoughts, tool, total: input + output + thoughts + tool,
});

export function geminiMessage(id: string, tokens: GeminiTokens | null, model = 'gemini-2.5-pro', timestamp = '2026-11-20T11:00:00.000Z') {
  return { id, timestamp, type: 'gemini', content: 'Here is the change.', thoughts: [{ subject: 'Plan', description: 'Edit the file', timestamp }], tokens, model };
}

export const geminiUserMessage = (id: string, content: string) => ({ id, timestamp: '2026-11-20T10:59:59.000Z', type: 'user', content });

export function geminiLegacyChat(sessionId: string, messages: readonly unknown[]) {
  return { sessionId, projectHash: '5eb97eaffa8e54844d59a44d0c1a399d7e11eff9b0dbdc4f65d4ab7faecd90e1', startTime: '2026-11-20T10:59:00.000Z', lastUpdated: '2026-11-20T11:00:00.000Z', messages };
}

export const geminiJsonlMetadata = (sessionId: string) =>
  JSON.stringify({ sessionId, projectHash: '5eb97eaffa8e54844d59a44d0c1a399d7e11eff9b0dbdc4f65d4ab7faecd90e1', startTime: '2026-11-20T10:59:00.000Z', lastUpdated: '2026-11-20T10:59:00.000Z', kind: 'main' });

// --- Cline, Roo Code, Kilo Code ---------------------------------------------------------------

export interface ApiReqInfo {
  request?: string;
  tokensIn?: number;
  tokensOut?: number;
  cacheWrites?: number;
  cacheReads?: number;
  cost?: number;
  apiProtocol?: 'anthropic' | 'openai';
}

export function clineApiReq(ts: number, info: ApiReqInfo, extra: Record<string, unknown> = {}) {
  return { ts, type: 'say', say: 'api_req_started', text: JSON.stringify(info), ...extra };
}

export const clineText = (ts: number, text: string) => ({ ts, type: 'say', say: 'text', text, partial: false });

export const clineTaskRequest = (task: string, cwd: string) =>
  `<task>\n${task}\n</task>\n\n<environment_details>\n# VSCode Visible Files\nsrc/index.ts\n\n# Current Working Directory (${cwd}) Files\nsrc/\npackage.json\n</environment_details>`;

export const rooTaskRequest = (task: string, cwd: string) =>
  `<task>\n${task}\n</task>\n\n<environment_details>\n# Current Workspace Directory (${cwd}) Files\nsrc/\n</environment_details>`;

export const clineTaskMetadata = (models: { ts: number; model_id: string }[]) => ({
  files_in_context: [],
  model_usage: models.map((entry) => ({ ...entry, model_provider_id: 'anthropic', mode: 'act' })),
  environment_history: [],
});

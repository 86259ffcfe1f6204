// The tools `baton mcp` offers to other agents (Claude Code, Codex, Cline, Cursor): the handoff
// briefing, notes, the knowledge base and the running session, on the same services and
// database as the extension and the other CLI commands. Every text a tool returns, errors
// included, passes the redaction choke point (toolText / toolError) on its way out.
// The account pool's tools (log_credits, credit_status) are in mcpCreditTools.ts.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { BatonServices, WorkspaceServices } from '../app/batonServices';
import type { BriefingLevel } from '../core/briefing/briefingTypes';
import { errorMessage, isUserFacing } from '../core/errors';
import { formatDuration, truncate } from '../core/format';
import { KNOWLEDGE_KINDS, type KnowledgeEntry } from '../core/knowledge/knowledgeEntry';
import { redactSecrets } from '../core/redaction/redaction';
import type { SessionDetail } from '../core/sessions/session';
import { sessionSpendText } from '../core/accounts/sessionSpendText';
import { registerCreditTools } from './mcpCreditTools';

export const MCP_TOOL_NAMES = ['get_briefing', 'add_note', 'search_knowledge', 'add_knowledge', 'session_status', 'log_credits', 'credit_status'] as const;

const LEVELS = ['high', 'medium', 'low'] as const satisfies readonly BriefingLevel[];
const DEFAULT_SEARCH_LIMIT = 10;
const MAX_SEARCH_LIMIT = 50;
const EXCERPT_CHARS = 300;
const NO_SESSION_FOR_NOTE =
  'No Baton session is running in this workspace, so the note has nowhere to go. Ask the user to start one ' +
  '(in VS Code: "Baton: Start Session"; or `baton session start --workspace DIR --goal TEXT`), then add the note again.';

/** Where the server reports failures it does not show to the agent in full (stderr). */
export interface McpLog {
  error(message: string): void;
}

/** A tool's answer; redacted here, so no tool can return a secret by forgetting to. */
export function toolText(text: string): CallToolResult {
  return { content: [{ type: 'text', text: redactSecrets(text).text }] };
}

export function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: redactSecrets(message).text }], isError: true };
}

/** A Baton error the agent can act on becomes its message; anything else is logged too. */
async function guarded(tool: string, log: McpLog, run: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await run();
  } catch (error) {
    if (isUserFacing(error)) return toolError(error.message);
    log.error(`${tool} failed: ${redactSecrets(errorMessage(error)).text}`);
    return toolError(`Baton could not run ${tool}: ${errorMessage(error)}`);
  }
}

function describeSession(session: SessionDetail, activeMs: number): string {
  const lines = [
    `Session ${session.id} is running.`,
    `Goal: ${session.goal || '(none given)'}`,
    `Started: ${new Date(session.startedAt).toISOString()}`,
    `Active time: ${formatDuration(activeMs)}`,
    `Notes: ${session.notes.length}`,
  ];
  const latest = session.notes.at(-1);
  if (latest) lines.push(`Latest note (${new Date(latest.at).toISOString()}): ${latest.text}`);
  if (session.files.length === 0) lines.push('Files touched: none recorded');
  else {
    lines.push(`Files touched (${session.files.length}):`);
    for (const file of session.files) lines.push(`- ${file.path} (${file.edits} edits, ${file.saves} saves)`);
  }
  return lines.join('\n');
}

function describeHit(entry: KnowledgeEntry, rank: number): string {
  const tags = entry.tags.length ? ` [tags: ${entry.tags.join(', ')}]` : '';
  const scope = entry.workspaceId === null ? ' (global)' : '';
  const excerpt = truncate(entry.body, EXCERPT_CHARS);
  return `${rank}. ${entry.title} (${entry.kind})${tags}${scope} id ${entry.id}${excerpt ? `\n   ${excerpt}` : ''}`;
}

/** Registers Baton's tools on `server` for the workspace of `services`. */
export function registerBatonTools(server: McpServer, services: BatonServices, work: WorkspaceServices, log: McpLog): void {
  const { tracker, sessions, snapshots, briefings, workspace } = work;

  server.registerTool(
    'get_briefing',
    {
      title: 'Get the handoff briefing',
      description:
        'The handoff briefing of this workspace as Markdown: the goal, where the work stands, the latest notes, changed files, ' +
        'decisions and gotchas, within a token budget. Read it first when you take over the work. Each call takes a snapshot ' +
        'and keeps the briefing in Baton\'s history, like "baton briefing --save".',
      inputSchema: {
        level: z.enum(LEVELS).optional()
          .describe('high: only what must not be lost (~300 tokens); medium: the default (~1000); low: everything (~3000).'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ level }) => guarded('get_briefing', log, async () => {
      await snapshots.take('Before handoff', 'handoff');
      const briefing = await briefings.generate(level ?? 'medium', { save: true });
      return toolText(briefing.markdown.trimEnd());
    }),
  );

  server.registerTool(
    'add_note',
    {
      title: 'Add a note to the session',
      description:
        'Records a note in the running Baton session of this workspace: what you did, decided, found broken, or what comes ' +
        'next. The next assistant reads the latest notes first in its briefing. Fails when no session is running.',
      inputSchema: { text: z.string().describe('The note, plain text or Markdown.') },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ text }) => guarded('add_note', log, async () => {
      const trimmed = text.trim();
      if (!trimmed) return toolError('text: the note is empty. Give the text to record.');
      // The session may have been started or ended by VS Code or the CLI since the last call.
      // (Checked here, not by the error's class: this module runs from a bundle of its own.)
      await tracker.refresh();
      if (!tracker.running) return toolError(NO_SESSION_FOR_NOTE);
      const note = await tracker.addNote(trimmed);
      return toolText(`Note added to session ${note.sessionId} at ${new Date(note.at).toISOString()}.`);
    }),
  );

  server.registerTool(
    'search_knowledge',
    {
      title: 'Search the knowledge base',
      description:
        'Full-text search of the knowledge kept for this workspace and the global entries (patterns, solutions, decisions, ' +
        'gotchas, notes), best match first: title, kind, tags, id and an excerpt of the body.',
      inputSchema: {
        query: z.string().describe('The words to search for.'),
        limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).optional()
          .describe(`How many entries at most (default ${DEFAULT_SEARCH_LIMIT}).`),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ query, limit }) => guarded('search_knowledge', log, async () => {
      if (!query.trim()) return toolError('query: give the words to search for.');
      const hits = await services.knowledge.search(workspace.id, query, limit ?? DEFAULT_SEARCH_LIMIT);
      if (hits.length === 0) return toolText(`No knowledge matches "${query}".`);
      return toolText(hits.map(({ entry }, index) => describeHit(entry, index + 1)).join('\n'));
    }),
  );

  server.registerTool(
    'add_knowledge',
    {
      title: 'Keep something learned',
      description:
        'Adds an entry to Baton\'s knowledge base for this workspace (or, with global, for every workspace): a pattern, ' +
        'a solution, a decision, a gotcha or a note that later sessions and assistants should know. Returns its id.',
      inputSchema: {
        kind: z.enum(KNOWLEDGE_KINDS).describe('What the entry is.'),
        title: z.string().describe('A short title.'),
        body: z.string().describe('The entry itself, Markdown.'),
        tags: z.array(z.string()).optional().describe('Tags to find it by.'),
        paths: z.array(z.string()).optional().describe('Workspace-relative paths it is about; it is shown in briefings touching them.'),
        global: z.boolean().optional().describe('true: show it in every workspace, not only this one.'),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) => guarded('add_knowledge', log, async () => {
      const entry = await services.knowledge.add(workspace.id, {
        kind: args.kind,
        title: args.title,
        body: args.body,
        tags: args.tags ?? [],
        paths: args.paths ?? [],
        scope: args.global ? 'global' : 'workspace',
      });
      return toolText(`Added ${entry.kind} "${entry.title}"${entry.workspaceId === null ? ' (global)' : ''}: id ${entry.id}`);
    }),
  );

  server.registerTool(
    'session_status',
    {
      title: 'The running session',
      description: 'Whether a Baton session runs in this workspace, and if so its goal, start, active time, notes and files touched.',
      inputSchema: {},
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () => guarded('session_status', log, async () => {
      const open = await sessions.findOpen(workspace.id);
      const detail = open ? await sessions.getDetail(open.id) : null;
      if (!detail) {
        return toolText('No Baton session is running in this workspace. The user can start one in VS Code ("Baton: Start Session") or with `baton session start`.');
      }
      const spent = sessionSpendText(await services.accountStore.sessionSpend(detail.id), await services.accountStore.list());
      return toolText(`${describeSession(detail, detail.activeMs)}${spent ? `\nSpent: ${spent}` : ''}`);
    }),
  );
  registerCreditTools(server, services, work, { guarded: (tool, run) => guarded(tool, log, run), text: toolText, error: toolError });
}

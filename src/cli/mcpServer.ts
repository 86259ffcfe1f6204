// `baton mcp --workspace DIR`: a Model Context Protocol server over stdio, so other agents
// (Claude Code, Codex, Cline, Cursor) can pull the handoff briefing and push notes and
// knowledge into the same database as the extension. stdout carries the protocol and nothing
// else: diagnostics go to stderr. The server runs until the client closes stdin (or a signal),
// then the database is closed like after any other command.
//
// The database is shared with VS Code windows and other CLI runs: every read catches up with
// what they wrote (BatonDatabase.read), every write catches up under the lock first, and the
// session is re-read before a note is added, so the server never works from a stale view.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { BatonServices } from '../app/batonServices';
import { errorMessage } from '../core/errors';
import { redactText } from '../core/redaction/redaction';
import type { CliInvocation } from './cliArgs';
import { type McpLog, registerBatonTools } from './mcpTools';
import { requireWork } from './sessionCommands';

export const MCP_SERVER_NAME = 'baton';
export const MCP_SERVER_VERSION = '0.1.0';

const INSTRUCTIONS =
  'Baton keeps the handoff between coding assistants for this workspace. When you take over the work, call ' +
  'get_briefing first and continue from its latest note. While you work, record progress, decisions and the next step ' +
  'with add_note, and keep what later sessions should know with add_knowledge. search_knowledge finds what earlier ' +
  'sessions learned; session_status shows the running session.';

const stderrLog: McpLog = { error: (message) => process.stderr.write(`baton mcp: ${redactText(message)}\n`) };

export async function runMcp(_invocation: CliInvocation, services: BatonServices): Promise<void> {
  const work = requireWork(services);
  const server = new McpServer({ name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION }, { instructions: INSTRUCTIONS });
  registerBatonTools(server, services, work, stderrLog);
  const transport = new StdioServerTransport();
  transport.onerror = (error) => stderrLog.error(`transport error: ${errorMessage(error)}`);

  let finish = () => {};
  const closed = new Promise<void>((resolve) => (finish = resolve));
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = () => finish();
  for (const signal of signals) process.on(signal, onSignal);
  // The client ends the session by closing our stdin (the MCP stdio transport's shutdown).
  process.stdin.once('end', onSignal);
  process.stdin.once('close', onSignal);
  server.server.onclose = onSignal;
  try {
    await server.connect(transport);
    process.stderr.write(`baton mcp: serving workspace ${work.workspace.name} over stdio\n`);
    await closed;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    process.stdin.off('end', onSignal);
    process.stdin.off('close', onSignal);
    await server.close().catch(() => undefined);
  }
}

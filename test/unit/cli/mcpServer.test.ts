// `baton mcp` as an agent uses it: the built CLI spawned by the MCP SDK's own Client over
// stdio, each tool called and checked against what the other CLI commands read from the same
// database, while those commands write to it from other processes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { MCP_TOOL_NAMES } from '../../../src/cli/mcpTools';
import { runCli, runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { commitFile, makeRepo } from '../support/git';
import { cliPath, repoRoot } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
// Shaped like a GitHub token, so the redaction choke point must catch it.
const SECRET = 'ghp_Q7rT2mXw9LkP4vZs8NcB1yHd6FgJ3aEo5Ui0';

interface Server {
  readonly client: Client;
  readonly stderr: () => string;
  /** Anything the transport could not parse (stray stdout) or other transport failures. */
  readonly transportErrors: Error[];
}

const servers: Server[] = [];

async function startServer(db: string, workspace: string): Promise<Server> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, '--db', db, 'mcp', '--workspace', workspace],
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const transportErrors: Error[] = [];
  const client = new Client({ name: 'baton-test', version: '1.0.0' });
  client.onerror = (error) => transportErrors.push(error);
  await client.connect(transport);
  const server = { client, stderr: () => stderr, transportErrors };
  servers.push(server);
  return server;
}

async function call(server: Server, name: string, args: Record<string, unknown> = {}): Promise<{ text: string; isError: boolean }> {
  const result = (await server.client.callTool({ name, arguments: args })) as CallToolResult;
  const text = result.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
  return { text, isError: result.isError === true };
}

async function ok(server: Server, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const result = await call(server, name, args);
  assert.equal(result.isError, false, `${name} failed: ${result.text}\nserver stderr: ${server.stderr()}`);
  return result.text;
}

async function fails(server: Server, name: string, args: Record<string, unknown>, pattern: RegExp): Promise<void> {
  const result = await call(server, name, args);
  assert.equal(result.isError, true, `${name}(${JSON.stringify(args)}) should fail, got: ${result.text}`);
  assert.match(result.text, pattern);
}

describe('baton mcp: the MCP server over stdio', function () {
  this.timeout(60_000);
  before(requireFreshCli);
  // Registered before useTempDirs: the servers stop before their folders are removed.
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      await server.client.close();
      assert.deepEqual(server.transportErrors.map(String), [], 'the server wrote only MCP messages to stdout');
    }
  });
  useTempDirs();

  function setUp(): { db: string; repo: string; ws: string[] } {
    const repo = makeRepo();
    commitFile(repo, 'app.ts', 'export const answer = 42;\n');
    const db = join(makeTempDir(), 'baton.db');
    return { db, repo, ws: ['--db', db, '--workspace', repo] };
  }

  it('lists its tools with their input schemas', async () => {
    const { db, repo } = setUp();
    const server = await startServer(db, repo);
    const { tools } = await server.client.listTools();
    assert.deepEqual(tools.map((tool) => tool.name).sort(), [...MCP_TOOL_NAMES].sort());
    const schema = (name: string) => {
      const tool = tools.find((t) => t.name === name);
      assert.ok(tool?.description, `${name} has a description`);
      return tool.inputSchema as { properties?: Record<string, { enum?: string[]; type?: string }>; required?: string[] };
    };
    assert.deepEqual(schema('get_briefing').properties?.level?.enum, ['high', 'medium', 'low']);
    assert.deepEqual(schema('get_briefing').required ?? [], []);
    assert.deepEqual(schema('add_note').required, ['text']);
    assert.deepEqual(schema('search_knowledge').required, ['query']);
    assert.equal(schema('search_knowledge').properties?.limit?.type, 'integer');
    assert.deepEqual(schema('add_knowledge').properties?.kind?.enum, ['pattern', 'solution', 'decision', 'gotcha', 'note']);
    assert.deepEqual([...(schema('add_knowledge').required ?? [])].sort(), ['body', 'kind', 'title']);
    assert.deepEqual(Object.keys(schema('session_status').properties ?? {}), []);
    assert.deepEqual(schema('log_credits').required, ['amount']);
    assert.equal(schema('log_credits').properties?.account?.type, 'string');
  });

  it('log_credits records on the current account within the running session; credit_status and session_status show it', async () => {
    const { db, repo, ws } = setUp();
    await runCliOk(['accounts', 'add', '--db', db, '--name', 'Web', '--platform', 'GenSpark', '--unit', 'credits', '--limit', '100', '--tz', 'UTC']);
    await runCliOk(['accounts', 'add', '--db', db, '--name', 'Spare', '--platform', 'ChatGPT', '--unit', 'credits', '--limit', '40', '--tz', 'UTC']);
    const server = await startServer(db, repo);
    await fails(server, 'log_credits', { amount: 5 }, /no current account is set.*baton accounts use NAME/);
    await fails(server, 'log_credits', { amount: 5, account: 'Nope' }, /There is no account "Nope". Accounts: /);
    await runCliOk(['accounts', 'use', '--db', db, 'Web']);
    await runCliOk(['session', 'start', ...ws, '--goal', 'Spend a little']);
    assert.match(await ok(server, 'log_credits', { amount: 12 }), /Logged 12 credits on Web: now Web · 12\/100, 88 left\./);
    assert.match(await ok(server, 'log_credits', { amount: 3, account: 'spare' }), /on Spare: now Spare · 3\/40, 37 left/);
    const status = await ok(server, 'credit_status');
    assert.match(status, /^Current account: Web$/m);
    assert.match(status, /^- Web \(current\): 12\/100 of 100 credits used, active, resets in /m);
    assert.match(status, /^- Spare: 3\/40 of 40 credits used/m);
    assert.match(await ok(server, 'session_status'), /Spent: 12 credits on Web, 3 credits on Spare/);
  });

  it('add_note and session_status follow the session other processes start, note and end', async () => {
    const { db, repo, ws } = setUp();
    const server = await startServer(db, repo);

    assert.match(await ok(server, 'session_status'), /No Baton session is running/);
    await fails(server, 'add_note', { text: 'too early' }, /No Baton session is running.*baton session start/s);

    // Started by another process after the server came up.
    await runCliOk(['session', 'start', ...ws, '--goal', 'Ship the MCP server']);
    assert.match(await ok(server, 'add_note', { text: '  Tools registered; next: README  ' }), /^Note added to session /);
    await runCliOk(['session', 'note', ...ws, '--text', 'A note from the CLI']);

    const listed = JSON.parse(await runCliOk(['session', 'list', ...ws, '--json'])) as { sessions: { id: string; notes: { text: string }[] }[] };
    assert.equal(listed.sessions.length, 1);
    assert.deepEqual(listed.sessions[0]?.notes.map((n) => n.text), ['Tools registered; next: README', 'A note from the CLI']);

    const status = await ok(server, 'session_status');
    assert.match(status, new RegExp(`Session ${listed.sessions[0]?.id} is running`));
    assert.match(status, /Goal: Ship the MCP server/);
    assert.match(status, /Started: \d{4}-\d{2}-\d{2}T/);
    assert.match(status, /Active time: \d+/);
    assert.match(status, /Notes: 2/);
    assert.match(status, /Latest note .*A note from the CLI/);

    // Ended and a new one started elsewhere: the next note goes to the new session.
    await runCliOk(['session', 'end', ...ws]);
    await fails(server, 'add_note', { text: 'after the end' }, /No Baton session is running/);
    const second = JSON.parse(await runCliOk(['session', 'start', ...ws, '--json'])) as { id: string };
    assert.match(await ok(server, 'add_note', { text: 'into the second' }), new RegExp(second.id));
    const after = JSON.parse(await runCliOk(['session', 'list', ...ws, '--json'])) as { sessions: { id: string; notes: { text: string }[] }[] };
    assert.deepEqual(after.sessions.find((s) => s.id === second.id)?.notes.map((n) => n.text), ['into the second']);
  });

  it('get_briefing returns the handoff, redacted, snapshots first and keeps it in history', async () => {
    const { db, repo, ws } = setUp();
    await runCliOk(['session', 'start', ...ws, '--goal', 'Fix the login bug']);
    const server = await startServer(db, repo);
    await ok(server, 'add_note', { text: `Token for the staging API is ${SECRET}; next: retry the login test` });

    const medium = await ok(server, 'get_briefing');
    assert.match(medium, /Fix the login bug/);
    assert.match(medium, /next: retry the login test/);
    assert.ok(!medium.includes(SECRET), 'the secret is redacted');
    assert.match(medium, /\[redacted: github-token\]/);
    const high = await ok(server, 'get_briefing', { level: 'high' });
    assert.ok(!high.includes(SECRET));
    assert.match(high, /Fix the login bug/);

    const snapshots = JSON.parse(await runCliOk(['snapshot', 'list', ...ws, '--json'])) as { snapshots: { reason: string }[] };
    assert.deepEqual(snapshots.snapshots.map((s) => s.reason), ['handoff', 'handoff']);

    // What the session holds is not changed: only what leaves through MCP is redacted.
    const listed = await runCliOk(['session', 'list', ...ws, '--json']);
    assert.ok(listed.includes(SECRET));
  });

  it('add_knowledge and search_knowledge share the knowledge base with the CLI', async () => {
    const { db, repo, ws } = setUp();
    const server = await startServer(db, repo);
    const added = await ok(server, 'add_knowledge', {
      kind: 'gotcha', title: 'Retry flaky login test', body: `The login test needs a warm cache. Never commit ${SECRET}.`, tags: ['tests', 'login'], paths: ['src/login.ts'],
    });
    const id = UUID.exec(added)?.[0];
    assert.ok(id, `an id in: ${added}`);
    const global = await ok(server, 'add_knowledge', { kind: 'pattern', title: 'Prefer small commits', body: 'One change per commit.', global: true });
    assert.match(global, /\(global\)/);
    await runCliOk(['knowledge', 'add', ...ws, '--kind', 'decision', '--title', 'Login uses OAuth', '--body', 'Chosen over passwords for the login flow.']);

    const listed = JSON.parse(await runCliOk(['knowledge', 'list', ...ws, '--json'])) as { entries: { id: string; kind: string; tags: string[]; paths: string[]; scope: string }[] };
    const entry = listed.entries.find((e) => e.id === id);
    assert.deepEqual({ kind: entry?.kind, tags: entry?.tags, paths: entry?.paths, scope: entry?.scope }, { kind: 'gotcha', tags: ['tests', 'login'], paths: ['src/login.ts'], scope: 'workspace' });
    assert.equal(listed.entries.find((e) => e.scope === 'global')?.kind, 'pattern');

    const hits = await ok(server, 'search_knowledge', { query: 'login' });
    const lines = hits.split('\n').filter((line) => /^\d+\. /.test(line));
    assert.equal(lines.length, 2, hits);
    assert.ok(hits.includes('Retry flaky login test (gotcha) [tags: tests, login]'), hits);
    assert.ok(hits.includes('Login uses OAuth (decision)'), 'an entry the CLI added meanwhile is found');
    assert.ok(hits.includes('The login test needs a warm cache.'), 'with an excerpt of the body');
    assert.ok(!hits.includes(SECRET), 'the excerpt is redacted');
    assert.match(await ok(server, 'search_knowledge', { query: 'login', limit: 1 }), /^1\. [^\n]+\n[^\n]+$/);
    assert.match(await ok(server, 'search_knowledge', { query: 'kubernetes' }), /No knowledge matches/);
  });

  it('bad arguments give error results that name the argument, and the server keeps serving', async () => {
    const { db, repo, ws } = setUp();
    await runCliOk(['session', 'start', ...ws]);
    const server = await startServer(db, repo);
    await fails(server, 'add_note', {}, /\btext\b/);
    await fails(server, 'add_note', { text: 42 }, /\btext\b/);
    await fails(server, 'add_note', { text: '   ' }, /^text: the note is empty/);
    await fails(server, 'get_briefing', { level: 'extreme' }, /\blevel\b/);
    await fails(server, 'search_knowledge', { query: 'x', limit: 0 }, /\blimit\b/);
    await fails(server, 'search_knowledge', { query: 'x', limit: 2.5 }, /\blimit\b/);
    await fails(server, 'search_knowledge', { query: '  ' }, /^query: /);
    await fails(server, 'add_knowledge', { kind: 'rumour', title: 't', body: 'b' }, /\bkind\b/);
    await fails(server, 'add_knowledge', { kind: 'note', body: 'b' }, /\btitle\b/);
    await fails(server, 'add_knowledge', { kind: 'note', title: '   ', body: 'b' }, /title/);
    await fails(server, 'add_knowledge', { kind: 'note', title: 't', body: 'b', tags: 'a,b' }, /\btags\b/);
    await fails(server, 'no_such_tool', {}, /no_such_tool/);
    assert.match(await ok(server, 'session_status'), /is running/);
    const listed = JSON.parse(await runCliOk(['session', 'list', ...ws, '--json'])) as { sessions: { notes: unknown[] }[] };
    assert.deepEqual(listed.sessions[0]?.notes, [], 'no note was added by a bad call');
  });

  it('refuses to start without --workspace, saying so', async () => {
    const db = join(makeTempDir(), 'baton.db');
    const run = await runCli(['--db', db, 'mcp']);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /--workspace DIR is required/);
  });
});

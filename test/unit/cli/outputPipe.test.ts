// Output piped into a program that stops reading early (`baton session list | head -1`): the
// pipe closes, writing fails with EPIPE, and the CLI must exit quietly, not with a stack trace.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { cliPath } from '../support/paths';

interface ShellRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `baton ARGS | READER` in bash with pipefail, so that the exit code is the CLI's unless it is 0. */
function pipeInto(args: readonly string[], reader: string): Promise<ShellRun> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = `set -o pipefail; ${[process.execPath, cliPath, ...args].map(quote).join(' ')} | ${reader}`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', script], { env: { ...process.env, BATON_DB: undefined }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}

/** An export with `count` ended sessions whose list is far larger than a pipe's buffer (64 KiB). */
function manySessions(file: string, count: number): void {
  const header = { type: 'header', format: 'baton-export', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', workspace: { id: 'ws-pipe', name: 'pipe', location: '/pipe' } };
  const lines = [JSON.stringify(header)];
  for (let i = 0; i < count; i++) {
    lines.push(JSON.stringify({
      type: 'session', id: `s${i}`, goal: `${'a long goal '.repeat(20)}${i}`, startedAt: 1_000_000 + i, endedAt: 2_000_000 + i, lastActivityAt: 2_000_000 + i,
      activeMs: 1000, branchStart: null, headStart: null, branchEnd: null, headEnd: null, summary: null,
    }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('baton CLI: output into a closed pipe', function () {
  this.timeout(120_000);
  before(requireFreshCli);
  // One database for all tests (importing 3000 sessions takes a moment), removed at the end.
  let dir = '';
  let db: string;
  let ws: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-pipe-'));
    db = join(dir, 'baton.db');
    ws = join(dir, 'project');
    mkdirSync(ws);
    manySessions(join(dir, 'many.jsonl'), 3000);
    await runCliOk(['--db', db, 'import', join(dir, 'many.jsonl'), '--workspace', ws]);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('session list | head -1: one line, exit 0, nothing on stderr', async () => {
    const run = await pipeInto(['--db', db, 'session', 'list', '--workspace', ws], 'head -1');
    assert.equal(run.stderr, '', 'no EPIPE stack trace');
    assert.equal(run.code, 0);
    assert.equal(run.stdout.split('\n').filter(Boolean).length, 1);
    assert.match(run.stdout, /a long goal .*2999 {2}\[0 notes\]\n$/);
  });

  it('session list --json | head -c 20 and a reader that reads nothing exit quietly too', async () => {
    const json = await pipeInto(['--db', db, 'session', 'list', '--workspace', ws, '--json'], 'head -c 20');
    assert.deepEqual([json.code, json.stderr, json.stdout], [0, '', '{"sessions":[{"id":"']);
    const none = await pipeInto(['--db', db, 'session', 'list', '--workspace', ws], 'true');
    assert.deepEqual([none.code, none.stderr], [0, '']);
  });

  it('errors still reach stderr with their exit code when stdout is a closed pipe', async () => {
    const run = await pipeInto(['--db', db, 'session', 'note', '--workspace', ws, '--text', 'x'], 'head -1');
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^baton: No session is running/);
  });
});

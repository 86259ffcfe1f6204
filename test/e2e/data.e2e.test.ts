// Baton's data as a user meets it in a real VS Code (code-server) with the packaged baton.vsix:
// one database shared with the CLI (a session started, noted and ended from a terminal shows
// up in the window by itself), "Back Up Database", "Export Workspace Data" and "Import Data"
// through VS Code's file dialogs, and a damaged database found on the next start.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Frame } from 'playwright-core';
import { runCli } from './support/cli';
import type { CodeServer } from './support/codeServer';
import { waitUntil } from './support/deadline';
import { answerFileDialog, clearNotifications, clickModalButton, pickQuickPickItem, waitForModal, waitForNotification } from './support/dialogs';
import { startBaton, type BatonHarness } from './support/harness';
import { restartCodeServer } from './support/restart';
import { findWebviewFrame, runCommand, statusBarItem } from './support/workbench';

const CLI_GOAL = 'Started from the CLI';
const CLI_NOTE = 'Noted from a terminal';
const CLI_SUMMARY = 'Ended from the CLI';
/** How soon a window must show what another process wrote: the storage issue asks for 2 s (a window polls every second). */
const PICKUP_MS = 2_000;

interface ListedSession {
  id: string;
  goal: string;
  startedAt: string;
  endedAt: string | null;
  activeMs: number;
  summary: string | null;
  notes: { text: string; at: string }[];
}

interface ExportLine {
  type: string;
  [field: string]: unknown;
}

describe('Baton data in VS Code: shared with the CLI, backup, export, import', function () {
  this.timeout(60_000);
  let harness: BatonHarness;
  /** The code-server in use: the harness's first one, or the one a restart started. */
  let server: CodeServer | undefined;
  let workspace: string;
  let backupPath: string;
  let exportPath: string;
  /** The sessions as the CLI listed them after the CLI ended its session. */
  let sessionsBefore: ListedSession[];

  const batonStatus = () => statusBarItem(harness.page, 'Baton').first();
  const batonStatusLabel = async () => (await batonStatus().getAttribute('aria-label', { timeout: 1_000 })) ?? '';
  const sidebar = (selector: string): Promise<Frame> => findWebviewFrame(harness.page, selector, 5_000);

  async function listSessions(dbPath = harness.fixture.dbPath): Promise<ListedSession[]> {
    const result = await runCli(dbPath, ['session', 'list', '--workspace', workspace, '--json']);
    assert.equal(result.code, 0, `baton --db ${dbPath} session list failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
    return (JSON.parse(result.stdout) as { sessions: ListedSession[] }).sessions;
  }

  async function cli(args: string[]): Promise<string> {
    const result = await harness.runCli(args);
    assert.equal(result.code, 0, `baton ${args.join(' ')} failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
    return result.stdout;
  }

  /** Waits for `probe` to hold, and fails unless it held when looked at within PICKUP_MS of `since`. */
  async function withinPickup<T>(since: number, what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
    let lookedAt = 0;
    const value = await waitUntil(
      () => {
        lookedAt = Date.now();
        return probe();
      },
      { what: `${what} (within ${PICKUP_MS} ms of the CLI's write, no reload)`, timeoutMs: Math.max(0, since + PICKUP_MS - Date.now()) },
    );
    assert.ok(lookedAt - since <= PICKUP_MS, `${what}: seen only ${lookedAt - since} ms after the CLI's write (allowed: ${PICKUP_MS} ms)`);
    return value;
  }

  before(async function () {
    this.timeout(180_000);
    harness = await startBaton();
    server = harness.server;
    workspace = harness.fixture.workspace;
    backupPath = join(harness.fixture.root, 'baton-copy.db');
    exportPath = join(harness.fixture.root, 'baton-workspace.jsonl');
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && harness) {
      console.log(`      saved failure artifacts to ${await harness.captureFailure(this.currentTest.fullTitle())}`);
    }
  });

  after(async function () {
    this.timeout(30_000);
    if (server && server !== harness?.server) await server.stop();
    await harness?.stop();
  });

  describe('one database shared with the CLI', function () {
    it('is idle, with the sidebar open, before the CLI does anything', async function () {
      await batonStatus().waitFor({ state: 'visible', timeout: 30_000 });
      await waitUntil(async () => /no session/i.test(await batonStatusLabel()), {
        what: 'the Baton status bar item to say no session is running',
        timeoutMs: 20_000,
      });
      await runCommand(harness.page, 'Baton: Show Sidebar');
      await findWebviewFrame(harness.page, '[data-testid="start-view"]', 20_000);
    });

    it('shows a session started by the CLI in the status bar and the sidebar', async function () {
      await cli(['session', 'start', '--workspace', workspace, '--goal', CLI_GOAL]);
      const wrote = Date.now();
      const label = await withinPickup(wrote, `the Baton status bar item to show "${CLI_GOAL}"`, async () => {
        const current = await batonStatusLabel();
        return current.includes(CLI_GOAL) ? current : undefined;
      });
      assert.match(label, /^Baton session: Started from the CLI/);
      await withinPickup(wrote, `[data-testid="running-goal"] to read "${CLI_GOAL}"`, async () => {
        const frame = await sidebar('[data-testid="running-goal"]');
        return (await frame.locator('[data-testid="running-goal"]').innerText()).trim() === CLI_GOAL;
      });
    });

    it('lists a note added by the CLI in the sidebar', async function () {
      await cli(['session', 'note', '--workspace', workspace, '--text', CLI_NOTE]);
      const wrote = Date.now();
      await withinPickup(wrote, `a [data-testid="note"] with "${CLI_NOTE}" in the sidebar`, async () => {
        const notes = await (await sidebar('[data-testid="note"]')).locator('[data-testid="note"]').allInnerTexts();
        return notes.some((note) => note.includes(CLI_NOTE));
      });
    });

    it('returns to idle when the CLI ends the session', async function () {
      await cli(['session', 'end', '--workspace', workspace, '--summary', CLI_SUMMARY]);
      const wrote = Date.now();
      const label = await withinPickup(wrote, 'the Baton status bar item to say no session is running', async () => {
        const current = await batonStatusLabel();
        return /no session/i.test(current) ? current : undefined;
      });
      assert.doesNotMatch(label, /Started from the CLI/);
      await withinPickup(wrote, `a [data-testid="recent-session"] with "${CLI_GOAL}" and no running goal`, async () => {
        const frame = await sidebar('[data-testid="recent-session"]');
        const recent = await frame.locator('[data-testid="recent-session"]').allInnerTexts();
        return recent.some((text) => text.includes(CLI_GOAL)) && (await frame.locator('[data-testid="running-goal"]').count()) === 0;
      });
      sessionsBefore = await listSessions();
      assert.equal(sessionsBefore.length, 1, `one session in the database: ${JSON.stringify(sessionsBefore)}`);
      assert.equal(sessionsBefore[0]?.goal, CLI_GOAL);
      assert.ok(sessionsBefore[0]?.endedAt, 'the session is ended');
      assert.deepEqual(sessionsBefore[0]?.notes.map((note) => note.text), [CLI_NOTE]);
    });
  });

  describe('Baton: Back Up Database', function () {
    it('writes a SQLite copy where the user says, and says so', async function () {
      assert.ok(!existsSync(backupPath));
      await clearNotifications(harness.page);
      await runCommand(harness.page, 'Baton: Back Up Database');
      await answerFileDialog(harness.page, backupPath, { title: 'Baton: Back Up Database' });
      const toast = await waitForNotification(harness.page, /database backed up to/i);
      assert.equal(toast.severity, 'info');
      assert.ok(toast.text.includes(backupPath), `the notification names the file: ${toast.text}`);
      const bytes = readFileSync(backupPath);
      assert.equal(bytes.subarray(0, 16).toString('latin1'), 'SQLite format 3\0', 'the backup is an SQLite database file');
    });

    it('holds the sessions: the CLI reads them from the copy', async function () {
      const fromCopy = await listSessions(backupPath);
      assert.deepEqual(fromCopy, sessionsBefore);
    });
  });

  describe('Baton: Export Workspace Data', function () {
    it('writes a JSON Lines file with a header naming the workspace, then its rows', async function () {
      assert.ok(!existsSync(exportPath));
      await clearNotifications(harness.page);
      await runCommand(harness.page, 'Baton: Export Workspace Data');
      await answerFileDialog(harness.page, exportPath, { title: 'Baton: Export Workspace Data' });
      const toast = await waitForNotification(harness.page, /exported \d+ sessions?\b/i);
      assert.match(toast.text, /exported 1 session \(\d+ rows\)/);
      assert.ok(toast.text.includes(exportPath), `the notification names the file: ${toast.text}`);

      const text = readFileSync(exportPath, 'utf8');
      assert.ok(text.endsWith('\n'), 'the file ends with a newline');
      const lines = text.trimEnd().split('\n').map((line, index) => {
        try {
          return JSON.parse(line) as ExportLine;
        } catch (error) {
          throw new Error(`line ${index + 1} of the export is not JSON: ${line}`, { cause: error });
        }
      });
      const [header, ...rows] = lines;
      assert.ok(header);
      assert.equal(header.type, 'header');
      assert.equal(header.format, 'baton-export');
      assert.equal(header.version, 2);
      assert.deepEqual(header.workspace && { name: (header.workspace as { name: string }).name, location: (header.workspace as { location: string }).location }, {
        name: basename(workspace),
        location: workspace,
      });
      const sessions = rows.filter((row) => row.type === 'session');
      assert.equal(sessions.length, 1, `one session line: ${text}`);
      assert.equal(sessions[0]?.goal, CLI_GOAL);
      assert.equal(sessions[0]?.id, sessionsBefore[0]?.id);
      assert.equal(sessions[0]?.summary, CLI_SUMMARY);
      const notes = rows.filter((row) => row.type === 'note');
      assert.deepEqual(notes.map((row) => [row.text, row.sessionId]), [[CLI_NOTE, sessionsBefore[0]?.id]]);
    });
  });

  describe('Baton: Import Data', function () {
    it('round-trips: the CLI imports the export into a new database with the same sessions', async function () {
      const freshDb = join(harness.fixture.root, 'fresh', 'baton.db');
      const result = await runCli(freshDb, ['import', exportPath, '--json']);
      assert.equal(result.code, 0, `baton import failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
      const report = JSON.parse(result.stdout) as { sessions: { added: number }; notes: { added: number } };
      assert.equal(report.sessions.added, 1);
      assert.equal(report.notes.added, 1);
      assert.deepEqual(await listSessions(freshDb), sessionsBefore);
    });

    it('imports the same file again into this workspace and adds nothing', async function () {
      await clearNotifications(harness.page);
      await runCommand(harness.page, 'Baton: Import Data');
      await answerFileDialog(harness.page, exportPath, { title: 'Baton: Import Data' });
      await pickQuickPickItem(harness.page, /Into this workspace \(/, { placeholder: 'Where should the imported sessions go?' });
      const modal = await waitForModal(harness.page, 'Import this data?');
      assert.match(modal.text, /sessions: would add 0, 1 already present/, `the confirmation shows a dry run: ${modal.text}`);
      assert.match(modal.text, /notes: would add 0, 1 already present/);
      await clickModalButton(harness.page, modal, 'Import');
      const toast = await waitForNotification(harness.page, /^Baton: sessions:/);
      assert.equal(toast.severity, 'info');
      assert.match(toast.text, /sessions: added 0, 1 already present/);
      assert.match(toast.text, /notes: added 0, 1 already present/);
      assert.deepEqual(await listSessions(), sessionsBefore);
    });

    it('refuses a damaged file, names the line, and changes nothing', async function () {
      const good = readFileSync(exportPath, 'utf8').trimEnd().split('\n');
      const session = JSON.parse(good.find((line) => line.includes('"type":"session"')) ?? '{}') as Record<string, unknown>;
      const broken = join(harness.fixture.root, 'broken-export.jsonl');
      writeFileSync(
        broken,
        [
          good[0], // the header
          JSON.stringify({ ...session, id: 'not-imported-session', goal: 'Must not be imported' }),
          '{"type":"note","id":"n-broken","text": oops', // line 3: not JSON
          ...good.slice(1),
        ].join('\n') + '\n',
      );
      await clearNotifications(harness.page);
      await runCommand(harness.page, 'Baton: Import Data');
      await answerFileDialog(harness.page, broken, { title: 'Baton: Import Data' });
      await pickQuickPickItem(harness.page, /Into this workspace \(/);
      const toast = await waitForNotification(harness.page, /nothing was imported/i);
      assert.equal(toast.severity, 'error');
      assert.match(toast.text, /first: line 3\b/, `the notification names the bad line: ${toast.text}`);
      assert.equal(await harness.page.locator('.monaco-dialog-box').count(), 0, 'no confirmation is asked for a file that does not validate');
      assert.deepEqual(await listSessions(), sessionsBefore, 'nothing was imported');
    });
  });

  describe('a damaged database', function () {
    it('is moved aside on the next start, with a warning, and the sessions survive', async function () {
      const dbPath = harness.fixture.dbPath;
      const garbage = Buffer.from('this is not an SQLite database, just garbage bytes '.repeat(64));
      server = await restartCodeServer(harness, server ?? harness.server, () => {
        assert.ok(existsSync(`${dbPath}.journal`), 'a journal exists');
        // Garbage written over the database file itself, as a disk error or another program
        // would leave it (whatever else shares the file, such as a hard-linked backup, too).
        writeFileSync(dbPath, garbage);
      });
      const toast = await waitForNotification(harness.page, /database was damaged/i, { timeoutMs: 30_000, failOnError: /Baton/ });
      assert.equal(toast.severity, 'warning');
      assert.match(toast.text, /moved to .*\.corrupt-/);
      const corrupt = readdirSync(dirname(dbPath)).filter((name) => name.startsWith(`${basename(dbPath)}.corrupt-`));
      assert.equal(corrupt.length, 1, `one ${basename(dbPath)}.corrupt-* file: ${JSON.stringify(corrupt)}`);
      assert.ok(toast.text.includes(corrupt[0] ?? '?'), `the notification names the file it moved aside: ${toast.text}`);
      assert.deepEqual(readFileSync(join(dirname(dbPath), corrupt[0] ?? '')), garbage, 'the damaged file is kept as it was');
      assert.equal(readFileSync(dbPath).subarray(0, 16).toString('latin1'), 'SQLite format 3\0', 'the database file is SQLite again');
      await waitUntil(async () => /no session/i.test(await batonStatusLabel()), {
        what: 'the Baton status bar item to be idle after the recovery (not "database unavailable")',
        timeoutMs: 15_000,
      }).catch(async (error: Error) => {
        throw new Error(`${error.message}; it says "${await batonStatusLabel()}"`, { cause: error });
      });
      assert.deepEqual(await listSessions(), sessionsBefore, 'the CLI still lists the sessions');
    });
  });
});

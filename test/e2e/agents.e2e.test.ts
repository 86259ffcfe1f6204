// Baton's language-model tools as agent mode meets them, in a real VS Code (code-server): a
// test-only extension (test/e2e/fixtures/tool-caller) calls `vscode.lm.invokeTool` outside a
// chat request, as a tool-calling agent would, and writes what came back to a file. The
// briefing tool must return the running session's briefing, redacted; the note tool must ask
// the user first and then record the note, which the CLI finds in the database.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CodeServer } from './support/codeServer';
import { installExtension } from './support/codeServer';
import { waitUntil } from './support/deadline';
import { clickModalButton, waitForModal } from './support/dialogs';
import { captureFailuresThenStop, startBaton, type BatonHarness } from './support/harness';
import { repoRoot } from './support/paths';
import { restartCodeServer } from './support/restart';
import { fillInputBox, runCommand, statusBarItem } from './support/workbench';

const GOAL = 'Wire the retry into the checkout client';
// A key shaped like OpenAI's: it must not come back out of the tool.
const SECRET = 'sk-proj-' + 'Zq9Xw8Vu7Ts6Rq5Po4Nm3Lk2Jh1Gf0Ed9Cb8Az7';
const NOTE_WITH_SECRET = `Staging uses ${SECRET}; next: backoff in retry.ts`;
const AGENT_NOTE = 'Agent: retry wired with exponential backoff; next: a test for the 429 path';
const TOOL_CALLER = join(repoRoot, 'test', 'e2e', 'fixtures', 'tool-caller');

interface ToolRecord {
  name: string;
  tools: { name: string; inputSchema: unknown }[];
  text: string | null;
  error: string | null;
}

/** Packages the test-only extension with the project's own vsce. */
async function packageToolCaller(outDir: string): Promise<string> {
  const out = join(outDir, 'tool-caller.vsix');
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  await promisify(execFile)(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: TOOL_CALLER, timeout: 60_000 });
  return out;
}

describe('Baton language-model tools in VS Code', function () {
  this.timeout(90_000);
  let harness: BatonHarness;
  let server: CodeServer | undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'baton-agents-e2e-'));
  const resultFile = join(scratch, 'tool-result.json');

  const batonStatusLabel = async () => (await statusBarItem(harness.page, 'Baton').first().getAttribute('aria-label', { timeout: 1_000 })) ?? '';

  /** Runs one of the tool caller's commands and reads what the tool returned. */
  async function invoke(command: string, whileRunning: () => Promise<void> = async () => undefined): Promise<ToolRecord> {
    rmSync(resultFile, { force: true });
    await runCommand(harness.page, command);
    await whileRunning();
    return waitUntil(() => (existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as ToolRecord) : undefined), {
      what: `${resultFile} written by "${command}"`,
      timeoutMs: 30_000,
    });
  }

  before(async function () {
    this.timeout(240_000);
    const toolCaller = await packageToolCaller(scratch);
    harness = await startBaton({ settings: { 'batonTest.resultFile': resultFile, 'batonTest.noteText': AGENT_NOTE } });
    // A second extension: installed while code-server is stopped, so it loads at the next start.
    server = await restartCodeServer(harness, harness.server, async () => {
      await installExtension(harness.fixture, toolCaller);
    });
  });

  captureFailuresThenStop(() => harness);
  after(async function () {
    this.timeout(30_000);
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('starts a session with a goal and a note that holds a secret', async function () {
    await waitUntil(async () => /no session/i.test(await batonStatusLabel()), { what: 'the Baton status bar item to say no session is running', timeoutMs: 40_000 });
    await runCommand(harness.page, 'Baton: Start Session');
    await fillInputBox(harness.page, GOAL);
    await waitUntil(async () => (await batonStatusLabel()).includes('Wire the retry'), { what: 'the status bar to show the running session', timeoutMs: 15_000 });
    await runCommand(harness.page, 'Baton: Add Session Note');
    await fillInputBox(harness.page, NOTE_WITH_SECRET);
  });

  it('lists both tools with their input schemas in vscode.lm.tools', async function () {
    const record = await invoke('Baton Test: Invoke Briefing Tool');
    const byName = new Map(record.tools.map((tool) => [tool.name, tool]));
    assert.deepEqual([...byName.keys()].sort(), ['baton_add_note', 'baton_briefing']);
    assert.deepEqual((byName.get('baton_briefing')?.inputSchema as { properties: { level: { enum: string[] } } }).properties.level.enum, ['high', 'medium', 'low']);
    assert.deepEqual((byName.get('baton_add_note')?.inputSchema as { required: string[] }).required, ['text']);
  });

  it('returns the high briefing with the goal and the latest note, its secret redacted', async function () {
    const record = await invoke('Baton Test: Invoke Briefing Tool');
    assert.equal(record.error, null, `the tool failed: ${record.error}`);
    const text = record.text ?? '';
    assert.ok(text.includes(GOAL), `the briefing names the goal:\n${text}`);
    assert.ok(text.includes('next: backoff in retry.ts'), `the briefing keeps the latest note:\n${text}`);
    assert.ok(!text.includes(SECRET), 'the key never leaves through the tool');
    assert.match(text, /\[redacted: [^\]]+\]/);
    // As the palette command does: a handoff snapshot first (one per invocation so far).
    const listed = await harness.runCli(['snapshot', 'list', '--workspace', harness.fixture.workspace, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const snapshots = (JSON.parse(listed.stdout) as { snapshots: { label: string; reason: string }[] }).snapshots;
    assert.deepEqual(snapshots.map((s) => [s.label, s.reason]), [['Before handoff', 'handoff'], ['Before handoff', 'handoff']]);
  });

  /** The notes of the session with GOAL, read by the CLI from the database. */
  async function storedNotes(): Promise<string[] | undefined> {
    const listed = await harness.runCli(['session', 'list', '--workspace', harness.fixture.workspace, '--json']);
    assert.equal(listed.code, 0, listed.stderr);
    const sessions = (JSON.parse(listed.stdout) as { sessions: { goal: string; notes: { text: string }[] }[] }).sessions;
    return sessions.find((s) => s.goal === GOAL)?.notes.map((n) => n.text);
  }

  /** Runs the note tool and answers its confirmation (outside a chat, a modal: Yes / Cancel). */
  const invokeNoteTool = (answer: 'Yes' | 'Cancel') =>
    invoke('Baton Test: Invoke Note Tool', async () => {
      const modal = await waitForModal(harness.page, 'Add a note to the Baton session?');
      assert.ok(modal.text.includes('retry wired with exponential backoff'), `the confirmation quotes the note:\n${modal.text}`);
      await clickModalButton(harness.page, modal, answer);
    });

  it('asks before the note tool writes, and adds nothing when the user cancels', async function () {
    const record = await invokeNoteTool('Cancel');
    assert.equal(record.text, null);
    assert.ok(record.error, 'invokeTool rejects when the user cancels');
    assert.deepEqual(await storedNotes(), [NOTE_WITH_SECRET]);
  });

  it('records the note in the running session once the user says yes', async function () {
    const record = await invokeNoteTool('Yes');
    assert.equal(record.error, null, `the tool failed: ${record.error}`);
    assert.match(record.text ?? '', /^Note added to the running Baton session: Agent: retry wired/);
    assert.deepEqual(await storedNotes(), [NOTE_WITH_SECRET, AGENT_NOTE]);
  });
});

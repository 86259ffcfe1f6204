// The chat story in a real VS Code (code-server) with the packaged baton.vsix, against a local
// server that speaks OpenAI's wire format (started in this process, configured in the user
// settings as an `openai-compatible` provider that needs a key, with known prices):
//   - "Baton: Set API Key" keeps the key; "Baton: Open Chat" shows the Chat view;
//   - a message sent with Enter streams its answer into the view (seen half-way while the server
//     holds the stream), then shows the model, the tokens and the exact cost under it, and the
//     conversation's total in the header;
//   - a slow answer stopped with the stop button, and another stopped with "Baton: Stop Chat
//     Answer", keep what arrived, marked incomplete, with an estimated cost;
//   - after VS Code restarts, "Baton: New Chat" then the conversation list reopen the
//     conversation with every message and its cost line;
//   - with a session running, the header's hand-off button copies a briefing holding the latest
//     ask and offers the conversation's decision for the session notes; "Add" puts it there
//     (read back with `baton session list --json`);
//   - "Baton: Export Workspace Data" writes the conversation and its messages to the file, and
//     the CLI imports that file into a new database, where the sqlite3 command line reads them.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reply, startOpenAIWire, type WireServer } from '../support/wire/wireServer';
import { splitText } from '../support/wire/wireReplies';
import { answerText, answers, chatFrame, clickNotificationButton, flat, metaText, sendPrompt, userMessages, waitForFinishedAnswer } from './support/chat';
import type { CodeServer } from './support/codeServer';
import { waitUntil } from './support/deadline';
import { runCli } from './support/cli';
import { answerFileDialog, clearNotifications, pickQuickPickItem, waitForNotification } from './support/dialogs';
import { captureFailuresThenStop, startBaton, type BatonHarness } from './support/harness';
import { restartCodeServer } from './support/restart';
import { fillInputBox, findWebviewFrame, runCommand, showViewContainer, statusBarItem } from './support/workbench';

const API_KEY = 'sk-test-chat-e2e-key';
const PROVIDER = 'local';
const MODEL = 'wire-model';
const GOAL = 'Make the client retry';
const FIRST_ASK = 'How should the client retry a failed request?';
const DECISION = 'retry with exponential backoff and full jitter';
/** One paragraph (shown as one), streamed in 20 chunks; the server holds the stream after 10. */
const FIRST_ANSWER = `Use exponential backoff with full jitter, starting at half a second and capping each wait at sixty seconds. Decision: ${DECISION}.`;
const CHUNKS = 20;
const HOLD_AFTER_CHUNKS = 10;
const USAGE = { input: 100, output: 20 };
// 100 input tokens at $1/M + 20 output tokens at $2/M = $0.00014; the page shows costs below a
// cent with two significant digits (src/webview/chat/chatFormat.ts formatCost).
const COST_TEXT = '$0.00014';
const SECOND_ASK = 'Write out the retry loop step by step.';
const THIRD_ASK = 'And how long should the client wait at most in total?';
/** A long answer the server sends slowly (120 chunks, 150 ms apart: 18 s), so it can be stopped. */
const LONG_ANSWER = Array.from({ length: 240 }, (_, i) => `step${i + 1}`).join(' ');
const SLOW = { chunks: 120, chunkDelayMs: 150, usage: { input: 300, output: 400 } };

/** Resolves when `release()` is called: the server holds its stream until then. */
function gate(): { until: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const until = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { until, release };
}

interface ListedSession {
  goal: string;
  endedAt: unknown;
  notes: { text: string }[];
}

describe('Baton chat in VS Code: stream, stop, reopen after a restart, hand off', function () {
  this.timeout(60_000);
  let harness: BatonHarness;
  let wire: WireServer;
  /** The code-server started again on the same fixture (the harness stops only its first one). */
  let restarted: CodeServer | undefined;
  const page = () => harness.page;
  const chat = () => chatFrame(harness.page);

  async function waitForBatonReady(): Promise<void> {
    await waitUntil(async () => /Baton session|no session/i.test((await statusBarItem(page(), 'Baton').first().getAttribute('aria-label', { timeout: 1_000 })) ?? ''), {
      what: 'the Baton status bar item to show the database is open',
      timeoutMs: 30_000,
    });
  }

  /** Sends `ask` while the server streams slowly, lets a few chunks arrive, and stops it with `stop`. */
  async function stopSlowAnswer(ask: string, index: number, stop: () => Promise<void>): Promise<void> {
    wire.enqueue(reply.text(LONG_ANSWER, SLOW));
    await sendPrompt(await chat(), ask);
    const streaming = answers(await chat()).nth(index - 1);
    await waitUntil(async () => (await streaming.count()) > 0 && (await answerText(streaming)).split(' ').length >= 6, {
      what: `answer ${index} to start streaming`,
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    await stop();
    const answer = await waitForFinishedAnswer(page(), index, 20_000);
    const shown = await answerText(answer);
    assert.ok(shown.length > 0 && shown.length < LONG_ANSWER.length, `a part of the answer is kept, not all of it: ${shown.length} of ${LONG_ANSWER.length} characters`);
    // A chunk may end inside a word: the kept text is the answer's beginning, character for character.
    assert.ok(LONG_ANSWER.startsWith(shown), `what is kept is the beginning of the answer: ${JSON.stringify(shown.slice(0, 80))}`);
    assert.equal(await metaText(answer, 'meta-incomplete'), 'incomplete', 'the stopped answer is marked incomplete');
    assert.match(await metaText(answer, 'meta-cost'), /^≈ \$\S+ estimated$/, 'its cost is an estimate (no usage came back)');
  }

  before(async function () {
    this.timeout(180_000);
    wire = await startOpenAIWire({ apiKey: API_KEY });
    harness = await startBaton({
      settings: {
        'baton.providers': [{ id: PROVIDER, kind: 'openai-compatible', baseUrl: wire.baseUrl, apiKeyEnv: 'LOCAL_KEY', models: [{ id: MODEL, input: 1, output: 2 }] }],
        // Every request's maximum stays far below: no approval dialog.
        'baton.routing': { strategy: 'cheapest', fallback: true, approvalThresholdUsd: 5 },
      },
    });
    // The hand-off copies the briefing; let the page read the clipboard as a user's browser would.
    await harness.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.server.baseUrl });
    await waitForBatonReady();
  });

  captureFailuresThenStop(() => harness);

  after(async function () {
    await restarted?.stop();
    await wire?.close();
  });

  it('takes the API key with "Baton: Set API Key" and opens the Chat view with "Baton: Open Chat"', async function () {
    await runCommand(page(), 'Baton: Set API Key');
    await pickQuickPickItem(page(), PROVIDER, { placeholder: 'Which provider is the key for?' });
    await fillInputBox(page(), API_KEY, { expect: `Paste the API key for ${PROVIDER}` });
    await waitForNotification(page(), /API key for local saved/, { failOnError: /Baton/ });
    // The Session view loads first, as a window's sidebar does. Two webviews that start at the same
    // moment can leave one blank in code-server; webviewRescue.e2e.test.ts covers that case.
    await showViewContainer(page(), 'Baton');
    await findWebviewFrame(page(), '[data-testid="start-view"]', 30_000);
    await runCommand(page(), 'Baton: Open Chat');
    const frame = await chat();
    assert.equal(await userMessages(frame).count(), 0, 'a new chat has no messages');
    assert.equal(flat(await frame.locator('[data-testid="chat-title"]').innerText()), 'New chat');
  });

  it('streams the answer into the view, then shows the model, tokens and exact cost under it', async function () {
    const hold = gate();
    wire.clearRequests();
    wire.enqueue(reply.text(FIRST_ANSWER, { chunks: CHUNKS, usage: USAGE, pause: { afterChunks: HOLD_AFTER_CHUNKS, until: hold.until } }));
    try {
      await sendPrompt(await chat(), FIRST_ASK);
      // Half-way: the chunks sent so far are shown, and no cost line yet.
      const firstHalf = flat(splitText(FIRST_ANSWER, CHUNKS).slice(0, HOLD_AFTER_CHUNKS).join(''));
      const answer = answers(await chat()).first();
      await waitUntil(async () => (await answer.count()) > 0 && (await answerText(answer)) === firstHalf, {
        what: `the first half of the answer in the view (${JSON.stringify(firstHalf)})`,
        timeoutMs: 20_000,
        intervalMs: 50,
      });
      assert.equal(await answer.locator('[data-testid="answer-meta"]').count(), 0, 'no cost line while the answer streams');
    } finally {
      hold.release();
    }
    const answer = await waitForFinishedAnswer(page(), 1);
    assert.equal(await answerText(answer), flat(FIRST_ANSWER));
    assert.equal(await metaText(answer, 'meta-model'), `${PROVIDER} · ${MODEL}`);
    assert.equal(await metaText(answer, 'meta-tokens'), `${USAGE.input} in · ${USAGE.output} out · 0 cached`);
    assert.equal(await metaText(answer, 'meta-cost'), COST_TEXT);
    assert.equal(await answer.locator('[data-testid="meta-incomplete"]').count(), 0, 'a complete answer is not marked incomplete');
    const frame = await chat();
    await waitUntil(async () => flat(await frame.locator('[data-testid="chat-cost"]').innerText()) === COST_TEXT, { what: `the header's total to read ${COST_TEXT}`, timeoutMs: 10_000 });
    assert.equal(flat(await userMessages(frame).first().locator('[data-testid="user-text"]').innerText()), FIRST_ASK);

    // What the server saw: one request with the key, streaming, the prompt as the last message.
    assert.equal(wire.requests.length, 1, `the server saw ${wire.requests.length} requests`);
    const [request] = wire.requests;
    assert.ok(request);
    assert.equal(request.headers['authorization'], `Bearer ${API_KEY}`);
    assert.equal(request.json['model'], MODEL);
    assert.equal(request.json['stream'], true);
    const messages = request.json['messages'] as { role: string; content: string }[];
    assert.deepEqual(messages.at(-1), { role: 'user', content: FIRST_ASK }, 'nothing from the editor is attached unless the user attaches it');
  });

  it('keeps a slow answer stopped with the stop button, marked incomplete with an estimated cost', async function () {
    await stopSlowAnswer(SECOND_ASK, 2, async () => {
      const stop = (await chat()).locator('[data-testid="send"].is-stop');
      await stop.click({ timeout: 5_000 });
    });
  });

  it('keeps a slow answer stopped with "Baton: Stop Chat Answer" from the palette', async function () {
    await stopSlowAnswer(THIRD_ASK, 3, () => runCommand(page(), 'Baton: Stop Chat Answer'));
  });

  it('reopens the conversation from the list after VS Code restarts', async function () {
    this.timeout(120_000);
    // With the Explorer in front, the new window does not build the Chat view until
    // "Baton: New Chat" shows it: the command must still land on a new chat.
    await runCommand(page(), 'View: Show Explorer');
    // A restart rather than "Developer: Reload Window": in code-server the reloaded extension host
    // sometimes activates before the user settings arrive (then Baton opens its default database,
    // not the fixture's `baton.databasePath`), which no test can wait for from outside.
    restarted = await restartCodeServer(harness, harness.server);
    await harness.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: restarted.baseUrl });
    await waitForBatonReady();
    await runCommand(page(), 'Baton: New Chat');
    let frame = await chat();
    // The page says "New chat" before its state arrives too: the welcome of an empty chat comes with the state.
    await waitUntil(async () => (await frame.locator('[data-testid="empty-conversation"]').count()) === 1 && flat(await frame.locator('[data-testid="chat-title"]').innerText()) === 'New chat', {
      what: '"Baton: New Chat" to show an empty new chat',
      timeoutMs: 15_000,
    });
    assert.equal(await userMessages(frame).count(), 0, 'the new chat has no messages');
    await frame.locator('[data-testid="list-toggle"]').click();
    const listed = frame.locator('[data-testid="conversation-open"]');
    await waitUntil(async () => (await listed.count()) === 1, { what: 'one conversation in the list', timeoutMs: 10_000 });
    await listed.first().click();
    frame = await chat();
    await waitUntil(async () => (await userMessages(frame).count()) === 3 && (await answers(frame).count()) === 3, {
      what: 'the conversation with its three asks and three answers',
      timeoutMs: 15_000,
    });
    const asks = (await userMessages(frame).locator('[data-testid="user-text"]').allInnerTexts()).map(flat);
    assert.deepEqual(asks, [FIRST_ASK, SECOND_ASK, THIRD_ASK]);
    const first = answers(frame).nth(0);
    assert.equal(await answerText(first), flat(FIRST_ANSWER));
    assert.equal(await metaText(first, 'meta-cost'), COST_TEXT);
    for (const index of [1, 2]) {
      assert.equal(await metaText(answers(frame).nth(index), 'meta-incomplete'), 'incomplete', `answer ${index + 1} is still marked incomplete`);
    }
    assert.match(flat(await frame.locator('[data-testid="chat-cost"]').innerText()), /^≈ \$/, 'the total is partly estimated');
  });

  it('hands off: the briefing with the latest ask is on the clipboard, and the decision goes to the session notes', async function () {
    await runCommand(page(), 'Baton: Start Session');
    await fillInputBox(page(), GOAL);
    await waitUntil(async () => ((await statusBarItem(page(), 'Baton').first().getAttribute('aria-label')) ?? '').includes('Make the client'), {
      what: 'the session to run',
      timeoutMs: 15_000,
    });
    await page().evaluate('navigator.clipboard.writeText("nothing yet")');
    await clearNotifications(page());
    await (await chat()).locator('[data-testid="handoff"]').click();
    const toast = await waitForNotification(page(), /handoff briefing copied to the clipboard/, { failOnError: /Baton/, timeoutMs: 30_000 });
    assert.match(toast.text, /^Baton: handoff briefing copied to the clipboard \(\d+ tokens, \w+\)\./);
    assert.ok(toast.text.includes(`Add to session notes: "${DECISION}`), `the toast offers the decision: ${toast.text}`);

    const clipboard = await page().evaluate<string>('navigator.clipboard.readText()');
    assert.match(clipboard, /^# Handoff briefing/m, `the clipboard holds a briefing:\n${clipboard}`);
    assert.ok(clipboard.includes(THIRD_ASK), `the briefing gives the latest ask:\n${clipboard}`);

    await clickNotificationButton(page(), /Add to session notes/, 'Add');
    const session = await waitUntil(async () => {
      const result = await harness.runCli(['session', 'list', '--workspace', harness.fixture.workspace, '--json']);
      if (result.code !== 0) throw new Error(`baton session list failed (exit ${result.code}):\n${result.stderr}`);
      const running = (JSON.parse(result.stdout) as { sessions: ListedSession[] }).sessions.find((s) => s.goal === GOAL && !s.endedAt);
      return running && running.notes.length > 0 ? running : undefined;
    }, { what: 'the running session to have a note', timeoutMs: 15_000 });
    // The decision is the sentence after "Decision:", as the answer wrote it.
    assert.deepEqual(session.notes.map((note) => note.text), [`${DECISION}.`], 'the note is the decision');
  });

  it('exports the conversation with "Baton: Export Workspace Data"; the CLI imports it into a new database that holds every message', async function () {
    const exportPath = join(harness.fixture.root, 'chat-export.jsonl');
    await clearNotifications(page());
    await runCommand(page(), 'Baton: Export Workspace Data');
    await answerFileDialog(page(), exportPath, { title: 'Baton: Export Workspace Data' });
    const toast = await waitForNotification(page(), /exported \d+ sessions?/i, { failOnError: /Baton/ });
    assert.match(toast.text, /exported 1 session and 1 conversation \(\d+ rows\)/, `the notification counts the conversation: ${toast.text}`);

    const lines = readFileSync(exportPath, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; [field: string]: unknown });
    const conversations = lines.filter((line) => line.type === 'conversation');
    assert.equal(conversations.length, 1, 'one conversation line');
    assert.equal(conversations[0]?.messageCount, 6);
    assert.equal(conversations[0]?.estimated, true, 'two of its answers were stopped: an estimated total');
    const messages = lines.filter((line) => line.type === 'message');
    assert.deepEqual(messages.map((line) => line.role), ['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    assert.deepEqual(messages.filter((line) => line.role === 'user').map((line) => line.text), [FIRST_ASK, SECOND_ASK, THIRD_ASK]);
    assert.equal(messages[1]?.text, FIRST_ANSWER);

    const freshDb = join(harness.fixture.root, 'chat-fresh', 'baton.db');
    const imported = await runCli(freshDb, ['import', exportPath, '--json']);
    assert.equal(imported.code, 0, `baton import failed (exit ${imported.code}):\n${imported.stderr}\n${imported.stdout}`);
    const report = JSON.parse(imported.stdout) as { conversations: { added: number }; messages: { added: number } };
    assert.deepEqual([report.conversations.added, report.messages.added], [1, 6]);
    // The CLI folds what it wrote into the main file before it exits: any SQLite reader sees it.
    const sql = (query: string) => execFileSync('sqlite3', ['-readonly', freshDb, query], { encoding: 'utf8' }).trim();
    assert.equal(sql('SELECT message_count || \' \' || estimated FROM conversations'), '6 1');
    assert.equal(sql("SELECT text FROM chat_messages WHERE role = 'user' ORDER BY seq"), [FIRST_ASK, SECOND_ASK, THIRD_ASK].join('\n'));
    assert.equal(sql("SELECT json_extract(meta, '$.costNanos') FROM chat_messages WHERE seq = (SELECT min(seq) FROM chat_messages WHERE role = 'assistant')"), '140000', 'the first answer keeps its exact cost');
  });
});

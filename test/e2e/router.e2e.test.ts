// The LLM router in a real VS Code (code-server) with the packaged baton.vsix, against a local
// server that speaks OpenAI's wire format (started in this process; the extension host reaches
// it on 127.0.0.1) and is configured in the user settings as an `openai-compatible` provider
// that needs a key. "Baton: Ask" without a key names "Baton: Set API Key" and sends nothing;
// "Baton: Set API Key" keeps the key in a password box; "Baton: Ask" then streams the answer
// into a new markdown document (seen half-way while the server holds the stream), ends it with
// a footer giving the tokens and the exact cost, says the cost in a notification, and records
// it in the database the CLI reads.
import assert from 'node:assert/strict';
import { reply, startOpenAIWire, type WireServer } from '../support/wire/wireServer';
import { splitText } from '../support/wire/wireReplies';
import { waitUntil } from './support/deadline';
import { clearNotifications, pickQuickPickItem, waitForNotification } from './support/dialogs';
import { activeTextEditor, editorTabTitles, readEditorText, visibleEditorText } from './support/editor';
import { captureFailuresThenStop, startBaton, type BatonHarness } from './support/harness';
import { fillInputBox, quickInput, quickInputBox, runCommand, statusBarItem } from './support/workbench';

const API_KEY = 'sk-test-e2e-key-123';
const PROVIDER = 'local';
const MODEL = 'wire-model';
const NO_KEY_PROMPT = 'Is anyone there?';
const PROMPT = 'How should the client retry a failed request?';
/** Two paragraphs, streamed in 20 chunks; the server holds the stream after 10 of them. */
const ANSWER = [
  'Retry with exponential backoff and full jitter, starting at half a second.',
  '',
  'Cap each wait at sixty seconds and give up after three attempts.',
].join('\n');
const CHUNKS = 20;
const HOLD_AFTER_CHUNKS = 10;
const USAGE = { input: 100, output: 20 };
// 100 input tokens at $1/M + 20 output tokens at $2/M = $0.0001 + $0.00004 = $0.00014
// (formatUsd gives three significant figures below a cent, trailing zeros dropped).
const COST_USD = 0.00014;
const COST_TEXT = '$0.00014';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');
}

/** Resolves when `release()` is called: the server holds its stream until then. */
function gate(): { until: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const until = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { until, release };
}

/** Baton's commands need its database: the idle status bar item says it is open. */
async function waitForBatonReady(harness: BatonHarness): Promise<void> {
  await waitUntil(async () => /no session/i.test((await statusBarItem(harness.page, 'Baton').first().getAttribute('aria-label', { timeout: 1_000 })) ?? ''), {
    what: 'the Baton status bar item to say no session is running (the database is open)',
    timeoutMs: 30_000,
  });
}

interface CliCosts {
  totalUsd: number;
  requests: number;
  byProvider: { provider: string; usd: number; requests: number }[];
  byModel: { provider: string; model: string; usd: number; requests: number }[];
}

describe('Baton router in VS Code: Set API Key and Ask against a local OpenAI-compatible server', function () {
  this.timeout(60_000);
  let harness: BatonHarness;
  let wire: WireServer;

  const page = () => harness.page;

  /** The text the active editor shows now (the answer document is short enough to fit). */
  const shownText = () => visibleEditorText(activeTextEditor(harness.page));

  /** Waits until the active editor shows exactly `expected`; says what it showed at the deadline. */
  async function waitForEditorText(expected: string | RegExp, what: string, timeoutMs = 20_000): Promise<string> {
    let last = '';
    try {
      return await waitUntil(
        async () => {
          last = await shownText();
          return (typeof expected === 'string' ? last === expected : expected.test(last)) ? last : undefined;
        },
        { what, timeoutMs, intervalMs: 50 },
      );
    } catch (error) {
      const tabs = await editorTabTitles(harness.page).catch(() => []);
      throw new Error(`${(error as Error).message}; the active editor showed ${JSON.stringify(last)}; open tabs: ${JSON.stringify(tabs)}`, { cause: error });
    }
  }

  before(async function () {
    this.timeout(180_000);
    wire = await startOpenAIWire({ apiKey: API_KEY });
    harness = await startBaton({
      settings: {
        'baton.providers': [
          {
            id: PROVIDER,
            kind: 'openai-compatible',
            baseUrl: wire.baseUrl,
            apiKeyEnv: 'LOCAL_KEY',
            models: [{ id: MODEL, input: 1, output: 2 }],
          },
        ],
        // The request's maximum (1,024 output tokens) stays far below: no approval dialog.
        'baton.routing': { strategy: 'cheapest', fallback: true, approvalThresholdUsd: 5 },
      },
    });
    await waitForBatonReady(harness);
  });

  captureFailuresThenStop(() => harness);

  after(async function () {
    await wire?.close();
  });

  it('refuses "Baton: Ask" before any key is set, naming "Baton: Set API Key", and sends nothing', async function () {
    await clearNotifications(page());
    await runCommand(page(), 'Baton: Ask');
    await fillInputBox(page(), NO_KEY_PROMPT, { expect: 'What do you want to ask?' });
    const toast = await waitForNotification(page(), /Set API Key/, 30_000);
    assert.equal(toast.severity, 'error', `expected an error, got: ${JSON.stringify(toast)}`);
    assert.match(toast.text, /^Baton: /);
    assert.match(toast.text, /no API key/, 'the message says why the model cannot be used');
    assert.match(toast.text, new RegExp(`"Baton: Set API Key" and choose ${PROVIDER}`), 'the message says how to set the key, for which provider');
    assert.equal(wire.requests.length, 0, `nothing reaches the server without a key; it saw ${JSON.stringify(wire.requests.map((r) => r.path))}`);
  });

  it('"Baton: Set API Key" takes the key for the configured provider in a password box', async function () {
    await clearNotifications(page());
    await runCommand(page(), 'Baton: Set API Key');
    // The quick pick lists the configured provider, with no key yet.
    const row = quickInput(page()).locator('.quick-input-list .monaco-list-row').filter({ hasText: PROVIDER }).first();
    await waitUntil(async () => (await row.count()) > 0 && /No key set/.test(await row.innerText()), {
      what: `the provider "${PROVIDER}" listed with "No key set"`,
      timeoutMs: 15_000,
    });
    await pickQuickPickItem(page(), PROVIDER, { placeholder: 'Which provider is the key for?' });
    // The key box hides what is typed.
    const box = quickInputBox(page());
    await waitUntil(
      async () => (await box.isVisible()) && (await quickInput(page()).locator('.quick-input-message').innerText()).includes(`Paste the API key for ${PROVIDER}`),
      { what: `the API key input box for ${PROVIDER}`, timeoutMs: 15_000 },
    );
    assert.equal(await box.getAttribute('type'), 'password', 'the key is typed into a password box');
    await fillInputBox(page(), API_KEY, { expect: `Paste the API key for ${PROVIDER}` });
    const toast = await waitForNotification(page(), /API key for local/, { failOnError: /Baton/ });
    assert.equal(toast.severity, 'info');
    assert.equal(toast.text, `Baton: API key for ${PROVIDER} saved in secret storage.`);
    assert.equal(wire.requests.length, 0, 'setting a key sends nothing');
  });

  it('"Baton: Ask" streams the answer into a markdown document and shows the exact cost', async function () {
    const hold = gate();
    wire.clearRequests();
    wire.enqueue(reply.text(ANSWER, { chunks: CHUNKS, usage: USAGE, pause: { afterChunks: HOLD_AFTER_CHUNKS, until: hold.until } }));
    try {
      await clearNotifications(page());
      await runCommand(page(), 'Baton: Ask');
      await fillInputBox(page(), PROMPT, { expect: 'What do you want to ask?' });

      // Half-way: the document shows the heading and the chunks sent so far, and no footer.
      const heading = `# ${PROMPT}\n\n`;
      const firstHalf = splitText(ANSWER, CHUNKS).slice(0, HOLD_AFTER_CHUNKS).join('');
      assert.ok(firstHalf.length > 0 && firstHalf.length < ANSWER.length);
      await waitForEditorText(heading + firstHalf, 'the first half of the answer streamed into the new document');
      assert.doesNotMatch(await shownText(), /---|\*local\//, 'no footer while the answer is still streaming');
      assert.equal(wire.requests.length, 1, 'one request so far');
    } finally {
      hold.release();
    }

    // The whole answer, then the footer with the provider, the tokens, the cost and the time.
    const footer = new RegExp(
      `^\\*${escapeRegExp(`${PROVIDER}/${MODEL} · ${USAGE.input} in / ${USAGE.output} out · ${COST_TEXT} · `)}\\d+(?:s|m)\\*$`,
    );
    await waitForEditorText(/\n---\n\*[^\n]*\*\n?$/, 'the footer under the answer');
    const text = await readEditorText(page());
    const lines = text.split('\n');
    const expectedHead = [`# ${PROMPT}`, '', ...ANSWER.split('\n'), '', '---'];
    assert.deepEqual(lines.slice(0, expectedHead.length), expectedHead, `the document reads:\n${text}`);
    assert.match(lines[expectedHead.length] ?? '', footer, `the footer reads: ${lines[expectedHead.length]}`);
    assert.deepEqual(lines.slice(expectedHead.length + 1), [''], 'nothing after the footer but its line end');

    const toast = await waitForNotification(page(), /answered by/, { failOnError: /Baton/ });
    assert.equal(toast.severity, 'info');
    assert.equal(toast.text, `Baton: answered by ${PROVIDER}/${MODEL} · ${COST_TEXT}`);

    // What the server saw: exactly one request, with the key and the prompt, asking for usage.
    assert.equal(wire.requests.length, 1, `the server saw ${wire.requests.length} requests`);
    const [request] = wire.requests;
    assert.ok(request);
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/v1/chat/completions');
    assert.equal(request.headers['authorization'], `Bearer ${API_KEY}`);
    assert.equal(request.json['model'], MODEL);
    assert.deepEqual(request.json['messages'], [{ role: 'user', content: PROMPT }]);
    assert.equal(request.json['stream'], true);
    assert.deepEqual(request.json['stream_options'], { include_usage: true });
  });

  it('records the answer\'s cost in the database the CLI reads', async function () {
    const result = await harness.runCli(['costs', '--json']);
    assert.equal(result.code, 0, `baton costs --json failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
    const costs = JSON.parse(result.stdout) as CliCosts;
    const local = costs.byModel.find((group) => group.provider === PROVIDER && group.model === MODEL);
    assert.ok(local, `no ${PROVIDER}/${MODEL} row in ${result.stdout}`);
    assert.equal(local.requests, 1, result.stdout);
    assert.ok(Math.abs(local.usd - COST_USD) < 1e-12, `recorded $${local.usd}, expected $${COST_USD}`);
    assert.ok(Math.abs(costs.totalUsd - COST_USD) < 1e-12, `total $${costs.totalUsd}, expected $${COST_USD}`);
  });
});

describe('Baton router in VS Code with no provider configured', function () {
  this.timeout(60_000);
  let harness: BatonHarness;

  before(async function () {
    this.timeout(180_000);
    harness = await startBaton({ settings: { 'baton.providers': [] } });
    await waitForBatonReady(harness);
  });

  captureFailuresThenStop(() => harness);

  it('"Baton: Ask" says no provider is configured and where to add one', async function () {
    await clearNotifications(harness.page);
    await runCommand(harness.page, 'Baton: Ask');
    await fillInputBox(harness.page, PROMPT, { expect: 'What do you want to ask?' });
    const toast = await waitForNotification(harness.page, /No LLM provider is configured/, 30_000);
    assert.equal(toast.severity, 'error', `expected an error, got: ${JSON.stringify(toast)}`);
    assert.match(toast.text, /^Baton: No LLM provider is configured\. Add one to the "baton\.providers" setting/);
  });

  it('"Baton: Set API Key" says no provider is configured instead of asking for a key', async function () {
    await clearNotifications(harness.page);
    await runCommand(harness.page, 'Baton: Set API Key');
    const toast = await waitForNotification(harness.page, /no provider is configured/);
    assert.equal(toast.severity, 'warning');
    assert.equal(toast.text, 'Baton: no provider is configured yet. Add one to the "baton.providers" setting first.');
    assert.equal(await quickInputBox(harness.page).isVisible(), false, 'no key box opens');
  });
});

describe('Baton router in VS Code with a vscode-lm provider and no language model (no Copilot offline)', function () {
  this.timeout(60_000);
  let harness: BatonHarness;

  before(async function () {
    this.timeout(180_000);
    harness = await startBaton({ settings: { 'baton.providers': [{ id: 'copilot', kind: 'vscode-lm' }] } });
    await waitForBatonReady(harness);
  });

  captureFailuresThenStop(() => harness);

  it('"Baton: Ask" says VS Code offers no chat models and what to install, and opens no document', async function () {
    await clearNotifications(harness.page);
    const tabsBefore = await editorTabTitles(harness.page);
    await runCommand(harness.page, 'Baton: Ask');
    await fillInputBox(harness.page, PROMPT, { expect: 'What do you want to ask?' });
    const toast = await waitForNotification(harness.page, /No configured model can take this request/, 30_000);
    assert.equal(toast.severity, 'error', `expected an error, got: ${JSON.stringify(toast)}`);
    assert.match(toast.text, /VS Code offers no chat models right now: install and sign in to an extension that provides them/);
    assert.deepEqual(await editorTabTitles(harness.page), tabsBefore, 'a refused request leaves no empty answer document');
  });
});

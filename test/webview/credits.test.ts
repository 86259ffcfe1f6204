// The sessions' credits, as the user sees them: the running session's account and spend, and for a
// recent session that handed off, the share of the limit it used, the verdict and the advice.
import assert from 'node:assert/strict';
import type { SessionCreditsView } from '../../src/shared/viewState';
import { HOSTILE, lateHandoffCredits, NOW, recentSessions, runningSession, runningState, spendingCredits, welcomeState } from './fixtures';
import { type PageGlobals, type SidebarPage, useSidebarPerTest } from './harness';
import { applyTheme } from './theme';

const inBand: SessionCreditsView = {
  spent: '88 credits on GenSpark-03',
  account: 'GenSpark-03',
  handoff: { percent: 88, verdict: 'in-band', recommendation: 'Handed off at 88% of the limit: right in the target band of 85–92%.' },
};
const early: SessionCreditsView = {
  spent: null,
  account: null,
  handoff: { percent: 62, verdict: 'early', recommendation: 'Handed off at 62% of the limit: you could keep going until about 85% next time.' },
};

describe('sidebar webview: session credits', () => {
  const currentPage = useSidebarPerTest({ clockAt: NOW });
  let view: SidebarPage;
  beforeEach(() => {
    view = currentPage();
  });

  const recentWith = (...credits: (SessionCreditsView | null)[]) =>
    credits.map((c, index) => ({ ...recentSessions[index % recentSessions.length]!, id: `s-${index}`, credits: c }));
  // Tests compile without the DOM lib: the page's getComputedStyle, typed by hand.
  const colorOf = (selector: string) =>
    view.page.locator(selector).first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);

  it('shows the running session’s account and what it spent, with a codicon', async () => {
    await view.sendState(runningState(runningSession({ credits: spendingCredits })));
    const card = view.page.getByTestId('running-session');
    const line = card.getByTestId('session-credits');
    assert.equal(await line.innerText(), 'Account GenSpark-02 · 37 credits on GenSpark-02, $0.42 on API calls');
    assert.equal(await line.locator('.codicon-credit-card[aria-hidden="true"]').count(), 1);
    assert.equal(await line.getAttribute('title'), 'Account and credits used in this session');
    assert.equal(await card.getByTestId('session-handoff').count(), 0, 'no handoff line before a handoff');
  });

  it('says when the running session’s account has spent nothing yet, and shows nothing without account or spend', async () => {
    await view.sendState(runningState(runningSession({ credits: { spent: null, account: 'GenSpark-02', handoff: null } })));
    assert.equal(await view.page.getByTestId('session-credits').innerText(), 'Account GenSpark-02 · nothing spent yet');
    await view.sendState(runningState(runningSession({ credits: { spent: '$0.42 on API calls', account: null, handoff: null } })));
    assert.equal(await view.page.getByTestId('session-credits').innerText(), '$0.42 on API calls');
    await view.sendState(runningState(runningSession({ credits: { spent: null, account: null, handoff: null } })));
    assert.equal(await view.page.getByTestId('session-credits').count(), 0);
    await view.sendState(runningState(runningSession({ credits: null })));
    assert.equal(await view.page.getByTestId('session-credits').count(), 0);
    assert.equal(await view.page.getByTestId('running-goal').innerText(), 'Fix the checkout rounding bug', 'the rest still shows');
  });

  it('shows a recent session that handed off late: the share, the verdict, the advice, in the warning colour', async () => {
    await applyTheme(view.page);
    await view.sendState({ ...welcomeState, recent: recentWith(lateHandoffCredits, null) });
    const [first, second] = [view.page.getByTestId('recent-session').nth(0), view.page.getByTestId('recent-session').nth(1)];
    assert.equal(await first.getByTestId('session-credits').innerText(), 'Account GenSpark-01 · 91 credits on GenSpark-01');
    const handoff = first.getByTestId('session-handoff');
    assert.equal(await handoff.getAttribute('data-verdict'), 'late');
    assert.equal(await handoff.getByTestId('handoff-line').innerText(), 'Handed off at 97% — late');
    assert.equal(await handoff.getByTestId('handoff-advice').innerText(), 'Hand off earlier, around 90%, so the briefing fits before the account runs out.');
    assert.equal(await handoff.locator('.codicon-warning[aria-hidden="true"]').count(), 1);
    assert.equal(await colorOf('[data-verdict="late"] .verdict-icon'), 'rgb(204, 167, 0)', 'editorWarning-foreground');
    assert.match(await first.innerText(), /Add VAT to invoices[\s\S]*91 credits[\s\S]*Handed off at 97% — late[\s\S]*Invoices now carry VAT/);
    assert.equal(await second.getByTestId('session-credits').count(), 0);
    assert.equal(await second.getByTestId('session-handoff').count(), 0);
  });

  it('words the other verdicts and marks them with their own icon and colour', async () => {
    await applyTheme(view.page);
    await view.sendState({ ...welcomeState, recent: recentWith(inBand, early) });
    const lines = view.page.getByTestId('handoff-line');
    assert.deepEqual(await lines.allInnerTexts(), ['Handed off at 88% — in the target band', 'Handed off at 62% — early']);
    assert.deepEqual(await view.page.getByTestId('handoff-advice').allInnerTexts(), [
      'Right in the target band of 85–92%.',
      'You could keep going until about 85% next time.',
    ]);
    assert.equal(await lines.nth(0).locator('.codicon-pass').count(), 1);
    assert.equal(await lines.nth(1).locator('.codicon-info').count(), 1);
    assert.equal(await colorOf('[data-verdict="in-band"] .verdict-icon'), 'rgb(115, 201, 145)', 'testing-iconPassed');
    assert.equal(await colorOf('[data-verdict="early"] .verdict-icon'), 'rgb(55, 148, 255)', 'editorInfo-foreground');
    // The early session ran on no account and logged no spend: only its handoff shows.
    assert.equal(await view.page.getByTestId('recent-session').nth(1).getByTestId('session-credits').count(), 0);
  });

  it('shows an ended session’s account without spend as "nothing spent", and any wording of advice whole', async () => {
    const odd: SessionCreditsView = { spent: null, account: 'GenSpark-04', handoff: { percent: 99, verdict: 'late', recommendation: 'Hand off sooner.' } };
    await view.sendState({ ...welcomeState, recent: recentWith(odd) });
    assert.equal(await view.page.getByTestId('session-credits').innerText(), 'Account GenSpark-04 · nothing spent');
    assert.equal(await view.page.getByTestId('handoff-advice').innerText(), 'Hand off sooner.');
  });

  it('shows hostile account names and advice as text, never as HTML', async () => {
    const hostile: SessionCreditsView = { spent: `3 credits on ${HOSTILE}`, account: HOSTILE, handoff: { percent: 95, verdict: 'late', recommendation: HOSTILE } };
    await view.sendState(runningState(runningSession({ credits: hostile }), recentWith(hostile)));
    assert.equal(await view.page.getByTestId('session-credits').first().innerText(), `Account ${HOSTILE} · 3 credits on ${HOSTILE}`);
    assert.equal(await view.page.getByTestId('handoff-advice').first().innerText(), HOSTILE);
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.evaluate(() => (globalThis as unknown as PageGlobals).__pwned), undefined);
  });

  it('updates the spend from a patch that changes only the running session', async () => {
    await view.sendState(runningState(runningSession({ credits: spendingCredits })));
    const next = runningSession({ credits: { ...spendingCredits, spent: '40 credits on GenSpark-02, $0.42 on API calls' } });
    await view.sendRaw({ kind: 'notification', method: 'statePatch', params: { running: next } });
    assert.equal(await view.page.getByTestId('session-credits').innerText(), 'Account GenSpark-02 · 40 credits on GenSpark-02, $0.42 on API calls');
  });

  it('rejects a state whose credits are malformed, keeping what it showed', async () => {
    await view.sendState(runningState(runningSession({ credits: spendingCredits })));
    const broken = runningState(runningSession({ credits: { ...lateHandoffCredits, handoff: { ...lateHandoffCredits.handoff!, percent: -1 } } }));
    await view.sendState(broken);
    assert.equal(await view.page.getByTestId('session-credits').innerText(), 'Account GenSpark-02 · 37 credits on GenSpark-02, $0.42 on API calls');
    assert.equal(await view.page.getByTestId('session-handoff').count(), 0);
  });
});

// The sessions' credits in the sidebar's view state: a well-formed value passes the state and
// patch validators unchanged; a malformed one is rejected, like any other field, with its path.
import assert from 'node:assert/strict';
import { viewState, viewStatePatch } from '../../../src/shared/protocol/sidebar';
import { ProtocolError } from '../../../src/shared/protocol/validate';
import type { RunningSessionView, SessionCreditsView, SessionSummaryView, ViewState } from '../../../src/shared/viewState';

const late: SessionCreditsView = {
  spent: '91 credits on GenSpark-01',
  account: 'GenSpark-01',
  handoff: { percent: 97, verdict: 'late', recommendation: 'Handed off at 97% of the limit: hand off earlier, around 90%, so the briefing fits before the account runs out.' },
};
const spending: SessionCreditsView = { spent: '37 credits on GenSpark-02, $0.42 on API calls', account: 'GenSpark-02', handoff: null };

const running: RunningSessionView = {
  id: 's-3', goal: 'Fix rounding', startedAt: '2026-11-24T09:12:00.000Z', activeMs: 60_000, asOf: '2026-11-24T10:30:00.000Z',
  isActive: true, branch: null, files: [], notes: [], credits: spending,
};
const summary: SessionSummaryView = {
  id: 's-2', goal: 'Add VAT', startedAt: '2026-11-23T14:03:00.000Z', endedAt: '2026-11-23T15:40:00.000Z', activeMs: 82 * 60_000,
  fileCount: 7, noteCount: 2, summary: null, credits: late,
};
const state: ViewState = {
  status: 'ready', errorMessage: null, workspaceName: 'shop', running, recent: [summary, { ...summary, id: 's-1', credits: null }],
  snapshots: [], knowledge: [], lastBriefing: null, costs: null,
};

/** The state as it arrives: JSON, with `change` applied to a copy. */
function received(change: (copy: { running: Record<string, unknown>; recent: Record<string, unknown>[] }) => void): unknown {
  const copy = JSON.parse(JSON.stringify(state));
  change(copy);
  return copy;
}

const rejects = (value: unknown, message: RegExp) => assert.throws(() => viewState(value, 'params'), (error: unknown) => error instanceof ProtocolError && message.test(error.message));

describe('sidebar protocol: session credits', () => {
  it('passes a state with credits (and with none) through unchanged', () => {
    assert.deepEqual(viewState(JSON.parse(JSON.stringify(state)), 'params'), state);
    assert.deepEqual(viewState(received((s) => { s.running.credits = null; }), 'params'), { ...state, running: { ...running, credits: null } });
  });

  it('accepts every verdict, a handoff past 100% and a session on no account', () => {
    for (const verdict of ['early', 'in-band', 'late']) {
      const value = received((s) => { s.recent[0]!.credits = { spent: null, account: null, handoff: { percent: 120, verdict, recommendation: 'x' } }; });
      assert.equal(viewState(value, 'params').recent[0]?.credits?.handoff?.verdict, verdict);
    }
  });

  it('rejects a session without the credits field (it is explicit, never optional)', () => {
    rejects(received((s) => { delete s.running.credits; }), /^params\.running\.credits: expected an object$/);
    rejects(received((s) => { delete s.recent[1]!.credits; }), /^params\.recent\[1\]\.credits: expected an object$/);
  });

  it('rejects malformed credits with the path of the bad value', () => {
    const cases: Array<[(s: { running: Record<string, unknown>; recent: Record<string, unknown>[] }) => void, RegExp]> = [
      [(s) => { s.running.credits = '37 credits'; }, /params\.running\.credits: expected an object/],
      [(s) => { s.running.credits = { ...spending, spent: 37 }; }, /params\.running\.credits\.spent: expected a string/],
      [(s) => { s.running.credits = { ...spending, account: undefined }; }, /params\.running\.credits\.account: expected a string/],
      [(s) => { s.running.credits = { spent: null, account: null }; }, /params\.running\.credits\.handoff: expected an object/],
      [(s) => { s.recent[0]!.credits = { ...late, handoff: { ...late.handoff, verdict: 'great' } }; }, /params\.recent\[0\]\.credits\.handoff\.verdict: expected one of "early", "in-band", "late"/],
      [(s) => { s.recent[0]!.credits = { ...late, handoff: { ...late.handoff, percent: -3 } }; }, /params\.recent\[0\]\.credits\.handoff\.percent: expected an integer of at least 0/],
      [(s) => { s.recent[0]!.credits = { ...late, handoff: { ...late.handoff, percent: 91.5 } }; }, /\.handoff\.percent: expected an integer/],
      [(s) => { s.recent[0]!.credits = { ...late, handoff: { ...late.handoff, percent: '97' } }; }, /\.handoff\.percent: expected an integer/],
      [(s) => { s.recent[0]!.credits = { ...late, handoff: { percent: 97, verdict: 'late' } }; }, /\.handoff\.recommendation: expected a string/],
    ];
    for (const [change, message] of cases) rejects(received(change), message);
  });

  it('drops fields it does not declare, so nothing extra reaches the page', () => {
    const value = received((s) => { s.running.credits = { ...spending, accountId: 'a-2', apiKey: 'sk-secret' }; });
    assert.deepEqual(viewState(value, 'params').running?.credits, spending);
  });

  it('checks the credits in a patch too', () => {
    assert.deepEqual(viewStatePatch({ recent: [summary] }, 'params'), { recent: [summary] });
    assert.throws(() => viewStatePatch({ running: { ...running, credits: { ...spending, handoff: { percent: 90, verdict: 'ok', recommendation: '' } } } }, 'params'),
      /params\.running\.credits\.handoff\.verdict: expected one of/);
  });
});

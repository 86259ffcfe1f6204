// View states for the webview tests, around a fixed "now".
import type { BriefingView, KnowledgeView, RunningSessionView, SessionCreditsView, SessionSummaryView, SnapshotView, ViewState } from '../../src/shared/viewState';

export const NOW = '2026-11-24T10:30:00.000Z';

export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** The newer fields, empty: no snapshots, no knowledge, no briefing, no costs yet. */
export const NO_WORK = { snapshots: [], knowledge: [], lastBriefing: null, costs: null } as const satisfies Pick<ViewState, 'snapshots' | 'knowledge' | 'lastBriefing' | 'costs'>;

export const loadingState: ViewState = { status: 'loading', errorMessage: null, workspaceName: null, running: null, recent: [], ...NO_WORK };

export const errorState: ViewState = {
  status: 'error',
  errorMessage: 'The Baton database is damaged. The last good backup was restored.',
  workspaceName: 'shop',
  running: null,
  recent: [],
  ...NO_WORK,
};

export const noFolderState: ViewState = { status: 'ready', errorMessage: null, workspaceName: null, running: null, recent: [], ...NO_WORK };

export const welcomeState: ViewState = { status: 'ready', errorMessage: null, workspaceName: 'shop', running: null, recent: [], ...NO_WORK };

export function runningSession(overrides: Partial<RunningSessionView> = {}): RunningSessionView {
  return {
    id: 's-3',
    goal: 'Fix the checkout rounding bug',
    startedAt: '2026-11-24T09:12:00.000Z',
    activeMs: 65 * 60_000 + 10_000,
    asOf: NOW,
    isActive: true,
    branch: 'fix/checkout-rounding',
    files: [
      { path: 'src/checkout/total.ts', edits: 14, saves: 3 },
      { path: 'src/checkout/total.test.ts', edits: 6, saves: 2 },
      { path: 'README.md', edits: 1, saves: 1 },
    ],
    notes: [
      { text: 'Rounding happens per line item, not on the total.', at: '2026-11-24T09:40:00.000Z' },
      { text: 'Use banker’s rounding to match the payment provider.', at: '2026-11-24T10:25:00.000Z' },
    ],
    credits: null,
    ...overrides,
  };
}

export const recentSessions: SessionSummaryView[] = [
  {
    id: 's-2',
    goal: 'Add VAT to invoices',
    startedAt: '2026-11-23T14:03:00.000Z',
    endedAt: '2026-11-23T15:40:00.000Z',
    activeMs: 82 * 60_000,
    fileCount: 7,
    noteCount: 2,
    summary: 'Invoices now carry VAT per country; the PDF template still shows the old total.',
    credits: null,
  },
  {
    id: 's-1',
    goal: '',
    startedAt: '2026-11-20T08:30:00.000Z',
    endedAt: '2026-11-20T08:52:00.000Z',
    activeMs: 45_000,
    fileCount: 1,
    noteCount: 0,
    summary: null,
    credits: null,
  },
];

/** A session on GenSpark-02 that spent credits there and on API calls, and has not handed off. */
export const spendingCredits: SessionCreditsView = { spent: '37 credits on GenSpark-02, $0.42 on API calls', account: 'GenSpark-02', handoff: null };

/** A session that handed off late, as sessionCreditsView words it for the default band. */
export const lateHandoffCredits: SessionCreditsView = {
  spent: '91 credits on GenSpark-01',
  account: 'GenSpark-01',
  handoff: {
    percent: 97,
    verdict: 'late',
    recommendation: 'Handed off at 97% of the limit: hand off earlier, around 90%, so the briefing fits before the account runs out.',
  },
};

export function runningState(run: RunningSessionView = runningSession(), recent: SessionSummaryView[] = []): ViewState {
  return { status: 'ready', errorMessage: null, workspaceName: 'shop', running: run, recent, ...NO_WORK };
}

export const recentState: ViewState = { ...welcomeState, recent: recentSessions };

export const lastBriefing: BriefingView = {
  level: 'medium',
  tokens: 812,
  budget: 1000,
  createdAt: '2026-11-24T10:18:00.000Z',
  markdown:
    '# Handoff: Fix the checkout rounding bug\n\n**Branch:** `fix/checkout-rounding`\n\n' +
    '## Where it stands\n\n- Totals are rounded per line item.\n- Next: the PDF template still shows the old total.\n',
  unavailable: ['editor'],
};

export const snapshots: SnapshotView[] = [
  { id: 'snap-2', label: '', reason: 'handoff', takenAt: '2026-11-24T10:18:00.000Z', branch: 'fix/checkout-rounding', fileCount: 3, patchTruncated: false },
  { id: 'snap-1', label: 'Before the refactor', reason: 'manual', takenAt: '2026-11-23T15:02:00.000Z', branch: 'main', fileCount: 12, patchTruncated: true },
];

export const knowledge: KnowledgeView[] = [
  {
    id: 'k-3',
    kind: 'gotcha',
    title: 'Payment provider rounds half to even',
    body: 'Use **banker’s rounding** (`roundHalfEven`) for totals, or the amounts differ by a cent.\n\n- Applies to refunds too.',
    tags: ['checkout', 'money'],
    paths: ['src/checkout/total.ts'],
    scope: 'workspace',
    updatedAt: '2026-11-24T09:45:00.000Z',
  },
  {
    id: 'k-2',
    kind: 'decision',
    title: 'Money is stored in minor units',
    body: 'All amounts are integers in cents. See ADR 7.',
    tags: ['money'],
    paths: [],
    scope: 'workspace',
    updatedAt: '2026-11-22T11:00:00.000Z',
  },
  {
    id: 'k-1',
    kind: 'pattern',
    title: 'Commit messages follow Conventional Commits',
    body: '`fix(scope): summary`, `feat(scope): summary`.',
    tags: [],
    paths: [],
    scope: 'global',
    updatedAt: '2026-11-01T08:00:00.000Z',
  },
];

/** A workspace with a last briefing, two snapshots and three knowledge entries. */
export function workState(overrides: Partial<ViewState> = {}): ViewState {
  return { ...welcomeState, recent: recentSessions, lastBriefing, snapshots, knowledge, ...overrides };
}

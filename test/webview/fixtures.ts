// View states for the webview tests, around a fixed "now".
import type { RunningSessionView, SessionSummaryView, ViewState } from '../../src/shared/viewState';

export const NOW = '2026-11-24T10:30:00.000Z';

export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

export const loadingState: ViewState = { status: 'loading', errorMessage: null, workspaceName: null, running: null, recent: [] };

export const errorState: ViewState = {
  status: 'error',
  errorMessage: 'The Baton database is damaged. The last good backup was restored.',
  workspaceName: 'shop',
  running: null,
  recent: [],
};

export const noFolderState: ViewState = { status: 'ready', errorMessage: null, workspaceName: null, running: null, recent: [] };

export const welcomeState: ViewState = { status: 'ready', errorMessage: null, workspaceName: 'shop', running: null, recent: [] };

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
  },
];

export function runningState(run: RunningSessionView = runningSession(), recent: SessionSummaryView[] = []): ViewState {
  return { status: 'ready', errorMessage: null, workspaceName: 'shop', running: run, recent };
}

export const recentState: ViewState = { ...welcomeState, recent: recentSessions };

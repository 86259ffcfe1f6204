// Costs panel states for the webview tests, built by hand around a fixed "now" (the tests check
// each one with the protocol's own validator). Money is integer nano-dollars, as on the wire.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type CostFilters, type CostRequestRow, type CostsQuery, type CostsState, costsState, type RequestDetail } from '../../src/shared/protocol/costs';
import { type OpenOptions, type PostedRequest, type SidebarPage, useSidebarPerTest } from './harness';
import { DARK_PLUS } from './theme';

export const NOW = '2026-11-24T10:30:00.000Z';
export const TODAY = '2026-11-24';
export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

/** Dollars as nano-dollars. */
export const usd = (dollars: number): number => Math.round(dollars * 1e9);

export const NO_FILTERS: CostFilters = { workspace: null, provider: null, model: null, account: null, source: null };

export function query(period: CostsQuery['period'], from: string | null = null, to: string | null = null, filters: Partial<CostFilters> = {}): CostsQuery {
  return { period, from, to, filters: { ...NO_FILTERS, ...filters } };
}

/** `count` consecutive days ending with `last`, oldest first. */
export function daysEnding(last: string, count: number): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 86_400_000).toISOString().slice(0, 10));
}

/** A small deterministic generator (mulberry32), so the 90 days look alike on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

export const OPTIONS: CostsState['options'] = {
  workspaces: [{ id: 'ws-shop', label: 'shop' }, { id: 'ws-blog', label: 'blog' }],
  providers: [{ id: 'openai', label: 'OpenAI' }, { id: 'anthropic', label: 'Anthropic' }, { id: 'groq', label: 'Groq' }],
  models: [{ id: 'gpt-4o', label: 'gpt-4o' }, { id: 'claude-sonnet-4', label: 'claude-sonnet-4' }, { id: 'llama-3.3-70b', label: 'llama-3.3-70b' }],
  accounts: [{ id: 'acc-genspark-02', label: 'GenSpark-02' }, { id: 'acc-team', label: 'OpenAI team' }],
  sources: [{ id: 'baton', label: 'Baton router' }, { id: 'claude-code', label: 'Claude Code' }],
};

const NO_FORECAST = (dataDays: number): CostsState['forecast'] => ({
  status: 'insufficient', dataDays, method: '', points: [], projected7Nanos: 0, projected30Nanos: 0, low30Nanos: 0, high30Nanos: 0, budgets: [],
});

export function request(id: string, overrides: Partial<CostRequestRow> = {}): CostRequestRow {
  return {
    id, at: `${TODAY}T09:12:00.000Z`, provider: 'openai', model: 'gpt-4o', workspace: 'shop', account: null, source: 'baton', sessionId: 's-1',
    inputTokens: 12_000, outputTokens: 800, cachedTokens: 4_000, costNanos: usd(0.042), estimated: false, pricing: 'priced', status: 'ok',
    latencyMs: 2_400, fallbackUsed: false, cacheHit: false, ...overrides,
  };
}

/** The ledger holds no request yet. */
export function emptyCostsState(): CostsState {
  const days = daysEnding(TODAY, 30);
  return {
    query: query('30d'),
    range: { from: days[0]!, to: TODAY, days: 30, previousFrom: '2026-09-26', previousTo: '2026-10-25', label: 'Last 30 days' },
    generatedAt: NOW, hasData: false,
    options: { workspaces: [], providers: [], models: [], accounts: [], sources: [] },
    headline: { spendNanos: 0, previousSpendNanos: 0, requests: 0, previousRequests: 0, averageNanos: null, savedNanos: 0, estimatedRequests: 0, unpricedRequests: 0, subscriptionRequests: 0 },
    days, spendByProvider: [], tokens: { input: days.map(() => 0), output: days.map(() => 0), cached: days.map(() => 0) },
    byModel: [], byWorkspace: [], bySession: [], credits: [], forecast: NO_FORECAST(0), anomalies: [], health: [], topRequests: [], topSessions: [],
  };
}

/** Today only: two providers, a forecast that needs more days. */
export function oneDayState(): CostsState {
  return {
    ...emptyCostsState(),
    query: query('today'),
    range: { from: TODAY, to: TODAY, days: 1, previousFrom: '2026-11-23', previousTo: '2026-11-23', label: 'Today' },
    hasData: true, options: OPTIONS,
    headline: { spendNanos: usd(0.57), previousSpendNanos: usd(0.5), requests: 9, previousRequests: 12, averageNanos: usd(0.0633), savedNanos: usd(0.0042), estimatedRequests: 3, unpricedRequests: 0, subscriptionRequests: 0 },
    days: [TODAY],
    spendByProvider: [{ label: 'OpenAI', values: [usd(0.42)] }, { label: 'Anthropic', values: [usd(0.15)] }],
    tokens: { input: [48_000], output: [3_100], cached: [12_000] },
    byModel: [{ key: 'gpt-4o', label: 'gpt-4o', nanos: usd(0.42), requests: 6 }, { key: 'claude-sonnet-4', label: 'claude-sonnet-4', nanos: usd(0.15), requests: 3 }],
    byWorkspace: [{ key: 'ws-shop', label: 'shop', nanos: usd(0.57), requests: 9 }],
    bySession: [{ key: 's-1', label: 'Fix the checkout rounding bug', nanos: usd(0.57), requests: 9 }],
    forecast: NO_FORECAST(1),
    topRequests: [request('r-1'), request('r-2', { provider: 'anthropic', model: 'claude-sonnet-4', costNanos: usd(0.15), estimated: true })],
    topSessions: [{ id: 's-1', goal: 'Fix the checkout rounding bug', workspace: 'shop', startedAt: `${TODAY}T08:00:00.000Z`, nanos: usd(0.57), requests: 9 }],
  };
}

export const PROVIDERS = ['OpenAI', 'Anthropic', 'Groq'] as const;

/** Twelve requests with distinct costs, times and models, in no particular order. */
export function topRequests(): CostRequestRow[] {
  const models = [['openai', 'gpt-4o'], ['anthropic', 'claude-sonnet-4'], ['groq', 'llama-3.3-70b']] as const;
  const costs = [0.84, 0.12, 1.93, 0.0042, 0.57, 2.41, 0.33, 0.09, 1.1, 0.0007, 0.75, 0.21];
  return costs.map((cost, i) => {
    const [provider, model] = models[i % 3]!;
    return request(`r-${i + 1}`, {
      at: `2026-11-${String(10 + i).padStart(2, '0')}T${String(8 + (i % 9)).padStart(2, '0')}:15:00.000Z`,
      provider, model, workspace: i % 4 === 0 ? 'blog' : 'shop', account: i % 2 === 0 ? 'GenSpark-02' : null,
      inputTokens: 10_000 + i * 3_500, outputTokens: 500 + i * 220, cachedTokens: i % 3 === 0 ? 6_000 : 0,
      costNanos: usd(cost), estimated: i % 5 === 0, latencyMs: 900 + i * 410, fallbackUsed: i === 4, cacheHit: i === 9,
      status: i === 7 ? 'error' : 'ok',
    });
  });
}

/** 90 days of three providers, credits, a forecast, anomalies and provider health. */
export function ninetyDayState(): CostsState {
  const days = daysEnding(TODAY, 90);
  const next = random(7);
  const base = [1.2, 2.1, 0.15];
  const spendByProvider = PROVIDERS.map((label, p) => ({
    label,
    values: days.map((_, d) => usd(base[p]! * (0.6 + next() * 0.8) * (d % 7 === 5 || d % 7 === 6 ? 0.35 : 1))),
  }));
  const totals = spendByProvider.map((s) => sum(s.values));
  const spend = sum(totals);
  const input = days.map(() => Math.round(80_000 + next() * 120_000));
  const forecastDays = daysEnding('2026-12-23', 30);
  const points = forecastDays.map((day, i) => ({ day, expected: usd(3.4 + i * 0.01), low: usd(2.6 + i * 0.01), high: usd(4.3 + i * 0.01) }));
  return {
    query: query('custom', days[0]!, TODAY),
    range: { from: days[0]!, to: TODAY, days: 90, previousFrom: '2026-05-28', previousTo: '2026-08-25', label: 'Custom range' },
    generatedAt: NOW, hasData: true, options: OPTIONS,
    headline: {
      spendNanos: spend, previousSpendNanos: Math.round(spend * 0.8), requests: 2_840, previousRequests: 2_950, averageNanos: Math.round(spend / 2_840),
      savedNanos: usd(14.32), estimatedRequests: 412, unpricedRequests: 7, subscriptionRequests: 130,
    },
    days, spendByProvider,
    tokens: { input, output: input.map((n) => Math.round(n * 0.08)), cached: input.map((n) => Math.round(n * 0.3)) },
    byModel: [
      { key: 'claude-sonnet-4', label: 'claude-sonnet-4', nanos: totals[1]!, requests: 1_210 },
      { key: 'gpt-4o', label: 'gpt-4o', nanos: totals[0]!, requests: 1_020 },
      { key: 'llama-3.3-70b', label: 'llama-3.3-70b', nanos: totals[2]!, requests: 610 },
    ],
    byWorkspace: [{ key: 'ws-shop', label: 'shop', nanos: Math.round(spend * 0.7), requests: 2_000 }, { key: 'ws-blog', label: 'blog', nanos: spend - Math.round(spend * 0.7), requests: 840 }],
    bySession: [
      { key: 's-1', label: 'Fix the checkout rounding bug', nanos: usd(41.2), requests: 380 },
      { key: 's-2', label: 'Add VAT to invoices', nanos: usd(22.05), requests: 190 },
      { key: null, label: 'Outside sessions', nanos: usd(12.4), requests: 510 },
    ],
    credits: [
      { account: 'GenSpark-02', platform: 'GenSpark', unit: 'credits', used: 37, limit: 100, share: 0.37, resetsAt: '2026-11-24T13:50:00.000Z', status: 'active', current: true },
      { account: 'OpenAI team', platform: 'OpenAI', unit: 'usd', used: 1.2, limit: 5, share: 0.24, resetsAt: '2026-11-29T10:30:00.000Z', status: 'active', current: false },
      { account: 'Claude Pro', platform: 'Anthropic', unit: 'percent', used: 42, limit: 100, share: 0.42, resetsAt: null, status: 'active', current: false },
      { account: 'GenSpark-01', platform: 'GenSpark', unit: 'credits', used: 100, limit: 100, share: 1, resetsAt: '2026-11-25T00:00:00.000Z', status: 'exhausted', current: false },
    ],
    forecast: {
      status: 'ok', dataDays: 90, method: 'Half a least-squares line, half exponential smoothing, with a day-of-week pattern.',
      points, projected7Nanos: sum(points.slice(0, 7).map((p) => p.expected)), projected30Nanos: sum(points.map((p) => p.expected)),
      low30Nanos: usd(88), high30Nanos: usd(120),
      budgets: [
        { name: 'Monthly budget', limitNanos: usd(100), spentNanos: usd(78), runsOutOn: '2026-11-29' },
        { name: 'Daily budget', limitNanos: usd(10), spentNanos: usd(1.3), runsOutOn: null },
      ],
    },
    anomalies: [
      { kind: 'day-spike', day: '2026-11-03', provider: 'Anthropic', model: null, value: usd(14.2), baseline: usd(3.45), why: 'Spend on Nov 3 was $14.20, 4.1 times the usual $3.45.', requestIds: ['r-3', 'r-6', 'r-9'], lookup: false },
      { kind: 'price-drift', day: '2026-11-18', provider: 'OpenAI', model: 'gpt-4o', value: 2.75, baseline: 2.5, why: 'gpt-4o cost 10% more per token than its list price.', requestIds: [], lookup: false },
      { kind: 'fallback-rate', day: '2026-11-20', provider: 'Groq', model: null, value: 0.3, baseline: 0.02, why: '30% of requests to Groq fell back to another provider.', requestIds: [], lookup: true },
    ],
    health: [
      { provider: 'OpenAI', requests: 1_020, successRate: 0.992, fallbacks: 3, latencyP50Ms: 2_100, latencyP95Ms: 7_400, ttftP50Ms: 420, ttftP95Ms: 1_300, breaker: 'closed' },
      { provider: 'Anthropic', requests: 1_210, successRate: 0.97, fallbacks: 12, latencyP50Ms: 3_200, latencyP95Ms: 11_900, ttftP50Ms: 610, ttftP95Ms: 2_050, breaker: 'half-open' },
      { provider: 'Groq', requests: 610, successRate: 0.81, fallbacks: 40, latencyP50Ms: 640, latencyP95Ms: 1_900, ttftP50Ms: 90, ttftP95Ms: 260, breaker: 'open' },
      { provider: 'Ollama', requests: 0, successRate: null, fallbacks: 0, latencyP50Ms: null, latencyP95Ms: null, ttftP50Ms: null, ttftP95Ms: null, breaker: 'unknown' },
    ],
    topRequests: topRequests(),
    topSessions: [
      { id: 's-1', goal: 'Fix the checkout rounding bug', workspace: 'shop', startedAt: '2026-11-20T08:00:00.000Z', nanos: usd(41.2), requests: 380 },
      { id: 's-2', goal: 'Add VAT to invoices', workspace: 'shop', startedAt: '2026-11-12T13:00:00.000Z', nanos: usd(22.05), requests: 190 },
      { id: 's-3', goal: '', workspace: 'blog', startedAt: null, nanos: usd(3.1), requests: 44 },
    ],
  };
}

/** A month summarised from 100,000 requests: large totals, the top ten and "others" rows. */
export function bigState(): CostsState {
  const base = ninetyDayState();
  const days = daysEnding(TODAY, 30);
  const top = (prefix: string, label: (i: number) => string, others: string) => [
    ...Array.from({ length: 10 }, (_, i) => ({ key: `${prefix}-${i}`, label: label(i), nanos: usd(1_500 - i * 120), requests: 9_000 - i * 500 })),
    { key: null, label: others, nanos: usd(2_870.67), requests: 31_500 },
  ];
  return {
    ...base,
    query: query('30d'),
    range: { from: days[0]!, to: TODAY, days: 30, previousFrom: '2026-09-26', previousTo: '2026-10-25', label: 'Last 30 days' },
    headline: { ...base.headline, spendNanos: usd(12_345.67), previousSpendNanos: usd(9_876.54), requests: 100_000, previousRequests: 87_654, averageNanos: usd(0.1235), savedNanos: usd(1_234.5) },
    days,
    spendByProvider: PROVIDERS.map((label, p) => ({ label, values: days.map((_, d) => usd(100 + p * 90 + (d % 5) * 10)) })),
    tokens: { input: days.map(() => 45_000_000), output: days.map(() => 3_200_000), cached: days.map(() => 12_500_000) },
    byModel: top('m', (i) => `model-${i + 1}`, 'Others (27 models)'),
    bySession: top('s', (i) => `Session ${i + 1}`, 'Others (1,204 sessions)'),
    topRequests: Array.from({ length: 100 }, (_, i) => request(`big-${i}`, { costNanos: usd(12 - i * 0.1), inputTokens: 180_000 })),
  };
}

/** Names, goals and sentences that look like HTML. */
export function hostileState(): CostsState {
  const base = ninetyDayState();
  return {
    ...base,
    options: { ...OPTIONS, models: [{ id: 'evil', label: HOSTILE }] },
    spendByProvider: base.spendByProvider.map((s, i) => (i === 0 ? { ...s, label: HOSTILE } : s)),
    byModel: [{ key: 'evil', label: HOSTILE, nanos: usd(1), requests: 1 }],
    anomalies: [{ ...base.anomalies[0]!, why: HOSTILE, provider: HOSTILE }],
    health: [{ ...base.health[0]!, provider: HOSTILE }],
    topRequests: [request('r-evil', { model: HOSTILE, workspace: HOSTILE })],
    topSessions: [{ id: 's-evil', goal: HOSTILE, workspace: HOSTILE, startedAt: null, nanos: usd(1), requests: 1 }],
    credits: [{ ...base.credits[0]!, account: HOSTILE }],
  };
}

export function requestDetail(row: CostRequestRow, overrides: Partial<RequestDetail> = {}): RequestDetail {
  return {
    row,
    attempts: [
      { provider: 'groq', model: 'llama-3.3-70b', status: 'failed', error: 'HTTP 503: over capacity' },
      { provider: row.provider, model: row.model, status: 'ok', error: null },
    ],
    formula: [
      { label: 'Input', tokens: 8_000, usdPerMillion: 2.5, nanos: usd(0.02) },
      { label: 'Cached input', tokens: 4_000, usdPerMillion: 1.25, nanos: usd(0.005) },
      { label: 'Output', tokens: 800, usdPerMillion: 10, nanos: usd(0.008) },
    ],
    pricesNote: 'Prices from the built-in table of 2026-11-01, the ones this request was billed at.',
    ttftMs: 480,
    savedNanos: usd(0.005),
    decision: 'strategy: cheapest\ncandidates: groq/llama-3.3-70b ($0.004), openai/gpt-4o ($0.033)\nchose: groq, fell back to openai after 503',
    redacted: 'system: You are a helpful assistant.\nuser: Fix the rounding in [REDACTED:path]/total.ts',
    ...overrides,
  };
}

// The page, as the costs tests drive it ------------------------------------------------------------

/** Dark+ with the chart colours VS Code gives webviews. */
export const COSTS_DARK: Readonly<Record<string, string>> = {
  ...DARK_PLUS,
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-editorWidget-background': '#252526',
  '--vscode-progressBar-background': '#0e70c0',
  '--vscode-scrollbarSlider-background': '#79797966',
  '--vscode-charts-foreground': '#cccccc',
  '--vscode-charts-lines': '#cccccc80',
  '--vscode-charts-red': '#f14c4c',
  '--vscode-charts-blue': '#3794ff',
  '--vscode-charts-yellow': '#cca700',
  '--vscode-charts-orange': '#d18616',
  '--vscode-charts-green': '#89d185',
  '--vscode-charts-purple': '#b180d7',
};

/** Light+, with chart colours of its own. */
export const COSTS_LIGHT: Readonly<Record<string, string>> = {
  ...COSTS_DARK,
  '--vscode-foreground': '#616161',
  '--vscode-descriptionForeground': '#717171',
  '--vscode-editor-background': '#ffffff',
  '--vscode-editorWidget-background': '#f3f3f3',
  '--vscode-sideBar-background': '#f3f3f3',
  '--vscode-panel-border': '#80808059',
  '--vscode-input-background': '#ffffff',
  '--vscode-input-foreground': '#616161',
  '--vscode-button-secondaryBackground': '#5f6a79',
  '--vscode-button-secondaryForeground': '#ffffff',
  '--vscode-charts-foreground': '#616161',
  '--vscode-charts-lines': '#61616180',
  '--vscode-charts-red': '#e51400',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-yellow': '#bf8803',
  '--vscode-charts-orange': '#c15c00',
  '--vscode-charts-green': '#388a34',
  '--vscode-charts-purple': '#652d90',
};

/** Applies a theme as VS Code does: variables on <html>, the kind as a class of <body>. */
export async function applyCostsTheme(page: Page, variables: Readonly<Record<string, string>>, kind: 'vscode-dark' | 'vscode-light'): Promise<void> {
  await page.evaluate(
    ([vars, cls]) => {
      const doc = (globalThis as unknown as { document: ThemeDocument }).document;
      for (const [name, value] of Object.entries(vars)) doc.documentElement.style.setProperty(name, value);
      doc.body.classList.remove('vscode-dark', 'vscode-light');
      doc.body.classList.add(cls);
      doc.body.style.setProperty('background-color', vars['--vscode-editor-background'] ?? '');
    },
    [variables, kind] as const,
  );
}

interface ThemeDocument {
  documentElement: { style: { setProperty(name: string, value: string): void } };
  body: { style: { setProperty(name: string, value: string): void }; classList: { add(c: string): void; remove(...c: string[]): void } };
}

export const COSTS_VIEWPORT = { width: 1280, height: 900 } as const;

/**
 * A fresh costs page per test at NOW, 1280×900; a test that passed fails if the page logged a
 * console error or a CSP violation.
 */
export function useCostsPage(options: OpenOptions = {}): () => SidebarPage {
  const holder: { current?: () => SidebarPage } = {};
  // Registered before the harness's own afterEach, so it runs while the page is still open.
  afterEach(async function () {
    if (this.currentTest?.state !== 'passed' || !holder.current) return;
    assert.deepEqual(await holder.current().cspViolations(), [], 'no CSP violations');
  });
  holder.current = useSidebarPerTest({ clockAt: NOW, viewport: COSTS_VIEWPORT, ...options }, 'costs');
  return holder.current;
}

/** Plays the host: answers the page's requests one by one. */
export class FakeCostsHost {
  private readonly answered: number[] = [];

  constructor(private readonly view: SidebarPage) {}

  /** The next unanswered request of `method`, without answering it. */
  async next(method: 'load' | 'request' | 'requests' | 'anomalyRequests'): Promise<PostedRequest> {
    return this.view.waitForRequest(method, this.answered);
  }

  /** Answers the next `load` with `state` (validated first); returns the request. */
  async load(state: CostsState): Promise<PostedRequest> {
    const request = await this.next('load');
    await this.answer(request, costsState(state, 'state'));
    return request;
  }

  /** Answers `request`; a state is drawn in two steps (the first screen, then the rest): waits for both. */
  async answer(request: PostedRequest, result: unknown): Promise<void> {
    this.answered.push(request.id);
    await this.view.respond(request.id, result);
    await this.view.page.locator('[data-pending]').waitFor({ state: 'detached' });
  }

  async fail(request: PostedRequest, message: string): Promise<void> {
    this.answered.push(request.id);
    await this.view.respondError(request.id, message);
  }

  /** Marks a request as seen without answering it (e.g. one the page cancelled). */
  skip(request: PostedRequest): void {
    this.answered.push(request.id);
  }
}

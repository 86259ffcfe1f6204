// The costs panel's protocol, declared once for both sides. The page asks for the state of one
// query (period and filters) and gets it whole; the host says `changed` when the ledger or the
// accounts moved (a request from another window or the CLI), and the page asks again. Money is
// integer nano-dollars (1e-9 USD), as in the ledger, so sums stay exact until they are shown.
import { defineProtocol } from './ipc';
import { type Infer, type Validator, array, boolean, empty, literal, nullable, number, object, string } from './validate';

const MAX_ITEMS = 10_000;
const MAX_TEXT = 100_000;
const MAX_ID = 300;

export const COST_PERIODS = ['today', '7d', '30d', 'month', 'custom'] as const;
export type CostPeriod = (typeof COST_PERIODS)[number];
export const FILTER_KEYS = ['workspace', 'provider', 'model', 'account', 'source'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export const ANOMALY_KINDS = ['day-spike', 'request-outlier', 'price-drift', 'fallback-rate'] as const;
export const BREAKER_STATES = ['closed', 'open', 'half-open', 'unknown'] as const;

const text = string({ max: MAX_TEXT });
const id = string({ min: 1, max: MAX_ID });
/** A local calendar day, YYYY-MM-DD. */
const day = string({ min: 10, max: 10 });
const iso = string({ max: 64 });
const count = number({ integer: true, min: 0 });
const nanos = number({ integer: true, min: 0 });
const ms = number({ min: 0 });
const list = <T>(item: Validator<T>) => array(item, { max: MAX_ITEMS });

const filters = object({
  workspace: nullable(id),
  provider: nullable(id),
  model: nullable(id),
  account: nullable(id),
  source: nullable(id),
});

/** What the page asks for; `from`/`to` (inclusive local days) only for `custom`. */
export const costsQuery = object({ period: literal(...COST_PERIODS), from: nullable(day), to: nullable(day), filters });
export type CostsQuery = Infer<typeof costsQuery>;
export type CostFilters = Infer<typeof filters>;

const option = object({ id, label: text });
const options = object({
  workspaces: list(option), providers: list(option), models: list(option), accounts: list(option), sources: list(option),
});

const range = object({ from: day, to: day, days: count, previousFrom: day, previousTo: day, label: text });

const headline = object({
  spendNanos: nanos,
  previousSpendNanos: nanos,
  requests: count,
  previousRequests: count,
  /** Null without priced requests. */
  averageNanos: nullable(nanos),
  savedNanos: nanos,
  /** Requests whose cost is estimated (cut streams, no usage reported, list prices for agents). */
  estimatedRequests: count,
  unpricedRequests: count,
  subscriptionRequests: count,
});

/** One series of a stacked chart: a value per day of `days`. */
const series = object({ label: text, values: list(number({ min: 0 })) });
const share = object({ key: nullable(text), label: text, nanos, requests: count });

const credit = object({
  account: text, platform: text, unit: literal('credits', 'usd', 'percent'), used: number({ min: 0 }), limit: number({ min: 0 }),
  /** used / limit, 0..; above 1 when overdrawn. */
  share: number({ min: 0 }), resetsAt: nullable(iso), status: literal('active', 'exhausted', 'disabled'), current: boolean(),
});

const forecastPoint = object({ day, expected: number({ min: 0 }), low: number({ min: 0 }), high: number({ min: 0 }) });
const budgetOutlook = object({ name: text, limitNanos: nanos, spentNanos: nanos, runsOutOn: nullable(day) });
const forecast = object({
  /** `insufficient`: fewer than 7 days of data, nothing is projected. */
  status: literal('ok', 'insufficient'),
  dataDays: count,
  method: text,
  points: list(forecastPoint),
  projected7Nanos: nanos,
  projected30Nanos: nanos,
  low30Nanos: nanos,
  high30Nanos: nanos,
  budgets: list(budgetOutlook),
});

const anomaly = object({
  kind: literal(...ANOMALY_KINDS), day, provider: nullable(text), model: nullable(text), value: number(), baseline: number(), why: text,
  /** The requests behind it, when known with it (an unusual request); else see `lookup`. */
  requestIds: list(id),
  /** A day-level anomaly: its requests (the day's dearest, or its fallbacks) are read when asked, with `anomalyRequests`. */
  lookup: boolean(),
});

const health = object({
  provider: text, requests: count, successRate: nullable(number({ min: 0, max: 1 })), fallbacks: count,
  latencyP50Ms: nullable(ms), latencyP95Ms: nullable(ms), ttftP50Ms: nullable(ms), ttftP95Ms: nullable(ms),
  breaker: literal(...BREAKER_STATES),
});

const requestRow = object({
  id, at: iso, provider: text, model: text, workspace: nullable(text), account: nullable(text), source: text, sessionId: nullable(id),
  inputTokens: count, outputTokens: count, cachedTokens: count, costNanos: nullable(nanos), estimated: boolean(),
  pricing: literal('priced', 'subscription', 'unpriced'), status: text, latencyMs: nullable(ms), fallbackUsed: boolean(), cacheHit: boolean(),
});
export type CostRequestRow = Infer<typeof requestRow>;

const sessionRow = object({ id, goal: text, workspace: nullable(text), startedAt: nullable(iso), nanos, requests: count });

export const costsState = object({
  query: costsQuery,
  range,
  generatedAt: iso,
  /** False while the ledger holds no request at all: the page shows what it will show, and how to start. */
  hasData: boolean(),
  options,
  headline,
  days: list(day),
  spendByProvider: list(series),
  tokens: object({ input: list(count), output: list(count), cached: list(count) }),
  byModel: list(share),
  byWorkspace: list(share),
  bySession: list(share),
  credits: list(credit),
  forecast,
  anomalies: list(anomaly),
  health: list(health),
  topRequests: list(requestRow),
  topSessions: list(sessionRow),
});
export type CostsState = Infer<typeof costsState>;

const attempt = object({ provider: text, model: text, status: text, error: nullable(text) });
const formulaLine = object({ label: text, tokens: count, usdPerMillion: nullable(number({ min: 0 })), nanos: nullable(nanos) });

export const requestDetail = object({
  row: requestRow,
  attempts: list(attempt),
  formula: list(formulaLine),
  /** Where the prices come from, and whether they are the ones the request was billed at. */
  pricesNote: text,
  ttftMs: nullable(ms),
  savedNanos: nanos,
  decision: text,
  redacted: text,
});
export type RequestDetail = Infer<typeof requestDetail>;

export const costsProtocol = defineProtocol({
  toHost: {
    commands: {
      /** Saves the filtered ledger as CSV, through the redaction choke point. */
      exportCsv: object({ query: costsQuery }),
      configureProviders: empty,
      setApiKey: empty,
      scanUsage: empty,
      openBudgetSettings: empty,
    },
    requests: {
      load: { params: costsQuery, result: costsState },
      request: { params: object({ id }), result: requestDetail },
      requests: { params: object({ ids: array(id, { max: 200 }) }), result: list(requestRow) },
      /** The requests behind a day-level anomaly of the query's filters. */
      anomalyRequests: {
        params: object({ kind: literal(...ANOMALY_KINDS), day, provider: nullable(id), query: costsQuery }),
        result: list(requestRow),
      },
    },
    notifications: {},
  },
  toWebview: {
    commands: {},
    requests: {},
    notifications: {
      /** The ledger, the accounts or the settings changed: ask for the state again. */
      changed: empty,
    },
  },
});

export type CostsProtocol = typeof costsProtocol;

// `baton costs`, `baton forecast` and `baton anomalies`: the costs panel's service (the ledger's
// rollup by LOCAL day, in this machine's time zone) from a shell. Only types of the service are
// imported: its rules stay in their own bundle (dist/costs-service.js), loaded on first use.
import type { BatonServices } from '../app/batonServices';
import { workspaceForPath } from '../context/workspaceIdentity';
import type { AnomalyWithRequests } from '../core/costs/anomalies';
import { dayString } from '../core/costs/calendarDays';
import { formatUsd, usdFromNanos } from '../core/costs/costMath';
import { type LedgerFilter, NO_FILTER } from '../core/costs/costsPorts';
import type { BreakdownKey, CostsService } from '../core/costs/costsService';
import type { Headline, Share } from '../core/costs/costsSummary';
import type { Forecast } from '../core/costs/forecast';
import type { CostsQuery } from '../shared/protocol/costs';
import { type CliInvocation, UsageError, parseCostBreakdown, parseLocalDay } from './cliArgs';
import type { CliOutput } from './sessionCommands';

/** The default range of `baton costs` and `baton anomalies`: the last 30 local days, today included. */
export const DEFAULT_DAYS = 30;
/** Days of spend the forecast needs (forecast.ts's MIN_DATA_DAYS; not imported, so its rules stay out of cli.js). */
export const FORECAST_MIN_DAYS = 7;

/** "local days, Europe/Paris": the calendar the days of every cost command are counted in. */
export function localDaysNote(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone ? `local days, ${zone}` : 'local days';
}

/** --workspace, --provider, --model, --source and --account (a name) as the ledger's filter. */
export async function costFilter(invocation: CliInvocation, services: BatonServices): Promise<LedgerFilter> {
  const account = invocation.account === undefined ? null : (await services.accounts.byName(invocation.account)).id;
  return {
    ...NO_FILTER,
    workspace: invocation.workspace ? workspaceForPath(invocation.workspace).id : null,
    provider: invocation.provider ?? null,
    model: invocation.model ?? null,
    source: invocation.source ?? null,
    account,
  };
}

const usd = (nanos: number) => usdFromNanos(nanos);

// ---------------------------------------------------------------------------------------------
// baton costs

export interface CostsRange {
  readonly from: number;
  readonly to: number;
}

/** --since/--until as inclusive local days: by default the 30 days ending --until (default today). */
export function costsRange(invocation: CliInvocation, today: number): CostsRange {
  const to = parseLocalDay(invocation.until, '--until') ?? today;
  const from = parseLocalDay(invocation.since, '--since') ?? to - DEFAULT_DAYS + 1;
  if (from > to) throw new UsageError(`--since (${dayString(from)}) must be on or before --until (${dayString(to)}).`);
  return { from, to };
}

/** An option the command has no use for is refused rather than ignored: the user meant something by it. */
function refuseRange(invocation: CliInvocation, command: string, options: readonly ('since' | 'until')[], why: string): void {
  const given = options.filter((option) => invocation[option] !== undefined);
  if (given.length > 0) throw new UsageError(`${command} takes no ${given.map((option) => `--${option}`).join(' or ')}: ${why}.`);
}

function checkCosts(invocation: CliInvocation): void {
  parseCostBreakdown(invocation.by);
  const since = parseLocalDay(invocation.since, '--since');
  // Without --until the range ends today, which only the database's clock knows.
  if (since !== undefined && invocation.until !== undefined) costsRange(invocation, since);
  else parseLocalDay(invocation.until, '--until');
}

function checkForecast(invocation: CliInvocation): void {
  refuseRange(invocation, 'forecast', ['since', 'until'], 'it always projects from the spend of the last 28 local days');
}

function checkAnomalies(invocation: CliInvocation): void {
  refuseRange(invocation, 'anomalies', ['until'], 'it looks from --since through today');
  parseLocalDay(invocation.since, '--since');
}

/** The checks of each command's options that need no database: cli.ts runs them before opening it. */
export const COSTS_OPTION_CHECKS: Readonly<Record<string, (invocation: CliInvocation) => void>> = {
  costs: checkCosts, forecast: checkForecast, anomalies: checkAnomalies,
};

export async function runCosts(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  checkCosts(invocation);
  const by = parseCostBreakdown(invocation.by);
  const costs = services.costs();
  const range = costsRange(invocation, costs.today());
  const filter = await costFilter(invocation, services);
  const [byProvider, byDay] = await Promise.all([costs.breakdown(range, filter, 'provider'), costs.breakdown(range, filter, 'day')]);
  const byModel = await modelsByProvider(services, range, filter, byProvider.groups);
  const chosen = by === undefined ? undefined : by === 'provider' ? byProvider : by === 'day' ? byDay : await costs.breakdown(range, filter, by);
  const report: CostsReport = { range, headline: byProvider.headline, byProvider: byProvider.groups, byModel, byDay: byDay.groups, ...(by && chosen && { by, groups: chosen.groups }) };
  if (invocation.json) output.out(JSON.stringify(costsJson(report)));
  else printCosts(report, output);
}

interface ModelGroup {
  readonly provider: string;
  readonly model: string;
  readonly nanos: number;
  readonly requests: number;
}

/**
 * Spend by provider and model: the rollup's model breakdown names the model only, so it is read
 * once per provider of the period (a handful of small reads) to keep `provider` on each row.
 */
async function modelsByProvider(services: BatonServices, range: CostsRange, filter: LedgerFilter, providers: readonly Share[]): Promise<ModelGroup[]> {
  const perProvider = await Promise.all(providers.map(async (share) => {
    const provider = share.key ?? '';
    const { groups } = await services.costs().breakdown(range, { ...filter, provider }, 'model');
    return groups.map((group) => ({ provider, model: group.key ?? group.label, nanos: group.nanos, requests: group.requests }));
  }));
  return perProvider.flat().sort((a, b) => b.nanos - a.nanos || b.requests - a.requests || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model));
}

export interface CostsReport {
  readonly range: CostsRange;
  readonly headline: Headline;
  readonly byProvider: readonly Share[];
  readonly byModel: readonly ModelGroup[];
  readonly byDay: readonly Share[];
  readonly by?: BreakdownKey;
  readonly groups?: readonly Share[];
}

/** The shape `baton costs --json` has always had, plus `by` and `groups` with --by. */
export function costsJson(report: CostsReport) {
  const { headline } = report;
  return {
    totalUsd: usd(headline.spendNanos),
    requests: headline.requests,
    unpricedRequests: headline.unpricedRequests,
    subscriptionRequests: headline.subscriptionRequests,
    savedUsd: usd(headline.savedNanos),
    byProvider: report.byProvider.map((group) => ({ provider: group.key ?? group.label, usd: usd(group.nanos), requests: group.requests })),
    byModel: report.byModel.map((group) => ({ provider: group.provider, model: group.model, usd: usd(group.nanos), requests: group.requests })),
    byDay: report.byDay.map((group) => ({ day: group.key ?? group.label, usd: usd(group.nanos), requests: group.requests })),
    ...(report.by && report.groups && {
      by: report.by,
      groups: report.groups.map((group) => ({ key: group.key, label: group.label, usd: usd(group.nanos), requests: group.requests })),
    }),
  };
}

const HEADINGS: Readonly<Record<BreakdownKey, string>> = {
  day: 'By day', provider: 'By provider', model: 'By model', workspace: 'By workspace', session: 'By session', account: 'By account', source: 'By source',
};

function printCosts(report: CostsReport, output: CliOutput): void {
  const { headline, range } = report;
  const period = `${dayString(range.from)} to ${dayString(range.to)} (${localDaysNote()})`;
  if (headline.requests === 0) {
    output.out(`No requests from ${period}.`);
    return;
  }
  const notes = [
    headline.unpricedRequests ? `, ${headline.unpricedRequests} unpriced` : '',
    headline.subscriptionRequests ? `, ${headline.subscriptionRequests} covered by a subscription` : '',
    headline.savedNanos ? `; the cache saved ${formatUsd(headline.savedNanos)}` : '',
  ].join('');
  output.out(`Total ${formatUsd(headline.spendNanos)} over ${headline.requests} request(s)${notes}, ${period}`);
  const sections: [string, readonly Share[] | readonly ModelGroup[]][] = report.by && report.groups
    ? [[HEADINGS[report.by], report.groups]]
    : [[HEADINGS.provider, report.byProvider], [HEADINGS.model, report.byModel], [HEADINGS.day, report.byDay]];
  for (const [heading, groups] of sections) {
    output.out(`${heading}:`);
    const labels = groups.map((group) => ('label' in group ? group.label : `${group.provider}/${group.model}`));
    const width = Math.min(48, Math.max(10, ...labels.map((label) => label.length)));
    groups.forEach((group, index) => {
      output.out(`  ${(labels[index] ?? '').padEnd(width)} ${formatUsd(group.nanos).padStart(12)}  ${group.requests} request(s)`);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// baton forecast

export async function runForecast(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  checkForecast(invocation);
  const forecast = await services.costs().forecast(await costFilter(invocation, services));
  if (invocation.json) output.out(JSON.stringify(forecastJson(forecast)));
  else printForecast(forecast, output);
}

/** `baton forecast --json`: USD as numbers; projections null when there is too little data. */
export function forecastJson(forecast: Forecast) {
  const ok = forecast.status === 'ok' ? forecast : null;
  return {
    projected7DayUsd: ok && usd(ok.projected7Nanos),
    projected30DayUsd: ok && usd(ok.projected30Nanos),
    low: ok && usd(ok.low30Nanos),
    high: ok && usd(ok.high30Nanos),
    method: forecast.method,
    days: forecast.dataDays,
    budgets: forecast.budgets.map((budget) => ({
      name: budget.name, limitUsd: usd(budget.limitNanos), spentUsd: usd(budget.spentNanos), runsOutOn: budget.runsOutOn,
    })),
  };
}

function printForecast(forecast: Forecast, output: CliOutput): void {
  if (forecast.status === 'ok') {
    output.out(`Next 7 days: ${formatUsd(forecast.projected7Nanos)} (from ${dayCount(forecast.dataDays)} of spend, ${localDaysNote()}), ` +
      `next 30 days: ${formatUsd(forecast.projected30Nanos)} (${formatUsd(forecast.low30Nanos)} – ${formatUsd(forecast.high30Nanos)})`);
    output.out(`Method: ${forecast.method}.`);
  } else {
    output.out(`Not enough data for a forecast: ${forecast.dataDays} day(s) of spend, ${FORECAST_MIN_DAYS} needed.`);
  }
  for (const budget of forecast.budgets) {
    const head = `${budget.name} ${formatUsd(budget.limitNanos)}: ${formatUsd(budget.spentNanos)} spent`;
    if (budget.spentNanos >= budget.limitNanos) output.out(`${head}, the limit is reached`);
    else if (budget.runsOutOn !== null) output.out(`${head}, runs out on ${budget.runsOutOn}`);
    else if (forecast.status === 'ok') output.out(`${head}, ${budget.name.startsWith('Daily') ? 'stays within the limit every day of the next 30' : 'stays within the limit this month'}`);
    else output.out(head);
  }
}

function dayCount(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

// ---------------------------------------------------------------------------------------------
// baton anomalies

export async function runAnomalies(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  checkAnomalies(invocation);
  const costs = services.costs();
  const today = costs.today();
  const since = parseLocalDay(invocation.since, '--since') ?? today - DEFAULT_DAYS + 1;
  if (since > today) throw new UsageError(`--since (${dayString(since)}) must be on or before today (${dayString(today)}, ${localDaysNote()}).`);
  const filter = await costFilter(invocation, services);
  const anomalies = await costs.anomalies(since, filter);
  if (invocation.json) {
    const query: CostsQuery = { period: 'custom', from: dayString(since), to: dayString(today), filters: filter };
    output.out(JSON.stringify({ anomalies: (await withRequestIds(costs, anomalies, query)).map(anomalyJson) }));
    return;
  }
  if (anomalies.length === 0) {
    output.out(`No anomalies since ${dayString(since)}.`);
    return;
  }
  for (const anomaly of anomalies) output.out(`${anomaly.day} ${anomaly.kind}: ${anomaly.why}`);
}

/**
 * The service names the request behind an unusual request; a day-level anomaly's requests (the
 * day's dearest, or the provider's fallbacks) are read on demand, as the panel does when asked.
 */
function withRequestIds(costs: CostsService, anomalies: readonly AnomalyWithRequests[], query: CostsQuery): Promise<AnomalyWithRequests[]> {
  return Promise.all(anomalies.map(async (anomaly) => (anomaly.kind === 'request-outlier' || anomaly.requestIds.length > 0
    ? anomaly
    : { ...anomaly, requestIds: (await costs.anomalyRequests(anomaly, query)).map((request) => request.id) })));
}

/**
 * One anomaly of `baton anomalies --json`. value and baseline: USD for a day spike (the day's
 * spend, the median day) and a request outlier (the request, its model's median), USD per
 * million tokens for a price drift, shares of requests (0..1) for a fallback rate.
 */
export function anomalyJson(anomaly: AnomalyWithRequests) {
  const money = anomaly.kind === 'day-spike' || anomaly.kind === 'request-outlier';
  return {
    kind: anomaly.kind,
    day: anomaly.day,
    provider: anomaly.provider,
    model: anomaly.model,
    value: money ? usd(anomaly.value) : anomaly.value,
    baseline: money ? usd(anomaly.baseline) : anomaly.baseline,
    why: anomaly.why,
    requestIds: [...anomaly.requestIds],
  };
}

// Spend projected 7 and 30 days ahead, for the costs panel and `baton forecast`, and the day each
// budget would run out at that pace. Deliberately simple and explainable: the user reads the
// method as one sentence, and a forecast from less than a week of spend would be a guess, so
// none is made.
//
// The model blends a least-squares line (which follows a trend) with exponential smoothing
// (which follows the recent level), each weighted half. With three weeks of data, spend is
// first divided by a day-of-week factor and multiplied back per projected day, so a workweek
// pattern is projected as a pattern and not as its average.
import { dayNumber, dayString, lastDayOfMonth, weekdayOf } from './calendarDays';

export interface DailySpend { readonly day: string; readonly nanos: number }

export interface ForecastBudget {
  readonly name: string;
  readonly period: 'daily' | 'monthly';
  readonly limitNanos: number;
  /** In the current period, today included. */
  readonly spentNanos: number;
}

export interface ForecastInput {
  /** Complete local days, consecutive, oldest first, ending the day before `today` (days without requests are present with 0). */
  readonly history: readonly DailySpend[];
  /** The current local day (partial, not in history). */
  readonly today: string;
  /** Nanos spent so far today. */
  readonly spentToday: number;
  readonly budgets: readonly ForecastBudget[];
}

/** Nanos per day, all >= 0. */
export interface ForecastPoint { readonly day: string; readonly expected: number; readonly low: number; readonly high: number }

export interface BudgetOutlook { readonly name: string; readonly limitNanos: number; readonly spentNanos: number; readonly runsOutOn: string | null }

export type Forecast =
  | { readonly status: 'insufficient'; readonly dataDays: number; readonly method: string; readonly budgets: readonly BudgetOutlook[] }
  | {
    readonly status: 'ok';
    readonly dataDays: number;
    readonly method: string;
    /** 30 days starting today. */
    readonly points: readonly ForecastPoint[];
    readonly projected7Nanos: number;
    readonly projected30Nanos: number;
    readonly low30Nanos: number;
    readonly high30Nanos: number;
    readonly budgets: readonly BudgetOutlook[];
  };

export const MIN_DATA_DAYS = 7;
const WINDOW_DAYS = 28;
const SEASONAL_DATA_DAYS = 21;
const ALPHA = 0.3;
/** Two-sided 80% band of a normal distribution. */
const Z80 = 1.28;
const HORIZON_DAYS = 30;

interface Model {
  /** The line at today (x = 0, history at x < 0), on deseasonalized spend. */
  readonly intercept: number;
  readonly slope: number;
  readonly level: number;
  /** By weekday, 0 for Sunday; all 1 without seasonality. */
  readonly factors: readonly number[];
  readonly sigma: number;
  readonly windowDays: number;
  readonly seasonal: boolean;
}

interface Sample { readonly x: number; readonly y: number }

export function forecastSpend(input: ForecastInput): Forecast {
  const dataDays = countDataDays(input.history);
  if (dataDays < MIN_DATA_DAYS) {
    const budgets = input.budgets.map((budget) => outlook(budget, budget.spentNanos >= budget.limitNanos ? input.today : null));
    return { status: 'insufficient', dataDays, method: insufficientMethod(dataDays), budgets };
  }
  const todayNumber = dayNumber(input.today);
  const model = fitModel(input.history.slice(-Math.min(WINDOW_DAYS, dataDays)), todayNumber, dataDays >= SEASONAL_DATA_DAYS);
  const expectedAt = (h: number) => expectedOn(model, todayNumber, h, input.spentToday);
  const points = Array.from({ length: HORIZON_DAYS }, (_, h) => point(model, todayNumber, h, expectedAt(h), input.spentToday));
  const projected30Nanos = sum(points.map((p) => p.expected));
  const spread = Z80 * model.sigma * Math.sqrt(HORIZON_DAYS);
  return {
    status: 'ok',
    dataDays,
    method: okMethod(model),
    points,
    projected7Nanos: sum(points.slice(0, 7).map((p) => p.expected)),
    projected30Nanos,
    low30Nanos: Math.max(0, Math.round(projected30Nanos - spread)),
    high30Nanos: Math.round(projected30Nanos + spread),
    budgets: input.budgets.map((budget) => outlook(budget, runsOutOn(budget, input, todayNumber, expectedAt))),
  };
}

/** Leading days before the first spend are before Baton was used, not days of no spend. */
function countDataDays(history: readonly DailySpend[]): number {
  const first = history.findIndex((day) => day.nanos > 0);
  return first < 0 ? 0 : history.length - first;
}

function insufficientMethod(dataDays: number): string {
  return `No forecast yet: ${dataDays} ${dataDays === 1 ? 'day' : 'days'} of spend history, ${MIN_DATA_DAYS} needed`;
}

function okMethod(model: Model): string {
  const seasonal = model.seasonal ? ', scaled by day-of-week factors from the same days' : '';
  return `Linear trend over the last ${model.windowDays} days blended with exponential smoothing (α ${ALPHA})${seasonal}; band ±${Z80}σ of the residuals (80%)`;
}

function fitModel(window: readonly DailySpend[], todayNumber: number, seasonal: boolean): Model {
  const weekly = seasonal ? weekdayFactors(window) : null;
  const factors = weekly ?? Array.from({ length: 7 }, () => 1);
  const days = window.map((day) => ({ x: dayNumber(day.day) - todayNumber, y: day.nanos, factor: factorOf(factors, dayNumber(day.day)) }));
  // A weekday that never has spend (factor 0) says nothing about the level of the others.
  const samples = days.filter((day) => day.factor > 0).map((day) => ({ x: day.x, y: day.y / day.factor }));
  const { intercept, slope } = leastSquares(samples);
  const residuals = days.map((day) => day.y - day.factor * (intercept + slope * day.x));
  return {
    intercept,
    slope,
    level: smoothedLevel(samples.map((sample) => sample.y)),
    factors,
    sigma: standardDeviation(residuals),
    windowDays: window.length,
    seasonal: weekly !== null,
  };
}

/**
 * Mean of each weekday over the mean of the seven weekday means, so the factors average 1 and a
 * week of projected days adds up to seven times the deseasonalized level. Null when nothing was
 * spent in the window (no shape to scale by).
 */
function weekdayFactors(window: readonly DailySpend[]): number[] | null {
  const totals = Array.from({ length: 7 }, () => ({ nanos: 0, days: 0 }));
  for (const day of window) {
    const total = totals[weekdayOf(dayNumber(day.day))];
    if (total) {
      total.nanos += day.nanos;
      total.days += 1;
    }
  }
  const means = totals.map((total) => (total.days > 0 ? total.nanos / total.days : 0));
  const overall = sum(means) / 7;
  return overall > 0 ? means.map((mean) => mean / overall) : null;
}

function factorOf(factors: readonly number[], number: number): number {
  return factors[weekdayOf(number)] ?? 1;
}

function leastSquares(samples: readonly Sample[]): { intercept: number; slope: number } {
  const meanX = sum(samples.map((s) => s.x)) / samples.length;
  const meanY = sum(samples.map((s) => s.y)) / samples.length;
  const sxx = sum(samples.map((s) => (s.x - meanX) ** 2));
  const sxy = sum(samples.map((s) => (s.x - meanX) * (s.y - meanY)));
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: meanY - slope * meanX, slope };
}

function smoothedLevel(values: readonly number[]): number {
  let level = values[0] ?? 0;
  for (const value of values.slice(1)) level = ALPHA * value + (1 - ALPHA) * level;
  return level;
}

/** Population standard deviation: the residuals are the whole window, not a sample of it. */
function standardDeviation(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = sum(values) / values.length;
  return Math.sqrt(sum(values.map((value) => (value - mean) ** 2)) / values.length);
}

/** Expected nanos `h` days after today (h = 0 is today), never below what today already cost. */
function expectedOn(model: Model, todayNumber: number, h: number, spentToday: number): number {
  const trend = model.intercept + model.slope * h;
  const smoothed = model.level + model.slope * h;
  const value = Math.max(0, Math.round(factorOf(model.factors, todayNumber + h) * (0.5 * trend + 0.5 * smoothed)));
  return h === 0 ? Math.max(value, spentToday) : value;
}

function point(model: Model, todayNumber: number, h: number, expected: number, spentToday: number): ForecastPoint {
  const margin = Z80 * model.sigma;
  // Today cannot end below what it already cost, whatever the band says.
  const floor = h === 0 ? spentToday : 0;
  return {
    day: dayString(todayNumber + h),
    expected,
    low: Math.max(floor, Math.round(expected - margin)),
    high: Math.round(expected + margin),
  };
}

function runsOutOn(budget: ForecastBudget, input: ForecastInput, todayNumber: number, expectedAt: (h: number) => number): string | null {
  if (budget.spentNanos >= budget.limitNanos) return input.today;
  const h = budget.period === 'daily'
    ? dailyRunOut(budget.limitNanos, expectedAt)
    : monthlyRunOut(budget, lastDayOfMonth(input.today) - todayNumber, input.spentToday, expectedAt);
  return h === null ? null : dayString(todayNumber + h);
}

/** The first projected day that alone reaches the limit, within the forecast's 30 days. */
function dailyRunOut(limitNanos: number, expectedAt: (h: number) => number): number | null {
  for (let h = 0; h < HORIZON_DAYS; h++) if (expectedAt(h) >= limitNanos) return h;
  return null;
}

/**
 * The first day of this month by which the spend so far plus the projected rest reaches the
 * limit. Today's spend is in `spentNanos` already, so only what today is still expected to add
 * counts for it. Runs to the month's end even where that is past the 30 points (Jan 1 → Jan 31).
 */
function monthlyRunOut(budget: ForecastBudget, daysLeft: number, spentToday: number, expectedAt: (h: number) => number): number | null {
  let total = budget.spentNanos + Math.max(0, expectedAt(0) - spentToday);
  for (let h = 0; h <= daysLeft; h++) {
    if (h > 0) total += expectedAt(h);
    if (total >= budget.limitNanos) return h;
  }
  return null;
}

function outlook(budget: ForecastBudget, runsOut: string | null): BudgetOutlook {
  return { name: budget.name, limitNanos: budget.limitNanos, spentNanos: budget.spentNanos, runsOutOn: runsOut };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

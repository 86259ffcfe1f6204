// Every limit's standing now, for the budget alerts: the router's budgets against the router's
// spend in the current local day and month (read from the rollup), and each account's window.
import type { AccountStanding } from '../accounts/accountPool';
import type { BudgetConfig } from '../routing/routerConfig';
import { type LimitStanding, accountStandings, budgetStandings } from './budgetAlerts';
import { dayString, firstOfMonth, lastDayOfMonth } from './calendarDays';
import type { RollupRow } from './costsPorts';

export interface LimitInputs {
  readonly today: number;
  readonly budgets: BudgetConfig | null;
  /** Router rows (source 'router') from the first of the month through today. */
  readonly routerRows: readonly RollupRow[];
  readonly standings: readonly AccountStanding[];
  readonly currentAccountId: string | null;
  /** When a local day starts, epoch ms. */
  readonly dayStart: (day: number) => number;
}

function add(totals: Record<string, number>, key: string, nanos: number): void {
  totals[key] = (Object.hasOwn(totals, key) ? (totals[key] ?? 0) : 0) + nanos;
}

export function limitStandings(inputs: LimitInputs): LimitStanding[] {
  const { today, budgets } = inputs;
  const budgetLimits: LimitStanding[] = [];
  if (budgets) {
    const spent = { daily: 0, monthly: 0, providerDaily: {} as Record<string, number>, providerMonthly: {} as Record<string, number> };
    for (const row of inputs.routerRows) {
      if (row.day < firstOfMonth(today) || row.day > today) continue;
      spent.monthly += row.costNanos;
      add(spent.providerMonthly, row.provider, row.costNanos);
      if (row.day !== today) continue;
      spent.daily += row.costNanos;
      add(spent.providerDaily, row.provider, row.costNanos);
    }
    const day = dayString(today);
    budgetLimits.push(...budgetStandings(budgets, spent, {
      dayKey: day, monthKey: day.slice(0, 7), dayEndsAt: inputs.dayStart(today + 1), monthEndsAt: inputs.dayStart(lastDayOfMonth(day) + 1),
    }));
  }
  return [...budgetLimits, ...accountStandings(inputs.standings, inputs.currentAccountId)];
}

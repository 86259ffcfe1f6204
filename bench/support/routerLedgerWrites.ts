// The router's ledger writes timed one by one, for the router benchmark: a settle alone, a
// budget reservation, and a settle of a reserved request, each sequential, after `warm` rounds.
import { LocalCalendar } from '../../src/app/localCalendar';
import { reservationRequest } from '../../src/core/costs/budgets';
import type { LedgerEntry } from '../../src/core/costs/ledgerPorts';
import type { LedgerStore } from '../../src/storage/ledgerStore';

export async function timeLedgerWrites(ledger: LedgerStore, template: LedgerEntry, budgets: { dailyUsd: number; perProvider: object }, warm: number, count: number) {
  const calendar = new LocalCalendar();
  const times = { settle: [] as number[], reserve: [] as number[], settleReserved: [] as number[] };
  for (let i = 0; i < warm + count; i++) {
    let t = performance.now();
    await ledger.settle(null, { ...template, id: `settle-${i}`, at: Date.now() });
    const settle = performance.now() - t;
    t = performance.now();
    const request = reservationRequest({ id: `reserve-${i}`, provider: 'openai', maxNanos: 6_000_000, atMs: Date.now(), budgets: { ...budgets, perProvider: {} }, calendar });
    if (!(await ledger.reserve(request)).ok) throw new Error('reservation refused');
    const reserve = performance.now() - t;
    t = performance.now();
    await ledger.settle(request.id, { ...template, id: `budgeted-${i}`, at: Date.now() });
    const settleReserved = performance.now() - t;
    if (i < warm) continue;
    times.settle.push(settle);
    times.reserve.push(reserve);
    times.settleReserved.push(settleReserved);
  }
  return times;
}

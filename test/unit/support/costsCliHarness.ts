// The costs commands' test harness: the services on a real database in a temporary folder, a
// fixed clock at local noon of 2026-11-24, ledger rows written by the real LedgerStore, and the
// CLI's run functions with a capturing output.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BatonServices, createBatonServices } from '../../../src/app/batonServices';
import type { RouterSources } from '../../../src/app/routerServices';
import { systemLocalDay } from '../../../src/app/systemLocalDay';
import { parseCli } from '../../../src/cli/cliArgs';
import { EnvironmentApiKeys } from '../../../src/cli/environmentApiKeys';
import type { CliOutput } from '../../../src/cli/sessionCommands';
import { loadRouterConfig } from '../../../src/cli/routerConfigFile';
import { dayNumber, dayString } from '../../../src/core/costs/calendarDays';
import type { LedgerEntry } from '../../../src/core/costs/ledgerPorts';
import { LedgerStore } from '../../../src/storage/ledgerStore';
import { FakeClock } from './fakeClock';
import { ledgerEntry } from './ledgerEntries';
import { testSources } from './services';
import { makeTempDir } from './tempDirs';

/** Local noon, `offset` days from 2026-11-24: on that local day whatever the machine's zone. */
export const at = (offset: number, hour = 12) => new Date(2026, 10, 24 + offset, hour).getTime();
export const NOW = at(0);
export const TODAY = dayNumber('2026-11-24');
export const day = (offset: number) => dayString(TODAY + offset);

export type Run = (invocation: ReturnType<typeof parseCli>, services: BatonServices, output: CliOutput) => Promise<void>;

export interface Harness {
  readonly services: BatonServices;
  readonly ledger: LedgerStore;
  seed(rows: readonly Partial<LedgerEntry>[]): Promise<string[]>;
  lines(run: Run, args: readonly string[]): Promise<string[]>;
  json(run: Run, args: readonly string[]): Promise<Record<string, unknown>>;
}

export async function harness(budgets?: object): Promise<Harness> {
  const dir = makeTempDir('baton-costs-cli-');
  let router: RouterSources | undefined;
  if (budgets) {
    const file = join(dir, 'router.json');
    writeFileSync(file, JSON.stringify({ budgets }));
    const config = loadRouterConfig(file);
    router = { config: () => config, apiKeys: new EnvironmentApiKeys(() => undefined) };
  }
  const services = await createBatonServices(testSources(dir, { clock: new FakeClock(NOW), workspace: null, ...(router && { router }) }));
  opened.push(services);
  const ledger = new LedgerStore(services.database, undefined, systemLocalDay);
  const lines = async (run: Run, args: readonly string[]) => {
    const out: string[] = [];
    await run(parseCli(args), services, { out: (line) => out.push(line) });
    return out;
  };
  return {
    services,
    ledger,
    seed: async (rows) => {
      const ids: string[] = [];
      for (const row of rows) {
        const entry = ledgerEntry(row);
        await ledger.settle(null, entry);
        ids.push(entry.id);
      }
      return ids;
    },
    lines,
    json: async (run, args) => {
      const out = await lines(run, [...args, '--json']);
      assert.equal(out.length, 1, `one JSON line: ${out.join('\n')}`);
      return JSON.parse(out[0] ?? '') as Record<string, unknown>;
    },
  };
}

/** The services each harness opened, for the test's afterEach to close. */
export const opened: BatonServices[] = [];

// The zone arithmetic (Luxon and its IANA handling, about 70 KB) is a bundle of its own
// (dist/zones.js), required the first time an account's window is computed, which is after the
// database has opened: activation never parses it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ZoneClock } from '../core/accounts/zoneClock';

type ZoneClockModule = typeof import('./luxonZoneClock');

let loaded: ZoneClockModule | undefined;

function load(): ZoneClock {
  if (!loaded) {
    const bundled = join(__dirname, 'zones.js');
    // A non-literal path keeps esbuild from pulling Luxon into the calling bundle; from source
    // (tests, tsx) the module itself is loaded.
    const path = existsSync(bundled) ? bundled : join(__dirname, ['luxon', 'ZoneClock'].join(''));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(path) as ZoneClockModule;
  }
  return loaded.luxonZoneClock;
}

/** The Luxon zone clock, loaded on first use. */
export const lazyZoneClock: ZoneClock = {
  isValidZone: (zone) => load().isValidZone(zone),
  localTime: (epochMs, zone) => load().localTime(epochMs, zone),
  instantOf: (local, zone) => load().instantOf(local, zone),
};

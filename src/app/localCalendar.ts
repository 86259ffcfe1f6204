// Budget periods in the user's time zone: a daily budget resets at local midnight and a monthly
// one on the first of the month, as a person reading their bill expects, across DST changes
// (a local day is 23 or 25 hours long then). Luxon does the zone arithmetic from the IANA data
// Node ships with.
import { DateTime, Info } from 'luxon';
import type { Calendar } from '../core/costs/ledgerPorts';
import { UserFacingError } from '../core/errors';

export class LocalCalendar implements Calendar {
  readonly zone: string;

  /** `zone`: an IANA name ("Europe/Berlin"); by default the system's local zone. */
  constructor(zone?: string) {
    if (zone !== undefined && !Info.isValidIANAZone(zone)) {
      throw new UserFacingError(`"${zone}" is not a time zone Baton knows. Use an IANA name such as "Europe/Berlin" or "America/New_York".`);
    }
    this.zone = zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  /** The start of the local day that holds `atMs` (where midnight does not exist, the first moment of the day). */
  dayStart(atMs: number): number {
    return DateTime.fromMillis(atMs, { zone: this.zone }).startOf('day').toMillis();
  }

  monthStart(atMs: number): number {
    return DateTime.fromMillis(atMs, { zone: this.zone }).startOf('month').toMillis();
  }
}

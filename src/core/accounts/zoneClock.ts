// Wall-clock arithmetic in a named time zone, behind a port: core stays free of libraries, and
// app/ answers it with Luxon (IANA data that Node ships).

export interface LocalTime {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
}

export interface ZoneClock {
  /** True when `zone` is an IANA zone this machine knows. */
  isValidZone(zone: string): boolean;
  /** The wall-clock time in `zone` at `epochMs`. */
  localTime(epochMs: number, zone: string): LocalTime;
  /**
   * The instant a wall-clock time happens in `zone` (weekday ignored; days beyond the month
   * roll over). A time that does not exist (skipped by a spring-forward) happens at the first
   * valid minute after it; a time that happens twice (fall-back) at its first occurrence.
   */
  instantOf(local: Omit<LocalTime, 'weekday'>, zone: string): number;
}

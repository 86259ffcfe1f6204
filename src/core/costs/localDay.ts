// Days as people count them: the local calendar day a request was made on. The ledger files
// each row under the local day of the process that wrote it; views and reports count in them.

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of the local date that holds `atMs`. */
export type LocalDayOf = (atMs: number) => number;

/** The UTC day: where no time zone is known (tests, rows written before local days). */
export const utcDayOf: LocalDayOf = (atMs) => Math.floor(atMs / DAY_MS);

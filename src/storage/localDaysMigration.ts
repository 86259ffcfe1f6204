// Migration 9: ledger rows written before local days existed (migration 7 left them NULL, read
// as the UTC day) get the local day of the machine that opens the database first. Without it a
// request made at 21:00 in California before the upgrade shows on the next day's bar and
// counts against the wrong day's budget. SQLite's 'localtime' in sql.js follows the same system
// zone (JavaScript's Date) as systemLocalDay, DST included; the rollup's update triggers move
// each row's totals to its new day. Never edit once shipped; add a new migration.
export const LOCAL_DAYS_MIGRATION = {
  version: 9,
  description: 'local days for ledger rows written before migration 7',
  sql: `
    UPDATE ledger
    SET local_day = CAST(julianday(date(at / 1000, 'unixepoch', 'localtime')) - 2440587.5 AS INTEGER)
    WHERE local_day IS NULL;
  `,
};

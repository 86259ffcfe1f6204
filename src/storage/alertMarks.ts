// Which budget alerts have been shown, across every process on the database: a window claims an
// alert's mark key before it shows the alert, and a key is granted to one claim only, so two
// windows (or a window and the CLI) never show the same alert. The check and the insert run in
// one cross-process write, which first catches up with the other processes' writes. The table
// is migration 7's (costsMigration.ts).
import type { BatonDatabase } from './batonDatabase';
import { asString } from './sqlAccess';

/** Marks older than this are deleted: far longer than any period (a month at most), so no current period's mark goes. */
export const ALERT_MARK_RETENTION_MS = 400 * 86_400_000;

export class AlertMarks {
  constructor(private readonly database: BatonDatabase) {}

  /**
   * Inserts the keys not marked yet and returns those this call inserted, in the order given.
   * Keys already marked (by anyone) are left alone, and a write that finds nothing to change
   * journals nothing.
   */
  claim(markKeys: readonly string[], at: number): Promise<string[]> {
    if (markKeys.length === 0) return Promise.resolve([]);
    return this.database.write((db) => {
      const before = at - ALERT_MARK_RETENTION_MS;
      if (db.one('SELECT 1 AS old FROM alert_marks WHERE at < ? LIMIT 1', [before])) db.run('DELETE FROM alert_marks WHERE at < ?', [before]);
      const placeholders = markKeys.map(() => '?').join(', ');
      const marked = new Set(db.all(`SELECT key FROM alert_marks WHERE key IN (${placeholders})`, [...markKeys]).map((row) => asString(row.key)));
      const claimed: string[] = [];
      for (const key of markKeys) {
        if (marked.has(key)) continue;
        if (db.run('INSERT OR IGNORE INTO alert_marks (key, at) VALUES (?, ?)', [key, at]) === 1) claimed.push(key);
        marked.add(key);
      }
      return claimed;
    });
  }
}

// What a damaged journal still holds, and the rule for replaying it.
//
// The scan (journal.ts) reads past damage: after unreadable bytes it resumes at the next whole
// frame whose checksum matches, so the records after the damage are read too. Records carry
// consecutive sequence numbers, so the ones that could not be read are known exactly: the
// gaps between readable records, plus, when the damage runs to the end of the file, one record
// per frame start left in it (at least one: a journal cut short lost its last record).
//
// The rule (BatonDatabase.recoverFromDamage): every readable record newer than the state in
// memory is applied, in sequence order, each in its own savepoint, skipping the unreadable
// ones. Records are SQL change records, so one may depend on a lost one: a record that then
// fails (a foreign key to a row the lost record inserted, a unique key it would have freed)
// is rolled back whole and reported as lost too, never half applied. A record that still
// applies is kept even if a lost record would have changed its effect (an UPDATE of a row the
// lost record inserted changes nothing): each record was one committed transaction, the
// schema's constraints hold, and keeping it loses less than dropping every later change. The
// damaged journal is copied aside byte for byte first, so nothing unreadable is overwritten
// unseen; then the main file is rewritten from memory and a new journal started with a new
// epoch, which makes every other open process reload (none keeps a lost change in memory).
import type { Database } from 'sql.js';
import { type JournalRecord, type JournalScan, readJournalHeader, scanJournal } from './journal';
import { moveAside } from './snapshotFile';
import { runStatement } from './sqlAccess';

export interface JournalRecovery {
  /** Records read from beyond the damage and applied (the ones a scan that stopped there would have lost). */
  readonly recovered: number;
  /** Records the journal held that could not be read (some may already be in the main file). */
  readonly unreadable: number;
  /** Readable records after the damage that could not be applied: they depended on a lost change. */
  readonly unapplied: number;
  /** Sequence numbers of the changes now missing: unreadable and not in the main file, or unapplied. */
  readonly lost: readonly number[];
  /** A byte-identical copy of the damaged journal, or null when none could be written (read-only). */
  readonly copy: string | null;
  /** Nothing in the journal could be read: it was moved (to `copy`) and Baton went on from the main file. */
  readonly movedAside?: boolean;
  /** The only damage is at the end: the last write(s) cut short (a crash, a full disk, a truncated copy). */
  readonly atEnd?: boolean;
}

/**
 * The sequence numbers the journal should hold but could not be read, given the state the
 * records apply to (`knownSeq`: used as the start when the header itself is unreadable).
 */
export function unreadableSeqs(scan: Pick<JournalScan, 'header' | 'frames' | 'damage' | 'validEnd'>, knownSeq: number): number[] {
  const seqs = scan.frames.flatMap((frame) => (frame.seq === null ? [] : [frame.seq]));
  const floor = scan.header ? scan.header.baseSeq : Math.min(knownSeq, (seqs[0] ?? knownSeq + 1) - 1);
  const missing: number[] = [];
  let expected = floor + 1;
  for (const seq of seqs) {
    while (expected < seq) missing.push(expected++);
    expected = Math.max(expected, seq + 1);
  }
  const tail = scan.damage.at(-1);
  if (tail && tail.at >= scan.validEnd) {
    for (let i = 0; i < Math.max(1, tail.frameStarts); i++) missing.push(expected++);
  }
  return missing;
}

/**
 * Applies `records` in order in one transaction, each in its own savepoint: one that fails (it
 * depended on a change that could not be read) is rolled back whole and skipped. `finish` runs
 * inside the transaction, last (it records the sequence reached).
 */
export function applyEach(db: Database, records: readonly JournalRecord[], finish: () => void): { applied: number[]; failed: number[] } {
  const applied: number[] = [];
  const failed: number[] = [];
  if (records.length === 0) return { applied, failed };
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const record of records) {
      db.exec('SAVEPOINT record');
      try {
        for (const [sql, params] of record.statements) runStatement(db, sql, params);
        db.exec('RELEASE record');
        applied.push(record.seq);
      } catch {
        db.exec('ROLLBACK TO record');
        db.exec('RELEASE record');
        failed.push(record.seq);
      }
    }
    finish();
    db.exec('COMMIT');
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  return { applied, failed };
}

/** "4", "4 and 5", "4–6 and 9": three or more consecutive numbers as a range. */
export function formatSeqs(seqs: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < seqs.length; ) {
    let j = i;
    while (j + 1 < seqs.length && seqs[j + 1] === (seqs[j] ?? 0) + 1) j++;
    if (j - i >= 2) {
      ranges.push(`${seqs[i]}–${seqs[j]}`);
      i = j + 1;
    } else {
      ranges.push(String(seqs[i]));
      i += 1;
    }
  }
  return ranges.length <= 1 ? (ranges[0] ?? '') : `${ranges.slice(0, -1).join(', ')} and ${ranges.at(-1)}`;
}

const changes = (n: number) => `${n} change${n === 1 ? '' : 's'}`;

/** One line for the user: what was recovered, what could not be read, where the copy is. */
export function describeJournalRecovery(recovery: JournalRecovery): string {
  const { recovered, unreadable, unapplied, lost, copy } = recovery;
  if (recovery.movedAside) {
    const held = unreadable > 0 ? ` (it held ${changes(unreadable)})` : '';
    return `Baton's journal could not be read at all${held}: it was moved to ${copy} and Baton went on from the main file, so changes made since the main file was last written are missing.`;
  }
  const parts = [`${changes(recovered)} after the damage ${recovered === 1 ? 'was' : 'were'} recovered`];
  parts.push(`${unreadable} could not be read`);
  if (unapplied > 0) parts.push(`${unapplied} could not be applied without a lost change`);
  const outcome = lost.length === 0
    ? 'nothing is missing (what could not be read was already in the main file)'
    : `missing now: change${lost.length === 1 ? '' : 's'} ${formatSeqs(lost)}`;
  const kept = copy ? `the damaged journal was kept at ${copy}` : 'no copy of it was kept, as the database is open read-only, and the journal was left as it is';
  const where = recovery.atEnd ? ' at its end (a write cut short by a crash, a full disk or a truncated copy)' : '';
  return `Baton's journal was damaged${where}: ${parts.join(', ')}; ${outcome}; ${kept}.`;
}

/**
 * Applies every readable record of a damaged journal newer than `before` (by the rule above)
 * and says what was recovered and lost; `copy` is where the damaged journal was kept. Returns
 * the last sequence applied (`before` when none was).
 */
export function applyReadable(db: Database, scan: Pick<JournalScan, 'header' | 'frames' | 'damage' | 'validEnd' | 'records'>, before: number, copy: string | null, markSeq: (seq: number) => void): { lastSeq: number; recovery: JournalRecovery } {
  const unreadable = unreadableSeqs(scan, before);
  const firstDamage = scan.damage[0]?.at ?? 0;
  const afterDamage = new Set(scan.frames.filter((frame) => frame.at > firstDamage).map((frame) => frame.seq));
  const pending = scan.records.filter((record) => record.seq > before);
  const last = pending.at(-1);
  const { applied, failed } = applyEach(db, pending, () => last && markSeq(last.seq));
  const atEnd = scan.damage.length === 1 && firstDamage >= scan.validEnd;
  const recovery: JournalRecovery = {
    recovered: applied.filter((seq) => afterDamage.has(seq)).length,
    unreadable: unreadable.length,
    unapplied: failed.length,
    lost: [...unreadable.filter((seq) => seq > before), ...failed].sort((a, b) => a - b),
    copy,
    ...(atEnd ? { atEnd } : {}),
  };
  return { lastSeq: last?.seq ?? before, recovery };
}

/**
 * Before the first write: a journal with no readable frame at all is moved aside (kept, never
 * deleted) and reported as such; one with any readable frame is left for the catch-up to replay
 * and repair. Only whether any frame is readable is found out here.
 */
export async function setAsideUnreadableJournal(path: string): Promise<{ usableJournal: boolean; setAside: (JournalRecovery & { copy: string }) | null }> {
  // A readable header is enough (the catch-up reads the rest); only without one is every frame looked at.
  if (await readJournalHeader(`${path}.journal`)) return { usableJournal: true, setAside: null };
  const journal = await scanJournal(`${path}.journal`, 0, Number.MAX_SAFE_INTEGER);
  const usableJournal = journal.frames.length > 0;
  if (journal.size === 0 || usableJournal) return { usableJournal, setAside: null };
  const copy = await moveAside(`${path}.journal`);
  return { usableJournal, setAside: { recovered: 0, unreadable: journal.damage[0]?.frameStarts ?? 0, unapplied: 0, lost: [], copy, movedAside: true } };
}

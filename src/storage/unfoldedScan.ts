// What a catch-up reads of the journal. Where this process has a position in the file, from
// there. Where it has none (an open, a journal replaced by a compaction) but its state holds all
// the main file does, from the last record the main file holds (the header says where): the
// records before it are kept only for restoring the backup, and an open that read them, a whole
// fold cycle of them (4 MB at the default threshold), took 70 ms longer cold. Otherwise, and
// after damage in what was read, or when a compaction met damage the catch-ups did not read
// (`JournalCursor.wholeScanDue`), the whole file: only that scan repairs.
import { promises as fs } from 'node:fs';
import { unlessMissing } from './fileSystem';
import { type FullScan, readHeaderFrame, scanJournal, scanOpenJournal } from './journal';
import type { JournalCursor } from './journalCursor';

/**
 * The journal from its last record the main file holds, with its header; null when the header
 * does not say where that is, or `appliedSeq` is older than the main file (a restored backup
 * needs the records before it).
 */
export async function scanUnfolded(path: string, appliedSeq: number): Promise<FullScan | null> {
  const handle = await unlessMissing(() => fs.open(path, 'r'));
  if (!handle) return null;
  try {
    const stat = await handle.stat();
    const head = await readHeaderFrame(handle);
    const folded = head?.header.lastFoldedAt;
    if (!head || folded === undefined || appliedSeq < head.header.mainSeq || head.end + folded > stat.size) return null;
    return { ...(await scanOpenJournal(handle, stat, head.end + folded, appliedSeq)), header: head.header };
  } finally {
    await handle.close();
  }
}

/** `whole`: the header was read (the whole file, or the header and what follows the folded records). */
export async function catchUpScan(path: string, cursor: JournalCursor, sameFile: boolean, appliedSeq: number): Promise<{ scan: FullScan; whole: boolean }> {
  if (sameFile) {
    const scan = await scanJournal(path, cursor.offset, appliedSeq);
    // Damage after our offset, or nothing parses there (not a frame boundary in this file).
    if (scan.damage.length === 0) return { scan, whole: false };
  } else if (!cursor.wholeScanDue) {
    const scan = await scanUnfolded(path, appliedSeq);
    if (scan && scan.damage.length === 0) return { scan, whole: true };
  }
  cursor.wholeScanDue = false;
  return { scan: await scanJournal(path, 0, appliedSeq), whole: true };
}

// Compaction folds the journal into the main file: an image of the database taken between
// transactions (mainFileImage.ts) is written to a temp file and fsynced outside the lock, and so
// is the journal that will follow it (journalRewrite.ts: the new file's header and the records it
// lacks, as read before the lock). Under the lock, the current main file becomes the backup (a
// hard link), the image is renamed over it, and the prepared journal, with anything appended
// since it was read, replaces the journal: its header records the new main file's digest (an
// open that finds that file skips the integrity check). A journal that changed otherwise meanwhile
// is scanned and rewritten whole under the lock. The backup it replaces is removed after the lock
// is released. A crash between any two steps leaves files from which every acknowledged change
// can be rebuilt.
import { constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { syncDirectory, writeFileAtomic } from './atomicFile';
import { diskSync } from './diskSync';
import { storageFs } from './fileSystem';
import { type JournalHeader, type JournalRecord, encodeHeader, encodeRecord, epochOf, journalAfter, scanJournal } from './journal';
import { digestOfSums, mainSumsOf } from './mainFileDigest';
import type { MainImage } from './mainFileImage';
import type { ProcessLock } from './processLock';
import { type JournalRead, PreparedJournal, appendedSince, journalReadOf, readJournalFile } from './journalRewrite';

export interface CompactionResult {
  readonly seq: number;
  readonly bytes: number;
  readonly keptRecords: number;
  readonly ms: number;
}

export interface CompactionInput {
  readonly path: string;
  readonly lock: Pick<ProcessLock, 'withLock'>;
  /**
   * An image of the database between transactions, with the journal epoch it belongs to, or
   * null to stop; the compaction releases the image when it ends. With `ifMainSeq`, the swap
   * happens only if the journal's main sequence is still that one (no other process compacted
   * since). With `rewrite`, also when the main file already holds every change (to record the
   * digest of a file Baton did not write).
   */
  readonly snapshot: () => Promise<{ image: MainImage; seq: number; epoch: string; ifMainSeq?: number; rewrite?: boolean } | null>;
  /**
   * Runs the short swap step. The database passes its write queue here, so that the swap
   * takes its turn among this process's writes instead of losing every race for the lock.
   */
  readonly exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
  /** Under the lock, when the journal has damage: it stays as it is until a catch-up that reads it whole repairs it. */
  readonly journalDamaged?: () => void;
}

/**
 * The image in a new temp file, fsynced; returns the file and its block sums. Meanwhile this
 * process's writes flush in the thread pool: their fdatasync can wait behind this file's.
 */
async function writeDurableTemp(path: string, image: MainImage): Promise<{ temp: string; sums: Uint32Array }> {
  const temp = join(dirname(path), `.${basename(path)}.compact-${process.pid}-${Date.now()}.tmp`);
  const handle = await storageFs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  let sums: Uint32Array;
  try {
    sums = await diskSync.inPoolDuring(async () => {
      const written = await image.writeTo(handle);
      await handle.sync();
      return written;
    });
  } catch (error) {
    // A failed snapshot (often a full disk) must not stay behind, holding the space.
    await handle.close().catch(() => undefined);
    await storageFs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return { temp, sums };
}

/**
 * Makes the current main file the backup, without copying it. The old backup keeps a second name
 * until the caller removes it, outside the lock: replacing its last name would free its blocks
 * right there, 50 ms for 64 MB on ext4, while this process's writes wait for the swap.
 */
async function keepMainAsBackup(path: string): Promise<string | null> {
  const staging = `${path}.bak.${process.pid}.tmp`;
  const oldBackup = `${path}.bak.${process.pid}.old.tmp`;
  await Promise.all([staging, oldBackup].map((name) => storageFs.unlink(name).catch(() => undefined)));
  try {
    await storageFs.link(path, staging);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    await storageFs.copyFile(path, staging); // file systems without hard links
  }
  const kept = await storageFs.link(`${path}.bak`, oldBackup).then(() => oldBackup, () => null);
  await storageFs.rename(staging, `${path}.bak`);
  return kept;
}

async function writeJournal(path: string, header: JournalHeader, records: readonly JournalRecord[]): Promise<void> {
  const frames = [encodeHeader(header), ...records.map(encodeRecord)];
  await writeFileAtomic(`${path}.journal`, Buffer.concat(frames));
}

/**
 * A new, empty journal after the main file was rewritten whole as `bytes` (creation, migration).
 * Under the lock. The backup is a copy, not a hard link: the main file keeps this inode until
 * the first compaction, which can be a long time, and damage done to it in place would
 * otherwise damage the backup too.
 */
export async function resetJournal(path: string, seq: number, bytes: Uint8Array, epoch?: string): Promise<void> {
  await writeFileAtomic(`${path}.bak`, bytes);
  const { digest, sums } = mainSumsOf(bytes);
  await writeJournal(path, { baseSeq: seq, mainSeq: seq, ...(epoch ? { epoch } : {}), mainDigest: digest, mainSums: sums }, []);
}

type Snapshot = NonNullable<Awaited<ReturnType<CompactionInput['snapshot']>>>;
type Scan = Awaited<ReturnType<typeof scanJournal>>;

/** True when the swap must not happen on this journal. */
function refusesSwap(journal: Pick<Scan, 'header' | 'damage'>, { seq, epoch, ifMainSeq, rewrite = false }: Snapshot): boolean {
  const mainSeq = journal.header?.mainSeq ?? 0;
  if (!journal.header || mainSeq > seq || (mainSeq === seq && !rewrite)) return true; // someone compacted further already
  if (ifMainSeq !== undefined && mainSeq !== ifMainSeq) return true; // someone compacted since: leave it
  // A damaged journal is repaired by the next catch-up (which keeps a copy), never rewritten
  // here; a repaired one (new epoch) may have lost changes that this snapshot still holds.
  return journal.damage.length > 0 || epochOf(journal.header) !== epoch;
}

/** The journal's header for the new main file, after `journal`'s. */
function headerAfter(journal: Scan, seq: number, mainDigest: string, mainSums: Uint32Array): JournalHeader {
  const header = journal.header as JournalHeader;
  return { baseSeq: header.mainSeq, mainSeq: seq, ...(header.epoch ? { epoch: header.epoch } : {}), mainDigest, mainSums };
}

/** Before the lock: the journal as it is, and the one to replace it, written and fsynced; null when this journal will not be swapped. */
async function prepareJournal(path: string, snapshot: Snapshot, digest: string, sums: Uint32Array): Promise<{ read: JournalRead; prepared: PreparedJournal } | null> {
  const journal = await scanJournal(`${path}.journal`, 0, Number.MAX_SAFE_INTEGER);
  if (refusesSwap(journal, snapshot)) return null;
  const read = journalReadOf(journal);
  return { read, prepared: await PreparedJournal.write(`${path}.journal`, read, headerAfter(journal, snapshot.seq, digest, sums)) };
}

/** Under the lock, after the swap of the main file: the whole journal scanned and rewritten (what compactions did before `prepareJournal`). */
async function rewriteJournal(path: string, journal: Scan, header: JournalHeader): Promise<number> {
  // The records after the new backup's sequence, copied as they are.
  const { bytes, count } = journalAfter(journal.bytes.subarray(0, journal.validEnd), header);
  await writeFileAtomic(`${path}.journal`, bytes);
  return count;
}

export async function compactInto(input: CompactionInput): Promise<CompactionResult | null> {
  const started = performance.now();
  const snapshot = await input.snapshot();
  if (snapshot === null) return null;
  const { image, seq } = snapshot;
  let written: Awaited<ReturnType<typeof writeDurableTemp>>;
  try {
    written = await writeDurableTemp(input.path, image);
  } finally {
    image.release();
  }
  const { temp, sums } = written;
  const digest = digestOfSums(sums, image.size);
  const exclusive = input.exclusive ?? (<T>(work: () => Promise<T>) => work());
  let oldBackup: string | null = null;
  let early: Awaited<ReturnType<typeof prepareJournal>> = null;
  try {
    early = await prepareJournal(input.path, snapshot, digest, sums);
    return await exclusive(() => input.lock.withLock(async () => {
      const swapMain = async () => {
        oldBackup = await keepMainAsBackup(input.path);
        await storageFs.rename(temp, input.path);
        await syncDirectory(dirname(input.path));
      };
      const current = early && readJournalFile(`${input.path}.journal`);
      const appended = early && current && appendedSince(early.read, current);
      let keptRecords: number;
      if (early && appended) {
        await swapMain();
        await early.prepared.install(appended.frames);
        keptRecords = early.prepared.keptRecords + appended.count;
      } else {
        const journal = await scanJournal(`${input.path}.journal`, 0, Number.MAX_SAFE_INTEGER);
        if (journal.damage.length > 0) input.journalDamaged?.();
        if (refusesSwap(journal, snapshot)) return null;
        await swapMain();
        keptRecords = await rewriteJournal(input.path, journal, headerAfter(journal, seq, digest, sums));
      }
      return { seq, bytes: image.size, keptRecords, ms: performance.now() - started };
    }));
  } finally {
    await early?.prepared.discard();
    await Promise.all([temp, oldBackup].map((name) => name && storageFs.unlink(name).catch(() => undefined)));
  }
}

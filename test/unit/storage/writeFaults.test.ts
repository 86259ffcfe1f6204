// Fault injection into writes: when the journal append or its fdatasync fails, write() rejects,
// the change is visible nowhere (this process, another one, after reopening), and the next
// write succeeds. Then every single file operation of a write + compaction + write is failed
// in turn: whatever was acknowledged survives, and nothing that was rejected appears.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { BatonDatabase } from '../../../src/storage/batonDatabase';
import { scanJournal } from '../../../src/storage/journal';
import { type Fault, type FsCall, withFaults } from '../support/faultyFs';
import { insertLedgerRow, ledgerIds, openDatabase, reopenAndRead } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const JOURNAL = /^baton\.db\.journal$/;
const EVERY_CALL: readonly FsCall[] = ['open', 'rename', 'link', 'unlink', 'copyFile', 'write', 'writeFile', 'sync', 'datasync', 'truncate'];

const WRITE_CASES: readonly { name: string; fault: Fault; error: RegExp }[] = [
  { name: 'opening the journal', fault: { call: 'open', target: JOURNAL }, error: /EIO: i\/o error, open baton\.db\.journal/ },
  { name: 'appending to the journal', fault: { call: 'write', target: JOURNAL }, error: /EIO: i\/o error, write baton\.db\.journal/ },
  { name: 'a short append (disk full)', fault: { call: 'write', target: JOURNAL, mode: 'short' }, error: /short write/ },
  { name: 'the fdatasync after the append', fault: { call: 'datasync', target: JOURNAL }, error: /EIO: i\/o error, datasync baton\.db\.journal/ },
];

async function tryWrite(database: BatonDatabase, id: string, acknowledged: string[]): Promise<void> {
  await insertLedgerRow(database, id).then(
    () => acknowledged.push(id),
    () => undefined,
  );
}

describe('fault injection: writes', () => {
  useTempDirs();
  let path: string;
  beforeEach(() => {
    path = join(makeTempDir(), 'baton.db');
  });

  for (const { name, fault, error } of WRITE_CASES) {
    it(`a failure ${name} rejects the write, which then shows nowhere; the next write succeeds`, async () => {
      const database = await openDatabase(path);
      const other = await openDatabase(path); // another process, already open
      await insertLedgerRow(database, 'a');
      await insertLedgerRow(database, 'b');
      await withFaults([fault], async (injector) => {
        await assert.rejects(insertLedgerRow(database, 'failed'), error);
        assert.equal(injector.fired.length, 1);
      });
      assert.deepEqual(await ledgerIds(database), ['a', 'b'], 'not in the process that tried it');
      await other.refreshFromDisk();
      assert.deepEqual(await ledgerIds(other), ['a', 'b'], 'not in another process');
      const journal = await scanJournal(`${path}.journal`);
      assert.equal(journal.validEnd, journal.size, 'no partial record is left in the journal');

      await insertLedgerRow(database, 'next');
      await other.refreshFromDisk();
      assert.deepEqual(await ledgerIds(other), ['a', 'b', 'next']);
      await insertLedgerRow(other, 'from-other');
      assert.deepEqual(await ledgerIds(database), ['a', 'b', 'from-other', 'next']);
      await Promise.all([database.close(), other.close()]);

      const reopened = await reopenAndRead(path);
      assert.deepEqual(reopened.ids, ['a', 'b', 'from-other', 'next']);
      assert.equal(reopened.integrity, 'ok');
    });
  }

  it('failing each file operation of a write, a compaction and another write in turn loses nothing acknowledged', async () => {
    const outcomes: string[] = [];
    for (let nth = 1; ; nth++) {
      path = join(makeTempDir(), 'baton.db');
      const database = await openDatabase(path, { compactAfterBytes: 1 << 30 });
      const acknowledged = ['before-0', 'before-1'];
      for (const id of acknowledged) await insertLedgerRow(database, id);
      await database.compact(); // the backup and the main file now differ
      await insertLedgerRow(database, 'before-2');
      acknowledged.push('before-2');

      const fired = await withFaults([{ call: EVERY_CALL, nth }], async (injector) => {
        await tryWrite(database, 'x', acknowledged);
        const compacted = await database.compact().then(() => 'compacted', (e: unknown) => `compaction failed: ${String(e)}`);
        await tryWrite(database, 'y', acknowledged);
        return { call: injector.fired[0], compacted };
      });
      if (fired.call === undefined) break; // nth is past the last call: every step was covered
      const label = `#${nth} ${fired.call.replace(/\d+/g, 'N')}`;
      outcomes.push(`${label}: acknowledged ${acknowledged.filter((id) => !id.startsWith('before')).join(' ') || '-'}; ${fired.compacted}`);

      acknowledged.sort();
      assert.deepEqual(await ledgerIds(database), acknowledged, `${label}: what this process reads`);
      await insertLedgerRow(database, 'z');
      await database.close();
      const reopened = await reopenAndRead(path);
      assert.deepEqual(reopened.ids, [...acknowledged, 'z'].sort(), `${label}: after reopening`);
      assert.equal(reopened.integrity, 'ok', label);
      assert.equal(reopened.database.recovery, null, label);
    }
    assert.ok(outcomes.length >= 20, `every call of a write, a compaction and a write was failed once:\n${outcomes.join('\n')}`);
  });
});

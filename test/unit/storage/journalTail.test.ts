// Unreadable bytes at the end of the journal: open keeps a byte-identical copy of the journal,
// reports them as one record that could not be read, and starts a sound journal, so nothing
// unreadable is lost unseen. (Damage before readable records: journalDamage.test.ts.)
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalPathOf } from '../../../src/storage/batonDatabase';
import { openDatabase } from '../support/database';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

describe('journal with unreadable bytes at its end', () => {
  useTempDirs();

  it('is copied aside on open, keeps every readable change, and accepts new writes', async () => {
    const path = join(makeTempDir(), 'baton.db');
    const first = await openDatabase(path);
    for (const id of ['a', 'b', 'c']) await first.write((w) => w.run('INSERT INTO workspaces (id, name, location) VALUES (?, ?, ?)', [id, id, id]));
    await first.close();
    appendFileSync(journalPathOf(path), Buffer.from('BTNJ\u00ff\u00ff garbage that is not a frame'));
    const damaged = readFileSync(journalPathOf(path));

    const second = await openDatabase(path);
    try {
      const report = second.journalRecovery;
      assert.ok(report?.copy, 'a copy was kept');
      assert.deepEqual(readFileSync(report.copy), damaged);
      assert.deepEqual({ ...report, copy: 'x' }, { recovered: 0, unreadable: 1, unapplied: 0, lost: [4], copy: 'x', atEnd: true }, 'reported as one record cut off');
      await second.write((w) => w.run("INSERT INTO workspaces (id, name, location) VALUES ('d', 'd', 'd')"));
      const ids = await second.read((r) => r.all('SELECT id FROM workspaces ORDER BY id').map((row) => row.id));
      assert.deepEqual(ids, ['a', 'b', 'c', 'd']);
    } finally {
      await second.close();
    }
    const third = await openDatabase(path);
    try {
      assert.equal(third.journalRecovery, null, 'the journal is whole again');
      assert.equal(await third.read((r) => r.one('SELECT count(*) AS n FROM workspaces')?.n), 4);
    } finally {
      await third.close();
    }
  });
});

// Several real processes writing one database file at the same time lose nothing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { SessionStore } from '../../../src/storage/sessionStore';
import { workspaceForPath } from '../../../src/context/workspaceIdentity';
import { listDir } from '../support/bytes';
import { openDatabase, queryFile } from '../support/database';
import { fixturesDir, repoRoot, wasmDir } from '../support/paths';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const PROCESSES = 3;
const NOTES_EACH = 30;

function runWriter(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', join(fixturesDir, 'noteWriter.ts'), ...args], { cwd: repoRoot, timeout: 60_000 }, (error, _out, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }),
    );
  });
}

describe('several processes on one database', function () {
  this.timeout(60_000);
  useTempDirs();

  it(`${PROCESSES} processes adding ${NOTES_EACH} notes each to one session keep all ${PROCESSES * NOTES_EACH}`, async () => {
    const dir = makeTempDir();
    const dbPath = join(dir, 'baton.db');
    const workspaceDir = makeTempDir('baton-ws-');
    const workspace = workspaceForPath(workspaceDir);
    const database = await openDatabase(dbPath);
    const store = new SessionStore(database);
    await store.saveWorkspace(workspace);
    const now = Date.now();
    await store.createUnlessOpen({
      id: 'shared', workspaceId: workspace.id, goal: 'race', startedAt: now, endedAt: null, lastActivityAt: now, activeMs: 0, gitStart: null, gitEnd: null, summary: null,
    });
    await database.close();

    const labels = Array.from({ length: PROCESSES }, (_, i) => `p${i}`);
    const results = await Promise.all(labels.map((label) => runWriter([dbPath, workspaceDir, String(NOTES_EACH), label, wasmDir])));
    for (const [i, result] of results.entries()) assert.equal(result.code, 0, `writer ${labels[i]} failed: ${result.stderr}`);

    const notes = await queryFile(dbPath, 'SELECT session_id, text FROM session_notes');
    assert.equal(notes.length, PROCESSES * NOTES_EACH);
    assert.ok(notes.every((n) => n.session_id === 'shared'));
    const expected = labels.flatMap((label) => Array.from({ length: NOTES_EACH }, (_, i) => `${label} ${i}`)).sort();
    assert.deepEqual(notes.map((n) => String(n.text)).sort(), expected);
    assert.deepEqual(await queryFile(dbPath, 'SELECT count(*) AS n FROM sessions'), [{ n: 1 }]);
    assert.deepEqual(listDir(dir), ['baton.db', 'baton.db.bak', 'baton.db.journal'], 'no lock or temp file is left');
  });
});

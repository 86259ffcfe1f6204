// Writes a Baton database holding `count` ended sessions (with notes and files) for one
// workspace, through the real storage code, in one transaction.
import { BatonDatabase } from '../../src/storage/batonDatabase';

export async function seedSessions(path: string, wasmDir: string, workspaceId: string, count: number): Promise<void> {
  const database = await BatonDatabase.open({ path, wasmDir });
  const start = Date.UTC(2026, 0, 1);
  await database.write((db) => {
    db.run('INSERT OR IGNORE INTO workspaces (id, name, location) VALUES (?, ?, ?)', [workspaceId, 'bench', '/bench']);
    for (let i = 0; i < count; i++) {
      const id = `s${i}`;
      const at = start + i * 3_600_000;
      db.run(
        `INSERT INTO sessions (id, workspace_id, goal, started_at, ended_at, last_activity_at, active_ms, branch_start, head_start, summary)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'main', ?, ?)`,
        [id, workspaceId, `Goal number ${i}: refactor module ${i % 97}`, at, at + 1_800_000, at + 1_800_000, 1_500_000, 'f'.repeat(40), `Summary ${i}`],
      );
      db.run('INSERT INTO session_notes (id, session_id, text, at) VALUES (?, ?, ?, ?)', [`n${i}`, id, `Note for session ${i}`, at + 60_000]);
      db.run('INSERT INTO session_files (session_id, path, edits, saves, last_at) VALUES (?, ?, 12, 3, ?)', [id, `src/module${i % 97}.ts`, at + 120_000]);
    }
  });
  await database.compact(); // a database in use is mostly compacted; the journal stays short
  await database.close();
}

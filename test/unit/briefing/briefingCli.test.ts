// `baton snapshot` and `baton briefing` on a real repository through the built CLI.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, runCliOk } from '../support/cli';
import { queryFile } from '../support/database';
import { commitFile, makeRepo } from '../support/git';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

interface BriefingJson {
  level: string;
  tokens: number;
  budget: number;
  markdown: string;
  sections: { title: string; priority: number; tokens: number; included: boolean }[];
  unavailable: { source: string; reason: string }[];
}

describe('baton snapshot / briefing', () => {
  useTempDirs();
  let repo: string;
  let db: string;

  beforeEach(async () => {
    repo = makeRepo();
    commitFile(repo, 'cart.ts', 'export const total = 1;\n');
    db = join(makeTempDir(), 'baton.db');
    await runCliOk(['--db', db, 'session', 'start', '--workspace', repo, '--goal', 'Round the cart totals']);
    writeFileSync(join(repo, 'cart.ts'), 'export const total = 1;\n// TODO: round half to even\nexport const rounded = 2;\n');
    await runCliOk(['--db', db, 'session', 'note', '--workspace', repo, '--text', 'Rounding helper written; next: tests']);
  });

  it('takes and lists snapshots with the changed files and a compressed patch', async () => {
    const taken = JSON.parse(await runCliOk(['--db', db, 'snapshot', 'take', '--workspace', repo, '--label', 'Mid-way', '--json'])) as { id: string; changedFiles: number };
    assert.equal(taken.changedFiles, 1);
    const listed = JSON.parse(await runCliOk(['--db', db, 'snapshot', 'list', '--workspace', repo, '--json'])) as { snapshots: { id: string; label: string; branch: string; changedFiles: { path: string }[]; takenAt: string }[] };
    assert.deepEqual(listed.snapshots.map((s) => [s.id, s.label, s.branch, s.changedFiles.map((f) => f.path)]), [[taken.id, 'Mid-way', 'main', ['cart.ts']]]);
    assert.match(listed.snapshots[0]!.takenAt, /^\d{4}-\d\d-\d\dT/);
    const [row] = await queryFile(db, 'SELECT patch, patch_bytes FROM snapshots WHERE id = ?', [taken.id]);
    assert.ok(row?.patch instanceof Uint8Array && row.patch[0] === 0x1f && row.patch[1] === 0x8b, 'gzip');
    assert.ok(Number(row.patch_bytes) > 50);
  });

  it('prints a JSON briefing within budget, with the editor reported as unavailable', async () => {
    const briefing = JSON.parse(await runCliOk(['--db', db, 'briefing', '--workspace', repo, '--level', 'high', '--format', 'json'])) as BriefingJson;
    assert.equal(briefing.level, 'high');
    assert.ok(briefing.tokens > 0 && briefing.tokens <= 300);
    assert.match(briefing.markdown, /Round the cart totals/);
    assert.match(briefing.markdown, /Rounding helper written; next: tests/);
    assert.match(briefing.markdown, /`cart\.ts`/);
    assert.ok(briefing.unavailable.some((u) => u.source === 'editor'));
    const goal = briefing.sections.find((s) => s.title === 'Goal');
    assert.deepEqual([goal?.priority, goal?.included], [0, true]);
    const todos = briefing.sections.find((s) => s.title === 'TODOs the changes add');
    assert.deepEqual([todos?.priority, todos?.included], [1, false]);
  });

  it('prints markdown by default at medium, with the TODO the diff adds', async () => {
    const markdown = await runCliOk(['--db', db, 'briefing', '--workspace', repo]);
    assert.match(markdown, /^# Handoff briefing: /);
    assert.match(markdown, /TODO: round half to even/);
  });

  it('--save keeps the briefing and takes a handoff snapshot first', async () => {
    await runCliOk(['--db', db, 'briefing', '--workspace', repo, '--level', 'low', '--save']);
    const briefings = await queryFile(db, 'SELECT level, tokens FROM briefings');
    assert.equal(briefings.length, 1);
    assert.equal(briefings[0]?.level, 'low');
    const snapshots = await queryFile(db, 'SELECT reason FROM snapshots');
    assert.deepEqual(snapshots, [{ reason: 'handoff' }]);
  });

  it('takes a session-end snapshot when the session ends', async () => {
    await runCliOk(['--db', db, 'session', 'end', '--workspace', repo]);
    const snapshots = await queryFile(db, 'SELECT reason, label, session_id FROM snapshots');
    assert.equal(snapshots.length, 1);
    assert.equal(snapshots[0]?.reason, 'session-end');
    assert.ok(snapshots[0]?.session_id);
  });

  it('explains bad options', async () => {
    const level = await runCli(['--db', db, 'briefing', '--workspace', repo, '--level', 'extreme']);
    assert.equal(level.code, 2);
    assert.match(level.stderr, /--level extreme: use one of high, medium, low/);
    const format = await runCli(['--db', db, 'briefing', '--workspace', repo, '--format', 'pdf']);
    assert.equal(format.code, 2);
    const sub = await runCli(['--db', db, 'snapshot', 'restore', '--workspace', repo]);
    assert.equal(sub.code, 2);
    assert.match(sub.stderr, /Try: take, list/);
  });
});

// The choke point where data leaves Baton besides briefings: snapshots never store a secret
// file's content but name it, and the patch still applies; the compare view shows a redacted
// copy; an export carries no planted secret. On the real service graph and a real repository.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type BatonServices, createBatonServices } from '../../../src/app/batonServices';
import { applyPatch } from '../../../src/context/patchApplier';
import { withheldFiles } from '../../../src/core/snapshots/snapshot';
import { currentPatchView, snapshotPatchView } from '../../../src/core/snapshots/snapshotPatchView';
import { exportWorkspace } from '../../../src/storage/exchange/workspaceExporter';
import { exportWorkspaceToFile } from '../../../src/storage/exchange/workspaceExchange';
import { sequentialIds } from '../support/fakeClock';
import { commitFile, git, makeRepo } from '../support/git';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { randomText } from './secretCorpus';
import { testSources } from '../support/services';

describe('redaction where data leaves Baton', () => {
  useTempDirs();
  let services: BatonServices | undefined;
  afterEach(async () => {
    await services?.close();
    services = undefined;
  });

  async function open(repo: string) {
    services = await createBatonServices(testSources(repo, { ids: sequentialIds('w') }));
    assert.ok(services.work);
    return services.work;
  }

  it('a snapshot stores neither an untracked .env nor id_rsa.pem, lists both, and its patch still applies', async () => {
    const repo = makeRepo();
    commitFile(repo, 'cart.ts', 'export const total = 1;\n');
    const envKey = `${'s'}k-proj-${randomText(90)}`;
    const keyBody = randomText(64);
    writeFileSync(join(repo, 'cart.ts'), 'export const total = 2;\n');
    writeFileSync(join(repo, '.env'), `OPENAI_API_KEY=${envKey}\n`);
    writeFileSync(join(repo, 'id_rsa.pem'), `-----BEGIN OPENSSH ${'PRIVATE KEY'}-----\n${keyBody}\n-----END OPENSSH PRIVATE KEY-----\n`);
    const work = await open(repo);

    const taken = await work.snapshots.take('With secrets around', 'manual');
    const stored = await work.snapshotHistory.get(taken.id);
    assert.ok(stored);
    assert.deepEqual(withheldFiles(taken).sort(), ['.env', 'id_rsa.pem']);
    assert.deepEqual(withheldFiles(stored).sort(), ['.env', 'id_rsa.pem'], 'the list survives the database, in changed_files');
    assert.deepEqual(stored.changedFiles.map((f) => [f.path, f.withheld === true]).sort(), [['.env', true], ['cart.ts', false], ['id_rsa.pem', true]]);
    const [row] = await services!.database.read((db) => db.all('SELECT patch, patch_bytes FROM snapshots WHERE id = ?', [taken.id]));
    assert.ok(row?.patch instanceof Uint8Array);
    const blob = gunzipSync(row.patch).toString('utf8');
    for (const [where, text] of [['take()', taken.patch], ['get()', stored.patch], ['the stored blob', blob]] as const) {
      assert.ok(!text.includes(envKey) && !text.includes(keyBody) && !text.includes('PRIVATE KEY'), `${where} holds a secret`);
      assert.match(text, /diff --git a\/cart\.ts b\/cart\.ts/, `${where} keeps the rest`);
    }
    assert.equal(Number(row.patch_bytes), Buffer.byteLength(blob), 'patch_bytes is the size of what is stored');

    // The compare view: both sides redacted and naming the withheld files the same way.
    const shown = snapshotPatchView(stored);
    const now = currentPatchView(await work.snapshots.currentPatch(1024 * 1024));
    for (const text of [shown, now]) {
      assert.ok(!text.includes(envKey) && !text.includes(keyBody), text);
      assert.match(text, /^# Not shown: the content of files that are secrets by name: \.env, id_rsa\.pem\n/);
    }
    assert.equal(shown, now, 'nothing changed since the snapshot, so the two sides are equal');

    // Exact where it is kept: back at HEAD, the stored patch applies and brings cart.ts back.
    git(repo, 'reset', '-q', '--hard');
    git(repo, 'clean', '-qfdx');
    assert.deepEqual(await applyPatch(repo, stored.patch), { ok: true });
    assert.equal(readFileSync(join(repo, 'cart.ts'), 'utf8'), 'export const total = 2;\n');
  });

  it('the compare view redacts secrets in tracked changes too, and names what it redacted', async () => {
    const repo = makeRepo();
    commitFile(repo, 'config.ts', 'export const url = "";\n');
    const password = `pw-${randomText(16)}`;
    writeFileSync(join(repo, 'config.ts'), `export const url = "postgres://app:${password}@db/shop";\n`);
    const work = await open(repo);
    const taken = await work.snapshots.take('', 'manual');
    assert.ok(taken.patch.includes(password), 'the stored patch stays exact so that it applies');
    const shown = snapshotPatchView(taken);
    assert.ok(!shown.includes(password));
    assert.match(shown, /^\+export const url = "postgres:\/\/app:\[redacted: url-password\]@db\/shop";$/m);
  });

  it('an export carries none of the secrets planted in a goal, a summary, a note and a knowledge entry', async () => {
    const repo = makeRepo();
    commitFile(repo, 'README.md', '# shop\n');
    const work = await open(repo);
    const planted = {
      goal: `gh${'p_'}${randomText(36)}`,
      note: `${'AK'}IA${randomText(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      summary: `xo${'xb-'}${randomText(12, '0123456789')}-${randomText(24)}`,
      title: `sk_${'live_'}${randomText(30)}`,
      body: `-----BEGIN ${'PRIVATE KEY'}-----\n${randomText(64)}\n-----END PRIVATE KEY-----`,
    };
    await work.tracker.start(`Deploy with ${planted.goal}`);
    await work.tracker.addNote(`AWS id ${planted.note}`);
    await work.tracker.end(`Done; bot token ${planted.summary}`);
    await services!.knowledge.add(work.workspace.id, { kind: 'note', title: `Billing key ${planted.title}`, body: planted.body, tags: [], paths: [], scope: 'workspace' });

    const file = join(makeTempDir(), 'export.jsonl');
    const summary = await exportWorkspaceToFile(services!.database, work.workspace, file);
    assert.ok(summary.rows >= 3);
    const exported = readFileSync(file, 'utf8');
    for (const [name, secret] of Object.entries(planted)) assert.ok(!exported.includes(secret), `${name} leaked into the export`);
    assert.match(exported, /Deploy with \[redacted: github-token\]/);
    assert.doesNotMatch(exported, /"redactions"/, 'the counts are for the caller, not part of the file');
    const document = await services!.database.read((db) => exportWorkspace(db, work.workspace, new Date()));
    assert.deepEqual(document.redactions, { 'github-token': 1, 'aws-access-key': 1, 'slack-token': 1, 'stripe-key': 1, 'private-key': 1 });
  });
});

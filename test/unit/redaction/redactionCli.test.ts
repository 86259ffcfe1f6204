// `baton briefing` and `baton export` through the built CLI print and write no planted secret:
// the same choke point as the extension, since both drive the same services.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { commitFile, makeRepo } from '../support/git';
import { makeTempDir, useTempDirs } from '../support/tempDirs';
import { randomText } from './secretCorpus';

describe('baton CLI output is redacted', function () {
  this.timeout(120_000);
  useTempDirs();
  before(requireFreshCli);

  it('baton briefing (every level, markdown and JSON, saved) and baton export carry no planted secret', async () => {
    const repo = makeRepo();
    commitFile(repo, 'cart.ts', 'export const total = 1;\n');
    const db = join(makeTempDir(), 'baton.db');
    const planted = {
      goal: `postgres://shop:${'pw-'}${randomText(14)}@db/shop`,
      note: `gh${'p_'}${randomText(36)}`,
      knowledge: `${'AK'}IA${randomText(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      todo: `${'s'}k-proj-${randomText(70)}`,
      env: `${'s'}k-ant-api03-${randomText(90)}`,
    };
    const workspace = ['--db', db, '--workspace', repo];
    await runCliOk(['--db', db, 'session', 'start', '--workspace', repo, '--goal', `Migrate ${planted.goal}`]);
    await runCliOk(['--db', db, 'session', 'note', '--workspace', repo, '--text', `pushed with ${planted.note}`]);
    await runCliOk(['--db', db, 'knowledge', 'add', '--workspace', repo, '--kind', 'gotcha', '--title', 'Deploy key', '--body', `Use ${planted.knowledge}`, '--paths', 'cart.ts']);
    writeFileSync(join(repo, 'cart.ts'), `export const total = 2; // TODO: stop using ${planted.todo}\n`);
    writeFileSync(join(repo, '.env'), `ANTHROPIC_API_KEY=${planted.env}\n`);

    const outputs: string[] = [];
    for (const level of ['high', 'medium', 'low']) outputs.push(await runCliOk(['briefing', ...workspace, '--level', level]));
    outputs.push(await runCliOk(['briefing', ...workspace, '--level', 'low', '--format', 'json']));
    outputs.push(await runCliOk(['briefing', ...workspace, '--level', 'low', '--save']));
    for (const output of outputs) {
      for (const [name, secret] of Object.entries(planted)) assert.ok(!output.includes(secret), `${name} leaked:\n${output}`);
    }
    const [high, , low] = outputs;
    assert.match(high ?? '', /\*\*Redacted \d+ secrets?:\*\* .*github-token/, 'the high briefing says what it redacted');
    assert.match(low ?? '', /TODO: stop using \[redacted: openai-key\]/);

    const file = join(makeTempDir(), 'export.jsonl');
    await runCliOk(['--db', db, 'export', '--workspace', repo, '--out', file]);
    const exported = readFileSync(file, 'utf8');
    for (const [name, secret] of Object.entries(planted)) assert.ok(!exported.includes(secret), `${name} leaked into the export`);
  });
});

// Briefings through the redaction choke point, on the real service graph and a real repository:
// secrets planted in the goal, a note, a knowledge entry, a commit subject, a changed file (its
// hunk header and a TODO it adds), the editor's selection and a diagnostic never reach the
// briefing (shown, copied or saved), and every level says how many were redacted, by kind.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BatonServices, createBatonServices } from '../../../src/app/batonServices';
import { composeBriefing } from '../../../src/core/briefing/briefingComposer';
import { redactBriefingInput } from '../../../src/core/briefing/briefingRedaction';
import { BRIEFING_LEVELS } from '../../../src/core/briefing/briefingTypes';
import type { EditorContext } from '../../../src/core/workContext/workContext';
import { tokenCounter } from '../../../src/providers/tokenCounter';
import { sequentialIds } from '../support/fakeClock';
import { commitFile, makeRepo } from '../support/git';
import { useTempDirs } from '../support/tempDirs';
import { randomText } from '../redaction/secretCorpus';
import { testSources } from '../support/services';

const UPPER32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Fake secrets of the right shapes, assembled at run time. */
function plantedSecrets() {
  return {
    dbPassword: `pw-${randomText(14)}`,
    githubToken: `gh${'p_'}${randomText(36)}`,
    awsSecret: randomText(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'),
    openaiKey: `${'s'}k-proj-${randomText(80)}`,
    awsKeyId: `${'AK'}IA${randomText(16, UPPER32)}`,
    slackToken: `xo${'xb-'}${randomText(12, '0123456789')}-${randomText(13, '0123456789')}-${randomText(24)}`,
    jwt: `eyJ${randomText(30)}.eyJ${randomText(40)}.${randomText(43)}`,
    googleKey: `AI${'za'}${randomText(35)}`,
    envFileKey: `${'s'}k-ant-api03-${randomText(90)}`,
  };
}

describe('briefings redact secrets', () => {
  useTempDirs();
  let services: BatonServices | undefined;
  afterEach(async () => {
    await services?.close();
    services = undefined;
  });

  async function plantedWorkspace() {
    const secrets = plantedSecrets();
    const repo = makeRepo();
    const body = Array.from({ length: 12 }, (_, i) => `  const step${i} = ${i};`).join('\n');
    commitFile(repo, 'client.ts', `export function connect(token = "${secrets.openaiKey}") {\n${body}\n}\n`);
    const editor: EditorContext = {
      active: { path: 'client.ts', line: 3, column: 1, selection: `Authorization: Bearer ${secrets.jwt}` },
      openEditors: ['client.ts'],
      unsaved: [],
      diagnostics: [{ path: 'client.ts', line: 2, severity: 'error', message: `Invalid key ${secrets.googleKey}`, source: 'ts' }],
    };
    services = await createBatonServices(testSources(repo, { ids: sequentialIds('r'), editor: { read: async () => editor } }));
    const work = services.work;
    assert.ok(work);
    await work.tracker.start(`Fix the import from postgres://app:${secrets.dbPassword}@db.internal/shop`);
    commitFile(repo, 'README.md', '# shop\n', `Rotate the Slack bot token ${secrets.slackToken}`);
    // Changes inside connect(): its line (with the key) becomes the hunk header; the TODO is an added line.
    writeFileSync(join(repo, 'client.ts'), `export function connect(token = "${secrets.openaiKey}") {\n${body.replace('step7 = 7;', `step7 = 8; // TODO: drop ${secrets.awsKeyId}`)}\n}\n`);
    writeFileSync(join(repo, '.env'), `# TODO: rotate ${secrets.envFileKey}\nANTHROPIC_API_KEY=${secrets.envFileKey}\n`);
    await services.knowledge.add(work.workspace.id, {
      kind: 'gotcha', title: 'The import needs the AWS secret', body: `Use aws_secret_access_key = ${secrets.awsSecret} until IAM roles land.`,
      tags: ['import'], paths: ['client.ts'], scope: 'workspace',
    });
    await work.tracker.addNote(`Pushed with ${secrets.githubToken}; next: the retry loop`);
    return { work, secrets };
  }

  const EXPECTED = {
    'url-password': 1, 'github-token': 1, 'aws-secret-key': 1, 'openai-key': 1, 'aws-access-key': 1, 'slack-token': 1, jwt: 1, 'google-api-key': 1,
  };

  it('redacts the planted secrets from every level, says how many by kind, and keeps each level within budget', async () => {
    const { work, secrets } = await plantedWorkspace();
    for (const level of BRIEFING_LEVELS) {
      const briefing = await work.briefings.generate(level, { save: true });
      for (const [name, secret] of Object.entries(secrets)) assert.ok(!briefing.markdown.includes(secret), `${level}: ${name} leaked`);
      assert.deepEqual(briefing.redactions, EXPECTED, level);
      assert.match(briefing.markdown, /\*\*Redacted 8 secrets:\*\* 1 aws-access-key, 1 aws-secret-key, 1 github-token, 1 google-api-key, 1 jwt, 1 openai-key, 1 slack-token, 1 url-password/, level);
      assert.ok(briefing.tokens <= briefing.budget, `${level}: ${briefing.tokens} > ${briefing.budget}`);
      assert.match(briefing.markdown, /Pushed with \[redacted: github-token\]; next: the retry loop/, `${level}: the note keeps its words`);
      assert.match(briefing.markdown, /`\.env`/, `${level}: the secret file is still named as changed`);
      assert.ok(!briefing.markdown.includes('rotate'), `${level}: no line from the content of .env`);
    }
    const low = (await work.briefings.generate('low', { save: false })).markdown;
    for (const marker of ['[redacted: openai-key]', '[redacted: aws-access-key]', '[redacted: slack-token]', '[redacted: aws-secret-key]', '[redacted: jwt]']) {
      assert.ok(low.includes(marker), `the low briefing shows ${marker} where the secret was`);
    }
    const stored = JSON.stringify(await services!.database.read((db) => db.all('SELECT * FROM briefings')));
    for (const [name, secret] of Object.entries(secrets)) assert.ok(!stored.includes(secret), `saved history: ${name} leaked`);
  });

  it('gathers redacted material, so the budget is counted on what is sent', async () => {
    const { work, secrets } = await plantedWorkspace();
    const input = await work.briefings.gather();
    const material = JSON.stringify(input);
    for (const [name, secret] of Object.entries(secrets)) assert.ok(!material.includes(secret), `gather(): ${name} leaked`);
    assert.deepEqual(input.redactions, EXPECTED);
    // The composer redacts again whatever it is given; on redacted material that finds nothing more.
    const again = composeBriefing(input, 'low', tokenCounter());
    assert.deepEqual(again.redactions, EXPECTED);
    assert.deepEqual(redactBriefingInput(input).redactions, EXPECTED);
  });

  it('the composer redacts material it is handed directly, not only what gather() read', () => {
    const token = `gh${'p_'}${randomText(36)}`;
    const material = {
      workspaceName: 'shop', git: null, editor: null, knowledge: [], lastSnapshot: null, unavailable: [], creditsSpent: null, now: 0, header: '',
      session: { id: 's', workspaceId: 'w', goal: `Use ${token}`, startedAt: 0, endedAt: null, lastActivityAt: 0, activeMs: 0, gitStart: null, gitEnd: null, summary: null, files: [], notes: [] },
    };
    const briefing = composeBriefing(material, 'high', tokenCounter());
    assert.ok(!briefing.markdown.includes(token));
    assert.deepEqual(briefing.redactions, { 'github-token': 1 });
    assert.match(briefing.markdown, /\*\*Redacted 1 secret:\*\* 1 github-token/);
  });

  it('says nothing about redaction when there was nothing to redact', async () => {
    const { work } = await plantedWorkspace();
    const input = await work.briefings.gather();
    const clean = composeBriefing({ ...input, session: null, git: null, editor: null, knowledge: [], redactions: {} }, 'high', tokenCounter());
    assert.deepEqual(clean.redactions, {});
    assert.doesNotMatch(clean.markdown, /Redacted/);
  });
});

// Files that are secrets by name, and their sections taken out of a real git patch: what is left
// is byte for byte what git wrote and still applies.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch } from '../../../src/context/patchApplier';
import { readPatch } from '../../../src/context/patchReader';
import { isSecretFileName, withholdSecretFiles } from '../../../src/core/redaction/redaction';
import { commitFile, git, makeRepo } from '../support/git';
import { useTempDirs } from '../support/tempDirs';
import { randomText } from './secretCorpus';

const SECRET_FILES = [
  '.env', '.env.local', '.env.production', 'config/.env.staging', 'prod.env', '.envrc', 'keys/server.pem', 'tls.key', 'C:\\keys\\app.KEY',
  'id_rsa', '.ssh/id_rsa', 'id_rsa.old', 'id_ed25519', 'id_ecdsa', 'id_dsa', 'cert.p12', 'cert.pfx', 'credentials', '.aws/credentials',
  'credentials.json', '.npmrc', '.netrc', '_netrc', '.pgpass', '.pypirc', '.git-credentials', 'release.keystore', 'signing.jks',
  'secrets.yaml', 'config/secrets.json', 'secret.toml', 'putty.ppk', 'vault.kdbx', '.htpasswd',
];
const ORDINARY_FILES = [
  '.env.example', '.env.sample', '.env.template', 'config/.env.dist', 'id_rsa.pub', '.ssh/id_ed25519.pub', 'src/env.ts', 'environment.ts',
  'keyboard.ts', 'src/keys.ts', 'monkey.js', 'credentials.md', 'docs/secrets.md', 'notes/secret.rst', 'README.md', 'package.json', 'src/token.ts', 'pemfile.txt',
  'secretsManager.ts', 'id_rsa_helper.go.txt'.replace('id_rsa_helper', 'rsa_helper'), '.gitignore', 'Makefile', '',
];

describe('isSecretFileName', () => {
  it(`knows ${SECRET_FILES.length} secret file names and leaves ${ORDINARY_FILES.length} ordinary ones`, () => {
    assert.deepEqual(SECRET_FILES.filter((p) => !isSecretFileName(p)), []);
    assert.deepEqual(ORDINARY_FILES.filter((p) => isSecretFileName(p)), []);
  });
});

describe('withholdSecretFiles', () => {
  useTempDirs();

  function repoWithSecretsAndWork(): { repo: string; key: string } {
    const repo = makeRepo();
    commitFile(repo, 'app.ts', 'export const a = 1;\n');
    commitFile(repo, 'old name.ts', 'export const moved = true;\n');
    commitFile(repo, '.npmrc', 'registry=https://registry.npmjs.org/\n');
    const key = `gh${'p_'}${randomText(36)}`;
    writeFileSync(join(repo, 'app.ts'), 'export const a = 2;\n');
    writeFileSync(join(repo, '.npmrc'), `//registry.npmjs.org/:_authToken=${key}\n`);
    git(repo, 'mv', 'old name.ts', 'new name.ts');
    writeFileSync(join(repo, '.env'), `GITHUB_TOKEN=${key}\n`);
    writeFileSync(join(repo, '.env.example'), 'GITHUB_TOKEN=\n');
    mkdirSync(join(repo, 'keys'));
    writeFileSync(join(repo, 'keys', 'id_rsa.pem'), `-----BEGIN RSA ${'PRIVATE KEY'}-----\n${randomText(64)}\n-----END RSA PRIVATE KEY-----\n`);
    writeFileSync(join(repo, 'notes with space.md'), 'plain\n');
    return { repo, key };
  }

  it('drops the sections of secret files from a real patch, names them, and the rest still applies', async () => {
    const { repo, key } = repoWithSecretsAndWork();
    const read = await readPatch(repo, 1024 * 1024, true);
    assert.ok(read && read.patch.includes(key), 'the raw patch carries the secret files');
    const kept = withholdSecretFiles(read.patch);
    assert.deepEqual([...kept.withheld].sort(), ['.env', '.npmrc', 'keys/id_rsa.pem']);
    assert.deepEqual([...kept.statuses].sort(), [['.env', 'added'], ['.npmrc', 'modified'], ['keys/id_rsa.pem', 'added']]);
    assert.ok(!kept.patch.includes(key) && !kept.patch.includes('PRIVATE KEY'));
    for (const kept of ['app.ts', 'new name.ts', '.env.example', 'notes with space.md']) assert.ok(read.patch.includes(kept));
    const sections = kept.patch.split(/^(?=diff --git )/m);
    // app.ts, the rename as a delete and an add, .env.example, the name with spaces.
    assert.equal(sections.length, 5);
    for (const section of sections) assert.ok(read.patch.includes(section), 'what is kept is what git wrote');

    // Back to HEAD, without the untracked files; then the kept patch must apply.
    git(repo, 'reset', '-q', '--hard');
    git(repo, 'clean', '-qfdx');
    assert.deepEqual(await applyPatch(repo, kept.patch), { ok: true });
    assert.equal(readFileSync(join(repo, 'app.ts'), 'utf8'), 'export const a = 2;\n');
    assert.equal(readFileSync(join(repo, 'new name.ts'), 'utf8'), 'export const moved = true;\n');
    assert.equal(readFileSync(join(repo, '.env.example'), 'utf8'), 'GITHUB_TOKEN=\n');
    assert.equal(readFileSync(join(repo, '.npmrc'), 'utf8'), 'registry=https://registry.npmjs.org/\n', 'the secret file keeps its committed content');
  });

  it('reads quoted and renamed names, and keeps a patch without secret files as it is', () => {
    const quoted = 'diff --git "a/caf\\303\\251/.env" "b/caf\\303\\251/.env"\nnew file mode 100644\n--- /dev/null\n+++ "b/caf\\303\\251/.env"\n@@ -0,0 +1 @@\n+X=1\n';
    assert.deepEqual(withholdSecretFiles(quoted).withheld, ['café/.env']);
    const renamed = 'diff --git a/config.txt b/server.key\nsimilarity index 100%\nrename from config.txt\nrename to server.key\n';
    assert.deepEqual(withholdSecretFiles(renamed), { patch: '', withheld: ['server.key'], statuses: new Map([['server.key', 'modified']]) });
    const binary = 'diff --git a/my store.p12 b/my store.p12\nnew file mode 100644\nindex 0000000..d3a8b6c\nGIT binary patch\nliteral 4\nLcmZ?d00001\n\nliteral 0\nHcmV?d00001\n\n';
    assert.deepEqual(withholdSecretFiles(binary).withheld, ['my store.p12'], 'a binary section names its file only in the diff --git line');
    const plain = 'diff --git a/x.ts b/x.ts\n--- a/x.ts\n+++ b/x.ts\n@@ -1 +1 @@\n--- a/.env\n+b\n';
    assert.deepEqual(withholdSecretFiles(plain), { patch: plain, withheld: [], statuses: new Map() }, 'a content line that looks like a header is content');
    assert.equal(withholdSecretFiles('').patch, '');
  });
});

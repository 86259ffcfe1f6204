// What readGitContext reads from the content of the uncommitted diff: hunk headers naming the
// changed functions, TODO markers on added lines only, non-UTF-8 text, and the byte cap.
import assert from 'node:assert/strict';
import { readGitContext } from '../../../../src/context/git/gitContextReader';
import { git } from '../../support/git';
import { repoWithFiles, writeFile } from '../../support/gitRepos';
import { useTempDirs } from '../../support/tempDirs';

const TS_SOURCE = [
  'export function parseConfig(text: string) {',
  '  const lines = text.split("\\n");',
  '  return lines.length;',
  '}',
  '',
  'export class Session {',
  '  start() {',
  '    return 1;',
  '  }',
  '}',
  '',
  'export function untouched() {',
  '  return 0;',
  '}',
  '',
].join('\n');

const PY_SOURCE = ['import os', '', 'def load_settings(path):', '    value = 1', '    return value', '', '', 'def save_settings(path, data):', '    return None', ''].join('\n');

describe('readGitContext: diff content', () => {
  useTempDirs();

  it('names the changed functions of .ts and .py files in the hunk headers', async () => {
    const repo = repoWithFiles({ 'src/config.ts': TS_SOURCE, 'tool.py': PY_SOURCE });
    writeFile(repo, 'src/config.ts', TS_SOURCE.replace('return lines.length;', 'return lines.filter(Boolean).length;').replace('return 1;', 'return 2;'));
    writeFile(repo, 'tool.py', PY_SOURCE.replace('    return value', '    return value * 2').replace('    return None', '    return data'));

    const { git: context } = await readGitContext({ cwd: repo });
    const ts = context?.changes.find((entry) => entry.path === 'src/config.ts');
    const py = context?.changes.find((entry) => entry.path === 'tool.py');
    assert.deepEqual(ts?.hunkHeaders, ['export function parseConfig(text: string) {', 'export class Session {']);
    assert.deepEqual(py?.hunkHeaders, ['def load_settings(path):', 'def save_settings(path, data):']);
    assert.ok(!ts?.hunkHeaders.some((header) => header.includes('untouched')));
  });

  it('reports TODO/FIXME/HACK/XXX only on added lines, with new line numbers', async () => {
    const old = ['// TODO: existing, not reported', 'keep', '// FIXME: removed, not reported', 'a', 'b', ''].join('\n');
    const repo = repoWithFiles({ 'work.ts': old, 'other.ts': 'x\n' });
    const next = ['// TODO: existing, not reported', 'keep', 'a', '// TODO(alice): add retries */', 'b', 'const XXXL = 1; // not a marker', 'todo lower case is not a marker', '# HACK - skip the cache', ''].join('\n');
    writeFile(repo, 'work.ts', next);
    writeFile(repo, 'other.ts', 'x\n/* XXX: staged marker */\n');
    git(repo, 'add', 'other.ts');
    writeFile(repo, 'fresh.py', 'print(1)\n\n# FIXME: untracked file line\n');

    const { git: context, unavailable } = await readGitContext({ cwd: repo });
    assert.deepEqual(unavailable, []);
    assert.deepEqual(context?.addedTodos, [
      { path: 'fresh.py', line: 3, tag: 'FIXME', text: 'untracked file line' },
      { path: 'other.ts', line: 2, tag: 'XXX', text: 'staged marker' },
      { path: 'work.ts', line: 4, tag: 'TODO', text: 'add retries' },
      { path: 'work.ts', line: 8, tag: 'HACK', text: 'skip the cache' },
    ]);
  });

  it('reads a non-UTF-8 (latin1) file with a TODO without garbling or throwing', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const repo = repoWithFiles({ 'legacy.c': latin1('/* caf\xe9 */\nint x;\n') });
    writeFile(repo, 'legacy.c', latin1('/* caf\xe9 */\nint x;\n/* TODO: r\xe9sum\xe9 du caf\xe9 */\n'));
    writeFile(repo, 'untracked.txt', latin1('na\xefve\nXXX: \xfcber\n'));

    const { git: context, unavailable } = await readGitContext({ cwd: repo });
    assert.deepEqual(unavailable, []);
    assert.deepEqual(context?.addedTodos, [
      { path: 'legacy.c', line: 3, tag: 'TODO', text: 'résumé du café' },
      { path: 'untracked.txt', line: 2, tag: 'XXX', text: 'über' },
    ]);
    const legacy = context?.changes.find((entry) => entry.path === 'legacy.c');
    assert.deepEqual([legacy?.binary, legacy?.insertions, legacy?.deletions], [false, 1, 0]);
  });

  it('returns partial results with unavailable entries when the byte cap is reached', async () => {
    const files = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`file-${String(i).padStart(2, '0')}.txt`, 'old\n']));
    const repo = repoWithFiles(files);
    for (const name of Object.keys(files)) writeFile(repo, name, `old\nnew line with a TODO in ${name}\n`);
    writeFile(repo, 'untracked-big.txt', 'TODO: big\n'.repeat(100));

    const full = await readGitContext({ cwd: repo });
    assert.equal(full.git?.changes.length, 41);
    assert.equal(full.git?.addedTodos.length, 40 + 100);
    assert.deepEqual(full.unavailable, []);

    const capped = await readGitContext({ cwd: repo, maxBytes: 600 });
    assert.ok(capped.git, 'a capped read still returns a context');
    assert.equal(capped.git.branch, 'main');
    const sources = new Set(capped.unavailable.map((entry) => entry.source));
    for (const source of ['git.status', 'git.diff']) assert.ok(sources.has(source), `${source} in ${JSON.stringify(capped.unavailable)}`);
    assert.ok(capped.git.changes.length > 0 && capped.git.changes.length < 41, `some changes: ${capped.git.changes.length}`);
    assert.match(capped.unavailable.find((entry) => entry.source === 'git.diff')?.reason ?? '', /exceeded 600 bytes/);
    // What was read is right: every listed change is a real one, counted or null.
    for (const entry of capped.git.changes) {
      assert.ok(entry.path in files || entry.path === 'untracked-big.txt', entry.path);
      assert.ok(entry.insertions === null || entry.insertions === 1 || entry.path === 'untracked-big.txt');
    }
  });

  it('caps the untracked files read: bytes per read and number of files', async () => {
    const repo = repoWithFiles({ 'a.txt': 'a\n' });
    writeFile(repo, 'big.txt', 'TODO: line\n'.repeat(100)); // 1,100 bytes
    const partial = await readGitContext({ cwd: repo, maxBytes: 600 });
    const big = partial.git?.changes.find((entry) => entry.path === 'big.txt');
    assert.equal(big?.insertions, null, 'a file read in part has no line count');
    assert.equal(partial.git?.addedTodos.length, 54, 'the whole lines of the first 600 bytes');
    assert.deepEqual(partial.unavailable, [{ source: 'git.untracked', reason: '1 untracked files were too large to read whole' }]);

    for (let i = 0; i < 205; i++) writeFile(repo, `many/f${String(i).padStart(3, '0')}.txt`, 'x\n');
    const many = await readGitContext({ cwd: repo });
    assert.equal(many.git?.changes.length, 206);
    assert.equal(many.git?.changes.filter((entry) => entry.insertions === null).length, 6);
    assert.match(many.unavailable.find((entry) => entry.source === 'git.untracked')?.reason ?? '', /^6 of 206 untracked files not read/);
  });
});

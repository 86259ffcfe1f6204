// The parsers on crafted output: the edge cases real repositories rarely produce on demand
// (cut records, quoted paths, patch lines that look like headers, too many TODOs).
import assert from 'node:assert/strict';
import { parseNumstat } from '../../../../src/context/git/diffStats';
import { parseLog } from '../../../../src/context/git/historyReader';
import { parsePatch } from '../../../../src/context/git/hunkHeaders';
import { headerPath, readQuoted } from '../../../../src/context/git/quotedPath';
import { parseStatus } from '../../../../src/context/git/statusReader';
import { decodeText, looksBinary } from '../../../../src/context/git/textDecoding';
import { MAX_TODOS, TodoCollector } from '../../../../src/context/git/todoScanner';

const z = (...fields: string[]) => Buffer.from(fields.map((field) => `${field}\0`).join(''), 'utf8');
const H = 'a'.repeat(40);

describe('git output parsers', () => {
  describe('parseStatus', () => {
    it('reads headers, ordinary, renamed, unmerged and untracked records', () => {
      const snapshot = parseStatus(z(
        `# branch.oid ${H}`,
        '# branch.head feature/x y',
        '# branch.upstream origin/feature/x y',
        '# branch.ab +3 -0',
        `1 .M N... 100644 100644 100644 ${H} ${H} src/a file.ts`,
        `2 R. N... 100644 100644 100644 ${H} ${H} R100 new name.ts`,
        'old name.ts',
        `u UU N... 100644 100644 100644 100644 ${H} ${H} ${H} conflict.txt`,
        '? new\nline.txt',
      ));
      assert.deepEqual(snapshot, {
        branch: 'feature/x y',
        head: H,
        upstream: 'origin/feature/x y',
        ahead: 3,
        behind: 0,
        entries: [
          { path: 'src/a file.ts', status: 'modified', staged: false, unstaged: true },
          { path: 'new name.ts', oldPath: 'old name.ts', status: 'renamed', staged: true, unstaged: false },
          { path: 'conflict.txt', status: 'conflicted', staged: false, unstaged: true },
          { path: 'new\nline.txt', status: 'untracked', staged: false, unstaged: true },
        ],
      });
    });

    it('drops a record cut by the byte cap, and a rename whose old path was cut', () => {
      const full = z('# branch.oid (initial)', '# branch.head (detached)', `1 A. N... 000000 100644 100644 ${H} ${H} kept.txt`, `2 R. N... 100644 100644 100644 ${H} ${H} R90 renamed.txt`, 'was.txt');
      const cut = full.subarray(0, full.length - 3);
      const snapshot = parseStatus(cut);
      assert.equal(snapshot.head, null);
      assert.equal(snapshot.branch, null);
      assert.deepEqual(snapshot.entries.map((entry) => entry.path), ['kept.txt']);
      assert.equal(snapshot.entries[0]?.status, 'added');
    });

    it('maps index and worktree letters to one status against HEAD', () => {
      const statusOf = (xy: string) => parseStatus(z(`1 ${xy} N... 100644 100644 100644 ${H} ${H} f`)).entries[0]?.status;
      assert.deepEqual(['M.', '.M', 'MM', 'A.', 'AM', 'AD', 'D.', '.D', 'MD', '.T', 'T.', '.A'].map(statusOf), [
        'modified', 'modified', 'modified', 'added', 'added', 'added', 'deleted', 'deleted', 'deleted', 'typechange', 'typechange', 'added',
      ]);
    });
  });

  describe('parseNumstat', () => {
    it('reads counts, binary files, renames, and where the patch starts', () => {
      const output = Buffer.concat([z('3\t1\tsrc/a.ts', '-\t-\timg.png', '2\t0\t', 'old.ts', 'new.ts'), Buffer.from('\0diff --git a/x b/x\n')]);
      const part = parseNumstat(output);
      assert.deepEqual([...part.stats], [
        ['src/a.ts', { insertions: 3, deletions: 1, binary: false }],
        ['img.png', { insertions: null, deletions: null, binary: true }],
        ['new.ts', { insertions: 2, deletions: 0, binary: false }],
      ]);
      assert.equal(output.toString('utf8', part.patchStart), 'diff --git a/x b/x\n');
      assert.equal(part.complete, true);
    });

    it('is incomplete when the cap cut the records', () => {
      const part = parseNumstat(Buffer.from('3\t1\tsrc/a.ts\x002\t0\tsrc/b'));
      assert.deepEqual([...part.stats.keys()], ['src/a.ts']);
      assert.equal(part.complete, false);
    });
  });

  describe('parsePatch', () => {
    it('keeps hunk headers per file and reports added lines with new line numbers', () => {
      const patch = [
        'diff --git a/src/a.ts b/src/a.ts',
        'index 1..2 100644',
        '--- a/src/a.ts',
        '+++ b/src/a.ts',
        '@@ -3,0 +4,2 @@ function first() {',
        '+++ this added line starts with two pluses',
        '+--- and this one with dashes',
        '@@ -10 +11,0 @@ function first() {',
        '-gone',
        '@@ -20,2 +20 @@ class Second {',
        '-x',
        '-y',
        '+z',
        '\\ No newline at end of file',
        'diff --git "a/q\\"uote\\303\\251.txt" "b/q\\"uote\\303\\251.txt"',
        'new file mode 100644',
        '--- /dev/null',
        '+++ "b/q\\"uote\\303\\251.txt"',
        '@@ -0,0 +1 @@',
        '+hello',
        'diff --git a/old.txt b/old.txt',
        'deleted file mode 100644',
        '--- a/old.txt',
        '+++ /dev/null',
        '@@ -1 +0,0 @@ header of deleted',
        '-bye',
        '',
      ].join('\n');
      const added: string[] = [];
      const headers = parsePatch(patch, (path, line, text) => added.push(`${path}:${line}:${text}`));
      assert.deepEqual([...headers], [
        ['src/a.ts', ['function first() {', 'class Second {']],
        ['old.txt', ['header of deleted']],
      ]);
      assert.deepEqual(added, ['src/a.ts:4:++ this added line starts with two pluses', 'src/a.ts:5:--- and this one with dashes', 'src/a.ts:20:z', 'q"uoteé.txt:1:hello']);
    });

    it('takes renamed paths from the rename lines and strips the TAB git adds after names with spaces', () => {
      const patch = ['diff --git a/a b.txt b/c d.txt', 'similarity index 90%', 'rename from a b.txt', 'rename to c d.txt', '--- a/a b.txt\t', '+++ b/c d.txt\t', '@@ -1 +1 @@ top', '-x', '+TODO y', ''].join('\n');
      const added: string[] = [];
      const headers = parsePatch(patch, (path, line) => added.push(`${path}:${line}`));
      assert.deepEqual([...headers], [['c d.txt', ['top']]]);
      assert.deepEqual(added, ['c d.txt:1']);
    });
  });

  describe('quoted paths', () => {
    it('undoes C quoting, octal bytes included', () => {
      assert.deepEqual(readQuoted('"a\\tb\\n\\\\\\"\\303\\251" rest', 0), { value: 'a\tb\n\\"é', end: 20 });
      assert.equal(headerPath('"b/\\377x"', 'b/'), 'ÿx'); // not UTF-8: decoded as latin1
      assert.equal(headerPath('c/x', 'b/'), null);
      assert.equal(readQuoted('"unterminated', 0), null);
    });
  });

  describe('parseLog', () => {
    it('reads commits and drops one cut by the cap', () => {
      const output = z(H, '1700000000', 'Ann', 'first subject', 'b'.repeat(40), '1700000060', 'Bob', 'second');
      assert.deepEqual(parseLog(output, false), [
        { hash: H, at: 1_700_000_000_000, author: 'Ann', subject: 'first subject' },
        { hash: 'b'.repeat(40), at: 1_700_000_060_000, author: 'Bob', subject: 'second' },
      ]);
      assert.equal(parseLog(output.subarray(0, output.length - 2), true).length, 1);
      assert.deepEqual(parseLog(Buffer.alloc(0), false), []);
    });
  });

  describe('TodoCollector', () => {
    it('extracts the text after the marker and caps the number kept', () => {
      const todos = new TodoCollector();
      todos.visit('a.ts', 1, '  // TODO(bob): tidy up */');
      todos.visit('a.ts', 2, '<!-- FIXME - broken link -->');
      todos.visit('a.ts', 3, 'TODO');
      todos.visit('a.ts', 4, 'const TODOS = []; MYXXX = 1; fixme()');
      assert.deepEqual(todos.todos.map(({ tag, text }) => `${tag}|${text}`), ['TODO|tidy up', 'FIXME|broken link', 'TODO|TODO']);
      for (let i = 0; i < MAX_TODOS; i++) todos.visit('b.ts', i + 1, `HACK ${i}`);
      assert.equal(todos.todos.length, MAX_TODOS);
      assert.equal(todos.overflowed, true);
    });

    it('scans a whole new file with line numbers', () => {
      const todos = new TodoCollector();
      todos.scanFile('n.py', 'a\r\n# XXX: one\r\n\nb # TODO two');
      assert.deepEqual(todos.todos, [
        { path: 'n.py', line: 2, tag: 'XXX', text: 'one' },
        { path: 'n.py', line: 4, tag: 'TODO', text: 'two' },
      ]);
    });
  });

  describe('decoding', () => {
    it('keeps UTF-8 lines and decodes invalid lines as latin1', () => {
      const bytes = Buffer.concat([Buffer.from('ok é\n', 'utf8'), Buffer.from('caf\xe9\n', 'latin1')]);
      assert.equal(decodeText(bytes), 'ok é\ncafé\n');
      assert.equal(looksBinary(Buffer.from('text')), false);
      assert.equal(looksBinary(Buffer.concat([Buffer.alloc(7999, 65), Buffer.from([0])])), true);
      assert.equal(looksBinary(Buffer.concat([Buffer.alloc(8000, 65), Buffer.from([0])])), false);
    });
  });
});

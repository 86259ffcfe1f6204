// File names are data, not markdown: a briefing must show `a`b.ts`, `x*y_z.md`,
// `[link](u).ts`, `<img>.ts` or `p|q.ts` exactly as they are, each as one code span, and
// none of them may turn the text around it into emphasis, a link, an image or HTML. Checked
// on a real repository through `baton briefing`, with the output parsed by markdown-it
// (CommonMark), the way a chat view or a renderer would read it.
import assert from 'node:assert/strict';
import markdownIt, { type Token } from 'markdown-it';
import { join } from 'node:path';
import { runCliOk } from '../support/cli';
import { requireFreshCli } from '../support/cliBuild';
import { git } from '../support/git';
import { commitAll, repoWithFiles, writeFile } from '../support/gitRepos';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

/** Names that mean something in markdown, each a valid file name on Linux and in git. */
const TRICKY = [
  'a`b.ts', // one backtick inside
  '`lead.ts', // a backtick first
  'trail`', // a backtick last
  'dbl``tick.ts', // a run of two
  'x*y_z.md',
  '**bold**.ts',
  '_em_.ts',
  '~~struck~~.ts',
  '[link](u).ts',
  '![img](u).ts',
  '<img>.ts',
  '<b>x</b>.ts',
  '&amp;.ts',
  'p|q.ts',
  'back\\slash.ts',
  '#hash.ts',
  ' spaced .ts ', // a space first and last: CommonMark strips one from each end of a code span
];
/** Changed in place (modified), so that their hunks are named too. */
const MODIFIED = ['mod`ified.ts', 'mod*ified_.ts', 'mod|[x](y).ts'];

function tokensOf(markdown: string): Token[] {
  const md = markdownIt({ html: true, linkify: false, typographer: false });
  const all: Token[] = [];
  const walk = (tokens: readonly Token[]) => {
    for (const token of tokens) {
      all.push(token);
      if (token.children) walk(token.children);
    }
  };
  walk(md.parse(markdown, {}));
  return all;
}

/** Labels the briefing itself sets in bold; nothing else may be bold. */
const LABEL = /^(Goal|Branch|Changed files|\d+ files? changed in|Conflicts|Latest note|Errors|Not available|Left out)\b.*[:;]?$/;

/** Code spans the briefing writes besides paths: the branch, hashes, the hunks' function lines, the commands that show more. */
const OTHER_SPANS = /^(main|[0-9a-f]{8,12}|function total\(\) \{|baton briefing --level (medium|low)|--level low|git log|git status)$/;

/**
 * Every code span is a whole path (or the branch, a hash, a hunk's function line), and each of
 * `required` is one. A level with a tight budget names only the most changed files, so the
 * high level passes none as required: the spans it does show must still be whole paths.
 */
function assertPathsIntact(markdown: string, paths: readonly string[], required: readonly string[] = paths): void {
  const tokens = tokensOf(markdown);
  const spans = tokens.filter((t) => t.type === 'code_inline').map((t) => t.content);
  // A folder that groups changed files is named whole too.
  const folders = new Set(paths.filter((p) => p.includes('/')).map((p) => p.slice(0, p.lastIndexOf('/'))));
  const broken = spans.filter((span) => !paths.includes(span) && !folders.has(span) && !OTHER_SPANS.test(span));
  assert.deepEqual(broken, [], `code spans that are not one whole path:\n${markdown}`);
  for (const path of required) assert.ok(spans.includes(path), `${JSON.stringify(path)} is not one intact code span; code spans: ${JSON.stringify(spans)}\n${markdown}`);
  assert.ok(spans.filter((span) => paths.includes(span)).length >= 3, `too few paths named to check:\n${markdown}`);
  const stray = tokens.filter((t) => ['em_open', 's_open', 'link_open', 'image', 'html_inline', 'html_block'].includes(t.type));
  assert.deepEqual(stray.map((t) => `${t.type} ${t.content}`), [], `markdown formatting from a file name:\n${markdown}`);
  // Bold is only the briefing's own labels: the text between strong_open and strong_close.
  tokens.forEach((t, i) => {
    if (t.type === 'strong_open') assert.match(tokens[i + 1]?.content ?? '', LABEL, `unexpected bold text:\n${markdown}`);
  });
  // A code span that did not close leaves its backticks in the text.
  const text = tokens.filter((t) => t.type === 'text').map((t) => t.content);
  assert.deepEqual(text.filter((t) => t.includes('`')), [], `stray backticks:\n${markdown}`);
}

describe('baton briefing: file names with markdown characters', function () {
  this.timeout(60_000);
  useTempDirs();
  before(requireFreshCli);

  let repo: string;
  let db: string;

  beforeEach(async () => {
    repo = repoWithFiles({ 'base.txt': 'base\n', ...Object.fromEntries(MODIFIED.map((p) => [p, 'function total() {\n  return 1;\n}\n\n\n\n\nconst a = 1;\n'])) });
    for (const path of MODIFIED) writeFile(repo, path, 'function total() {\n  return 1;\n}\n\n\n\n\nconst a = 2;\n');
    for (const path of TRICKY) writeFile(repo, path, 'new\n');
    git(repo, 'add', '-A');
    db = join(makeTempDir(), 'baton.db');
    await runCliOk(['--db', db, 'session', 'start', '--workspace', repo, '--goal', 'Keep names intact']);
  });

  it('the sanity of the repository: git reports every tricky name as changed', () => {
    const status = git(repo, 'status', '--porcelain', '-z').split('\0').filter(Boolean).map((entry) => entry.slice(3));
    for (const path of [...TRICKY, ...MODIFIED]) assert.ok(status.includes(path), path);
  });

  for (const level of ['high', 'medium', 'low']) {
    it(`each path is one intact code span at level ${level}, and nothing else is formatted`, async () => {
      const markdown = await runCliOk(['--db', db, 'briefing', '--workspace', repo, '--level', level]);
      assert.match(markdown, /^# Handoff briefing: /);
      const all = ['base.txt', ...TRICKY, ...MODIFIED];
      assertPathsIntact(markdown, all, level === 'high' ? [] : all.slice(1));
    });
  }

  it('paths committed since the last snapshot are named intact too', async () => {
    await runCliOk(['--db', db, 'snapshot', 'take', '--workspace', repo, '--label', 'before']);
    commitAll(repo, 'commit the changes');
    const markdown = await runCliOk(['--db', db, 'briefing', '--workspace', repo, '--level', 'low']);
    assert.match(markdown, /Committed or reverted since: /);
    assertPathsIntact(markdown, ['base.txt', ...TRICKY, ...MODIFIED], [...TRICKY, ...MODIFIED]);
  });
});

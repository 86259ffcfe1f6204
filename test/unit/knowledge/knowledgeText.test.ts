// Draft checks and normalization, and the Markdown an entry is shown as.
import assert from 'node:assert/strict';
import type { KnowledgeDraft } from '../../../src/core/knowledge/knowledgeEntry';
import {
  KnowledgeValidationError,
  fencedCode,
  firstLineOf,
  knowledgeMarkdown,
  normalizeDraft,
  normalizePaths,
  normalizeTags,
  requireKind,
  splitList,
} from '../../../src/core/knowledge/knowledgeText';
import { draft } from './knowledgeFixtures';

describe('knowledge text rules', () => {
  it('normalizes tags: lower case, trimmed, no "#", split on commas, unique', () => {
    assert.deepEqual(normalizeTags(['Money', ' #money', 'a,b', '  ', 'Two  words']), ['money', 'a', 'b', 'two words']);
  });

  it('normalizes paths to workspace-relative forward-slash paths', () => {
    assert.deepEqual(normalizePaths(['./src\\a.ts', '/src/a.ts', 'src//b.ts', '.', '', 'docs/\nREADME.md']), ['src/a.ts', 'src/b.ts', 'docs/', 'README.md']);
  });

  it('splitList splits what was typed on commas', () => {
    assert.deepEqual(splitList(' a, b ,,c '), ['a', 'b', 'c']);
    assert.deepEqual(splitList(undefined), []);
  });

  it('normalizeDraft collapses the title, trims the body end, and refuses what cannot be stored', () => {
    assert.deepEqual(normalizeDraft(draft({ kind: 'Gotcha' as KnowledgeDraft['kind'], title: ' A \n title ', body: 'x\r\ny\n\n' })), {
      kind: 'gotcha', title: 'A title', body: 'x\ny', tags: [], paths: [], scope: 'workspace',
    });
    assert.throws(() => normalizeDraft(draft({ title: '' })), KnowledgeValidationError);
    assert.throws(() => normalizeDraft(draft({ title: 'x'.repeat(201) })), /under 200/);
    assert.throws(() => normalizeDraft(draft({ title: 't', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })), /at most 20 tags/);
    assert.throws(() => normalizeDraft({ ...draft({ title: 't' }), scope: 'team' as KnowledgeDraft['scope'] }), /scope/);
    assert.throws(() => requireKind('rumour'), /pattern, solution, decision, gotcha, note/);
  });

  it('fencedCode keeps the selection exact, with a fence longer than any backticks inside', () => {
    assert.equal(fencedCode('const a = 1;\n', 'typescript'), '```typescript\nconst a = 1;\n```');
    assert.equal(fencedCode('see ```md``` and ````', 'markdown'), '`````markdown\nsee ```md``` and ````\n`````');
    assert.equal(fencedCode('plain', 'plaintext'), '```\nplain\n```');
  });

  it('firstLineOf skips blank lines, fences and heading marks', () => {
    assert.equal(firstLineOf('\n```ts\nconst x = 1;\n```'), 'const x = 1;');
    assert.equal(firstLineOf('## Why\nBecause'), 'Why');
    assert.equal(firstLineOf(''), '');
  });

  it('knowledgeMarkdown shows title, kind, scope, tags, linked paths and the body', () => {
    const markdown = knowledgeMarkdown(
      { kind: 'gotcha', title: 'Cents', body: 'Use integers.', tags: ['money'], paths: ['src/a [1].ts', 'gone.ts'], workspaceId: null, updatedAt: Date.UTC(2026, 10, 24, 9, 30) },
      (path) => (path === 'gone.ts' ? null : `file:///w/${encodeURI(path)}`),
    );
    assert.equal(markdown, [
      '# Cents', '', '**Gotcha** · global (every workspace) · `money` · updated 2026-11-24 09:30 UTC', '', 'About:', '',
      '- [src/a \\[1\\].ts](<file:///w/src/a%20%5B1%5D.ts>)', '- `gone.ts`', '', '---', '', 'Use integers.', '',
    ].join('\n'));
  });
});

// The fact matcher of the briefing benchmark: whole tokens in any script, markdown emphasis
// ignored, and the patterns the scenarios build (counts, folders, places, unavailability).
import assert from 'node:assert/strict';
import { at, countOf, factFound, folder, folderCount, near, repeated, unavailable } from '../../../bench/support/factMatch';

describe('briefing fact matcher', () => {
  it('matches a phrase on token boundaries only', () => {
    assert.ok(factFound('- **Branch:** `main` at `1ec34ab`', 'main'));
    assert.ok(!factFound('the domain model', 'main'));
    assert.ok(!factFound('Changed `src/cart.tsx`', 'src/cart.ts'));
    assert.ok(factFound('`src/cart.ts:14:3` fails', 'src/cart.ts'));
    assert.ok(!factFound('wip_2 saved', 'wip'));
  });

  it('ignores emphasis, code spans, case and line breaks inside a phrase', () => {
    assert.ok(factFound('**rebase** in\n  progress', 'Rebase in progress'));
    assert.ok(factFound("Property `'id'` does not exist", "Property 'id' does not exist"));
    assert.ok(factFound('call `formatMoney()` always', 'formatMoney()'));
  });

  it('works for German and Japanese', () => {
    assert.ok(!factFound('die Umsatzsteuer je Position', 'Steuer'));
    assert.ok(factFound('Die Steuer je Position', 'steuer'));
    assert.ok(factFound('Größe: ÜBER 4 KB', 'über 4 KB'));
    assert.ok(factFound('次の手順：pdf.ts に組み込み、税率ごとの小計を表示する。', '税率ごとの小計を表示する'));
    // A Japanese word inside a clause is not a token of its own: facts are whole clauses.
    assert.ok(!factFound('税率ごとの小計を表示する。', '小計'));
  });

  it('builds patterns for counts, folders and places', () => {
    assert.ok(factFound('150 files changed in 12 folders', countOf(150, 'files?')));
    assert.ok(factFound('**Changed files (150, +1,204 −310)**', countOf(150, 'files?')));
    assert.ok(!factFound('+1,150 −2 in files', countOf(150, 'files?')));
    assert.ok(factFound('src/api 62 (+1,204 -310)', folderCount('src/api', 62)));
    assert.ok(factFound('`src/api/` (62 files)', folderCount('src/api', 62)));
    assert.ok(!factFound('src/api/http.ts:62', folderCount('src/api', 62)));
    assert.ok(!factFound('src/api/http.ts', folder('src/api')));
    assert.ok(factFound('`src/api.ts` line 42', at('src/api.ts', 42)));
    assert.ok(!factFound('src/api.ts:420', at('src/api.ts', 42)));
    assert.ok(factFound('Conflicts (2): `README.md`, `src/a.ts`', near(/conflicts?/, 'src/a.ts', 160)));
    assert.ok(factFound('wip, wip 2, wip 3', repeated(/\bwip\b/, 3)));
    assert.ok(!factFound('wip ×40', repeated(/\bwip\b/, 3)));
  });

  it('ties "not available" to the source it names', () => {
    const both = '- **Not available:** git (not a git repository); editor (no editor: open files are unknown)';
    const editorOnly = '- **Not available:** editor (no editor: open files are unknown)';
    assert.ok(factFound(both, unavailable('git')));
    assert.ok(!factFound(editorOnly, unavailable('git')));
    assert.ok(factFound(editorOnly, unavailable('editor')));
    assert.ok(!factFound('- **Not available:** git.upstream (gone)', unavailable('git')));
    assert.ok(factFound('Git is unavailable here', unavailable('git')));
  });

  it('takes a pattern with the g flag without carrying state between calls', () => {
    const global = /cart/g;
    assert.ok(factFound('cart', global));
    assert.ok(factFound('cart', global));
  });
});

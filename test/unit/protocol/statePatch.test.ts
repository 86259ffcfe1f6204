// Partial updates: the host sends the top-level fields that changed, the page merges them.
import assert from 'node:assert/strict';
import { applyPatch, changedFields } from '../../../src/shared/protocol/statePatch';
import { viewStatePatch } from '../../../src/shared/protocol/sidebar';
import { EMPTY_VIEW_STATE, type ViewState } from '../../../src/shared/viewState';

const ready: ViewState = { ...EMPTY_VIEW_STATE, status: 'ready', workspaceName: 'shop' };

describe('state patches', () => {
  it('carries only the fields that changed, compared by value', () => {
    const next: ViewState = { ...ready, recent: [...ready.recent], lastBriefing: { level: 'high', tokens: 10, budget: 300, createdAt: '2026-11-24T10:00:00.000Z', markdown: '# Hi', unavailable: [] } };
    assert.deepEqual(changedFields(ready, next), { lastBriefing: next.lastBriefing });
  });

  it('is null when nothing changed, so nothing is posted', () => {
    assert.equal(changedFields(ready, { ...ready, knowledge: [] }), null);
  });

  it('carries a field that became null', () => {
    const withError: ViewState = { ...ready, status: 'error', errorMessage: 'gone' };
    assert.deepEqual(changedFields(withError, ready), { status: 'ready', errorMessage: null });
  });

  it('merged into the previous state gives the next state, and passes the patch validator', () => {
    const next: ViewState = { ...ready, workspaceName: 'other', status: 'loading' };
    const patch = changedFields(ready, next);
    assert.ok(patch);
    assert.deepEqual(applyPatch(ready, viewStatePatch(JSON.parse(JSON.stringify(patch)), 'params')), next);
  });
});

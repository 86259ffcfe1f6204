// LlmRouter.preview: where a request would go and what it may cost, from the same planning and
// pricing as route(), with nothing sent, reserved or written.
import assert from 'node:assert/strict';
import { tokenCounter } from '../../../src/providers/tokenCounter';
import { MINI, config, makeHarness, openaiProvider, openaiServer, useRouterCleanup } from '../router/routerHarness';

describe('router: preview', () => {
  useRouterCleanup();

  it('names the winner, counts the input, prices the maximum, and sends nothing', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)], { approvalThresholdUsd: 0.0001 }));
    const prompt = 'Explain the VAT rounding rule.';
    const preview = await h.services.router.preview({ messages: [{ role: 'user', content: prompt }], maxTokens: 1000 });
    const input = 3 + 4 + tokenCounter()(prompt);
    assert.deepEqual(preview.target, { provider: 'oa', model: MINI.id });
    assert.equal(preview.inputTokens, input);
    assert.equal(preview.inputExact, true);
    assert.equal(preview.pricing, 'priced');
    assert.equal(preview.maxNanos, input * 150 + 1000 * 600);
    assert.equal(preview.needsApproval, true, 'the maximum is above $0.0001');
    assert.match(preview.decision.why, /oa\/wire-mini/);
    assert.equal(server.requests.length, 0);
    assert.equal(await h.rowCount(), 0);
    assert.equal(await h.reservations(), 0);
  });

  it('says why no model is usable, with each exclusion', async () => {
    const server = await openaiServer();
    const h = await makeHarness(config([openaiProvider(server)]));
    h.keys.keys.delete('oa');
    const preview = await h.services.router.preview({ messages: [{ role: 'user', content: 'Hi' }], maxTokens: 10 });
    assert.equal(preview.target, null);
    assert.equal(preview.needsApproval, false);
    assert.match(preview.decision.candidates[0]?.excluded ?? '', /^no API key/);
  });
});

// A refused key disables its provider until the key changes.
import assert from 'node:assert/strict';
import { AuthGate } from '../../../src/core/routing/authGate';
import { FakeTimers } from '../../support/fakeTimers';

describe('AuthGate', () => {
  it('disables a provider whose key was refused, for that key only', () => {
    const timers = new FakeTimers(1000);
    const gate = new AuthGate(timers);
    gate.disable('openai', 'fp-old', '401 invalid_api_key');
    assert.equal(gate.isDisabled('openai', 'fp-old'), true);
    assert.equal(gate.isDisabled('anthropic', 'fp-old'), false);
    assert.deepEqual(gate.disabledReason('openai', 'fp-old'), { providerId: 'openai', reason: '401 invalid_api_key', since: 1000 });
  });

  it('is cleared for good by a new key fingerprint', () => {
    const gate = new AuthGate(new FakeTimers());
    gate.disable('openai', 'fp-old');
    assert.equal(gate.isDisabled('openai', 'fp-new'), false);
    assert.equal(gate.isDisabled('openai', 'fp-old'), false, 'going back to the old key tries it again');
    assert.equal(gate.disabledReason('openai', 'fp-new'), null);
  });

  it('treats a removed key (null) as a change too', () => {
    const gate = new AuthGate(new FakeTimers());
    gate.disable('ollama', 'fp');
    assert.equal(gate.isDisabled('ollama', null), false);
  });

  it('can be cleared by hand, e.g. when the same key is set again', () => {
    const gate = new AuthGate(new FakeTimers());
    gate.disable('openai', 'fp');
    gate.enable('openai');
    assert.equal(gate.isDisabled('openai', 'fp'), false);
  });
});

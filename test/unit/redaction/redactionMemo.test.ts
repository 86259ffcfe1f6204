import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { redactSecrets } from '../../../src/core/redaction/redaction';
import { RedactionMemo } from '../../../src/core/redaction/redactionMemo';

const KEY = ['ghp', '_', 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'].join('');
const history = (turns: number) => Array.from({ length: turns }, (_, index) => `Turn ${index}: the build fails with token ${KEY} in the log.`).join('\n').padEnd(4_096, ' ');

describe('the redaction memo', () => {
  it('gives exactly what redactSecrets gives, for a text seen again too', () => {
    const memo = new RedactionMemo();
    const text = history(20);
    const first = memo.redact(text);
    const again = memo.redact(`${text}`);
    assert.deepEqual(first, redactSecrets(text));
    assert.deepEqual(again, first);
    assert.ok(!again.text.includes(KEY));
  });

  it('never reuses a result for a text that differs by one character', () => {
    const memo = new RedactionMemo();
    const text = history(20);
    memo.redact(text);
    const changed = `${text.slice(0, 100)}${KEY}${text.slice(100)}`;
    assert.deepEqual(memo.redact(changed), redactSecrets(changed));
  });

  it('keeps only its capacity, dropping the least recently used', () => {
    const memo = new RedactionMemo(2);
    const [a, b, c] = [history(10), history(11), history(12)];
    const first = memo.redact(a);
    const second = memo.redact(b);
    memo.redact(a); // a is now the most recent
    memo.redact(c); // drops b
    assert.equal(memo.redact(a), first, 'a is still remembered (the same object)');
    const again = memo.redact(b);
    assert.notEqual(again, second, 'b was dropped and redacted anew');
    assert.deepEqual(again, second);
  });
});

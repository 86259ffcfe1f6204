// The validator combinators behind every webview message: what each accepts, the path and the
// expectation a rejection names, and that a validated value is always rebuilt (no extra fields).
import assert from 'node:assert/strict';
import {
  type Infer, ProtocolError, type Validator, array, boolean, discriminated, empty, literal, nullable, number, object, optional, record, string,
} from '../../../src/shared/protocol/validate';

/** Asserts that `validator` rejects `value` with exactly this message. */
function rejects<T>(validator: Validator<T>, value: unknown, message: string, path = 'params'): void {
  assert.throws(() => validator(value, path), (error: unknown) => {
    assert.ok(error instanceof ProtocolError, `expected a ProtocolError, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

// Compile-time checks: `Equal` is true only for identical types.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const typeIs = <T extends true>(_proof?: T) => undefined;

describe('protocol validators', () => {
  describe('string', () => {
    it('accepts strings within the bounds and returns them', () => {
      assert.equal(string()('', 'p'), '');
      assert.equal(string({ min: 1, max: 3 })('abc', 'p'), 'abc');
    });

    it('names the path and the bound it broke', () => {
      rejects(string({ max: 500 }), 'x'.repeat(501), 'params.goal: expected a string of at most 500 characters', 'params.goal');
      rejects(string({ min: 2 }), 'x', 'params: expected a string of at least 2 characters');
      rejects(string({ min: 1, max: 3 }), 'abcd', 'params: expected a string of at least 1 and at most 3 characters');
      rejects(string(), 42, 'params: expected a string');
    });

    it('rejects a blank string when nonBlank', () => {
      rejects(string({ nonBlank: true, max: 10 }), ' \n\t', 'params: expected a non-blank string of at most 10 characters');
      assert.equal(string({ nonBlank: true })(' x ', 'p'), ' x ');
    });

    it('restricts to oneOf', () => {
      assert.equal(string({ oneOf: ['a', 'b'] })('b', 'p'), 'b');
      rejects(string({ oneOf: ['a', 'b'] }), 'c', 'params: expected one of "a", "b"');
    });
  });

  describe('number', () => {
    it('accepts finite numbers within the bounds', () => {
      assert.equal(number()(-1.5, 'p'), -1.5);
      assert.equal(number({ integer: true, min: 0, max: 10 })(10, 'p'), 10);
    });

    it('rejects NaN, the infinities, numeric strings, fractions for integers and out-of-range values', () => {
      rejects(number(), Number.NaN, 'params: expected a finite number');
      rejects(number(), Number.POSITIVE_INFINITY, 'params: expected a finite number');
      rejects(number(), '1', 'params: expected a finite number');
      rejects(number({ integer: true }), 1.5, 'params: expected an integer');
      rejects(number({ min: 0 }), -1, 'params: expected a finite number of at least 0');
      rejects(number({ max: 5 }), 6, 'params: expected a finite number of at most 5');
      rejects(number({ integer: true, min: 1, max: 9 }), 0, 'params: expected an integer from 1 to 9');
    });
  });

  it('boolean accepts only true and false', () => {
    assert.equal(boolean()(false, 'p'), false);
    rejects(boolean(), 0, 'params: expected a boolean');
    rejects(boolean(), 'true', 'params: expected a boolean');
  });

  it('literal accepts one of its strings and is typed as their union', () => {
    const level = literal('high', 'medium', 'low');
    typeIs<Equal<Infer<typeof level>, 'high' | 'medium' | 'low'>>();
    assert.equal(level('low', 'p'), 'low');
    rejects(level, 'HIGH', 'params: expected one of "high", "medium", "low"');
  });

  it('nullable accepts null, and otherwise defers to its validator', () => {
    const v = nullable(number());
    assert.equal(v(null, 'p'), null);
    assert.equal(v(1, 'p'), 1);
    rejects(v, undefined, 'params: expected a finite number');
  });

  describe('array', () => {
    it('validates every item, naming its index', () => {
      assert.deepEqual(array(number())([1, 2], 'p'), [1, 2]);
      rejects(array(number()), [1, 'two'], 'params.items[1]: expected a finite number', 'params.items');
    });

    it('rejects more items than max, holes, and non-arrays', () => {
      rejects(array(number(), { max: 2 }), [1, 2, 3], 'params: expected an array of at most 2 items');
      // eslint-disable-next-line no-sparse-arrays
      rejects(array(number()), [1, , 3], 'params[1]: expected a finite number');
      rejects(array(number()), { length: 0 }, 'params: expected an array');
    });

    it('returns a new array', () => {
      const input = [1];
      assert.notEqual(array(number())(input, 'p'), input);
    });
  });

  describe('object', () => {
    const note = object({ text: string({ max: 10 }), at: optional(number()), tag: nullable(string()) });

    it('infers optional keys from optional members', () => {
      typeIs<Equal<Infer<typeof note>, { text: string; at?: number | undefined; tag: string | null }>>();
      // A validated value fits a readonly interface of the same shape.
      const readonlyNote: { readonly text: string; readonly at?: number; readonly tag: string | null } = note({ text: 'a', tag: null }, 'p');
      assert.deepEqual(readonlyNote, { text: 'a', tag: null });
    });

    it('drops unknown keys and rebuilds the object', () => {
      const input = { text: 'hi', tag: 'x', secret: 'token', at: 3 };
      const result = note(input, 'params');
      assert.deepEqual(result, { text: 'hi', tag: 'x', at: 3 });
      assert.notEqual(result, input);
      assert.equal(Object.hasOwn(result, 'secret'), false);
    });

    it('leaves an absent optional key absent', () => {
      const result = note({ text: 'hi', tag: null }, 'params');
      assert.equal(Object.hasOwn(result, 'at'), false);
    });

    it('names the nested path of a failing member', () => {
      const outer = object({ note });
      rejects(outer, { note: { text: 'x'.repeat(11), tag: null } }, 'params.note.text: expected a string of at most 10 characters');
      rejects(outer, { note: { text: 'x' } }, 'params.note.tag: expected a string');
      rejects(outer, { note: [] }, 'params.note: expected an object');
      rejects(outer, null, 'params: expected an object');
    });

    it('reads own keys only, never the prototype', () => {
      const inherited = Object.create({ text: 'from the prototype', tag: null });
      rejects(note, inherited, 'params.text: expected a string of at most 10 characters');
      rejects(object({ toString: string() }), {}, 'params.toString: expected a string');
    });
  });

  describe('record', () => {
    it('validates every value under its key', () => {
      assert.deepEqual(record(number())({ a: 1, b: 2 }, 'p'), { a: 1, b: 2 });
      rejects(record(number()), { a: 1, b: 'x' }, 'params.b: expected a finite number');
      rejects(record(number(), { max: 1 }), { a: 1, b: 2 }, 'params: expected an object of at most 1 entries');
    });

    it('keeps a received __proto__ key as a plain key, never as the prototype', () => {
      const received: unknown = JSON.parse('{"__proto__": {"polluted": 1}}');
      const result = record(record(number()))(received, 'p');
      assert.equal(Object.getPrototypeOf(result), Object.prototype);
      assert.deepEqual(Object.keys(result), ['__proto__']);
      assert.equal(Object.hasOwn(result, 'polluted'), false);
    });
  });

  describe('discriminated', () => {
    const shape = discriminated('type', {
      circle: object({ r: number() }),
      square: object({ side: number(), type: literal('square') }),
    });

    it('picks the variant by tag and keeps the tag in the result', () => {
      typeIs<Equal<Infer<typeof shape>, { type: 'circle'; r: number } | { type: 'square'; side: number }>>();
      assert.deepEqual(shape({ type: 'circle', r: 2, extra: true }, 'p'), { type: 'circle', r: 2 });
      assert.deepEqual(shape({ type: 'square', side: 1 }, 'p'), { type: 'square', side: 1 });
    });

    it('names the tag path and the known tags for an unknown or missing tag', () => {
      rejects(shape, { type: 'triangle' }, 'params.type: expected one of "circle", "square"');
      rejects(shape, {}, 'params.type: expected one of "circle", "square"');
      rejects(shape, { type: 'constructor' }, 'params.type: expected one of "circle", "square"');
      rejects(shape, 'circle', 'params: expected an object');
    });

    it('checks the chosen variant', () => {
      rejects(shape, { type: 'circle', r: 'big' }, 'params.r: expected a finite number');
    });
  });

  describe('empty', () => {
    it('accepts undefined or any object and returns a new {}', () => {
      const input = { stray: 1 };
      assert.deepEqual(empty(undefined, 'p'), {});
      assert.deepEqual(empty(input, 'p'), {});
      assert.notEqual(empty(input, 'p'), input);
    });

    it('rejects anything else', () => {
      rejects(empty, null, 'params: expected no params (an empty object)');
      rejects(empty, [], 'params: expected no params (an empty object)');
      rejects(empty, 'x', 'params: expected no params (an empty object)');
    });
  });
});

// Validator combinators for everything that crosses the webview boundary. A validator takes an
// `unknown` and either returns a freshly built value of its type or throws a ProtocolError that
// names the path it failed at. It never returns the input object itself: a validated value
// carries exactly the declared fields, so nothing extra leaks across (in either direction).
// Runs in Node and in the browser: ES2022 globals only.

/** A received value did not match the protocol. The message names the path and what was expected. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** Returns the validated (and rebuilt) value, or throws a ProtocolError mentioning `path`. */
export type Validator<T> = (value: unknown, path: string) => T;

/** The type a validator produces. */
export type Infer<V> = V extends Validator<infer T> ? T : never;

/** Flattens intersections so hovers and error messages show one plain object type. */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** `optional(v)` marks itself so `object` can make its key optional in the inferred type. */
export type OptionalValidator<T> = Validator<T | undefined> & { readonly optional: true };

/** The params of a message that has none. */
export type Empty = Record<string, never>;

function fail(path: string, expected: string): never {
  throw new ProtocolError(`${path}: expected ${expected}`);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Own properties only: a key such as `constructor` or `toString` must not be found on the prototype.
function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

// defineProperty rather than assignment: a received `__proto__` key must stay a plain key and
// never replace the prototype of the rebuilt object.
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const quote = (text: string) => JSON.stringify(text);

export interface StringOptions {
  readonly min?: number;
  readonly max?: number;
  /** Rejects a string that is empty or only white space. */
  readonly nonBlank?: boolean;
  readonly oneOf?: readonly string[];
}

function describeString(options: StringOptions): string {
  if (options.oneOf) return `one of ${options.oneOf.map(quote).join(', ')}`;
  const limits = [
    options.min !== undefined ? `at least ${options.min}` : '',
    options.max !== undefined ? `at most ${options.max}` : '',
  ].filter((part) => part !== '');
  const noun = options.nonBlank ? 'a non-blank string' : 'a string';
  return limits.length > 0 ? `${noun} of ${limits.join(' and ')} characters` : noun;
}

export function string(options: StringOptions = {}): Validator<string> {
  const expected = describeString(options);
  return (value, path) => {
    if (typeof value !== 'string') return fail(path, expected);
    const tooShort = options.min !== undefined && value.length < options.min;
    const tooLong = options.max !== undefined && value.length > options.max;
    if (tooShort || tooLong || (options.nonBlank && value.trim() === '')) return fail(path, expected);
    if (options.oneOf && !options.oneOf.includes(value)) return fail(path, expected);
    return value;
  };
}

export interface NumberOptions {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

function describeNumber(options: NumberOptions): string {
  const noun = options.integer ? 'an integer' : 'a finite number';
  if (options.min !== undefined && options.max !== undefined) return `${noun} from ${options.min} to ${options.max}`;
  if (options.min !== undefined) return `${noun} of at least ${options.min}`;
  if (options.max !== undefined) return `${noun} of at most ${options.max}`;
  return noun;
}

/** NaN and the infinities are never accepted (JSON cannot carry them anyway). */
export function number(options: NumberOptions = {}): Validator<number> {
  const expected = describeNumber(options);
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) return fail(path, expected);
    if (options.integer && !Number.isInteger(value)) return fail(path, expected);
    if (options.min !== undefined && value < options.min) return fail(path, expected);
    if (options.max !== undefined && value > options.max) return fail(path, expected);
    return value;
  };
}

export function boolean(): Validator<boolean> {
  return (value, path) => (typeof value === 'boolean' ? value : fail(path, 'a boolean'));
}

/** One of the given strings, typed as their union. */
export function literal<const L extends readonly string[]>(...values: L): Validator<L[number]> {
  const expected = `one of ${values.map(quote).join(', ')}`;
  return (value, path) => {
    // `find` hands back the element of `values`, so the literal type needs no cast.
    const found = values.find((candidate) => candidate === value);
    return found !== undefined ? found : fail(path, expected);
  };
}

export function nullable<T>(validator: Validator<T>): Validator<T | null> {
  return (value, path) => (value === null ? null : validator(value, path));
}

/** Allows `undefined`; as a member of `object`, the key may be absent. */
export function optional<T>(validator: Validator<T>): OptionalValidator<T> {
  const check: Validator<T | undefined> = (value, path) => (value === undefined ? undefined : validator(value, path));
  return Object.assign(check, { optional: true as const });
}

export function array<T>(validator: Validator<T>, options: { readonly max?: number } = {}): Validator<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'an array');
    if (options.max !== undefined && value.length > options.max) return fail(path, `an array of at most ${options.max} items`);
    const result: T[] = [];
    // An index loop, not `map`: `map` would keep holes of a sparse array unvalidated.
    for (let index = 0; index < value.length; index++) result.push(validator(value[index], `${path}[${index}]`));
    return result;
  };
}

export type Shape = Readonly<Record<string, Validator<unknown>>>;

type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S];

/** The object type a shape describes: `optional(...)` members become optional keys. */
export type ObjectOf<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** An object with exactly the shape's keys. Unknown keys are dropped, not copied. */
export function object<const S extends Shape>(shape: S): Validator<ObjectOf<S>>;
// The overload above carries the static type; this implementation walks every key of the same
// shape at run time, which is what makes that claim hold.
export function object(shape: Shape): Validator<Record<string, unknown>> {
  const keys = Object.keys(shape);
  return (value, path) => {
    if (!isRecord(value)) return fail(path, 'an object');
    const result: Record<string, unknown> = {};
    for (const key of keys) {
      const member = ownValue(shape, key);
      if (member === undefined) continue;
      const checked: unknown = member(ownValue(value, key), `${path}.${key}`);
      // Absent optional keys stay absent rather than becoming `key: undefined`.
      if (checked !== undefined) setOwn(result, key, checked);
    }
    return result;
  };
}

/** A string-keyed map. `max` bounds the number of entries. */
export function record<T>(validator: Validator<T>, options: { readonly max?: number } = {}): Validator<Record<string, T>> {
  return (value, path) => {
    if (!isRecord(value)) return fail(path, 'an object');
    const keys = Object.keys(value);
    if (options.max !== undefined && keys.length > options.max) return fail(path, `an object of at most ${options.max} entries`);
    const result: Record<string, T> = {};
    for (const key of keys) setOwn(result, key, validator(value[key], `${path}.${key}`));
    return result;
  };
}

type Variants = Readonly<Record<string, Validator<object>>>;

/** The tagged union: each variant's fields plus the tag itself under `key`. */
export type UnionOf<K extends string, V extends Variants> = {
  [T in keyof V & string]: Simplify<{ [P in K]: T } & Omit<Infer<V[T]>, K>>;
}[keyof V & string];

/**
 * A tagged union: `value[key]` picks the variant, whose validator checks the rest. The variant
 * validators need not declare the tag; the result always carries it.
 */
export function discriminated<const K extends string, const V extends Variants>(key: K, variants: V): Validator<UnionOf<K, V>>;
// As with `object`: the overload carries the type, the implementation checks the same variants.
export function discriminated(key: string, variants: Variants): Validator<Record<string, unknown>> {
  const tags = Object.keys(variants);
  const expected = `one of ${tags.map(quote).join(', ')}`;
  return (value, path) => {
    if (!isRecord(value)) return fail(path, 'an object');
    const tag = ownValue(value, key);
    const variant = typeof tag === 'string' ? ownValue(variants, tag) : undefined;
    if (variant === undefined) return fail(`${path}.${key}`, expected);
    const result: Record<string, unknown> = { ...variant(value, path) };
    setOwn(result, key, tag);
    return result;
  };
}

/** The params of a message without params: accepts `undefined` or an object, returns `{}`. */
export const empty: Validator<Empty> = (value, path) => {
  if (value !== undefined && !isRecord(value)) return fail(path, 'no params (an empty object)');
  return {};
};

// A reader for hand-written JSON configuration that collects every problem, each naming the
// path it is at (`providers[1].models[0].input`), instead of stopping at the first one: the
// user fixes a settings file in one go. Unknown keys are problems too, because a misspelt
// `dailyUSD` that is silently ignored would let a budget go unenforced.

export class ConfigProblems {
  private readonly problems: string[] = [];

  add(path: string, problem: string): void {
    this.problems.push(`${path}: ${problem}`);
  }

  get list(): readonly string[] {
    return this.problems;
  }
}

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `path`, or undefined (with a problem) when it is something else. */
export function readObject(value: unknown, path: string, problems: ConfigProblems, allowed: readonly string[]): JsonObject | undefined {
  if (!isObject(value)) {
    problems.add(path, `expected an object, found ${describe(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.add(`${path}.${key}`, `unknown setting (known: ${allowed.join(', ')})`);
  }
  return value;
}

export function readString(object: JsonObject, key: string, path: string, problems: ConfigProblems, required = false): string | undefined {
  const value = object[key];
  if (value === undefined) {
    if (required) problems.add(`${path}.${key}`, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(`${path}.${key}`, `expected a non-empty string, found ${describe(value)}`);
    return undefined;
  }
  return value.trim();
}

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly above?: number;
}

export function readNumber(object: JsonObject, key: string, path: string, problems: ConfigProblems, range: NumberRange = {}): number | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  const where = `${path}.${key}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.add(where, `expected a number, found ${describe(value)}`);
    return undefined;
  }
  const wrong = rangeProblem(value, range);
  if (wrong) {
    problems.add(where, wrong);
    return undefined;
  }
  return value;
}

function rangeProblem(value: number, range: NumberRange): string | undefined {
  if (range.integer && !Number.isInteger(value)) return `expected a whole number, found ${value}`;
  if (range.above !== undefined && value <= range.above) return `must be more than ${range.above}, found ${value}`;
  if (range.min !== undefined && value < range.min) return `must be at least ${range.min}, found ${value}`;
  if (range.max !== undefined && value > range.max) return `must be at most ${range.max}, found ${value}`;
  return undefined;
}

export function readBoolean(object: JsonObject, key: string, path: string, problems: ConfigProblems): boolean | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    problems.add(`${path}.${key}`, `expected true or false, found ${describe(value)}`);
    return undefined;
  }
  return value;
}

export function readChoice<const C extends readonly string[]>(
  object: JsonObject,
  key: string,
  path: string,
  problems: ConfigProblems,
  choices: C,
): C[number] | undefined {
  const value = readString(object, key, path, problems);
  if (value === undefined) return undefined;
  const found = choices.find((choice) => choice === value);
  if (found === undefined) problems.add(`${path}.${key}`, `expected one of ${choices.join(', ')}, found "${value}"`);
  return found;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

// Judging a candidate value. A placeholder (`sk-xxxx`, `YOUR_API_KEY`, `<your-key>`) or a
// reference to a secret kept elsewhere (`${OPENAI_API_KEY}`, `process.env.X`) is not a secret,
// and redacting it would hide the very hint the next reader needs. A value found only by its
// name (`*_KEY=`) must also look random, because names like SORT_KEY or CACHE_TOKEN hold
// plain words too.

/** Values that say "put the real one here", or name a type, not a secret. Compared lowercased. */
const PLACEHOLDER_VALUES = new Set([
  'none', 'null', 'nil', 'undefined', 'true', 'false', 'string', 'str', 'number', 'int', 'bool', 'boolean', 'any', 'unknown',
  'object', 'optional', 'pass', 'pwd', 'foo', 'bar', 'baz', 'qux', 'abc', 'xyz', 'secret', 'secrets', 'password', 'passwd', 'token', 'key', 'apikey', 'api_key', 'api-key', 'changeme',
  'change_me', 'change-me', 'example', 'sample', 'test', 'todo', 'tbd', 'empty', 'required', 'secretstr',
]);

/** A value that begins with one of these words is an instruction, not a secret. */
const PLACEHOLDER_PREFIX = /^(?:your|<your|example|placeholder|dummy|insert|replace|redacted|\[redacted|changeme|change[_-]me|enter[_-]|put[_-]|add[_-]your)/i;

/** Masks and elisions: `****`, `xxxxx`, `sk-...`, `…`. */
const MASK_ONLY = /^[xX*#•.\-_0]+$/;
const MASK_RUN = /x{5,}|X{5,}|\*{3,}|•{3,}|\.\.\.|…/;

/** Where a secret comes from instead of what it is: templates, variables, environment reads. */
const REFERENCE = [
  /^\$\{[^}]*\}?/, // ${OPENAI_API_KEY}
  /^\$\(/, // $(command)
  /^\$[A-Za-z_]\w*$/, // $TOKEN
  /^%[A-Za-z_]\w*%$/, // %TOKEN%
  /^\{\{.*\}\}$/, // {{ secrets.TOKEN }}
  /^<[^>]*>$/, // <your-key>
  /^(?:process\.env|import\.meta\.env|os\.environ|os\.getenv|System\.getenv|Deno\.env|ENV\[|env\(|getenv\(|secrets\.|vars\.|context\.)/,
];

/** `config.apiKey`, `getToken()`, `self.password`: code that computes the value, not the value. */
const CODE_EXPRESSION = /^[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+(?:\(.*\))?$|^[A-Za-z_$][\w$.]*\(.*\)$/;

/** `INVALID_USERNAME_OR_PASSWORD = "invalidUserNameOrPassword"`: a constant named after itself. */
export function echoesName(name: string, value: string): boolean {
  const plain = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  const last = name.slice(name.lastIndexOf('.') + 1); // exports.isEndOfFileToken = isEndOfFileToken
  return plain(value) !== '' && (plain(value) === plain(name) || plain(value) === plain(last));
}

export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (PLACEHOLDER_VALUES.has(trimmed.toLowerCase())) return true;
  if (PLACEHOLDER_PREFIX.test(trimmed) || MASK_ONLY.test(trimmed) || MASK_RUN.test(trimmed)) return true;
  // Vendors' documented example credentials say so (AWS's sample access key id ends in EXAMPLE).
  return /example/i.test(trimmed);
}

export function isReference(value: string): boolean {
  const trimmed = value.trim();
  return REFERENCE.some((pattern) => pattern.test(trimmed)) || CODE_EXPRESSION.test(trimmed);
}

/** Which of lower case, upper case and digits the value uses (0 to 3). */
export function characterClasses(value: string): number {
  return Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/[0-9]/.test(value));
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const frequency = new Map<string, number>();
  for (const char of value) frequency.set(char, (frequency.get(char) ?? 0) + 1);
  let bits = 0;
  for (const n of frequency.values()) {
    const p = n / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * A URL, or a path to a key file rather than the key: relative or home paths, and absolute
 * paths in lower case (`/etc/ssl/private/server.key`). Random base64 may start with `/` too,
 * but it mixes cases.
 */
const URL_OR_PATH = /^[a-z][a-z0-9+.-]*:\/\/|^(?:~|\.{1,2})[/\\]|^\/[a-z0-9._\-/]+$/;

/**
 * True when a value found only by its name looks like generated key material: long enough,
 * mixing character classes, and varied. Random base62 of 16 characters scores about 3.7
 * bits per character, random hex about 3.5; identifiers and words score lower or use one class.
 */
export function looksRandom(value: string): boolean {
  if (value.length < 16 || /\s/.test(value)) return false;
  if (isPlaceholder(value) || isReference(value)) return false;
  if (URL_OR_PATH.test(value)) return false;
  if (!KEY_CHARSET.test(value) || looksLikeIdentifier(value)) return false;
  return characterClasses(value) >= 2 && shannonEntropy(value) >= 3.0;
}

/** Key material is written in base64, base64url, hex or token characters; code is not. */
const KEY_CHARSET = /^[A-Za-z0-9+/=_.~-]+$/;

/**
 * A name in code rather than key material: a constant (`RESET_PASSWORD_V2`) or a camelCase
 * name (`xmlSecKeysMngrGetKey`): few digits, not too many capitals, and words of three letters
 * or more on average. Random base62 has words of one or two letters (a capital every other
 * character); random hex is about 40% digits. A random key is taken for a name less than 1%
 * of the time at 16 characters of base62.
 */
function looksLikeIdentifier(value: string): boolean {
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return true;
  if (!/^[A-Za-z_$][\w$]*$/.test(value)) return false;
  const count = (pattern: RegExp) => (value.match(pattern) ?? []).length;
  const words = count(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g);
  const letters = count(/[A-Za-z]/g);
  return count(/[0-9]/g) / value.length < 0.15 && count(/[A-Z]/g) / value.length < 0.34 && letters / Math.max(1, words) >= 3;
}

/** For a value behind a password name: any real-looking value counts, however weak. */
export function looksLikePassword(value: string): boolean {
  return value.length >= 4 && !isPlaceholder(value) && !isReference(value) && !LOOKS_LIKE_CODE.test(value) && !NUMBER.test(value);
}

/** A number in code (`SIGN_IN_PASSWORD = 100004`, `0x0B96`); the rare numeric password is the price. */
const NUMBER = /^(?:0x[0-9a-f]+|\d+(?:\.\d+)?)$/i;

/** Minified code (`ERR_INVALID_PASSWORD:()=>Fi`) and literals of a language, not a password. */
const LOOKS_LIKE_CODE = /^[([{]|=>|\($|^(?:function|new|await|this|self)\b/;

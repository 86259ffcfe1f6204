// Files that are secrets by name (`.env`, `id_rsa`, `*.pem`, credentials stores). Their content
// is never stored or shown, even redacted: pattern matching cannot vouch for every line of a
// key store, and such files rarely matter to a handoff beyond the fact that they changed. A
// patch loses their sections whole, so what remains still applies with `git apply`.

/** Templates that are committed on purpose and hold no real values. */
const ENV_TEMPLATES = new Set(['.env.example', '.env.sample', '.env.template', '.env.dist', '.env.defaults']);

const SECRET_NAMES = new Set([
  '.envrc', 'credentials', 'credentials.json', '.npmrc', '.netrc', '_netrc', '.pgpass', '.pypirc', '.git-credentials',
  '.htpasswd', '.dockercfg',
]);

/** Also `.env` itself and `prod.env`; `.env.local` and the like are caught by their prefix. */
const SECRET_EXTENSIONS = /\.(?:pem|key|p12|pfx|keystore|jks|ppk|kdbx|env)$/;
const SSH_KEY = /^id_(?:rsa|ed25519|ecdsa|dsa)(?:[._-].*)?$/;
/** `secrets.yaml`, `secret.json`, `secrets.env`; not a document about secrets (`secrets.md`). */
const SECRETS_FILE = /^secrets?\.(?!(?:md|markdown|rst|adoc|html?)$)[a-z0-9]+$/;

/** The last segment of a path in either separator style, lower-cased. */
function baseName(path: string): string {
  const trimmed = path.replace(/[/\\]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1).toLowerCase();
}

/**
 * True for a file whose name says it holds secrets. Public halves of SSH keys (`id_rsa.pub`)
 * and `.env` templates are not secrets and stay.
 */
export function isSecretFileName(path: string): boolean {
  const name = baseName(path);
  if (name === '' || ENV_TEMPLATES.has(name) || name.endsWith('.pub')) return false;
  if (SECRET_NAMES.has(name) || name.startsWith('.env.')) return true;
  return SECRET_EXTENSIONS.test(name) || SSH_KEY.test(name) || SECRETS_FILE.test(name);
}

export interface WithheldPatch {
  /** The patch without the sections of secret files; every other byte as it was. */
  readonly patch: string;
  /** Paths of the files whose sections were dropped, in patch order, without `a/`/`b/`. */
  readonly withheld: readonly string[];
  /** For each withheld path, what the section did, from its header: added, deleted or modified. */
  readonly statuses: ReadonlyMap<string, 'added' | 'deleted' | 'modified'>;
}

/** Undoes git's C-style quoting of a path (`"caf\303\251"`), enough to read the name. */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const body = path.slice(1, path.endsWith('"') ? -1 : undefined);
  const simple: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };
  // Octal escapes are UTF-8 bytes: collect everything percent-encoded, then decode once.
  let encoded = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    const next = body[i + 1] ?? '';
    if (c === '\\' && /[0-7]{3}/.test(body.slice(i + 1, i + 4))) {
      encoded += `%${parseInt(body.slice(i + 1, i + 4), 8).toString(16).padStart(2, '0')}`;
      i += 3;
    } else if (c === '\\' && next in simple) {
      encoded += encodeURIComponent(simple[next] ?? '');
      i += 1;
    } else {
      encoded += encodeURIComponent(c);
    }
  }
  try {
    return decodeURIComponent(encoded);
  } catch {
    return body;
  }
}

/** `a/x` → `x`; `/dev/null` → null. git may use other one-letter prefixes (diff.mnemonicPrefix). */
function stripPrefix(path: string): string | null {
  const plain = unquote(path.replace(/\t$/, ''));
  if (plain === '/dev/null') return null;
  return plain.replace(/^[a-z]\//, '');
}

/** Every path a section's header names: the `diff --git` line, `---`/`+++`, renames and copies. */
function sectionPaths(header: readonly string[]): string[] {
  const prefixed: string[] = [];
  const plain: string[] = [];
  const first = (header[0] ?? '').slice('diff --git '.length);
  const pair = first.match(/^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/);
  if (pair) prefixed.push(pair[1] ?? '', pair[2] ?? '');
  // Unquoted names with spaces: `a/x y b/x y` splits in the middle when both sides agree.
  const half = (first.length - 1) / 2;
  if (Number.isInteger(half) && first[half] === ' ') prefixed.push(first.slice(0, half), first.slice(half + 1));
  for (const line of header.slice(1)) {
    const diffName = line.match(/^(?:---|\+\+\+) (.*)$/);
    if (diffName?.[1]) prefixed.push(diffName[1]);
    const moved = line.match(/^(?:rename|copy) (?:from|to) (.*)$/);
    if (moved?.[1]) plain.push(unquote(moved[1]));
  }
  return [...prefixed.map(stripPrefix), ...plain].filter((p): p is string => p !== null && p !== '');
}

/** The header lines of a section: up to its first hunk or binary payload. */
function headerOf(lines: readonly string[]): string[] {
  const end = lines.findIndex((line, i) => i > 0 && (line.startsWith('@@') || line.startsWith('GIT binary patch') || line.startsWith('Binary files ')));
  return end === -1 ? [...lines] : lines.slice(0, end);
}

function statusOf(header: readonly string[]): 'added' | 'deleted' | 'modified' {
  if (header.some((line) => line.startsWith('new file mode') || line === '--- /dev/null')) return 'added';
  if (header.some((line) => line.startsWith('deleted file mode') || line === '+++ /dev/null')) return 'deleted';
  return 'modified';
}

/**
 * Drops the sections (`diff --git` to the next) of files that are secrets by name from a
 * patch. What is kept is byte for byte what git wrote, so it still applies.
 */
export function withholdSecretFiles(patch: string): WithheldPatch {
  if (!patch.includes('diff --git ')) return { patch, withheld: [], statuses: new Map() };
  const starts = [...patch.matchAll(/^diff --git /gm)].map((m) => m.index);
  let kept = patch.slice(0, starts[0] ?? patch.length);
  const withheld: string[] = [];
  const statuses = new Map<string, 'added' | 'deleted' | 'modified'>();
  starts.forEach((start, i) => {
    const section = patch.slice(start, starts[i + 1] ?? patch.length);
    const header = headerOf(section.split('\n'));
    const paths = sectionPaths(header);
    if (!paths.some(isSecretFileName)) {
      kept += section;
      return;
    }
    const name = paths.at(-1) ?? paths[0] ?? '';
    if (!withheld.includes(name)) withheld.push(name);
    statuses.set(name, statusOf(header));
  });
  return { patch: kept, withheld, statuses };
}

// The rules that find secrets, most specific first. Each is a vendor's documented shape
// (prefix, charset, length) rather than a broad guess, so that git SHAs, UUIDs, lockfile
// hashes and CSS class names such as `.sk-button` stay as they are. Only the generic
// assignment rule at the end goes by a name (`*_KEY=`), and it asks the value to look random.
import { characterClasses, echoesName, isPlaceholder, isReference, looksLikePassword, looksRandom, shannonEntropy } from './secretValues';

export const SECRET_KINDS = [
  'private-key', 'jwt', 'anthropic-key', 'openrouter-key', 'openai-key', 'sk-api-key', 'groq-key', 'xai-key', 'google-api-key',
  'google-oauth-secret', 'google-oauth-token', 'huggingface-token', 'perplexity-key', 'replicate-token', 'langsmith-key',
  'github-token', 'gitlab-token', 'slack-token', 'slack-webhook', 'discord-webhook', 'stripe-key', 'stripe-webhook-secret',
  'npm-token', 'sendgrid-key', 'aws-access-key', 'aws-secret-key', 'bearer-token', 'basic-auth', 'url-password', 'password',
  'secret-assignment',
] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export interface SecretRule {
  readonly kind: SecretKind;
  /**
   * Global, with indices (`dg`). The named group `secret` is what gets replaced; the rest of
   * the match (a variable name, `Bearer `, `user:`) stays. Without the group, the whole match.
   */
  readonly pattern: RegExp;
  /** Text that must occur for the pattern to have a chance; lets most rules skip most text. */
  readonly hint?: string;
  /**
   * For a rule whose matches never span a line break: a cheap global pattern that any line
   * the rule can match also matches. The rule then runs only on those lines, which keeps a
   * pattern that could start anywhere (a generic assignment) from scanning a whole prompt.
   */
  readonly lines?: RegExp;
  /** A last look at the candidate; false leaves it as it is. */
  readonly accept?: (secret: string, groups: Groups) => boolean;
  /** For a rule that finds more than one kind: the kind of this candidate, or null to leave it. */
  readonly kindOf?: (secret: string, groups: Groups) => SecretKind | null;
}

export type Groups = Readonly<Record<string, string | undefined>>;

/** Not inside a longer token: the character before a prefix is not part of an identifier. */
const START = String.raw`(?<![A-Za-z0-9_\-])`;
const END = String.raw`(?![A-Za-z0-9_\-])`;

function token(kind: SecretKind, hint: string, body: string, accept: (secret: string) => boolean = (s) => !isPlaceholder(s.slice(hint.length))): SecretRule {
  return { kind, hint, pattern: new RegExp(`${START}(?<secret>${body})${END}`, 'dg'), accept };
}

/** The part after the prefix mixes at least `classes` of lower case, upper case and digits. */
const mixed = (prefixLength: number, classes: number) => (secret: string) => {
  const body = secret.slice(prefixLength);
  return characterClasses(body) >= classes && !isPlaceholder(body);
};

const PEM_LABEL = String.raw`(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?`;
/** Longer than any real key block (RSA 8192 is ~6.5 KB; PGP with subkeys ~10 KB); it bounds the search for END. */
const MAX_KEY_BLOCK = 32_768;

// A generic assignment: a name, `=` or `:` (not `==`, `=>`, `::` or `://`), and the value,
// quoted (up to the same quote) or bare (up to white space, without trailing punctuation).
// The name must end in a secret word already in the pattern (any case here; checked again,
// case by case, in assignmentKind): an assignment of any other name must not swallow the text
// after it.
const SECRET_WORD = String.raw`(?:key|secret|token|credentials?|auth|pass(?:word|phrase)?|passwd|pwd)`;
const ASSIGNED_NAME = String.raw`(?<![\w.$\-])(?<name>(?:[A-Za-z_][\w.\-]{0,80}?)?${SECRET_WORD})(?<q1>["']?)[ \t]*(?::=|=(?![=>~])|:(?![:/]))[ \t]*`;
const QUOTED_VALUE = String.raw`(?<q2>["'\`])(?<secret>(?:(?!\k<q2>)[^\n\\])*)\k<q2>`;
// `&` ends a bare value too, so that `?token=…&page=2` keeps the rest of the query.
const BARE_VALUE = String.raw`(?<secret>[^\s"'\`&]*[^\s"'\`&,;)}\]])`;

/** A secret word right before `=` or `:` (an assignment's values never cross a line break). */
const ASSIGNMENT_LINE = new RegExp(String.raw`${SECRET_WORD}["']?[ 	]*[:=]`, 'gi');

// No camelCase `…Pass`: `allPass`, `firstPass` and `bypass` are code, not passwords.
const PASSWORD_NAME = /(?:^|[_.-])(?:password|passwd|passphrase|pass|pwd)$|[a-z0-9](?:Password|Passwd|Passphrase|Pwd)$/;
const SECRET_NAME = /(?:^|[_.-])(?:key|secret|token|credentials?|auth|apikey)$|[a-z0-9](?:Key|Secret|Token|Credentials?|Auth)$|^(?:secret|token|apikey|api_key|credentials?)$/;
/** Bare words too generic to mean a secret on their own, and names of things that are not secret. */
const NOT_SECRET_NAME = /^(?:key|pass|pwd|auth|oldpwd)$|public|publishable|primary|foreign|sort|partition|idempotency|page_?token|pagetoken|hotkey|keyboard|keycode/i;

function assignmentKind(name: string): 'password' | 'secret-assignment' | null {
  if (NOT_SECRET_NAME.test(name)) return null;
  // Separated names match in any case (`DB_PASSWORD`, `api_key`); camelCase ones only as written.
  if (PASSWORD_NAME.test(name) || PASSWORD_NAME.test(name.toLowerCase())) return 'password';
  return SECRET_NAME.test(name) || SECRET_NAME.test(name.toLowerCase()) ? 'secret-assignment' : null;
}

/**
 * A password is redacted whatever its strength when it is plainly a value: quoted, or under an
 * environment-style name (`DB_PASSWORD=hunter2`). A bare value under a code-style name
 * (`password: pw`) may be a variable, so it must look random like any other generic secret.
 */
function assignedSecretKind(quoted: boolean) {
  return (secret: string, groups: Groups): SecretKind | null => {
    const name = groups.name ?? '';
    const kind = assignmentKind(name);
    if (kind === null || secret.startsWith('[redacted') || echoesName(name, secret)) return null;
    const envStyle = name === name.toUpperCase();
    const found = kind === 'password' && (quoted || envStyle) ? looksLikePassword(secret) : looksRandom(secret);
    return found ? kind : null;
  };
}

export const SECRET_RULES: readonly SecretRule[] = [
  {
    kind: 'private-key',
    hint: 'PRIVATE KEY',
    // A whole block; a block cut short (a truncated diff or note) up to its last base64 line.
    // The search for END stops at the next BEGIN, so many unterminated blocks stay linear.
    pattern: new RegExp(
      String.raw`-----BEGIN ${PEM_LABEL}-----(?:(?:(?!-----BEGIN )[\s\S]){0,${MAX_KEY_BLOCK}}?-----END ${PEM_LABEL}-----|(?:[\s"'+\\>\-]*[A-Za-z0-9/=][A-Za-z0-9+/=]{15,})+)`,
      'dg',
    ),
    // A header alone, or `...` between the lines, is documentation, not a key.
    accept: (s) => /[A-Za-z0-9+/]{16,}/.test(s.replace(/-----(?:BEGIN|END) [A-Z0-9 ]+-----/g, '')),
  },
  token('jwt', 'eyJ', String.raw`eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}`),
  token('anthropic-key', 'sk-ant-', String.raw`sk-ant-[A-Za-z0-9_\-]{32,}`, mixed(7, 2)),
  token('openrouter-key', 'sk-or-', String.raw`sk-or-(?:v\d+-)?[A-Za-z0-9]{32,}`, mixed(6, 2)),
  token('openai-key', 'sk-', String.raw`sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{20,}`, mixed(3, 2)),
  // Legacy OpenAI keys mix all three classes; CSS names like `sk-fading-circle` have none of the digits or capitals.
  token('openai-key', 'sk-', String.raw`sk-[A-Za-z0-9]{32,}`, mixed(3, 3)),
  // DeepSeek, Moonshot, DashScope and other OpenAI-compatible APIs: `sk-` and 32+ lower-case hex or alphanumerics.
  token('sk-api-key', 'sk-', String.raw`sk-[a-z0-9]{32,}`, (s) => /[0-9]/.test(s) && /[a-z]/.test(s.slice(3)) && shannonEntropy(s.slice(3)) >= 3 && !isPlaceholder(s.slice(3))),
  token('groq-key', 'gsk_', String.raw`gsk_[A-Za-z0-9]{40,}`, mixed(4, 2)),
  token('xai-key', 'xai-', String.raw`xai-[A-Za-z0-9]{40,}`, mixed(4, 2)),
  token('google-api-key', 'AIza', String.raw`AIza[0-9A-Za-z_\-]{35}`),
  token('google-oauth-secret', 'GOCSPX-', String.raw`GOCSPX-[A-Za-z0-9_\-]{28}`),
  token('google-oauth-token', 'ya29.', String.raw`ya29\.[0-9A-Za-z_\-]{30,}`),
  token('huggingface-token', 'hf_', String.raw`hf_[A-Za-z0-9]{30,}`, mixed(3, 2)),
  token('perplexity-key', 'pplx-', String.raw`pplx-[A-Za-z0-9]{40,}`, mixed(5, 2)),
  token('replicate-token', 'r8_', String.raw`r8_[A-Za-z0-9]{30,}`, mixed(3, 2)),
  token('langsmith-key', 'lsv2_', String.raw`lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}`),
  token('github-token', 'gh', String.raw`gh[pousr]_[A-Za-z0-9]{36,255}`, (s) => !isPlaceholder(s.slice(4))),
  token('github-token', 'github_pat_', String.raw`github_pat_[A-Za-z0-9_]{50,255}`, (s) => !isPlaceholder(s.slice(11))),
  token('gitlab-token', 'gl', String.raw`gl(?:pat|dt|rt|ptt|cbt|oas|ft)-[A-Za-z0-9_\-]{20,}`, (s) => !isPlaceholder(s.slice(s.indexOf('-') + 1))),
  // Slack tokens carry the team and user ids as digits; `xoxb-your-token` does not.
  token('slack-token', 'xox', String.raw`xox[abposr]-[A-Za-z0-9\-]{10,}`, (s) => /[0-9]/.test(s) && !isPlaceholder(s.slice(5))),
  token('slack-token', 'xapp-', String.raw`xapp-\d-[A-Z0-9]+-\d+-[A-Za-z0-9]+`),
  {
    kind: 'slack-webhook',
    hint: 'hooks.slack.com',
    pattern: /(?<secret>https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,})/dg,
    accept: (s) => !isPlaceholder(s.slice(s.lastIndexOf('/') + 1)),
  },
  {
    kind: 'discord-webhook',
    hint: '/api/webhooks/',
    pattern: /(?<secret>https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]{40,})/dg,
    accept: (s) => !isPlaceholder(s.slice(s.lastIndexOf('/') + 1)),
  },
  token('stripe-key', 'k_', String.raw`(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}`, (s) => !isPlaceholder(s.slice(8))),
  token('stripe-webhook-secret', 'whsec_', String.raw`whsec_[A-Za-z0-9+/=]{24,}`, mixed(6, 2)),
  token('npm-token', 'npm_', String.raw`npm_[A-Za-z0-9]{36}`, mixed(4, 2)),
  token('sendgrid-key', 'SG.', String.raw`SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}`),
  token('aws-access-key', 'A', String.raw`(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}`, (s) => !isPlaceholder(s.slice(4))),
  {
    kind: 'aws-secret-key',
    pattern: /(?<![\w-])(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?[ \t]*(?:=|:)[ \t]*["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
    accept: (s) => characterClasses(s) >= 2 && !isPlaceholder(s),
  },
  {
    kind: 'bearer-token',
    hint: 'earer',
    pattern: /\b[Bb]earer[ \t]+(?<secret>[A-Za-z0-9._~+/-]{20,}=*)/dg,
    accept: (s) => looksRandom(s),
  },
  {
    kind: 'basic-auth',
    pattern: /\bAuthorization["']?[ \t]*[:=][ \t]*["']?Basic[ \t]+(?<secret>[A-Za-z0-9+/]{8,}={0,2})/dgi,
    accept: (s) => !isPlaceholder(s),
  },
  {
    kind: 'url-password',
    hint: '://',
    // scheme://user:password@host (the user may be empty, as in redis://:password@host): only the password goes.
    pattern: /\b[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/[^\s:/?#@"'<>]*:(?<secret>[^\s:@/?#"'<>]+)(?=@)/dg,
    // Only `://` here: looking ahead for the `@` from every `://` would be quadratic on hostile text.
    lines: /:\/\//g,
    // One or two characters (`a:b@`) are documentation.
    accept: (s) => s.length >= 3 && !isPlaceholder(s) && !isReference(s),
  },
  { kind: 'secret-assignment', pattern: new RegExp(ASSIGNED_NAME + QUOTED_VALUE, 'dgi'), lines: ASSIGNMENT_LINE, kindOf: assignedSecretKind(true) },
  { kind: 'secret-assignment', pattern: new RegExp(ASSIGNED_NAME + BARE_VALUE, 'dgi'), lines: ASSIGNMENT_LINE, kindOf: assignedSecretKind(false) },
];

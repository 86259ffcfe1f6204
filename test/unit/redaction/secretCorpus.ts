// The corpus the redaction rules are held to: real-shaped secrets (fake, but with each vendor's
// prefix, charset and length) that must be caught, and look-alikes that must be left alone.
// No secret is written in this file: each is assembled at run time from a split prefix and a
// seeded random body, so that secret scanners have nothing to find in the repository.
import type { SecretKind } from '../../../src/core/redaction/redaction';
import { SeededRandom } from '../support/random';

const random = new SeededRandom(0x5ec2e7);
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const URLSAFE = ALNUM + '-_';

/** Random text over `chars`; over mixed alphabets it is drawn again until it mixes every class used. */
export function randomText(length: number, chars = ALNUM): string {
  for (;;) {
    let text = '';
    for (let i = 0; i < length; i++) text += chars[random.int(0, chars.length - 1)];
    const wanted = [UPPER, LOWER, DIGITS].filter((set) => [...set].some((c) => chars.includes(c)));
    if (length < 12 || wanted.every((set) => [...text].some((c) => set.includes(c)))) return text;
  }
}

const base64url = (text: string) => Buffer.from(text).toString('base64url');
const pemBody = (lines: number) => Array.from({ length: lines }, () => randomText(64, B64)).join('\n');

/** A secret in the line it is typically found in. */
export interface SecretSample {
  readonly kind: SecretKind;
  readonly label: string;
  /** The line or block as it would appear in a note, a file or a log. */
  readonly text: string;
  /** What must be gone from the output. */
  readonly secret: string;
  /** What must stay (the variable name, the user and host of a URL). */
  readonly kept?: readonly string[];
}

const sample = (kind: SecretKind, label: string, secret: string, before = '', after = '', kept: string[] = []): SecretSample => ({
  kind, label, text: `${before}${secret}${after}`, secret, kept,
});

const sk = 's' + 'k-';
const gh = (letter: string) => 'g' + 'h' + letter + '_';
const akia = 'AK' + 'IA';
const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;

export const SECRETS: readonly SecretSample[] = [
  sample('openai-key', 'OpenAI project key', `${sk}proj-${randomText(64, URLSAFE)}${randomText(20)}`, 'client uses ', ' for now'),
  sample('openai-key', 'OpenAI project key in .env', `${sk}proj-${randomText(120, URLSAFE)}`, 'OPENAI_API_KEY=', '', ['OPENAI_API_KEY=']),
  sample('openai-key', 'OpenAI service-account key', `${sk}svcacct-${randomText(96, URLSAFE)}`, 'key: "', '"'),
  sample('openai-key', 'OpenAI legacy key', `${sk}${randomText(20)}T3Blbk${'FJ'}${randomText(20)}`, 'const openai = new OpenAI({ apiKey: "', '" });', ['apiKey']),
  sample('sk-api-key', 'DeepSeek-style hex key', `${sk}${randomText(32, HEX)}`, 'DEEPSEEK key is ', '.'),
  sample('anthropic-key', 'Anthropic key', `${sk}ant-api03-${randomText(93, URLSAFE)}AA`, 'ANTHROPIC_API_KEY=', '', ['ANTHROPIC_API_KEY=']),
  sample('openrouter-key', 'OpenRouter key', `${sk}or-v1-${randomText(64, HEX)}`, 'Authorization via ', ''),
  sample('groq-key', 'Groq key', `gs${'k_'}${randomText(52)}`, 'GROQ_API_KEY="', '"', ['GROQ_API_KEY=']),
  sample('xai-key', 'xAI key', `xa${'i-'}${randomText(80)}`, 'export XAI_API_KEY=', '', ['export XAI_API_KEY=']),
  sample('google-api-key', 'Google / Gemini API key', `AI${'za'}${randomText(35, URLSAFE)}`, '?key=', '&alt=json'),
  sample('google-oauth-secret', 'Google OAuth client secret', `GOCS${'PX-'}${randomText(28, URLSAFE)}`, '"client_secret": "', '"'),
  sample('google-oauth-token', 'Google OAuth access token', `ya${'29.'}${randomText(120, URLSAFE)}`, 'token ', ''),
  sample('huggingface-token', 'Hugging Face token', `h${'f_'}${randomText(34, UPPER + LOWER)}`, 'HF_TOKEN=', '', ['HF_TOKEN=']),
  sample('perplexity-key', 'Perplexity key', `pp${'lx-'}${randomText(48)}`, 'key ', ''),
  sample('replicate-token', 'Replicate token', `r${'8_'}${randomText(37)}`, 'REPLICATE_API_TOKEN=', ''),
  sample('langsmith-key', 'LangSmith key', `ls${'v2_pt_'}${randomText(32, HEX)}_${randomText(10, HEX)}`, 'LANGCHAIN_API_KEY=', ''),
  sample('github-token', 'GitHub classic PAT', `${gh('p')}${randomText(36)}`, 'git remote uses ', ''),
  sample('github-token', 'GitHub OAuth token', `${gh('o')}${randomText(36)}`, '', ''),
  sample('github-token', 'GitHub user-to-server token', `${gh('u')}${randomText(36)}`, 'token=', ''),
  sample('github-token', 'GitHub server-to-server token', `${gh('s')}${randomText(36)}`, '"', '"'),
  sample('github-token', 'GitHub refresh token', `${gh('r')}${randomText(76)}`, '', ''),
  sample('github-token', 'GitHub fine-grained PAT', `github${'_pat_'}${randomText(22)}_${randomText(59)}`, 'GH_TOKEN=', ''),
  sample('github-token', 'the brief’s low-entropy fake', `${gh('p')}${'a'.repeat(36)}`, 'token ', ''),
  sample('gitlab-token', 'GitLab PAT', `gl${'pat-'}${randomText(20, URLSAFE)}`, 'CI uses ', ''),
  sample('slack-token', 'Slack bot token', `xo${'xb-'}${randomText(12, DIGITS)}-${randomText(13, DIGITS)}-${randomText(24)}`, 'SLACK_BOT_TOKEN=', ''),
  sample('slack-token', 'Slack user token', `xo${'xp-'}${randomText(12, DIGITS)}-${randomText(12, DIGITS)}-${randomText(13, DIGITS)}-${randomText(32, HEX)}`, '', ''),
  sample('slack-token', 'Slack app token', `xa${'pp-'}1-A${randomText(10, UPPER + DIGITS)}-${randomText(13, DIGITS)}-${randomText(64, HEX)}`, '', ''),
  sample('slack-webhook', 'Slack webhook', `https://hooks.slack.com/services/T${randomText(10, UPPER + DIGITS)}/B${randomText(10, UPPER + DIGITS)}/${randomText(24)}`, 'post to ', ''),
  sample('discord-webhook', 'Discord webhook', `https://discord.com/api/webhooks/${randomText(18, DIGITS)}/${randomText(68, URLSAFE)}`, '', ''),
  sample('stripe-key', 'Stripe live secret key', `sk_${'live_'}${randomText(99)}`, 'STRIPE_SECRET_KEY=', ''),
  sample('stripe-key', 'Stripe restricted key', `rk_${'live_'}${randomText(99)}`, '', ''),
  sample('stripe-key', 'Stripe test secret key', `sk_${'test_'}${randomText(24)}`, 'stripe.api_key = "', '"'),
  sample('stripe-webhook-secret', 'Stripe webhook secret', `whs${'ec_'}${randomText(32)}`, 'STRIPE_WEBHOOK_SECRET=', ''),
  sample('npm-token', 'npm token in .npmrc', `np${'m_'}${randomText(36)}`, '//registry.npmjs.org/:_authToken=', '', ['//registry.npmjs.org/:_authToken=']),
  sample('sendgrid-key', 'SendGrid key', `S${'G.'}${randomText(22, URLSAFE)}.${randomText(43, URLSAFE)}`, '', ''),
  sample('aws-access-key', 'AWS access key id', `${akia}${randomText(16, UPPER + '234567')}`, 'aws_access_key_id = ', '', ['aws_access_key_id = ']),
  sample('aws-access-key', 'AWS temporary access key id', `AS${'IA'}${randomText(16, UPPER + '234567')}`, 'in the log: ', ' expired'),
  sample('aws-secret-key', 'AWS secret key in credentials', randomText(40, B64), 'aws_secret_access_key = ', '', ['aws_secret_access_key = ']),
  sample('aws-secret-key', 'AWS secret key in .env', randomText(40, B64), 'AWS_SECRET_ACCESS_KEY=', '', ['AWS_SECRET_ACCESS_KEY=']),
  sample('jwt', 'JWT', `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(`{"sub":"${randomText(8)}","iat":1700000000}`)}.${randomText(43, URLSAFE)}`, 'cookie session=', '; Path=/'),
  sample('private-key', 'RSA private key', pem('RSA ' + 'PRIVATE KEY', pemBody(6)), 'key file:\n', '\nend'),
  sample('private-key', 'PKCS#8 private key', pem('PRIVATE' + ' KEY', pemBody(4)), '', ''),
  sample('private-key', 'OpenSSH private key', pem('OPENSSH ' + 'PRIVATE KEY', pemBody(5)), '', ''),
  sample('private-key', 'EC private key in a diff', pem('EC ' + 'PRIVATE KEY', pemBody(3)).split('\n').map((l) => `+${l}`).join('\n'), '@@ -0,0 +1,5 @@\n', ''),
  sample('private-key', 'private key in a service-account JSON', pem('PRIVATE' + ' KEY', pemBody(3)).replace(/\n/g, '\\n'), '"private_key": "', '\\n",'),
  sample('private-key', 'PGP private key block', pem('PGP ' + 'PRIVATE KEY BLOCK', pemBody(4)), '', ''),
  sample('private-key', 'a private key cut short', `-----BEGIN RSA ${'PRIVATE KEY'}-----\n${pemBody(3)}`, 'pasted: ', ''),
  sample('url-password', 'Postgres URL', randomText(16), 'DATABASE_URL=postgres://app:', '@db.internal:5432/shop', ['postgres://app:', '@db.internal:5432/shop']),
  sample('url-password', 'Redis URL without a user', randomText(20), 'redis://:', '@cache:6379/0', ['redis://:', '@cache:6379']),
  sample('url-password', 'HTTPS URL with a password', `pw-${randomText(10)}`, 'git clone https://deploy:', '@git.example.org/team/app.git', ['https://deploy:']),
  sample('bearer-token', 'opaque bearer token', randomText(40, URLSAFE), 'curl -H "Authorization: Bearer ', '"', ['Authorization: Bearer ']),
  sample('basic-auth', 'Basic authorization header', Buffer.from(`admin:${randomText(12)}`).toString('base64'), 'Authorization: Basic ', '', ['Authorization: Basic ']),
  sample('password', '.env password', 'hunter2-again', 'DB_PASSWORD=', '', ['DB_PASSWORD=']),
  sample('password', 'bare PASSWORD', 'correct horse battery staple', 'PASSWORD="', '"', ['PASSWORD=']),
  sample('password', 'docker-compose password', 'pg-local-7731', '    POSTGRES_PASSWORD: ', '', ['POSTGRES_PASSWORD: ']),
  sample('password', 'JSON password', 'Tr0ub4dor&3', '{"user": "ops", "password": "', '"}', ['"password": "']),
  sample('secret-assignment', 'Mistral key by name', randomText(32), 'MISTRAL_API_KEY=', '', ['MISTRAL_API_KEY=']),
  sample('secret-assignment', 'session secret (hex)', randomText(64, HEX), 'SESSION_SECRET=', '', ['SESSION_SECRET=']),
  sample('secret-assignment', 'Together key in code', randomText(64, HEX), 'const TOGETHER_API_KEY = "', '";', ['TOGETHER_API_KEY']),
  sample('secret-assignment', 'camelCase client secret', randomText(40, URLSAFE), '  clientSecret: \'', '\',', ['clientSecret']),
  sample('secret-assignment', 'YAML access token', randomText(48, B64), 'access_token: ', '', ['access_token: ']),
  sample('secret-assignment', 'key after another assignment', randomText(32), 'label=prod,API_KEY=', '', ['label=prod,API_KEY=']),
];

/** Text that resembles a secret and is not one. */
export interface LookAlike {
  readonly label: string;
  readonly text: string;
}

const lookAlike = (label: string, text: string): LookAlike => ({ label, text });
const sha = () => randomText(40, HEX);
const uuid = () => `${randomText(8, HEX)}-${randomText(4, HEX)}-4${randomText(3, HEX)}-a${randomText(3, HEX)}-${randomText(12, HEX)}`;

export const LOOK_ALIKES: readonly LookAlike[] = [
  lookAlike('git SHA', `commit ${sha()}`),
  lookAlike('git SHA as HEAD', `HEAD is now at ${sha().slice(0, 12)} Merge branch 'main'`),
  lookAlike('git SHA in a variable', `BASE_COMMIT=${sha()}`),
  lookAlike('UUID', `request ${uuid()} failed`),
  lookAlike('UUID as an id', `"id": "${uuid()}"`),
  lookAlike('npm lockfile integrity', `"integrity": "sha512-${randomText(86, B64)}=="`),
  lookAlike('yarn lockfile integrity', `  integrity sha512-${randomText(86, B64)}==`),
  lookAlike('resolved URL with a hash', `  resolved "https://registry.yarnpkg.com/left-pad/-/left-pad-1.3.0.tgz#${sha()}"`),
  lookAlike('CSS class', '.sk-button { color: var(--vscode-button-foreground); }'),
  lookAlike('spinner classes', '<div class="sk-spinner sk-spinner-pulse sk-fading-circle sk-circle12"></div>'),
  lookAlike('long CSS class', '.sk-folding-cube-animation-delay-second-half { animation-delay: 0.3s; }'),
  lookAlike('hashed asset URL', `<script src="https://cdn.example.com/assets/app.${randomText(20, HEX)}.js"></script>`),
  lookAlike('commit URL', `https://github.com/org/repo/commit/${sha()}`),
  lookAlike('SRI hash in a URL', `https://cdn.jsdelivr.net/npm/pkg@1.2.3/dist/x.min.js#sha384-${randomText(64, B64)}`),
  lookAlike('SPA route', 'http://localhost:3000/#/settings/api-keys'),
  lookAlike('scoped package URL', 'https://unpkg.com/@scope/pkg@2.0.0/dist/index.js'),
  lookAlike('elided OpenAI key', `OPENAI_API_KEY=${sk}...`),
  lookAlike('x-ed OpenAI key', `${sk}${'x'.repeat(48)}`),
  lookAlike('x-ed project key', `${sk}proj-${'x'.repeat(40)}`),
  lookAlike('YOUR_API_KEY', 'OPENAI_API_KEY=YOUR_API_KEY'),
  lookAlike('angle-bracket placeholder', 'API_KEY=<your-key>'),
  lookAlike('shell reference', 'OPENAI_API_KEY=${OPENAI_API_KEY}'),
  lookAlike('process.env', 'const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });'),
  lookAlike('os.environ', 'api_key = os.environ["ANTHROPIC_API_KEY"]'),
  lookAlike('template', 'token: ${{ secrets.GITHUB_TOKEN }}'),
  lookAlike('empty value', 'GITHUB_TOKEN='),
  lookAlike('empty quoted value', 'SECRET_KEY=""'),
  lookAlike('AWS documentation example id', `${akia}IOSFODNN7EXAMPLE`),
  lookAlike('AWS documentation example secret', `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY${'EXAMPLE'}KEY`),
  lookAlike('x-ed GitHub token', `${gh('p')}${'x'.repeat(36)}`),
  lookAlike('Slack webhook placeholder', `https://hooks.slack.com/services/T00000000/B00000000/${'X'.repeat(24)}`),
  lookAlike('password placeholder in URL', 'postgres://user:${DB_PASSWORD}@localhost:5432/app'),
  lookAlike('angle placeholder in URL', 'postgres://user:<password>@localhost/app'),
  lookAlike('URL with a user only', 'ssh://git@github.com/org/repo.git and https://me@example.com/'),
  lookAlike('URL with a port', 'http://localhost:8080/api?page=2'),
  lookAlike('TypeScript types', 'interface Login { password: string; token: string | null; apiKey?: string }'),
  lookAlike('Python type hint', 'def login(password: str, api_key: Optional[str] = None):'),
  lookAlike('computed password', 'const password = await getPassword(user);'),
  lookAlike('settings reference', 'secret_key = settings.SECRET_KEY'),
  lookAlike('variable passed on', 'client = Client(api_key=api_key, token=token)'),
  lookAlike('max tokens', 'MAX_TOKENS=4096 max_tokens: 1024 MAX_TOKEN=4096'),
  lookAlike('sort key', 'SORT_KEY=created_at primaryKey: "id" partitionKey: "tenantId"'),
  lookAlike('cache key', 'const cacheKey = `user-profile-${id}`;'),
  lookAlike('keyboard key', 'if (event.key === "Enter") submit();'),
  lookAlike('publishable key', `STRIPE_PUBLISHABLE_KEY=pk_live_${randomText(24)}`),
  lookAlike('public key', `-----BEGIN PUBLIC KEY-----\n${pemBody(3)}\n-----END PUBLIC KEY-----`),
  lookAlike('certificate', `-----BEGIN CERTIFICATE-----\n${pemBody(3)}\n-----END CERTIFICATE-----`),
  lookAlike('SSH public key', `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${randomText(43, B64)} me@laptop`),
  lookAlike('Python identifiers', 'from huggingface_hub import hf_hub_download; import xai_sdk; gsk_test = 1'),
  lookAlike('bearer word', 'Bearer authentication is required; send Authorization: Bearer <token> or Bearer ${token}'),
  lookAlike('docker digest', `image@sha256:${randomText(64, HEX)}`),
  lookAlike('data URI', `background: url(data:image/png;base64,${randomText(120, B64)});`),
  lookAlike('hash field', `"hash": "${randomText(64, HEX)}", "etag": "W/\\"${randomText(27, HEX)}\\""`),
  lookAlike('npm config', 'npm_config_cache=/tmp/npm sk-learn scikit-learn'),
  lookAlike('marker already redacted', 'OPENAI_API_KEY=[redacted: openai-key] and "token": "[redacted: github-token]"'),
  lookAlike('changeme default', 'PASSWORD=changeme'),
  lookAlike('PWD', 'PWD=/home/me/project OLDPWD=/home/me'),
  lookAlike('key path', 'SSH_KEY=~/.ssh/id_ed25519 TLS_KEY=/etc/ssl/private/server.key'),
  lookAlike('compare', 'if (token == expected && apiKey !== "") {}'),
  lookAlike('names in code', 'resultingToken = startedWithBacktick ? 15 : 18; exportMapKey: ExportMapInfoKey; mngr->getKey = xmlSecKeysMngrGetKey;'),
  lookAlike('constants named after themselves', 'export const INVALID_USERNAME_OR_PASSWORD = "invalidUserNameOrPassword"; exports.isEndOfFileToken = isEndOfFileToken;'),
  lookAlike('numbers and minified code', 'SIGN_IN_SUBMIT_PASSWORD = 100004; STENCIL_PASS: 0x0B96; {ERR_INVALID_PASSWORD:()=>Fi,ERR_HTTP_RANGE:()=>ar}'),
  lookAlike('a call behind a password name', 'CHALLENGE_PASSWORD = ObjectIdentifier("1.2.840.113549.1.9.7")'),
  lookAlike('a key header in documentation', 'The string should contain -----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY----- with its line breaks.'),
  lookAlike('camelCase pass', "'allPass': 'overEvery', firstPass = 'warm-up'"),
  lookAlike('doc URL credentials', 'uri://foo:bar@example.com:1/path and https://a:b@host/'),
  lookAlike('timestamp under a key name', 'CACHE_BUST_KEY=2024-01-01T00-00-00'),
  lookAlike('indexing under a key name', 'const apiKey = settings[PROVIDER_KEYS.openAi];'),
  lookAlike('prose', 'The secret to fast builds: cache the token list, then pass the key ideas on.'),
];

// Pressure: 60 notes in one session, where the latest replaces the plan that twenty earlier
// notes worked out (sessions in Redis) with another (signed cookies). The superseded plan
// notes are distractors, two of them among the last ten; the notes that still hold are facts.
import { type ScenarioRepo, fact } from './briefingScenarios';
import { repeated } from './factMatch';
import { tsModule } from './pressureMaterial';
import type { PressureScenario } from './pressureTypes';

const ROUTES = ['/login', '/logout', '/account', '/orders', '/checkout', '/admin', '/api/me', '/api/cart', '/password/reset', '/signup', '/invite', '/settings'];

const routeChecked = (route: string) =>
  `Checked the ${route} route after the session change: it reads the user through getSession() only, never the store itself, ` +
  'so whichever store wins needs no change there. Its unit tests and the two end-to-end flows that pass through it are green ' +
  'locally and in CI, and the response headers are unchanged apart from the session cookie. Its test covers the anonymous, ' +
  'logged-in and expired-session cases.';
const loadTested = (route: string, i: number) =>
  `Load test of ${route} at ${200 + i * 50} requests per second for ten minutes: p95 ${40 + i} ms before and after the change, ` +
  'no errors, memory and open connections flat; the session read is not visible in the flame graph, so nothing to tune here. ' +
  'Ran from the k6 box in the staging network with production-like data: 120k users, 2k concurrent sessions.';
const fixationReviewed = (route: string) =>
  `Reviewed ${route} for session fixation and replay: the id is renewed at login and on privilege change, as before, ` +
  'and an old cookie presented after logout is refused with a 401.';

const VALID_FILLER = [...ROUTES.map(routeChecked), ...ROUTES.map(loadTested), ...ROUTES.slice(0, 10).map(fixationReviewed)];

const REDIS_DETAIL = ' Written down so that whoever picks up the Redis work does not have to rediscover it from the code and the staging config.';
const REDIS_FILLER = [
  'Redis plan, step 2: a connection pool of 10 per app instance, shared by all requests; more only adds contention on staging',
  'Redis plan, step 3: retry the connection with backoff up to 5 s before failing the request with a 503',
  'Redis plan: the session is serialized as JSON, about 1 KB on average, 3 KB for admins with many roles',
  'Redis plan: the store writes only when the session changed, to spare round trips on read-only pages',
  'Redis plan: staging Redis is a single node; production needs failover before launch',
  'Redis plan: redisSession.ts touches the key on every read to keep it alive while the user is active',
  'Redis plan: the logout path deletes the key and clears the cookie that holds the id',
  'Redis plan: measured 0.4 ms per session read on staging, 1.1 ms at p99 under load',
  'Redis plan: the key prefix differs per environment so that staging can never read production sessions',
  'Redis plan: the health check pings Redis and fails readiness when it is down for more than 10 s',
  'Redis plan: docs for the on-call about flushing sessions and rotating the password written',
  'Redis plan: decided against storing carts in the session store; carts stay in Postgres',
  'Redis plan: connection errors are logged once per minute, not per request, to keep the logs readable',
].map((note) => note + '.' + REDIS_DETAIL);

/** Notes that are specifically somewhere, by their number (1-based). */
const PLACED: Readonly<Record<number, string>> = {
  1: 'Plan: keep sessions in Redis so that a restart or deploy does not drop them',
  2: 'Redis plan: use ioredis with a 15-minute TTL, refreshed on every request',
  // Names Redis: a note that only implies it (EXPIRE) would take knowing Redis to see as superseded.
  4: 'Redis session keys look like session:{id}; EXPIRE resets on each hit',
  7: 'Local Redis via docker compose; the tests use redis-mock',
  10: 'Wrote src/auth/redisSession.ts: get, set, touch, destroy',
  20: 'The CSRF check lives in src/auth/csrf.ts and must run before the session is read',
  52: 'Logout must clear the cookie on both the apex and the www domain',
  54: 'Redis Sentinel for failover: three nodes, a quorum of two',
  55: 'Cookie must stay under 4 KB: keep only the user id, the role and the expiry in it',
  57: 'Sized the production Redis: 2 GB holds a million sessions at the 15-minute TTL',
  58: 'Login tests need SESSION_SECRET set; test/auth/setup.ts sets it',
  59: 'Clock skew: allow 60 seconds when checking cookie expiry',
  60:
    'New plan, replaces every Redis note above: ops will not run Redis in production, so sessions live in signed cookies ' +
    '(src/auth/cookieSession.ts). Done: signing and key rotation. Next: switch src/auth/login.ts to cookieSession, then delete src/auth/redisSession.ts.',
};
/** Where the rest of the superseded plan goes: early and in the middle, as plans are worked out. */
const REDIS_SLOTS = new Set([5, 6, 8, 11, 12, 14, 15, 17, 19, 22, 25, 28, 31]);

function sessionNotes(): string[] {
  const redis = [...REDIS_FILLER];
  const valid = [...VALID_FILLER];
  return Array.from({ length: 60 }, (_, i) => PLACED[i + 1] ?? (REDIS_SLOTS.has(i + 1) ? redis.shift() : valid.shift()) ?? 'Nothing new.');
}
const NOTES = sessionNotes();
const LATEST = NOTES[59]!;

const module = (name: string, body: string) => `// ${name}\nexport function ${name}() {\n  return ${body};\n}\n`;
/** The routes' handlers and tests, each moved from the session store's old API to getSession(). */
const HANDLERS = ROUTES.flatMap((route) => {
  const stem = route.replace(/^\//, '').replace(/\W+/g, '-');
  return [`src/routes/${stem}.ts`, `test/routes/${stem}.test.ts`];
});
const handler = (session: string) => tsModule(['handle', 'authorize', 'respond'], () => [`  const user = ${session};`, '  return user;']);

export const PLAN_REPLACED: PressureScenario = {
  name: 'pressure: 60 notes, the latest replaces the plan',
  before: (r: ScenarioRepo) =>
    r.commit('Auth module', {
      'src/auth/login.ts': module('login', 'memorySession()'),
      'src/auth/csrf.ts': module('csrf', 'true'),
      'src/auth/session.ts': module('getSession', 'memorySession()'),
      'src/server.ts': module('server', 'listen(3000)'),
      ...Object.fromEntries(HANDLERS.map((p) => [p, handler('memorySession(req)')])),
    }),
  goal: 'Keep users logged in across server restarts and deploys',
  during: (r) => {
    r.commit('Add the Redis session store', { 'src/auth/redisSession.ts': module('redisSession', 'ioredis()') });
    r.commit('Sign session cookies with rotating keys', { 'src/auth/cookieSession.ts': module('cookieSession', 'sign()') });
    r.write('src/auth/cookieSession.ts', module('cookieSession', 'rotate(sign())'));
    r.write('src/auth/session.ts', module('getSession', 'cookieSession()'));
    r.write('test/auth/cookieSession.test.ts', module('cookieSessionTest', 'expect()'));
    for (const p of HANDLERS) r.write(p, handler('await getSession(req)'));
  },
  notes: NOTES,
  editor: {
    active: { path: 'src/auth/cookieSession.ts', line: 12, column: 5, selection: null },
    openEditors: ['src/auth/cookieSession.ts', 'src/auth/login.ts', 'src/auth/redisSession.ts'],
    unsaved: [],
    // The old in-memory session API is deprecated: every test still calling it warns.
    diagnostics: HANDLERS.filter((p) => p.startsWith('test/')).flatMap((path) =>
      [3, 9, 15].map((line) => ({ path, line, severity: 'warning' as const, message: "'memorySession' is deprecated. Use getSession() from src/auth/session.ts.", source: 'ts' })),
    ),
  },
  facts: [
    fact('logged in across server restarts', 0, 'the goal'),
    fact('signed cookies', 0, 'the plan now: the one the latest note chose'),
    fact('switch src/auth/login.ts to cookieSession', 0, 'the next step'),
    fact('ops will not run Redis in production', 1, 'why the Redis plan must not come back'),
    fact('Cookie must stay under 4 KB', 1, 'a limit the cookie design must keep'),
    fact('Login tests need SESSION_SECRET set', 1, 'how to run the tests'),
    fact('clear the cookie on both the apex and the www domain', 1, 'a logout rule still open'),
    fact('delete src/auth/redisSession.ts', 1, 'the step after the next: the old store goes'),
    fact('The CSRF check lives in src/auth/csrf.ts', 2, 'an ordering rule for the session read'),
    fact('allow 60 seconds when checking cookie expiry', 2, 'a detail of the cookie check'),
  ],
  distractors: [
    { text: '15-minute TTL', why: 'superseded Redis plan' },
    { text: 'ioredis', why: 'superseded Redis plan' },
    { text: 'session:{id}', why: 'superseded Redis plan' },
    { text: 'redis-mock', why: 'superseded Redis plan' },
    { text: 'Redis Sentinel', why: 'superseded Redis plan, among the last ten notes' },
    { text: repeated(/Redis plan(?:, step \d+)?:/, 2), why: 'superseded plan notes quoted' },
    { text: repeated(/Checked the \S+ route/, 3), why: 'routine route checks one by one' },
    { text: repeated(/Load test of \S+ at/, 3), why: 'routine load tests one by one' },
    { text: repeated("'memorySession' is deprecated", 3), why: 'one deprecation warning repeated 36 times, listed instead of counted' },
  ],
  ideal: {
    high: `- **Goal:** Keep users logged in across server restarts and deploys
- **Latest note** (replaces the Redis plan): ${LATEST}
- **Uncommitted (27):** src/auth/cookieSession.ts, src/auth/session.ts, test/auth/cookieSession.test.ts (new), 24 in src/routes and test/routes
- Left out: 59 earlier notes, 20 of them the dropped Redis plan (\`--level medium\`)`,
    medium: `## Earlier notes that still hold
- ${PLACED[59]}
- ${PLACED[58]}
- ${PLACED[55]}
- ${PLACED[52]}
- 35 more: route checks, load tests and fixation reviews, all passing (\`--level low\`)

## Commits this session (2)
- Sign session cookies with rotating keys
- Add the Redis session store (to be deleted, see the latest note)`,
    low: `## More notes that still hold
- ${PLACED[20]}
${VALID_FILLER.slice(0, 6).map((n) => `- ${n}`).join('\n')}`,
  },
};

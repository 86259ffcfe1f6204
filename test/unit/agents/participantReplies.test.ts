// The `@baton` participant's replies, in plain Node: each command, no session, errors, and
// redaction of everything that leaves.
import assert from 'node:assert/strict';
import {
  type CreditsStatus,
  type ParticipantServices,
  type RunningSessionStatus,
  type SpendToday,
  filesMostRecentFirst,
  levelFromPrompt,
  noteProblem,
  replyTo,
} from '../../../src/core/agents/participantReplies';
import type { Briefing, BriefingLevel } from '../../../src/core/briefing/briefingTypes';
import { NoRunningSessionError, UserFacingError } from '../../../src/core/errors';
import { MAX_NOTE_LENGTH } from '../../../src/shared/protocol/sidebar';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const MINUTE = 60_000;
const SECRET = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0';

function briefingAt(level: BriefingLevel, markdown: string): Briefing {
  return { level, budget: 1000, tokens: 321, markdown, sections: [], unavailable: [] };
}

const RUNNING: RunningSessionStatus = {
  goal: 'Fix the login redirect',
  startedAt: NOW - 95 * MINUTE,
  activeMs: 42 * MINUTE,
  branch: 'fix/login',
  notes: [
    { text: 'Redirect loop is in auth.ts', at: NOW - 60 * MINUTE },
    { text: 'Next: a test for the cookie path', at: NOW - 5 * MINUTE },
  ],
  files: ['src/auth.ts', 'src/cookie.ts'],
};

/** Services that record what was asked and answer from fields the test sets. */
class FakeServices implements ParticipantServices {
  levels: BriefingLevel[] = [];
  notes: string[] = [];
  session: RunningSessionStatus | null = RUNNING;
  spend: SpendToday | null = { totalNanos: 1_234_000_000, requests: 7, unpricedRequests: 0 };
  failBriefing: unknown = null;
  failStatus: unknown = null;
  failSpend: unknown = null;
  failNote: unknown = null;
  failCredits: unknown = null;
  creditStatus: CreditsStatus = { account: null, sessionSpent: null };
  markdown = '# Handoff\n\nGoal: Fix the login redirect';

  async briefing(level: BriefingLevel): Promise<Briefing> {
    this.levels.push(level);
    if (this.failBriefing) throw this.failBriefing;
    return briefingAt(level, this.markdown);
  }

  async status(): Promise<RunningSessionStatus | null> {
    if (this.failStatus) throw this.failStatus;
    return this.session;
  }

  async spendToday(): Promise<SpendToday | null> {
    if (this.failSpend) throw this.failSpend;
    return this.spend;
  }

  async credits(): Promise<CreditsStatus> {
    if (this.failCredits) throw this.failCredits;
    return this.creditStatus;
  }

  async addNote(text: string): Promise<void> {
    if (this.failNote) throw this.failNote;
    this.notes.push(text);
  }
}

const reply = (services: ParticipantServices, command: string | undefined, prompt = '') => replyTo({ command, prompt }, services, () => NOW);

describe('@baton participant replies', () => {
  let services: FakeServices;
  beforeEach(() => {
    services = new FakeServices();
  });

  describe('without a command', () => {
    it('lists the three commands and touches no service', async () => {
      const text = await reply(services, undefined, 'what can you do?');
      for (const command of ['/briefing', '/status', '/note']) assert.ok(text.includes(command), `help names ${command}`);
      assert.ok(text.includes('#batonBriefing'));
      assert.deepEqual(services.levels, []);
      assert.deepEqual(services.notes, []);
    });

    it('answers an unknown command with the help too', async () => {
      assert.match(await reply(services, 'explain'), /Commands:/);
    });
  });

  describe('/briefing', () => {
    it('writes the medium briefing when the prompt names no level, with its token count', async () => {
      const text = await reply(services, 'briefing');
      assert.deepEqual(services.levels, ['medium']);
      assert.ok(text.startsWith('# Handoff\n\nGoal: Fix the login redirect'));
      assert.match(text, /_medium briefing: 321 of 1000 tokens\._$/);
    });

    it('takes the level named in the prompt, whatever its case', async () => {
      await reply(services, 'briefing', 'please, HIGH detail only');
      await reply(services, 'briefing', 'low');
      assert.deepEqual(services.levels, ['high', 'low']);
    });

    it('redacts a secret that reached the markdown', async () => {
      services.markdown = `# Handoff\n\nKey: ${SECRET}`;
      const text = await reply(services, 'briefing');
      assert.ok(!text.includes(SECRET), 'the key is gone');
      assert.match(text, /\[redacted: [^\]]+\]/);
    });

    it('says why when there is no workspace or database, without throwing', async () => {
      services.failBriefing = new UserFacingError('Baton is still opening its database. Try again in a moment.');
      assert.equal(await reply(services, 'briefing'), '**Baton:** Baton is still opening its database. Try again in a moment.');
    });

    it('names the action for an unexpected error, redacted', async () => {
      services.failBriefing = new Error(`git exploded near ${SECRET}`);
      const text = await reply(services, 'briefing');
      assert.match(text, /^\*\*Baton could not write the briefing:\*\* git exploded near \[redacted: /);
      assert.ok(!text.includes(SECRET));
    });

    it('turns a rejection with a non-Error value into a message too', async () => {
      services.failBriefing = 'disk full';
      assert.equal(await reply(services, 'briefing'), '**Baton could not write the briefing:** disk full');
    });
  });

  describe('/status', () => {
    it('adds what the session spent and the current account, and leaves them out when unknown or unreadable', async () => {
      services.creditStatus = { account: 'GenSpark-02 · 37/100, resets in 3h 12m', sessionSpent: '12 credits on GenSpark-02' };
      const text = await reply(services, 'status');
      assert.match(text, /^- Spent: 12 credits on GenSpark-02$/m);
      assert.match(text, /^\*\*Account:\*\* GenSpark-02 · 37\/100, resets in 3h 12m$/m);
      services.failCredits = new Error('database closed');
      const without = await reply(services, 'status');
      assert.doesNotMatch(without, /Account:|Spent:/);
      assert.match(without, /\*\*Session:\*\*/, 'the rest of the status still shows');
    });

    it('shows the goal, active time, branch, notes latest first, files and spend today', async () => {
      const text = await reply(services, 'status');
      assert.match(text, /^\*\*Session:\*\* Fix the login redirect$/m);
      assert.match(text, /^- Active time: 42m \(started 1h 35m ago\)$/m);
      assert.match(text, /^- Branch: `fix\/login`$/m);
      assert.match(text, /^- Notes \(2, latest first\):\n {2}- Next: a test for the cookie path\n {2}- Redirect loop is in auth\.ts$/m);
      assert.match(text, /^- Files \(2, most recent first\):\n {2}- `src\/auth\.ts`\n {2}- `src\/cookie\.ts`$/m);
      assert.match(text, /^\*\*Spend today \(UTC\):\*\* \$1\.23 over 7 request\(s\)\.$/m);
    });

    it('shows at most five notes and ten files, and says how many there are', async () => {
      services.session = {
        ...RUNNING,
        notes: Array.from({ length: 8 }, (_, i) => ({ text: `note ${i + 1}`, at: NOW - (8 - i) * MINUTE })),
        files: Array.from({ length: 14 }, (_, i) => `f${i + 1}.ts`),
      };
      const text = await reply(services, 'status');
      assert.match(text, /- Notes \(8, 5 shown, latest first\):\n {2}- note 8\n/);
      assert.ok(!text.includes('note 3'));
      assert.match(text, /- Files \(14, 10 shown, most recent first\):/);
      assert.ok(text.includes('`f10.ts`') && !text.includes('`f11.ts`'));
    });

    it('says when there are no notes or files yet, and when there is no goal', async () => {
      services.session = { ...RUNNING, goal: '', branch: null, notes: [], files: [] };
      const text = await reply(services, 'status');
      assert.match(text, /^\*\*Session:\*\* _no goal set_$/m);
      assert.match(text, /^- Notes: none yet$/m);
      assert.match(text, /^- Files: none yet$/m);
      assert.doesNotMatch(text, /Branch/);
    });

    it('says no session is running, and still shows the spend', async () => {
      services.session = null;
      const text = await reply(services, 'status');
      assert.match(text, /^\*\*No session is running\*\* in this workspace\. Start one with \*\*Baton: Start Session\*\*\.$/m);
      assert.match(text, /Spend today \(UTC\):\*\* \$1\.23/);
    });

    it('counts unpriced requests, and says when there is no router', async () => {
      services.spend = { totalNanos: 0, requests: 3, unpricedRequests: 2 };
      assert.match(await reply(services, 'status'), /\$0\.00 over 3 request\(s\), 2 unpriced\./);
      services.spend = null;
      assert.match(await reply(services, 'status'), /\*\*Spend today:\*\* not available \(the router is not configured\)\./);
    });

    it('shows the session even when the ledger cannot be read', async () => {
      services.failSpend = new Error('ledger locked');
      const text = await reply(services, 'status');
      assert.match(text, /Fix the login redirect/);
      assert.match(text, /\*\*Spend today:\*\* not available \(ledger locked\)\./);
    });

    it('redacts a secret in a note', async () => {
      services.session = { ...RUNNING, notes: [{ text: `use ${SECRET} for staging`, at: NOW }] };
      const text = await reply(services, 'status');
      assert.ok(!text.includes(SECRET));
      assert.match(text, /use \[redacted: [^\]]+\] for staging/);
    });

    it('answers an error reading the session as one message', async () => {
      services.failStatus = new UserFacingError('Open a folder or workspace first: Baton tracks sessions per workspace.');
      assert.equal(await reply(services, 'status'), '**Baton:** Open a folder or workspace first: Baton tracks sessions per workspace.');
    });
  });

  describe('/note', () => {
    it('adds the prompt, trimmed, as a note and says so', async () => {
      const text = await reply(services, 'note', '  Cookie path fixed; next: run the e2e  ');
      assert.deepEqual(services.notes, ['Cookie path fixed; next: run the e2e']);
      assert.equal(text, 'Note added to the running session: Cookie path fixed; next: run the e2e');
    });

    it('asks for text when the prompt is empty, and adds nothing', async () => {
      assert.match(await reply(services, 'note', '   '), /Type the note after `\/note`/);
      assert.deepEqual(services.notes, []);
    });

    it('refuses a note longer than the sidebar allows', async () => {
      const text = await reply(services, 'note', 'x'.repeat(MAX_NOTE_LENGTH + 1));
      assert.match(text, /^\*\*Baton:\*\* Keep the note under 4000 characters/);
      assert.deepEqual(services.notes, []);
    });

    it('says no session is running when the tracker refuses', async () => {
      services.failNote = new NoRunningSessionError();
      assert.equal(await reply(services, 'note', 'hello'), '**Baton:** No session is running in this workspace. Start one first.');
    });

    it('does not echo a secret it stored', async () => {
      const text = await reply(services, 'note', `token ${SECRET}`);
      assert.deepEqual(services.notes, [`token ${SECRET}`], 'stored as typed; redaction is on the way out');
      assert.ok(!text.includes(SECRET));
    });
  });
});

describe('participant helpers', () => {
  it('finds a level as a whole word only', () => {
    assert.equal(levelFromPrompt('Low please'), 'low');
    assert.equal(levelFromPrompt('highlight the medium parts'), 'medium');
    assert.equal(levelFromPrompt('slowly'), null);
    assert.equal(levelFromPrompt(''), null);
  });

  it('merges stored and buffered files by their latest touch', () => {
    const stored = [{ path: 'a.ts', lastAt: 10 }, { path: 'b.ts', lastAt: 30 }];
    const pending = [{ path: 'a.ts', lastAt: 40 }, { path: 'c.ts', lastAt: 20 }];
    assert.deepEqual(filesMostRecentFirst(stored, pending), ['a.ts', 'b.ts', 'c.ts']);
  });

  it('says what is wrong with a note', () => {
    assert.equal(noteProblem('fine'), null);
    assert.equal(noteProblem(' \n '), 'The note is empty.');
    assert.match(noteProblem('y'.repeat(MAX_NOTE_LENGTH + 1)) ?? '', /under 4000 characters/);
  });
});

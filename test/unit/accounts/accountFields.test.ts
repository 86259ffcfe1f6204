// Account fields from loose input: what is accepted, how it is normalised, and the message the
// user reads for each thing that is refused.
import assert from 'node:assert/strict';
import { luxonZoneClock } from '../../../src/app/luxonZoneClock';
import type { AccountFields } from '../../../src/core/accounts/account';
import {
  API_KEY_MESSAGE, type AccountFieldsResult, type FieldProblem, isSecretFieldName, looksLikeApiKey, validateAccountFields,
} from '../../../src/core/accounts/accountFields';

const GOOD = { name: 'GenSpark-02', platform: 'GenSpark', unit: 'credits', limit: '200' };

function fields(input: Record<string, unknown>, defaults = {}): AccountFields {
  const result = validateAccountFields(input, luxonZoneClock, defaults);
  assert.ok(result.ok, JSON.stringify(result));
  return result.fields;
}

function problems(input: Record<string, unknown>): readonly FieldProblem[] {
  const result: AccountFieldsResult = validateAccountFields(input, luxonZoneClock);
  assert.equal(result.ok, false, 'expected problems');
  return result.ok ? [] : result.problems;
}

function onlyProblem(input: Record<string, unknown>): FieldProblem {
  const found = problems(input);
  assert.equal(found.length, 1, JSON.stringify(found));
  return found[0] as FieldProblem;
}

describe('account fields', () => {
  it('fills the defaults and normalises what is given', () => {
    assert.deepEqual(fields(GOOD), {
      name: 'GenSpark-02', platform: 'GenSpark', label: '', unit: 'credits', limit: 200,
      window: { kind: 'daily', resetTime: '00:00', timeZone: 'UTC' }, tags: [], priority: 0, notes: '',
    });
    assert.deepEqual(fields({
      name: '  Claude-1 ', platform: 'claude-code', label: 'Work', unit: 'USD', limit: 20.5, window: 'Weekly', resetTime: '7:05',
      timeZone: 'Europe/Berlin', tags: ' Frontend, react,,frontend ', priority: '-2', notes: 'Team plan\nrenews on the 1st',
    }), {
      name: 'Claude-1', platform: 'claude-code', label: 'Work', unit: 'usd', limit: 20.5,
      window: { kind: 'weekly', resetTime: '07:05', timeZone: 'Europe/Berlin' }, tags: ['frontend', 'react'], priority: -2,
      notes: 'Team plan\nrenews on the 1st',
    });
  });

  it('takes the caller\'s defaults for unit, window, reset time and zone', () => {
    const result = fields({ name: 'A', platform: 'codex', limit: '' }, { unit: 'percent', windowKind: 'rolling-5h', resetTime: '04:00', timeZone: 'Asia/Kolkata' });
    assert.equal(result.unit, 'percent');
    assert.deepEqual(result.window, { kind: 'rolling-5h', resetTime: '04:00', timeZone: 'Asia/Kolkata' });
  });

  it('accepts tags as a list', () => {
    assert.deepEqual(fields({ ...GOOD, tags: ['Long-Context', ' react ', 'long-context'] }).tags, ['long-context', 'react']);
  });

  describe('name and platform', () => {
    it('refuses an empty name, a long one, and control characters', () => {
      assert.deepEqual(onlyProblem({ ...GOOD, name: '   ' }), { field: 'name', message: 'Give the account a name, e.g. "GenSpark-02".' });
      assert.equal(fields({ ...GOOD, name: 'x'.repeat(64) }).name.length, 64);
      assert.deepEqual(onlyProblem({ ...GOOD, name: 'x'.repeat(65) }), { field: 'name', message: 'The name is 65 characters long: shorten it to 64 or fewer.' });
      for (const bad of ['Gen\tSpark', 'Gen\nSpark', 'Gen\u0000Spark', 'Gen\u202ESpark']) {
        assert.match(onlyProblem({ ...GOOD, name: bad }).message, /^The name contains a control character .*: remove it\.$/, JSON.stringify(bad));
      }
    });

    it('requires a platform', () => {
      const { name, unit, limit } = GOOD;
      assert.deepEqual(onlyProblem({ name, unit, limit }), { field: 'platform', message: 'Say which platform the account is on, e.g. "GenSpark", "openai" or "claude-code".' });
    });
  });

  describe('unit and limit', () => {
    it('requires a known unit', () => {
      assert.deepEqual(onlyProblem({ ...GOOD, unit: 'coins' }), { field: 'unit', message: '"coins" is not a unit: use one of credits, usd, percent.' });
      assert.deepEqual(onlyProblem({ ...GOOD, unit: undefined }), { field: 'unit', message: 'Set the unit: one of credits, usd, percent.' });
    });

    it('requires a positive finite limit', () => {
      assert.deepEqual(onlyProblem({ ...GOOD, limit: undefined }), { field: 'limit', message: 'Set the limit: how many credits the account allows per window.' });
      assert.deepEqual(onlyProblem({ ...GOOD, unit: 'usd', limit: null }), { field: 'limit', message: 'Set the limit: how many US dollars the account allows per window.' });
      assert.deepEqual(onlyProblem({ ...GOOD, limit: '0' }), { field: 'limit', message: 'The limit must be more than 0 (it is 0).' });
      assert.deepEqual(onlyProblem({ ...GOOD, limit: -5 }), { field: 'limit', message: 'The limit must be more than 0 (it is -5).' });
      for (const bad of ['abc', '1,000', '0x10', '1e999', 'Infinity', Infinity, Number.NaN, true]) {
        assert.match(onlyProblem({ ...GOOD, limit: bad }).message, /is not a number: write the limit as a plain number, e\.g\. 100 or 2\.5\.$/, String(bad));
      }
      assert.equal(fields({ ...GOOD, limit: ' 2.5 ' }).limit, 2.5);
      assert.equal(fields({ ...GOOD, limit: '1e-7' }).limit, 1e-7, 'the form export writes for tiny limits');
    });

    it('fixes a percent limit at 100', () => {
      assert.equal(fields({ ...GOOD, unit: 'percent', limit: undefined }).limit, 100);
      assert.equal(fields({ ...GOOD, unit: 'percent', limit: '100' }).limit, 100);
      assert.deepEqual(onlyProblem({ ...GOOD, unit: 'percent', limit: 80 }), {
        field: 'limit', message: "A percent account's limit is always 100: leave the limit empty or set it to 100.",
      });
    });
  });

  describe('window', () => {
    it('requires a known window kind', () => {
      assert.deepEqual(onlyProblem({ ...GOOD, window: 'hourly' }), { field: 'window', message: '"hourly" is not a window: use one of daily, rolling-5h, weekly, monthly.' });
      assert.equal(onlyProblem({ ...GOOD, window: { kind: 'daily' } }).field, 'window');
    });

    it('requires a reset time from 00:00 to 23:59', () => {
      assert.equal(fields({ ...GOOD, resetTime: '23:59' }).window.resetTime, '23:59');
      assert.deepEqual(onlyProblem({ ...GOOD, resetTime: '24:00' }), { field: 'resetTime', message: '"24:00" is not a reset time: write it as HH:MM, from 00:00 to 23:59.' });
      assert.equal(onlyProblem({ ...GOOD, resetTime: 930 }).field, 'resetTime');
    });

    it('requires an IANA time zone', () => {
      assert.deepEqual(onlyProblem({ ...GOOD, timeZone: 'Berlin' }), {
        field: 'timeZone', message: '"Berlin" is not a time zone Baton knows: use an IANA name such as "Europe/Berlin" or "America/New_York".',
      });
      assert.equal(fields({ ...GOOD, timeZone: 'America/Argentina/ComodRivadavia' }).window.timeZone, 'America/Argentina/ComodRivadavia');
    });
  });

  describe('tags, priority, notes', () => {
    it('refuses tags that are not text, too long, or hold control characters', () => {
      assert.equal(onlyProblem({ ...GOOD, tags: [1, 2] }).message, 'Write the tags as text separated by commas, e.g. "frontend, long-context".');
      assert.equal(onlyProblem({ ...GOOD, tags: `ok, ${'x'.repeat(33)}` }).message, `The tag "${'x'.repeat(33)}" is longer than 32 characters: shorten it.`);
      assert.equal(onlyProblem({ ...GOOD, tags: 'a\u0007b' }).message, 'A tag contains a control character: remove it.');
    });

    it('requires a whole-number priority', () => {
      assert.equal(fields({ ...GOOD, priority: '+3' }).priority, 3);
      for (const bad of ['high', '1.5', 1.5, '9007199254740993']) {
        assert.match(onlyProblem({ ...GOOD, priority: bad }).message, /is not a whole number: set the priority to an integer such as 0, 1 or -1 \(higher is preferred\)\.$/, String(bad));
      }
    });

    it('keeps notes up to 2000 characters, with line breaks and tabs', () => {
      assert.equal(fields({ ...GOOD, notes: 'é'.repeat(2000) }).notes.length, 2000);
      assert.deepEqual(onlyProblem({ ...GOOD, notes: 'n'.repeat(2001) }), { field: 'notes', message: 'The notes are 2001 characters long: shorten them to 2000 or fewer.' });
      assert.equal(fields({ ...GOOD, notes: 'a\tb\r\nc' }).notes, 'a\tb\r\nc');
      assert.equal(onlyProblem({ ...GOOD, notes: 'a\u001bb' }).message, 'The notes contain a control character: remove it.');
    });
  });

  describe('secrets and unknown fields', () => {
    it('refuses a field named like a secret, whatever its value', () => {
      for (const key of ['apiKey', 'api_key', 'API-KEY', 'key', 'Secret', 'token', 'password']) {
        assert.deepEqual(onlyProblem({ ...GOOD, [key]: 'anything' }), { field: key, message: API_KEY_MESSAGE }, key);
        assert.equal(isSecretFieldName(key), true);
      }
      assert.equal(API_KEY_MESSAGE, "API keys are not imported from files: set them with Baton: Set API Key (they are kept in VS Code's SecretStorage)");
    });

    it('refuses values shaped like API keys in any field', () => {
      const keys = [
        'sk-proj-abcdefghijklmnopqrstuv1234', 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345', 'AIzaSyD3x9Xk2lQw8Zr5TtYb7Vn4Mm1Pp6Qq0Rs',
        '0123456789abcdef0123456789abcdef', 'dGhpcyBpcyBhIGxvbmcgYmFzZTY0IHN0cmluZyBoZXJl',
        // Short ones that only their prefix gives away: an OpenAI-style key, an AWS access key id.
        'sk-abcdefghijklmnop1234', 'AKIAZ7QX3M5N2B4C6D8E',
      ];
      for (const key of keys) {
        assert.deepEqual(onlyProblem({ ...GOOD, notes: `the key is ${key}` }), { field: 'notes', message: API_KEY_MESSAGE }, key);
        assert.deepEqual(onlyProblem({ ...GOOD, label: key }), { field: 'label', message: API_KEY_MESSAGE }, key);
      }
      assert.deepEqual(onlyProblem({ ...GOOD, tags: ['ok', keys[0]] }), { field: 'tags', message: API_KEY_MESSAGE });
    });

    it('leaves ordinary text, names, zones and ids alone', () => {
      for (const text of ['GenSpark-02', 'Team plan, shared with Alice; renews on the 1st', '123e4567-e89b-12d3-a456-426614174000',
        'https://genspark.ai/settings/subscription/credits-and-usage-overview-page', 'internationalization-localization-frontend', 'sk-button']) {
        assert.equal(looksLikeApiKey(text), false, text);
      }
    });

    it('names fields it does not know, and lists the ones it does', () => {
      assert.deepEqual(onlyProblem({ ...GOOD, colour: 'blue' }), {
        field: 'colour', message: '"colour" is not an account field: use name, platform, label, unit, limit, window, resetTime, timeZone, tags, priority, notes.',
      });
    });
  });

  it('lists every problem at once', () => {
    assert.deepEqual(problems({ name: '', unit: 'coins', limit: 'x', window: 'hourly', timeZone: 'Nowhere', token: 't' }).map((p) => p.field), [
      'token', 'name', 'platform', 'unit', 'limit', 'window', 'timeZone',
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { RouterConfigError, parseRouterConfig } from '../../../src/core/routing/routerConfigParser';

// The example configuration from the issue, as a user would paste it.
const ISSUE_EXAMPLE = {
  providers: [
    {
      id: 'openai',
      kind: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      apiKeyEnv: 'OPENAI_API_KEY',
      models: [{ id: 'gpt-4o-mini', input: 0.15, output: 0.6, cacheRead: 0.075, contextWindow: 128000, capabilities: ['tools', 'vision'] }],
      limits: { rpm: 500, tpm: 200000 },
    },
    {
      id: 'anthropic',
      kind: 'anthropic',
      apiKeyEnv: 'ANTHROPIC_API_KEY',
      models: [{ id: 'claude-3-5-haiku-latest', input: 0.8, output: 4.0, cacheRead: 0.08, cacheWrite: 1.0, contextWindow: 200000 }],
    },
  ],
  routing: { strategy: 'cheapest', fallback: true, approvalThresholdUsd: 0.5 },
  budgets: { dailyUsd: 5, monthlyUsd: 50, perProvider: { openai: { dailyUsd: 2 } } },
};

function problemsOf(raw: Parameters<typeof parseRouterConfig>[0]): readonly string[] {
  try {
    parseRouterConfig(raw, 'settings');
  } catch (error) {
    assert.ok(error instanceof RouterConfigError, String(error));
    return error.problems;
  }
  assert.fail('expected the configuration to be refused');
}

describe('router configuration', () => {
  it('reads the example from the issue as written', () => {
    const config = parseRouterConfig(ISSUE_EXAMPLE, 'settings');
    assert.equal(config.providers.length, 2);
    assert.deepEqual(config.providers[0]?.limits, { rpm: 500, tpm: 200000 });
    assert.equal(config.providers[1]?.models[0]?.cacheWrite, 1.0);
    assert.equal(config.routing.strategy, 'cheapest');
    assert.equal(config.routing.approvalThresholdUsd, 0.5);
    assert.equal(config.budgets.dailyUsd, 5);
    assert.deepEqual(config.budgets.perProvider, { openai: { dailyUsd: 2 } });
  });

  it('fills defaults when nothing is configured', () => {
    const config = parseRouterConfig({}, 'settings');
    assert.deepEqual(config.providers, []);
    assert.equal(config.routing.fallback, true);
    assert.equal(config.routing.cache.mode, 'temperature-0');
    assert.deepEqual(config.budgets, { perProvider: {} });
  });

  it('lists every problem with its path, not only the first', () => {
    const problems = problemsOf({
      providers: [{ id: 'x', kind: 'openai', models: [{ id: 'm', input: -1 }] }, { kind: 'bogus', models: [] }],
      routing: { strategy: 'random' },
    });
    const text = problems.join('\n');
    assert.match(text, /providers\[0\]\.models\[0\]\.input: must be at least 0/);
    assert.match(text, /providers\[0\]\.models\[0\]: give both "input" and "output"/);
    assert.match(text, /providers\[1\]\.id: is required/);
    assert.match(text, /providers\[1\]\.kind: expected one of openai, anthropic, openai-compatible, vscode-lm, found "bogus"/);
    assert.match(text, /routing\.strategy: expected one of explicit, cheapest, fastest, capability/);
  });

  it('refuses a misspelt budget instead of silently not enforcing it', () => {
    const problems = problemsOf({ budgets: { dailyUSD: 5 } });
    assert.deepEqual(problems, ['budgets.dailyUSD: unknown setting (known: dailyUsd, monthlyUsd, perProvider)']);
  });

  it('refuses a per-provider budget for a provider that is not configured', () => {
    const problems = problemsOf({ ...ISSUE_EXAMPLE, budgets: { perProvider: { opnai: { dailyUsd: 1 } } } });
    assert.match(problems.join('\n'), /budgets\.perProvider\.opnai: unknown setting \(known: openai, anthropic\)/);
  });

  it('tells the user where keys go when a key is pasted into the configuration', () => {
    const problems = problemsOf({ providers: [{ id: 'o', kind: 'openai', apiKey: 'sk-abc', models: [{ id: 'm' }] }] });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? '', /providers\[0\]\.apiKey: API keys are never kept in settings.*Baton: Set API Key/);
    assert.doesNotMatch(problems[0] ?? '', /sk-abc/);
  });

  it('refuses credentials in a base URL and a key given as the variable name', () => {
    const problems = problemsOf({
      providers: [{ id: 'o', kind: 'openai-compatible', baseUrl: 'https://user:secret@example.com/v1', apiKeyEnv: 'sk-live 123', models: [{ id: 'm' }] }],
    });
    const text = problems.join('\n');
    assert.match(text, /baseUrl: must not carry a user name or password/);
    assert.match(text, /apiKeyEnv: .* is not an environment variable name/);
  });

  it('refuses duplicate provider ids and duplicate models', () => {
    const problems = problemsOf({
      providers: [
        { id: 'a', kind: 'openai', models: [{ id: 'm' }, { id: 'm' }] },
        { id: 'a', kind: 'anthropic', models: [{ id: 'n' }] },
      ],
    });
    assert.match(problems.join('\n'), /providers\[0\]\.models\[1\]\.id: "m" is listed twice/);
    assert.match(problems.join('\n'), /providers\[1\]\.id: "a" is used by an earlier provider/);
  });

  it('lets a vscode-lm provider list no models (VS Code offers them)', () => {
    const config = parseRouterConfig({ providers: [{ id: 'copilot', kind: 'vscode-lm' }] }, 'settings');
    assert.deepEqual(config.providers[0]?.models, []);
  });

  it('says where the configuration came from and how many problems it has', () => {
    assert.throws(
      () => parseRouterConfig({ routing: { fallback: 'yes', maxAttempts: 0 } }, 'config file /tmp/baton.json'),
      (error: Error) => /^config file \/tmp\/baton\.json has 2 problems; fix them and try again:/.test(error.message),
    );
  });
});

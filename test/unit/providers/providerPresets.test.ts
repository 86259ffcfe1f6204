// Presets resolve to the documented endpoints and key variables, their price-table ids exist in
// the real @pydantic/genai-prices, and a configuration that names no endpoint says what to fix.
import assert from 'node:assert/strict';
import { findProvider } from '@pydantic/genai-prices';
import type { ProviderConfig } from '../../../src/core/routing/routerConfig';
import { createProviderAdapter, providerNeedsKey } from '../../../src/providers/adapterFactory';
import { AnthropicAdapter } from '../../../src/providers/anthropicAdapter';
import { OpenAIAdapter } from '../../../src/providers/openaiAdapter';
import { PRESET_NAMES, resolveProvider } from '../../../src/providers/providerPresets';

const compatible = (preset: string, extra: Partial<ProviderConfig> = {}): ProviderConfig => ({ id: preset, kind: 'openai-compatible', preset, models: [], ...extra });

const EXPECTED = {
  groq: ['https://api.groq.com/openai/v1', 'GROQ_API_KEY', 'groq'],
  mistral: ['https://api.mistral.ai/v1', 'MISTRAL_API_KEY', 'mistral'],
  together: ['https://api.together.xyz/v1', 'TOGETHER_API_KEY', 'together'],
  deepinfra: ['https://api.deepinfra.com/v1/openai', 'DEEPINFRA_API_KEY', undefined],
  openrouter: ['https://openrouter.ai/api/v1', 'OPENROUTER_API_KEY', 'openrouter'],
  perplexity: ['https://api.perplexity.ai', 'PERPLEXITY_API_KEY', 'perplexity'],
  gemini: ['https://generativelanguage.googleapis.com/v1beta/openai/', 'GEMINI_API_KEY', 'google'],
  deepseek: ['https://api.deepseek.com', 'DEEPSEEK_API_KEY', 'deepseek'],
  xai: ['https://api.x.ai/v1', 'XAI_API_KEY', 'x-ai'],
  ollama: ['http://localhost:11434/v1', undefined, undefined],
  lmstudio: ['http://localhost:1234/v1', undefined, undefined],
} as const;

describe('providers: presets', () => {
  it('has exactly the presets the design names', () => {
    assert.deepEqual([...PRESET_NAMES].sort(), Object.keys(EXPECTED).sort());
  });

  for (const [name, [baseUrl, apiKeyEnv, pricesProviderId]] of Object.entries(EXPECTED)) {
    it(`${name}: ${baseUrl}, key ${apiKeyEnv ?? 'none'}, prices ${pricesProviderId ?? 'none'}`, () => {
      const resolved = resolveProvider(compatible(name));
      assert.equal(resolved.baseUrl, baseUrl);
      assert.equal(resolved.apiKeyEnv, apiKeyEnv);
      assert.equal(resolved.needsKey, apiKeyEnv !== undefined);
      assert.equal(resolved.local, apiKeyEnv === undefined);
      assert.equal(resolved.pricesProviderId, pricesProviderId);
      assert.equal(resolved.preset, name);
    });
  }

  it('every price-table id names a provider of @pydantic/genai-prices', () => {
    const ids = [...PRESET_NAMES.map((name) => resolveProvider(compatible(name)).pricesProviderId), 'openai', 'anthropic'];
    for (const id of ids) {
      if (id === undefined) continue;
      assert.equal(findProvider({ providerId: id })?.id, id, `genai-prices knows "${id}"`);
    }
  });

  it('the openai and anthropic kinds resolve without a preset', () => {
    const openai = resolveProvider({ id: 'o', kind: 'openai', models: [] });
    assert.deepEqual([openai.baseUrl, openai.apiKeyEnv, openai.pricesProviderId, openai.quirks.maxTokensField], ['https://api.openai.com/v1', 'OPENAI_API_KEY', 'openai', 'max_completion_tokens']);
    const anthropic = resolveProvider({ id: 'a', kind: 'anthropic', models: [] });
    assert.deepEqual([anthropic.baseUrl, anthropic.apiKeyEnv, anthropic.pricesProviderId], ['https://api.anthropic.com', 'ANTHROPIC_API_KEY', 'anthropic']);
  });

  it('the configuration overrides the preset base URL and key variable, keeping its quirks', () => {
    const resolved = resolveProvider(compatible('mistral', { baseUrl: 'https://eu.example.test/v1', apiKeyEnv: 'MY_MISTRAL' }));
    assert.equal(resolved.baseUrl, 'https://eu.example.test/v1');
    assert.equal(resolved.apiKeyEnv, 'MY_MISTRAL');
    assert.equal(resolved.quirks.streamOptions, false);
  });

  it('a custom endpoint needs a key only when the configuration names its variable', () => {
    const bare = resolveProvider({ id: 'vllm', kind: 'openai-compatible', baseUrl: 'http://10.0.0.5:8000/v1', models: [] });
    assert.equal(bare.needsKey, false);
    assert.equal(bare.preset, undefined);
    assert.equal(bare.pricesProviderId, undefined);
    assert.equal(resolveProvider({ id: 'vllm', kind: 'openai-compatible', baseUrl: 'http://10.0.0.5:8000/v1', apiKeyEnv: 'VLLM_KEY', models: [] }).needsKey, true);
  });

  it('an unknown preset is refused, naming the known ones', () => {
    assert.throws(() => resolveProvider(compatible('grok')), (error: Error) => {
      assert.match(error.message, /"grok"/);
      for (const name of PRESET_NAMES) assert.ok(error.message.includes(name), `lists ${name}`);
      return true;
    });
  });

  it('openai-compatible with neither preset nor baseUrl says what to set', () => {
    assert.throws(() => resolveProvider({ id: 'mine', kind: 'openai-compatible', models: [] }), /"mine" is openai-compatible but has neither "preset" nor "baseUrl".*groq/);
  });
});

describe('providers: adapter factory', () => {
  it('builds an OpenAI adapter for openai and openai-compatible, an Anthropic one for anthropic', () => {
    assert.ok(createProviderAdapter({ id: 'o', kind: 'openai', models: [] }, 'k') instanceof OpenAIAdapter);
    assert.ok(createProviderAdapter(compatible('groq'), 'k') instanceof OpenAIAdapter);
    assert.ok(createProviderAdapter({ id: 'a', kind: 'anthropic', models: [] }, 'k') instanceof AnthropicAdapter);
    assert.equal(createProviderAdapter(compatible('ollama'), undefined).providerId, 'ollama');
  });

  it('refuses vscode-lm with a clear message', () => {
    assert.throws(() => createProviderAdapter({ id: 'copilot', kind: 'vscode-lm', models: [] }, undefined), /"copilot" is of kind vscode-lm: only the VS Code extension/);
  });

  it('passes the configuration errors on', () => {
    assert.throws(() => createProviderAdapter(compatible('nope'), 'k'), /unknown preset "nope"/);
  });

  it('says cheaply whether a provider needs a key', () => {
    assert.equal(providerNeedsKey({ id: 'o', kind: 'openai', models: [] }), true);
    assert.equal(providerNeedsKey({ id: 'a', kind: 'anthropic', models: [] }), true);
    assert.equal(providerNeedsKey(compatible('groq')), true);
    assert.equal(providerNeedsKey(compatible('ollama')), false);
    assert.equal(providerNeedsKey(compatible('lmstudio')), false);
    assert.equal(providerNeedsKey({ id: 'v', kind: 'vscode-lm', models: [] }), false);
    assert.equal(providerNeedsKey(compatible('unknown-preset')), false, 'a broken configuration is reported elsewhere; this never throws');
  });
});

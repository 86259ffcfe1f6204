// Turns the JSON a user wrote (settings `baton.providers`, `baton.routing`, `baton.budgets`,
// or the CLI's --config file) into a RouterConfig, or one error that lists every problem.
import { UserFacingError } from '../errors';
import {
  ConfigProblems,
  type JsonObject,
  readBoolean,
  readChoice,
  readNumber,
  readObject,
  readString,
} from './configReader';
import {
  type BudgetConfig,
  type BudgetLimits,
  type CacheConfig,
  type Capability,
  DEFAULT_ROUTING,
  type ModelConfig,
  type ProviderConfig,
  type ProviderKind,
  type RouterConfig,
  type RoutingConfig,
} from './routerConfig';

export class RouterConfigError extends UserFacingError {
  constructor(
    readonly origin: string,
    readonly problems: readonly string[],
  ) {
    super(`${origin} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; fix ${problems.length === 1 ? 'it' : 'them'} and try again:\n${problems.map((problem) => `  • ${problem}`).join('\n')}`);
  }
}

export interface RawRouterConfig {
  readonly providers?: unknown;
  readonly routing?: unknown;
  readonly budgets?: unknown;
}

const KINDS = ['openai', 'anthropic', 'openai-compatible', 'vscode-lm'] as const satisfies readonly ProviderKind[];
const CAPABILITIES = ['tools', 'vision'] as const satisfies readonly Capability[];
const STRATEGIES = ['explicit', 'cheapest', 'fastest', 'capability'] as const;
const CACHE_MODES = ['off', 'temperature-0', 'always'] as const;
const PROVIDER_KEYS = ['id', 'kind', 'preset', 'baseUrl', 'apiKeyEnv', 'models', 'limits'];
const MODEL_KEYS = ['id', 'input', 'output', 'cacheRead', 'cacheWrite', 'contextWindow', 'capabilities'];
const PRICE = { min: 0, max: 100_000 };

/**
 * `origin` names where the JSON came from in messages ("settings", "config file x.json").
 * Throws RouterConfigError listing every problem; never returns a half-checked configuration.
 */
export function parseRouterConfig(raw: RawRouterConfig, origin: string): RouterConfig {
  const problems = new ConfigProblems();
  const providers = parseProviders(raw.providers ?? [], problems);
  const routing = parseRouting(raw.routing ?? {}, problems);
  const budgets = parseBudgets(raw.budgets ?? {}, problems, providers);
  if (problems.list.length > 0) throw new RouterConfigError(origin, problems.list);
  return { providers, routing, budgets };
}

function parseProviders(value: unknown, problems: ConfigProblems): ProviderConfig[] {
  if (!Array.isArray(value)) {
    problems.add('providers', 'expected a list of providers');
    return [];
  }
  const providers: ProviderConfig[] = [];
  value.forEach((entry: unknown, index) => {
    const provider = parseProvider(entry, `providers[${index}]`, problems);
    if (!provider) return;
    if (providers.some((known) => known.id === provider.id)) problems.add(`providers[${index}].id`, `"${provider.id}" is used by an earlier provider; ids must be unique`);
    else providers.push(provider);
  });
  return providers;
}

function parseProvider(value: unknown, path: string, problems: ConfigProblems): ProviderConfig | undefined {
  if (isObjectWithKey(value, 'apiKey')) {
    problems.add(`${path}.apiKey`, 'API keys are never kept in settings or config files: run "Baton: Set API Key" (CLI: put the key in the variable named by apiKeyEnv)');
  }
  const object = readObject(value, path, problems, [...PROVIDER_KEYS, 'apiKey']);
  if (!object) return undefined;
  const id = readString(object, 'id', path, problems, true);
  const kind = readChoice(object, 'kind', path, problems, KINDS);
  if (object.kind === undefined) problems.add(`${path}.kind`, `is required (one of ${KINDS.join(', ')})`);
  const baseUrl = readBaseUrl(object, path, problems);
  const apiKeyEnv = readEnvName(object, path, problems);
  const preset = readString(object, 'preset', path, problems);
  const models = parseModels(object.models, `${path}.models`, problems, kind);
  const limits = parseLimits(object.limits, `${path}.limits`, problems);
  if (id === undefined || kind === undefined) return undefined;
  return { id, kind, models, ...(preset && { preset }), ...(baseUrl && { baseUrl }), ...(apiKeyEnv && { apiKeyEnv }), ...(limits && { limits }) };
}

function isObjectWithKey(value: unknown, key: string): boolean {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key);
}

function readBaseUrl(object: JsonObject, path: string, problems: ConfigProblems): string | undefined {
  const text = readString(object, 'baseUrl', path, problems);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.add(`${path}.baseUrl`, `"${text}" is not a URL; write it as https://host/v1`);
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.add(`${path}.baseUrl`, 'must start with https:// or http://');
  else if (url.username || url.password) problems.add(`${path}.baseUrl`, 'must not carry a user name or password; keys go in "Baton: Set API Key"');
  else return text.replace(/\/+$/, '');
  return undefined;
}

function readEnvName(object: JsonObject, path: string, problems: ConfigProblems): string | undefined {
  const name = readString(object, 'apiKeyEnv', path, problems);
  if (name !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    problems.add(`${path}.apiKeyEnv`, `"${name}" is not an environment variable name (letters, digits and _); it names the variable, it is not the key`);
    return undefined;
  }
  return name;
}

function parseModels(value: unknown, path: string, problems: ConfigProblems, kind: ProviderKind | undefined): ModelConfig[] {
  if (value === undefined) {
    if (kind !== 'vscode-lm') problems.add(path, 'is required: list at least one model, e.g. [{ "id": "gpt-4o-mini" }]');
    return [];
  }
  if (!Array.isArray(value)) {
    problems.add(path, 'expected a list of models');
    return [];
  }
  if (value.length === 0 && kind !== 'vscode-lm') problems.add(path, 'list at least one model');
  const models: ModelConfig[] = [];
  value.forEach((entry: unknown, index) => {
    const model = parseModel(entry, `${path}[${index}]`, problems);
    if (model && models.some((known) => known.id === model.id)) problems.add(`${path}[${index}].id`, `"${model.id}" is listed twice`);
    else if (model) models.push(model);
  });
  return models;
}

function parseModel(value: unknown, path: string, problems: ConfigProblems): ModelConfig | undefined {
  const object = readObject(value, path, problems, MODEL_KEYS);
  if (!object) return undefined;
  const id = readString(object, 'id', path, problems, true);
  const prices = {
    input: readNumber(object, 'input', path, problems, PRICE),
    output: readNumber(object, 'output', path, problems, PRICE),
    cacheRead: readNumber(object, 'cacheRead', path, problems, PRICE),
    cacheWrite: readNumber(object, 'cacheWrite', path, problems, PRICE),
  };
  if ((object.input === undefined) !== (object.output === undefined)) {
    problems.add(path, 'give both "input" and "output" prices (USD per million tokens), or neither to use the built-in table');
  }
  const contextWindow = readNumber(object, 'contextWindow', path, problems, { integer: true, min: 1 });
  const capabilities = parseCapabilities(object.capabilities, `${path}.capabilities`, problems);
  if (id === undefined) return undefined;
  return {
    id,
    ...definedOnly(prices),
    ...(contextWindow !== undefined && { contextWindow }),
    ...(capabilities && { capabilities }),
  };
}

function definedOnly(values: Readonly<Record<string, number | undefined>>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) result[key] = value;
  return result;
}

function parseCapabilities(value: unknown, path: string, problems: ConfigProblems): Capability[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.add(path, `expected a list such as ["tools", "vision"]`);
    return undefined;
  }
  const known: Capability[] = [];
  for (const item of value) {
    const found = CAPABILITIES.find((capability) => capability === item);
    if (found) known.push(found);
    else problems.add(path, `unknown capability ${JSON.stringify(item)} (known: ${CAPABILITIES.join(', ')})`);
  }
  return known;
}

function parseLimits(value: unknown, path: string, problems: ConfigProblems): ProviderConfig['limits'] {
  if (value === undefined) return undefined;
  const object = readObject(value, path, problems, ['rpm', 'tpm']);
  if (!object) return undefined;
  const rpm = readNumber(object, 'rpm', path, problems, { integer: true, min: 1 });
  const tpm = readNumber(object, 'tpm', path, problems, { integer: true, min: 1 });
  return { ...(rpm !== undefined && { rpm }), ...(tpm !== undefined && { tpm }) };
}

function parseRouting(value: unknown, problems: ConfigProblems): RoutingConfig {
  const keys = ['strategy', 'fallback', 'approvalThresholdUsd', 'firstTokenTimeoutMs', 'chunkTimeoutMs', 'maxAttempts', 'cache'];
  const object = readObject(value, 'routing', problems, keys);
  if (!object) return DEFAULT_ROUTING;
  const d = DEFAULT_ROUTING;
  return {
    strategy: readChoice(object, 'strategy', 'routing', problems, STRATEGIES) ?? d.strategy,
    fallback: readBoolean(object, 'fallback', 'routing', problems) ?? d.fallback,
    approvalThresholdUsd: readNumber(object, 'approvalThresholdUsd', 'routing', problems, { min: 0 }) ?? d.approvalThresholdUsd,
    firstTokenTimeoutMs: readNumber(object, 'firstTokenTimeoutMs', 'routing', problems, { integer: true, min: 100 }) ?? d.firstTokenTimeoutMs,
    chunkTimeoutMs: readNumber(object, 'chunkTimeoutMs', 'routing', problems, { integer: true, min: 100 }) ?? d.chunkTimeoutMs,
    maxAttempts: readNumber(object, 'maxAttempts', 'routing', problems, { integer: true, min: 1, max: 10 }) ?? d.maxAttempts,
    cache: parseCache(object.cache, problems),
  };
}

function parseCache(value: unknown, problems: ConfigProblems): CacheConfig {
  const d = DEFAULT_ROUTING.cache;
  if (value === undefined) return d;
  const object = readObject(value, 'routing.cache', problems, ['mode', 'ttlSeconds', 'maxEntries']);
  if (!object) return d;
  return {
    mode: readChoice(object, 'mode', 'routing.cache', problems, CACHE_MODES) ?? d.mode,
    ttlSeconds: readNumber(object, 'ttlSeconds', 'routing.cache', problems, { integer: true, min: 1 }) ?? d.ttlSeconds,
    maxEntries: readNumber(object, 'maxEntries', 'routing.cache', problems, { integer: true, min: 1, max: 100_000 }) ?? d.maxEntries,
  };
}

function parseBudgets(value: unknown, problems: ConfigProblems, providers: readonly ProviderConfig[]): BudgetConfig {
  const object = readObject(value, 'budgets', problems, ['dailyUsd', 'monthlyUsd', 'perProvider']);
  if (!object) return { perProvider: {} };
  const perProvider: Record<string, BudgetLimits> = {};
  if (object.perProvider !== undefined) {
    const table = readObject(object.perProvider, 'budgets.perProvider', problems, providers.map((provider) => provider.id));
    for (const [id, limits] of Object.entries(table ?? {})) {
      if (!providers.some((provider) => provider.id === id)) continue; // reported as an unknown key above
      const path = `budgets.perProvider.${id}`;
      const entry = readObject(limits, path, problems, ['dailyUsd', 'monthlyUsd']);
      if (entry) perProvider[id] = parseLimitsUsd(entry, path, problems);
    }
  }
  return { ...parseLimitsUsd(object, 'budgets', problems), perProvider };
}

function parseLimitsUsd(object: JsonObject, path: string, problems: ConfigProblems): BudgetLimits {
  const dailyUsd = readNumber(object, 'dailyUsd', path, problems, { min: 0 });
  const monthlyUsd = readNumber(object, 'monthlyUsd', path, problems, { min: 0 });
  return { ...(dailyUsd !== undefined && { dailyUsd }), ...(monthlyUsd !== undefined && { monthlyUsd }) };
}

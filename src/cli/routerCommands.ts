// `baton ask` and `baton providers`: the router and the ledger from a shell (`baton costs` is in
// costsCommands.ts, on the costs service).
import type { BatonServices } from '../app/batonServices';
import type { RouterServices } from '../app/routerServices';
import { describeCost, formatUsd, nanosFromUsd } from '../core/costs/costMath';
import { formatDuration } from '../core/format';
import type { RouteResult } from '../core/routing/routeRequest';
import type { StrategyName } from '../core/routing/routerConfig';
import { workspaceForPath } from '../context/workspaceIdentity';
import { type CliInvocation, UsageError } from './cliArgs';
import type { CliOutput } from './sessionCommands';

/** Exit codes a script can tell apart. */
export const EXIT_BUDGET = 3;
export const EXIT_NEEDS_APPROVAL = 4;

const STRATEGIES: readonly StrategyName[] = ['explicit', 'cheapest', 'fastest', 'capability'];
const DEFAULT_MAX_TOKENS = 1024;

export interface StreamWriter {
  write(text: string): void;
  error(text: string): void;
}

function routerOf(services: BatonServices): RouterServices {
  if (!services.router) throw new Error('The router was not built for this command.');
  return services.router;
}

export async function runAsk(invocation: CliInvocation, services: BatonServices, output: CliOutput, stream: StreamWriter): Promise<void> {
  const prompt = invocation.command.slice(1).join(' ').trim();
  if (!prompt) throw new UsageError('baton ask needs a prompt: baton ask "what does this error mean?"');
  const strategy = parseStrategy(invocation.strategy, invocation.provider, invocation.model);
  const maxTokens = parseMaxTokens(invocation.maxTokens);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const live = invocation.stream && !invocation.json;
  try {
    const result = await routerOf(services).router.route(
      {
        messages: [{ role: 'user', content: prompt }],
        maxTokens,
        ...(strategy && { strategy }),
        ...(invocation.provider !== undefined && { provider: invocation.provider }),
        ...(invocation.model !== undefined && { model: invocation.model }),
        signal: controller.signal,
        workspaceId: invocation.workspace ? workspaceForPath(invocation.workspace).id : null,
      },
      {
        onText: (text) => (live ? stream.write(text) : undefined),
        onNotice: (message) => stream.error(`baton: ${message}\n`),
        ...(invocation.yes && { approve: async () => true }),
      },
    );
    if (invocation.json) output.out(JSON.stringify(askJson(result)));
    else {
      if (!live) stream.write(result.text);
      stream.write(result.text.endsWith('\n') ? '' : '\n');
      stream.error(`${summaryLine(result)}\n`);
    }
  } catch (error) {
    // By code, not instanceof: the router's classes come from its own bundle.
    const code = (error as { code?: unknown }).code;
    if (code === 'budget-exceeded') process.exitCode = EXIT_BUDGET;
    if (code === 'approval-required') process.exitCode = EXIT_NEEDS_APPROVAL;
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

function parseStrategy(value: string | undefined, provider: string | undefined, model: string | undefined): StrategyName | undefined {
  if (value === undefined) return provider !== undefined || model !== undefined ? 'explicit' : undefined;
  const found = STRATEGIES.find((strategy) => strategy === value);
  if (!found) throw new UsageError(`Unknown strategy "${value}": use one of ${STRATEGIES.join(', ')}.`);
  return found;
}

function parseMaxTokens(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_TOKENS;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < 1) throw new UsageError(`--max-tokens takes a whole number of at least 1 (found "${value}").`);
  return parsed;
}

/** The shape the issue documents for `baton ask --json`. */
export function askJson(result: RouteResult) {
  return {
    text: result.text,
    provider: result.provider,
    model: result.model,
    usage: { input: result.usage.input, output: result.usage.output, cacheRead: result.usage.cacheRead, cacheWrite: result.usage.cacheWrite },
    costUsd: result.costUsd,
    pricing: result.pricing,
    estimated: result.estimated,
    status: result.status,
    attempts: result.attempts.map((attempt) => ({ provider: attempt.provider, model: attempt.model, status: attempt.status, error: attempt.error ?? null })),
    cached: result.cached,
    savedUsd: result.savedUsd,
    fallbackUsed: result.fallbackUsed,
    latencyMs: result.latencyMs,
    ttftMs: result.ttftMs,
    redacted: result.redacted,
  };
}

function summaryLine(result: RouteResult): string {
  const cost = describeCost(result.costUsd === null ? null : nanosFromUsd(result.costUsd), result.pricing);
  const parts = [
    `${result.provider}/${result.model}`,
    `${result.usage.input + result.usage.cacheRead + result.usage.cacheWrite} in / ${result.usage.output} out`,
    result.cached ? `cached: $0 (saved ${formatUsd(nanosFromUsd(result.savedUsd))})` : `${cost}${result.estimated ? ' (estimated)' : ''}`,
    formatDuration(result.latencyMs),
  ];
  if (result.status === 'incomplete') parts.push('INCOMPLETE: the answer was cut off');
  if (result.fallbackUsed) parts.push('after a fallback');
  if (result.redacted.length) parts.push(`redacted ${result.redacted.join(', ')}`);
  return `— ${parts.join(' · ')}`;
}

export async function runProviders(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  const providers = await routerOf(services).providers();
  if (invocation.json) {
    output.out(JSON.stringify(providers));
    return;
  }
  if (providers.length === 0) {
    output.out('No providers configured. Give --config a JSON file with "providers" (or set BATON_CONFIG).');
    return;
  }
  for (const provider of providers) {
    const key = provider.key === 'missing' ? 'NO KEY' : provider.key === 'set' ? 'key set' : 'no key needed';
    output.out(`${provider.id} (${provider.kind}${provider.endpoint ? `, ${provider.endpoint}` : ''}) · ${key}${provider.disabled ? ` · DISABLED: ${provider.disabled}` : ''}`);
    for (const model of provider.models) {
      const history = model.history;
      const rate = history && history.requests > 0 ? `${Math.round((history.successes / history.requests) * 100)}% of ${history.requests} ok` : 'no requests yet';
      const timing = history?.latencyP50Ms != null ? ` · latency p50 ${history.latencyP50Ms} ms, p95 ${history.latencyP95Ms} ms · first token p50 ${history.ttftP50Ms ?? '–'} ms, p95 ${history.ttftP95Ms ?? '–'} ms` : '';
      output.out(`  ${model.model} · breaker ${model.breaker.state} · ${rate}${timing}`);
    }
  }
}

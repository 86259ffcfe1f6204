// Prices for usage read from agents' logs that carry no cost: the router's price table, looked
// up under the provider whose model the agent ran (an estimate: the agent may run on a plan).
import { costNanos } from '../costs/costMath';
import { type PriceBook, priceForInput } from '../costs/pricing';
import type { AgentUsageRecord } from './agentUsage';

/** The price table's provider for a model an agent reported. */
export function priceProviderOf(record: Pick<AgentUsageRecord, 'source' | 'model'>): string | null {
  if (record.source === 'claude-code') return 'anthropic';
  if (record.source === 'codex') return 'openai';
  if (record.source === 'gemini-cli') return 'google';
  const model = record.model.toLowerCase();
  if (model.includes('claude')) return 'anthropic';
  if (model.includes('gemini')) return 'google';
  if (/^(?:gpt|o\d|chatgpt|codex)/.test(model.replace(/^openai\//, ''))) return 'openai';
  return null;
}

/** Nano-dollars at list prices, or null when the table does not know the model. */
export function agentUsageCost(prices: PriceBook, record: AgentUsageRecord): number | null {
  const providerId = priceProviderOf(record);
  if (providerId === null || record.model === '') return null;
  const model = record.model.replace(/^[a-z-]+\//, ''); // "anthropic/claude-…" as OpenRouter-style ids carry it
  const pricing = prices.resolve({ provider: { id: providerId, kind: 'openai-compatible', models: [] }, model, atMs: record.at, pricingProviderId: providerId });
  if (pricing.kind !== 'priced') return null;
  const usage = { input: record.inputTokens, output: record.outputTokens, cacheRead: record.cacheReadTokens, cacheWrite: record.cacheWriteTokens };
  return costNanos(usage, priceForInput(pricing, usage.input + usage.cacheRead + usage.cacheWrite));
}

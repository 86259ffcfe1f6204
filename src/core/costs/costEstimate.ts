// What a request will probably cost and the most it can cost, before it is sent.
//
// - Input tokens: counted with the tokenizer the caller has. They are exact only when the caller
//   says that tokenizer is the model's own (OpenAI models with o200k); otherwise they are a
//   labelled estimate (Claude, Llama and others tokenize differently, within some 10-20%).
// - Expected: input plus a typical answer of min(maxTokens, 500) output tokens. Chat answers
//   mostly run a few hundred tokens; the same guess for every candidate keeps the `cheapest`
//   strategy's ranking a ranking of prices, and it is only ever shown as an estimate.
// - Maximum: input plus `maxTokens` of output, every input token at the dearer of the input and
//   cache-write prices (a prompt may be written to a cache), at the tier the input falls in.
//   Budgets reserve this figure. It bounds the bill when the input count is exact; with an
//   estimated count, only within the tokenizer's error on the input part (output, which
//   `maxTokens` caps, is most of a maximum: output prices are 4-5x input prices).
import type { ChatMessage } from '../routing/streamEvent';
import { costNanos } from './costMath';
import { type ModelPricing, priceForInput } from './pricing';
import type { ModelPrice } from './tokenUsage';

export const TYPICAL_OUTPUT_TOKENS = 500;

/**
 * OpenAI's chat format around each message (cookbook "How to count tokens"): three tokens of
 * framing plus the role, and three that prime the reply.
 */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

export interface CostEstimate {
  readonly inputTokens: number;
  /** True when `inputTokens` came from the model's own tokenizer. */
  readonly exact: boolean;
  readonly typicalOutputTokens: number;
  readonly maxOutputTokens: number;
  readonly pricing: ModelPricing['kind'];
  /** Input plus a typical answer, nano-dollars; null when there is no price. */
  readonly expectedNanos: number | null;
  /** Input plus `maxTokens` of output, nano-dollars; null when there is no price. */
  readonly maxNanos: number | null;
}

export interface EstimateRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly pricing: ModelPricing;
  readonly countTokens: (text: string) => number;
  /** Only when `countTokens` is the model's own tokenizer: then the input count is exact. */
  readonly tokenizerMatchesModel: boolean;
}

/** Input tokens of a chat request in OpenAI's format (exact for OpenAI models with their tokenizer). */
export function countChatTokens(messages: readonly ChatMessage[], countTokens: (text: string) => number): number {
  let tokens = TOKENS_PER_REPLY;
  for (const message of messages) tokens += TOKENS_PER_MESSAGE + countTokens(message.role) + countTokens(message.content);
  return tokens;
}

export function estimateCost(request: EstimateRequest): CostEstimate {
  const inputTokens = countChatTokens(request.messages, request.countTokens);
  return estimateFromTokens(inputTokens, request.tokenizerMatchesModel, request.maxTokens, request.pricing);
}

/** The same from a count made elsewhere (a provider's own `countTokens`, which is exact). */
export function estimateFromTokens(inputTokens: number, exact: boolean, maxTokens: number, pricing: ModelPricing): CostEstimate {
  const typicalOutputTokens = Math.min(maxTokens, TYPICAL_OUTPUT_TOKENS);
  const base = { inputTokens, exact, typicalOutputTokens, maxOutputTokens: maxTokens, pricing: pricing.kind };
  if (pricing.kind !== 'priced') return { ...base, expectedNanos: null, maxNanos: null };
  const price = priceForInput(pricing, inputTokens);
  return {
    ...base,
    expectedNanos: costNanos({ input: inputTokens, output: typicalOutputTokens, cacheRead: 0, cacheWrite: 0 }, price),
    maxNanos: costNanos({ input: inputTokens, output: maxTokens, cacheRead: 0, cacheWrite: 0 }, dearestInput(price)),
  };
}

function dearestInput(price: ModelPrice): ModelPrice {
  return { ...price, input: Math.max(price.input, price.cacheWrite ?? price.input) };
}

// The response cache's key: SHA-256 over a canonical JSON of what decides the answer. Object
// keys are sorted at every level and absent fields are left out, so the same request gives the
// same key in every process and version; the version tag changes the key if its shape must.
import { createHash } from 'node:crypto';
import type { ChatMessage } from '../core/routing/streamEvent';

export interface CacheableRequest {
  readonly provider: string;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly maxTokens: number;
  readonly temperature?: number;
}

const KEY_VERSION = 'baton-response-cache-v1';

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json | undefined };

/** JSON with object keys sorted (JavaScript's default order, by UTF-16 code units) and undefined fields omitted. */
export function canonicalJson(value: Json | undefined): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item: Json) => canonicalJson(item)).join(',')}]`;
  const record = value as { readonly [key: string]: Json | undefined };
  const fields = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${fields.join(',')}}`;
}

export function requestKey(request: CacheableRequest): string {
  const canonical = canonicalJson({
    version: KEY_VERSION,
    provider: request.provider,
    model: request.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    maxTokens: request.maxTokens,
    temperature: request.temperature,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

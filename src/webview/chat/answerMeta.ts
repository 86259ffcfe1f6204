// The lines under an answer: who answered and what it cost, how long it took, whether the
// cache or a fallback was used, and — one click away — why the router chose that model.
import type { AnswerMeta } from '../../shared/protocol/chat';
import { type Child, h, icon } from '../common/dom';
import { formatCost, formatLatency, formatTokens } from './chatFormat';

function costText(meta: AnswerMeta): string {
  if (meta.pricing === 'subscription') return 'covered by subscription';
  if (meta.pricing === 'unpriced' || meta.costNanos === null) return 'unpriced';
  return meta.estimated ? `≈ ${formatCost(meta.costNanos)} estimated` : formatCost(meta.costNanos);
}

function timing(meta: AnswerMeta): string {
  const first = meta.ttftMs === null ? '' : ` · first token ${formatLatency(meta.ttftMs)}`;
  return `${formatLatency(meta.latencyMs)}${first}`;
}

const badge = (text: string, testId: string, cls = ''): HTMLSpanElement =>
  h('span', { class: `badge${cls ? ` ${cls}` : ''}`, attrs: { 'data-testid': testId } }, text);

export function renderAnswerMeta(meta: AnswerMeta): HTMLElement {
  const badges: Child[] = [
    meta.status === 'incomplete' ? badge('incomplete', 'meta-incomplete', 'is-warning') : null,
    meta.cacheHit ? badge('cache hit', 'meta-cache-hit') : null,
    meta.fallback.used ? badge('fallback', 'meta-fallback-badge', 'is-warning') : null,
  ];
  const tokens = `${formatTokens(meta.inputTokens)} in · ${formatTokens(meta.outputTokens)} out · ${formatTokens(meta.cachedTokens)} cached`;
  return h(
    'div',
    { class: 'answer-meta', attrs: { 'data-testid': 'answer-meta' } },
    h('div', { class: 'meta-line' }, h('span', { class: 'meta-model', attrs: { 'data-testid': 'meta-model' } }, `${meta.provider} · ${meta.model}`), ...badges),
    h(
      'div',
      { class: 'meta-line' },
      h('span', { attrs: { 'data-testid': 'meta-tokens', title: 'Tokens: input · output · read from the provider cache' } }, tokens),
    ),
    h(
      'div',
      { class: 'meta-line' },
      h('span', { class: meta.estimated ? 'is-estimated' : '', attrs: { 'data-testid': 'meta-cost' } }, costText(meta)),
      h('span', { attrs: { 'data-testid': 'meta-timing' } }, timing(meta)),
    ),
    meta.fallback.used
      ? h('div', { class: 'meta-line is-warning', attrs: { 'data-testid': 'meta-fallback' } }, icon('warning'), `Fallback used${meta.fallback.reason ? `: ${meta.fallback.reason}` : ''}`)
      : null,
    meta.redacted.length > 0
      ? h('div', { class: 'meta-line muted', attrs: { 'data-testid': 'meta-redacted' } }, icon('shield'), `Redacted before sending: ${meta.redacted.join(', ')}`)
      : null,
    h(
      'details',
      { class: 'why', attrs: { 'data-testid': 'meta-why' } },
      h('summary', {}, 'Why this model'),
      h('p', {}, `Strategy: ${meta.strategy}`),
      h('p', {}, meta.why),
    ),
  );
}

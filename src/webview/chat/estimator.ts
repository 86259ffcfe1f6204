// The composer's "before you send" line: tokens and the expected cost of the message as it
// stands, who would answer, and whether sending will ask for approval. Asked of the host a
// moment after typing pauses; a newer question cancels the one still running, so a stale
// answer never overwrites a newer one.
import type { ChatEstimate, ChatSendParams } from '../../shared/protocol/chat';
import { RequestCancelledError } from '../../shared/protocol/ipc';
import { h, icon } from '../common/dom';
import { formatCost, formatTokens } from './chatFormat';

export type EstimateParams = Omit<ChatSendParams, 'answerId'>;
export type AskEstimate = (params: EstimateParams, signal: AbortSignal) => Promise<ChatEstimate>;

const DEBOUNCE_MS = 300;

export function estimateText(estimate: ChatEstimate): string {
  const parts = [`${estimate.exact ? '' : '≈ '}${formatTokens(estimate.tokens)} tokens`];
  if (estimate.expectedNanos !== null) parts.push(`≈ ${formatCost(estimate.expectedNanos)}`);
  if (estimate.maxNanos !== null) parts.push(`at most ${formatCost(estimate.maxNanos)}`);
  if (estimate.provider !== null && estimate.model !== null) parts.push(`${estimate.provider} · ${estimate.model}`);
  return parts.join(' · ');
}

export class Estimator {
  readonly element: HTMLElement;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: AbortController | undefined;

  constructor(private readonly ask: AskEstimate) {
    this.element = h('div', { class: 'estimate muted', attrs: { 'data-testid': 'estimate', 'aria-live': 'polite' } });
  }

  /** Estimates `params` once typing pauses; null (an empty prompt) clears the line. */
  schedule(params: EstimateParams | null): void {
    this.cancel();
    if (params === null) {
      this.element.replaceChildren();
      return;
    }
    this.timer = setTimeout(() => void this.run(params), DEBOUNCE_MS);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running?.abort();
    this.running = undefined;
  }

  private async run(params: EstimateParams): Promise<void> {
    const mine = new AbortController();
    this.running = mine;
    try {
      const estimate = await this.ask(params, mine.signal);
      if (this.running !== mine) return;
      this.show(estimate);
    } catch (error) {
      if (this.running !== mine || error instanceof RequestCancelledError) return;
      this.element.replaceChildren('Cost estimate unavailable.');
    } finally {
      if (this.running === mine) this.running = undefined;
    }
  }

  private show(estimate: ChatEstimate): void {
    const line = h('span', { attrs: { 'data-testid': 'estimate-text', title: estimate.why } }, estimateText(estimate));
    const approval = estimate.needsApproval
      ? h('span', { class: 'approval is-warning', attrs: { 'data-testid': 'estimate-approval' } }, icon('warning'), 'Sending will ask for your approval first.')
      : null;
    this.element.replaceChildren(line, ...(approval ? [approval] : []));
  }
}

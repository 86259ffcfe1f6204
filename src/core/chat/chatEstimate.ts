// The estimate under the input: what would be sent (history, prompt, attachments), where the
// router would send it now, and what it may cost, from the router's own preview (so the
// estimate and the approval that follows agree).
import { errorMessage } from '../errors';
import type { RoutePreview, RouteRequest } from '../routing/routeRequest';
import type { ChatEstimate } from '../../shared/protocol/chat';

export interface RoutePreviewer {
  preview(request: RouteRequest): Promise<RoutePreview>;
}

const nanos = (value: number | null) => (value === null ? null : Math.max(0, Math.round(value)));

export function estimateOf(preview: RoutePreview): ChatEstimate {
  return {
    tokens: preview.inputTokens,
    exact: preview.inputExact,
    provider: preview.target?.provider ?? null,
    model: preview.target?.model ?? null,
    expectedNanos: nanos(preview.expectedNanos),
    maxNanos: nanos(preview.maxNanos),
    why: preview.decision.why.slice(0, 2_000),
    needsApproval: preview.needsApproval,
  };
}

/** Without a router, or when it refuses the request (no provider, a broken configuration), the tokens are still counted and `why` says what is wrong. */
export async function estimateTurn(router: RoutePreviewer | null, request: RouteRequest, tokens: number, noRouter: string): Promise<ChatEstimate> {
  const unknown = (why: string): ChatEstimate => ({ tokens, exact: false, provider: null, model: null, expectedNanos: null, maxNanos: null, why: why.slice(0, 2_000), needsApproval: false });
  if (!router) return unknown(noRouter);
  try {
    return estimateOf(await router.preview(request));
  } catch (error) {
    return unknown(errorMessage(error));
  }
}

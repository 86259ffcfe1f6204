// A failed chat turn as the view shows it: what happened, what to do, and the buttons that do
// it. The router runs from a bundle of its own, so its errors are recognised by their shape
// (a `code`, `attempts`, `problems`), never by `instanceof`.
import { UserFacingError, errorMessage, isUserFacing } from '../errors';
import type { AttemptRecord } from '../costs/ledgerPorts';
import { NO_PROVIDERS_MESSAGE } from '../routing/routeRequest';
import type { CandidateRecord } from '../routing/routingStrategy';
import type { ChatError, ChatFix } from '../../shared/protocol/chat';

export class NoWorkspaceError extends UserFacingError {
  constructor() {
    super('Chat conversations are kept per workspace: open a folder or a workspace to chat.');
  }
}

export class ConversationNotFoundError extends UserFacingError {
  constructor() {
    super('This conversation no longer exists in this workspace (it may have been deleted in another window).');
  }
}

/** What the turn knew when it failed. */
export interface FailureContext {
  /** The user answered no to the cost approval. */
  readonly declined: boolean;
  /** The user pressed Stop. */
  readonly stopped: boolean;
  /** Why each model could not be used, when no attempt was made (from the router's preview). */
  readonly excluded: () => Promise<readonly CandidateRecord[]>;
}

const LABEL_MAX = 2_000;
const clip = (text: string) => (text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text);

function chatError(kind: ChatError['kind'], message: string, fixes: ChatFix[], attempts: readonly AttemptRecord[] = [], provider: string | null = null): ChatError {
  return {
    kind,
    message: clip(message),
    fixes,
    attempts: attempts.slice(0, 50).map((a) => ({ provider: clip(a.provider), model: clip(a.model), status: a.status, error: a.error === undefined ? null : clip(a.error) })),
    provider,
  };
}

const field = (error: unknown, name: string): unknown => (typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined);

function attemptsOf(error: unknown): readonly AttemptRecord[] | null {
  const attempts = field(error, 'attempts');
  return Array.isArray(attempts) ? (attempts as AttemptRecord[]) : null;
}

const KEY_MISSING = /^(no API key|API key refused)/;

/** No model could be tried: a missing or refused key says which provider needs one. */
async function nothingTried(error: Error, context: FailureContext): Promise<ChatError> {
  const excluded = await context.excluded().catch(() => []);
  const keyless = excluded.find((candidate) => KEY_MISSING.test(candidate.excluded ?? ''));
  if (keyless) return chatError('no-key', `${keyless.provider} has no usable API key (${keyless.excluded ?? ''}). Set its key and send again.`, ['setApiKey'], [], keyless.provider);
  return chatError('all-failed', error.message, ['retry', 'configureProviders']);
}

function everyAttemptFailed(error: Error, attempts: readonly AttemptRecord[]): ChatError {
  const refused = attempts.filter((a) => a.errorClass === 'auth');
  if (refused.length === attempts.length) {
    const provider = refused[0]?.provider ?? null;
    return chatError('no-key', `The API key of ${provider ?? 'the provider'} was refused (${refused[0]?.error ?? 'unauthorized'}). Set a new key and send again.`, ['setApiKey'], attempts, provider);
  }
  if (attempts.every((a) => a.errorClass === 'network')) {
    return chatError('offline', 'No provider could be reached: check the network connection (or the provider\'s address), then retry.', ['retry'], attempts);
  }
  const fixes: ChatFix[] = refused.length > 0 ? ['retry', 'setApiKey'] : ['retry'];
  return chatError('all-failed', error.message, fixes, attempts, refused[0]?.provider ?? null);
}

/** The ChatError for `error`, thrown by the router or the turn around it. */
export async function chatErrorOf(error: unknown, context: FailureContext): Promise<ChatError> {
  if (context.declined) return chatError('declined', 'Not sent: the cost was not approved. Pick a cheaper model, shorten the context, or raise the approval threshold.', []);
  const code = field(error, 'code');
  if (code === 'budget-exceeded') return chatError('budget', `${errorMessage(error)} Open the costs panel to see the spending, or change the budget.`, ['openCosts', 'openBudgetSettings']);
  if (context.stopped) return chatError('stopped', 'Stopped before the answer began. Nothing was answered; your message is kept.', ['retry']);
  if (!isUserFacing(error)) return chatError('other', `Something went wrong: ${errorMessage(error)}`, ['retry']);
  if (error.message === NO_PROVIDERS_MESSAGE) return chatError('no-provider', error.message, ['configureProviders']);
  if (Array.isArray(field(error, 'problems'))) return chatError('config', error.message, ['configureProviders']);
  const attempts = attemptsOf(error);
  if (attempts !== null) return attempts.length === 0 ? nothingTried(error, context) : everyAttemptFailed(error, attempts);
  return chatError('other', error.message, ['retry']);
}

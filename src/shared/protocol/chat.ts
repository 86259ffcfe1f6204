// The chat view's protocol, declared once for both sides. A message is one `send` request: the
// answer streams back as `delta` notifications tagged with the answer's id, and the request
// resolves with the stored exchange. Stop is a command (not a channel cancel) so the partial
// answer still comes back, stored and costed as estimated. Money is integer nano-dollars.
import { defineProtocol } from './ipc';
import { type Infer, type Validator, array, boolean, discriminated, empty, literal, nullable, number, object, string } from './validate';

const MAX_ITEMS = 5_000;
/** A prompt or an answer: about 250k tokens, far above any answer the router asks for. */
const MAX_TEXT = 1_000_000;
const MAX_ID = 300;
const MAX_TITLE = 200;

const text = string({ max: MAX_TEXT });
/** A prompt's or an answer's text, as the view takes it (and an imported message must be). */
export const chatText = text;
const label = string({ max: 2_000 });
const id = string({ min: 1, max: MAX_ID });
const iso = string({ max: 64 });
const count = number({ integer: true, min: 0 });
const nanos = number({ integer: true, min: 0 });
const ms = number({ min: 0 });
const usd = number({ min: 0 });
const list = <T>(item: Validator<T>) => array(item, { max: MAX_ITEMS });

/** Auto lets the routing strategy choose; `model` asks for one provider's model first. */
export const chatTarget = discriminated('kind', {
  auto: object({}),
  model: object({ provider: id, model: id }),
});
export type ChatTarget = Infer<typeof chatTarget>;

/** What the user attaches; the host reads the content when the message is sent. */
export const attachment = discriminated('kind', {
  selection: object({}),
  file: object({}),
  briefing: object({}),
  knowledge: object({ ids: array(id, { max: 50 }) }),
});
export type ChatAttachment = Infer<typeof attachment>;

/** An attachment as stored with a message: what it was, for the transcript. */
const attachedItem = object({ kind: literal('selection', 'file', 'briefing', 'knowledge'), label, tokens: count });
/** A message's attachments as stored (and as an export file carries them). */
export const attachedItems = array(attachedItem, { max: 60 });

const fallback = object({ used: boolean(), reason: nullable(label) });

/** Everything shown under an answer. */
export const answerMeta = object({
  provider: label,
  model: label,
  inputTokens: count,
  outputTokens: count,
  cachedTokens: count,
  /** Null when unpriced or covered by a subscription (see `pricing`). */
  costNanos: nullable(nanos),
  pricing: literal('priced', 'subscription', 'unpriced'),
  estimated: boolean(),
  latencyMs: ms,
  ttftMs: nullable(ms),
  cacheHit: boolean(),
  fallback,
  /** `incomplete`: stopped or cut off; what arrived is kept. */
  status: literal('ok', 'incomplete'),
  strategy: label,
  /** The routing decision in one sentence ("why this model"). */
  why: label,
  redacted: array(label, { max: 50 }),
});
export type AnswerMeta = Infer<typeof answerMeta>;

/** `declined`: the user refused the cost; `stopped`: stopped before the answer began. */
export const CHAT_ERROR_KINDS = ['no-provider', 'no-key', 'budget', 'all-failed', 'offline', 'declined', 'stopped', 'config', 'other'] as const;
export type ChatErrorKind = (typeof CHAT_ERROR_KINDS)[number];
/** A button under an error: what fixes it. */
export const CHAT_FIXES = ['setApiKey', 'configureProviders', 'openCosts', 'openBudgetSettings', 'retry'] as const;
export type ChatFix = (typeof CHAT_FIXES)[number];

const attempt = object({ provider: label, model: label, status: label, error: nullable(label) });
const chatError = object({
  kind: literal(...CHAT_ERROR_KINDS),
  message: label,
  fixes: array(literal(...CHAT_FIXES), { max: 5 }),
  /** Every provider failing: what happened to each. */
  attempts: array(attempt, { max: 50 }),
  /** The provider a missing or refused key belongs to (for Set API Key). */
  provider: nullable(id),
});
export type ChatError = Infer<typeof chatError>;

export const chatMessage = object({
  id,
  role: literal('user', 'assistant'),
  text,
  at: iso,
  attachments: attachedItems,
  /** Assistant messages only. */
  meta: nullable(answerMeta),
});
export type ChatMessageView = Infer<typeof chatMessage>;

const conversationSummary = object({ id, title: string({ max: MAX_TITLE }), updatedAt: iso, messages: count, costNanos: nanos });
export type ConversationSummaryView = Infer<typeof conversationSummary>;

const conversation = object({
  id,
  title: string({ max: MAX_TITLE }),
  createdAt: iso,
  updatedAt: iso,
  /** The sum of its answers' costs, shown in the header. */
  costNanos: nanos,
  /** True when part of the total is estimated. */
  estimated: boolean(),
  messages: list(chatMessage),
});
export type ConversationView = Infer<typeof conversation>;

const modelOption = object({ provider: id, model: id, label, detail: label, available: boolean() });

/** What can be attached right now (`null`: nothing to attach). */
const contextInfo = object({
  selection: nullable(object({ file: label, lines: count })),
  file: nullable(object({ file: label, lines: count })),
  briefing: boolean(),
  knowledge: count,
  /** An untrusted workspace sends nothing from the editor unless the user attaches it. */
  trusted: boolean(),
});
export type ChatContextInfo = Infer<typeof contextInfo>;

export const chatState = object({
  conversations: list(conversationSummary),
  /** The open conversation; null for a new one not yet sent. */
  current: nullable(conversation),
  models: list(modelOption),
  /** False while no provider is configured: the view says how to add one. */
  hasProviders: boolean(),
  context: contextInfo,
  strategy: label,
  approvalThresholdUsd: nullable(usd),
});
export type ChatState = Infer<typeof chatState>;

const sendParams = object({
  /** Null starts a new conversation (titled from the prompt). */
  conversationId: nullable(id),
  /** Chosen by the page, so deltas can be matched before the request resolves. */
  answerId: id,
  text: string({ min: 1, max: MAX_TEXT }),
  target: chatTarget,
  attachments: array(attachment, { max: 10 }),
});
export type ChatSendParams = Infer<typeof sendParams>;

const sendResult = object({
  conversation: conversationSummary,
  /** The user's message as stored (after redaction), with what was attached. */
  user: chatMessage,
  /** Null when nothing came back; `error` then says why and how to fix it. */
  answer: nullable(chatMessage),
  error: nullable(chatError),
});
export type ChatSendResult = Infer<typeof sendResult>;

const estimateParams = object({ conversationId: nullable(id), text, target: chatTarget, attachments: array(attachment, { max: 10 }) });
const estimate = object({
  tokens: count,
  /** True when counted with the model's own tokenizer. */
  exact: boolean(),
  provider: nullable(label),
  model: nullable(label),
  expectedNanos: nullable(nanos),
  maxNanos: nullable(nanos),
  /** The routing decision for Auto, before sending. */
  why: label,
  /** Above the approval threshold: sending will ask first. */
  needsApproval: boolean(),
});
export type ChatEstimate = Infer<typeof estimate>;

const handoffResult = object({ copied: boolean(), tokens: count, level: label, noteAdded: boolean() });

export const chatProtocol = defineProtocol({
  toHost: {
    commands: {
      /** Ends the streaming answer; the partial answer is kept (the `send` request resolves). */
      stop: object({ answerId: id }),
      insertCode: object({ code: text, language: string({ max: 100 }) }),
      copy: object({ text }),
      setApiKey: object({ provider: nullable(id) }),
      configureProviders: empty,
      openCosts: empty,
      openBudgetSettings: empty,
    },
    requests: {
      load: { params: object({ conversationId: nullable(id) }), result: chatState },
      send: { params: sendParams, result: sendResult },
      estimate: { params: estimateParams, result: estimate },
      open: { params: object({ id }), result: conversation },
      /** Asks for the new title in an input box when `title` is null. */
      rename: { params: object({ id, title: nullable(string({ max: MAX_TITLE })) }), result: nullable(conversationSummary) },
      /** Asks for confirmation first; false when the user kept it. */
      delete: { params: object({ id }), result: boolean() },
      /** A quick pick of knowledge entries; the ids and titles chosen. */
      pickKnowledge: { params: empty, result: array(object({ id, title: label }), { max: 50 }) },
      /** Writes a briefing with the conversation's summary, copies it, offers its last decision for the notes. */
      handoff: { params: object({ id }), result: handoffResult },
    },
    notifications: {},
  },
  toWebview: {
    commands: {},
    requests: {},
    notifications: {
      /** A piece of the answer `answerId`, in order. */
      delta: object({ answerId: id, text }),
      /** A retry or a fallback, for the status line of `answerId`. */
      notice: object({ answerId: id, message: label }),
      /** Conversations, providers or the editor context changed: ask for the state again. */
      changed: empty,
      /** The editor's selection or active file changed. */
      context: contextInfo,
      /** `Baton: New Chat` from the palette. */
      newConversation: empty,
      /** `Baton: Stop Chat Answer` from the palette or a keybinding. */
      stopAnswer: empty,
    },
  },
});

export type ChatProtocol = typeof chatProtocol;

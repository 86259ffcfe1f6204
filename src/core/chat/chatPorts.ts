// What the chat view's host side asks of the chat service, and what it hands in: the editor's
// context (read when a message is sent) and the user's answers to a cost approval. The service
// (core/chat/chatService.ts) implements ChatBackend over the router, the conversation store,
// the briefing service and the knowledge base; the host (host/webviews/chatViewProvider.ts)
// only translates between it and VS Code.
import type { CostPreview } from '../routing/routeRequest';
import type {
  ChatContextInfo,
  ChatEstimate,
  ChatSendParams,
  ChatSendResult,
  ChatState,
  ConversationSummaryView,
  ConversationView,
} from '../../shared/protocol/chat';

/** A piece of editor text the user may attach. */
export interface EditorText {
  /** Workspace-relative path. */
  readonly file: string;
  readonly language: string;
  readonly text: string;
  readonly lines: number;
}

/** Read at send time, so the attachment is what the editor shows then. */
export interface ChatEditor {
  selection(): EditorText | null;
  activeFile(): EditorText | null;
  /** Workspace Trust: untrusted workspaces attach editor text only when the user asked for it. */
  trusted(): boolean;
}

export interface ChatTurnHooks {
  /** Each piece of the answer as it arrives. */
  onText(text: string): void;
  /** A retry or a fallback, for the status line. */
  onNotice(message: string): void;
  /** Asked above the approval threshold; false declines before anything is sent. */
  approve(preview: CostPreview): Promise<boolean>;
}

/** What `handoff` hands the host: the briefing text to copy, and a decision to offer for the notes. */
export interface ChatHandoff {
  readonly text: string;
  readonly tokens: number;
  readonly level: string;
  /** The conversation's last decision in one line, or null when none is recognisable. */
  readonly decision: string | null;
}

export interface KnowledgeChoice {
  readonly id: string;
  readonly title: string;
  readonly detail: string;
}

export interface ChatBackend {
  /** The whole view state; `conversationId` null opens the latest (or a new) conversation. */
  state(conversationId: string | null): Promise<ChatState>;
  /** What can be attached now: cheap, sent when the editor changes. */
  context(): ChatContextInfo;
  /** Stores the prompt, routes it with the conversation's history, stores and returns the answer. */
  send(params: ChatSendParams, hooks: ChatTurnHooks, signal: AbortSignal): Promise<ChatSendResult>;
  estimate(params: Omit<ChatSendParams, 'answerId'>): Promise<ChatEstimate>;
  open(id: string): Promise<ConversationView>;
  rename(id: string, title: string): Promise<ConversationSummaryView>;
  remove(id: string): Promise<void>;
  knowledgeChoices(): Promise<KnowledgeChoice[]>;
  /** A briefing (the workspace's work plus this conversation's summary), saved like any briefing. */
  handoff(id: string): Promise<ChatHandoff>;
  /** Adds a note to the running session (false when none is running). */
  addSessionNote(text: string): Promise<boolean>;
}

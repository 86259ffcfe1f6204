// The chat service of the window's service graph. The chat view can open while the database is
// still opening (it comes up in the background after activation): its first requests wait for
// the graph instead of failing with "try again", and fail with the reason only if it cannot open.
import type * as vscode from 'vscode';
import type { BatonServices } from '../../app/batonServices';
import type { ChatBackend } from '../../core/chat/chatPorts';
import type { RuntimeStatus } from '../batonRuntime';

/** What is needed of BatonRuntime: its state, its change event, and its services or the reason there are none. */
export interface ServiceGraph {
  readonly status: RuntimeStatus;
  readonly onDidChange: vscode.Event<void>;
  services(): BatonServices;
}

export interface ChatBackendSource {
  /** The service once the graph is up; rejects with what to do when it failed to open. */
  get(): Promise<ChatBackend>;
  /** The service if the graph is up now, else null: for notifications that can wait for the next change. */
  now(): ChatBackend | null;
}

export function chatBackendSource(graph: ServiceGraph, create: (services: BatonServices) => ChatBackend): ChatBackendSource {
  let built: { services: BatonServices; backend: ChatBackend } | undefined;
  const backendOf = (services: BatonServices): ChatBackend => {
    if (built?.services !== services) built = { services, backend: create(services) };
    return built.backend;
  };
  return {
    get: async () => {
      await opened(graph);
      return backendOf(graph.services());
    },
    now: () => (graph.status.kind === 'ready' ? backendOf(graph.services()) : null),
  };
}

/** Resolves once the graph is no longer loading (ready or failed). */
function opened(graph: ServiceGraph): Promise<void> {
  if (graph.status.kind !== 'loading') return Promise.resolve();
  return new Promise((resolve) => {
    const subscription = graph.onDidChange(() => {
      if (graph.status.kind === 'loading') return;
      subscription.dispose();
      resolve();
    });
  });
}

// Puts the chat view together for the composition root: the editor port, the chat service of the
// window's graph, the handoff flow, the view and its commands. extension.ts calls it once.
import * as vscode from 'vscode';
import type { BatonServices } from '../../app/batonServices';
import type { ChatBackend, ChatEditor } from '../../core/chat/chatPorts';
import type { Log } from '../log';
import type { LoadRescue } from '../webviews/webviewHost';
import { CHAT_VIEW_ID, ChatViewProvider } from '../webviews/chatViewProvider';
import { type ServiceGraph, chatBackendSource } from './chatBackendSource';
import { registerChatCommands } from './chatCommands';
import { VscodeChatEditor } from './chatEditor';
import { ChatHandoffFlow } from './chatHandoff';

export interface ChatRegistration {
  readonly extensionUri: vscode.Uri;
  readonly runtime: ServiceGraph & { notifyChanged(): void };
  /** Builds the chat service over the window's services and the editor port. */
  readonly createBackend: (services: BatonServices, editor: ChatEditor) => ChatBackend;
  readonly sessionRunning: () => boolean;
  /** Fires when an API key is stored or removed (SecretStorage), so the view's models refresh. */
  readonly onKeysChange: vscode.Event<unknown>;
  readonly log: Log;
  readonly rescue?: LoadRescue;
}

export function registerChat(options: ChatRegistration): vscode.Disposable {
  const { runtime, log } = options;
  const editor = new VscodeChatEditor();
  const backend = chatBackendSource(runtime, (services) => options.createBackend(services, editor));
  const handoff = new ChatHandoffFlow({ backend: () => backend.get(), sessionRunning: options.sessionRunning, onNoteAdded: () => runtime.notifyChanged(), log });
  const view = new ChatViewProvider(options.extensionUri, {
    backend, editor, handoff, onDataChange: runtime.onDidChange, refreshOn: [options.onKeysChange], log, rescue: options.rescue,
  });
  return vscode.Disposable.from(
    editor,
    view,
    // Kept while hidden: an answer streaming into a collapsed view keeps its page and its place.
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: true } }),
    registerChatCommands(view, log),
  );
}

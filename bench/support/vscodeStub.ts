// The smallest `vscode` API surface that Baton's activate() touches, for the activation
// benchmark only (it runs outside VS Code). Tests use a real VS Code instead.
import { EventEmitter as NodeEmitter } from 'node:events';
import { join } from 'node:path';

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private readonly emitter = new NodeEmitter();
  readonly event = (listener: Listener<T>) => {
    this.emitter.on('e', listener);
    return { dispose: () => this.emitter.off('e', listener) };
  };
  fire(value: T): void {
    this.emitter.emit('e', value);
  }
  dispose(): void {
    this.emitter.removeAllListeners();
  }
}

const noopEvent = () => ({ dispose: () => undefined });
const disposable = { dispose: () => undefined };

class Uri {
  constructor(readonly scheme: string, readonly path: string) {}
  get fsPath(): string {
    return this.path;
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static joinPath(base: Uri, ...parts: string[]): Uri {
    return new Uri(base.scheme, join(base.path, ...parts));
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export interface StubObservations {
  statusTexts: string[];
  onStatusText?: (text: string) => void;
}

export function createVscodeStub(options: { workspaceDir: string; settings: Record<string, unknown> }, seen: StubObservations) {
  const statusItem = {
    name: '',
    command: '',
    backgroundColor: undefined as unknown,
    accessibilityInformation: undefined as unknown,
    tooltip: undefined as unknown,
    set text(value: string) {
      seen.statusTexts.push(value);
      seen.onStatusText?.(value);
    },
    show: () => undefined,
    dispose: () => undefined,
  };
  const folder = { uri: Uri.file(options.workspaceDir), name: 'bench', index: 0 };
  return {
    EventEmitter,
    Uri,
    Disposable: { from: (...items: { dispose(): unknown }[]) => ({ dispose: () => items.forEach((i) => i.dispose()) }) },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    ThemeIcon: class {
      constructor(readonly id: string) {}
    },
    QuickInputButtons: { Back: {} },
    MarkdownString: class {
      isTrusted: unknown;
      constructor(readonly value: string) {}
    },
    window: {
      createOutputChannel: () => ({ info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined, dispose: () => undefined }),
      createStatusBarItem: () => statusItem,
      registerWebviewViewProvider: () => disposable,
      registerWebviewPanelSerializer: () => disposable,
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
      onDidChangeTextEditorSelection: noopEvent,
      onDidChangeActiveTextEditor: noopEvent,
      onDidChangeVisibleTextEditors: noopEvent,
      onDidChangeWindowState: noopEvent,
    },
    commands: { registerCommand: () => disposable, executeCommand: async () => undefined },
    // No language models, as in code-server offline.
    lm: { onDidChangeChatModels: noopEvent, selectChatModels: async () => [], registerTool: () => disposable },
    chat: { createChatParticipant: () => ({ iconPath: undefined, dispose: () => undefined }) },
    languages: { getDiagnostics: () => [] },
    workspace: {
      workspaceFolders: [folder],
      workspaceFile: undefined,
      name: 'bench',
      isTrusted: true,
      getConfiguration: () => ({ get: (key: string, fallback: unknown) => options.settings[key] ?? fallback }),
      onDidChangeConfiguration: noopEvent,
      onDidGrantWorkspaceTrust: noopEvent,
      onDidChangeTextDocument: noopEvent,
      registerTextDocumentContentProvider: () => disposable,
      onDidSaveTextDocument: noopEvent,
      getWorkspaceFolder: () => folder,
      asRelativePath: (uri: Uri) => uri.path,
    },
  };
}

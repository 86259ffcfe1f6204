// The chat backend as the extension gets it: createBatonServices over a real database file, the
// real router with the real `openai` client pointed at a local wire server, fake router timers,
// and an editor whose selection and active file a test sets.
import { type BatonServices, createBatonServices } from '../../../src/app/batonServices';
import type { ChatBackend, ChatEditor, ChatTurnHooks, EditorText } from '../../../src/core/chat/chatPorts';
import type { RouterConfig } from '../../../src/core/routing/routerConfig';
import type { CostPreview } from '../../../src/core/routing/routeRequest';
import type { ChatSendParams, ChatSendResult } from '../../../src/shared/protocol/chat';
import { FakeTimers } from '../../support/fakeTimers';
import { type WireServer, startOpenAIWire } from '../../support/wire/wireServer';
import { TestKeys } from '../router/routerHarness';
import { testSources } from '../support/services';
import { makeTempDir, removeTempDirs } from '../support/tempDirs';

/** A GitHub token the redaction rules recognise (made up). */
export const GITHUB_TOKEN = `ghp_${'aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5'}`;

export class TestEditor implements ChatEditor {
  selected: EditorText | null = null;
  active: EditorText | null = null;
  isTrusted = true;
  selection = () => this.selected;
  activeFile = () => this.active;
  trusted = () => this.isTrusted;
}

export interface Sent {
  readonly result: ChatSendResult;
  readonly pieces: readonly string[];
  readonly notices: readonly string[];
  readonly approvals: readonly CostPreview[];
}

export interface ChatHarness {
  readonly services: BatonServices;
  readonly chat: ChatBackend;
  readonly editor: TestEditor;
  readonly keys: TestKeys;
  readonly timers: FakeTimers;
  config: RouterConfig | (() => RouterConfig);
  send(text: string, options?: Partial<Omit<ChatSendParams, 'text' | 'answerId'>> & { approve?: boolean; controller?: AbortController; onText?: (text: string, pieces: readonly string[]) => void }): Promise<Sent>;
}

const opened: BatonServices[] = [];
const servers: WireServer[] = [];

export async function wire(): Promise<WireServer> {
  const server = await startOpenAIWire();
  servers.push(server);
  return server;
}

export async function makeChat(initial: RouterConfig | (() => RouterConfig), options: { workspace?: boolean } = {}): Promise<ChatHarness> {
  const timers = new FakeTimers();
  const keys = new TestKeys();
  const editor = new TestEditor();
  const dir = makeTempDir('baton-chat-ws-');
  let current = initial;
  const sources = testSources(dir, { router: { config: () => (typeof current === 'function' ? current() : current), apiKeys: keys, timers } });
  const services = await createBatonServices(options.workspace === false ? { ...sources, workspace: null } : sources);
  opened.push(services);
  const chat = services.chat(editor);
  let answers = 0;
  const harness: ChatHarness = {
    services, chat, editor, keys, timers,
    get config() {
      return current;
    },
    set config(next) {
      current = next;
    },
    async send(text, { approve = true, controller = new AbortController(), onText, ...rest } = {}) {
      const pieces: string[] = [];
      const notices: string[] = [];
      const approvals: CostPreview[] = [];
      const hooks: ChatTurnHooks = {
        onText: (piece) => {
          pieces.push(piece);
          onText?.(piece, pieces);
        },
        onNotice: (message) => notices.push(message),
        approve: async (preview) => {
          approvals.push(preview);
          return approve;
        },
      };
      const params: ChatSendParams = { conversationId: null, answerId: `answer-${++answers}`, text, target: { kind: 'auto' }, attachments: [], ...rest };
      const result = await chat.send(params, hooks, controller.signal);
      return { result, pieces, notices, approvals };
    },
  };
  return harness;
}

export function useChatCleanup(): void {
  afterEach(async () => {
    for (const services of opened.splice(0)) await services.close();
    for (const server of servers.splice(0)) await server.close();
    removeTempDirs();
  });
}

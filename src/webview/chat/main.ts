// Entry point of the `Baton: Chat` view: connect the channel, say `ready`, then ask for the
// state of the conversation that was open before the view was hidden or reloaded.
import { chatProtocol } from '../../shared/protocol/chat';
import { connectToHost } from '../common/hostChannel';
import { webviewStorage } from '../common/vscodeApi';
import { ChatPage } from './chatPage';
import { PageStore } from './pageStore';
import { warmUpMarkdown } from './markdownWarmup';

function start(): void {
  const root = document.getElementById('app');
  if (!root) throw new Error('Baton: #app is missing from the chat page.');
  // The handlers run only once `page` exists: messages arrive as events, after this function.
  const channel = connectToHost(chatProtocol, {
    commands: {},
    requests: {},
    notifications: {
      delta: ({ answerId, text }) => page.delta(answerId, text),
      notice: ({ answerId, message }) => page.notice(answerId, message),
      changed: () => page.load(),
      context: (context) => page.context(context),
      newConversation: () => page.newConversation(),
      stopAnswer: () => page.stop(),
    },
  });
  const page = new ChatPage(root, channel, new PageStore(webviewStorage()));
  channel.sendReady();
  page.load();
  // After the state is asked for: it runs while the host answers and the user types.
  window.setTimeout(warmUpMarkdown, 0);
}

start();

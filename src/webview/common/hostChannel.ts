// The page's end of a view's channel: messages from the host are fed in (and validated there)
// and messages to the host go out through the VS Code API. What fails validation is dropped
// with a warning in the webview's console (Developer: Open Webview Developer Tools).
import { ChannelEndpoint } from '../../shared/protocol/channel';
import type { Handlers, Protocol } from '../../shared/protocol/ipc';
import { vsCodeApi } from './vscodeApi';

export type WebviewChannel<P extends Protocol> = ChannelEndpoint<P['toHost'], P['toWebview']>;

/** Connects once per page; say `channel.sendReady()` when the page can show a state. */
export function connectToHost<P extends Protocol>(protocol: P, handlers: Handlers<P['toWebview']>): WebviewChannel<P> {
  const host = vsCodeApi();
  const channel = new ChannelEndpoint<P['toHost'], P['toWebview']>({
    post: (message) => host.postMessage(message),
    outgoing: protocol.toHost,
    incoming: protocol.toWebview,
    handlers,
    onInvalid: (reason) => console.warn(`Baton: ignored a message from VS Code: ${reason}`),
    onHandlerError: (method, error) => console.warn(`Baton: could not handle "${method}"`, error),
  });
  window.addEventListener('message', (event: MessageEvent<unknown>) => channel.receive(event.data));
  return channel;
}

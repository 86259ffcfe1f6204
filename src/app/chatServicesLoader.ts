// The chat service is a bundle of its own (dist/chat-service.js), loaded when the chat view first needs
// it: activation never parses the conversation rules.
import { requireBundle } from './bundleLoader';

type ChatServicesModule = typeof import('./chatServices');

export function loadChatServices(): ChatServicesModule {
  return requireBundle<ChatServicesModule>(__dirname, 'chat-service.js', 'chatServices');
}

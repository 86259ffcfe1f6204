// What the chat shows before there is anything to show: how to add a provider when none is
// configured, and a short welcome when the conversation is empty.
import { button, h, icon } from '../common/dom';

export interface WelcomeHandlers {
  configureProviders(): void;
  setApiKey(): void;
}

export function renderNoProviders(handlers: WelcomeHandlers): HTMLElement {
  return h(
    'section',
    { class: 'welcome', attrs: { 'aria-label': 'Set up a provider', 'data-testid': 'no-providers' } },
    h('h2', {}, icon('sparkle'), 'Chat through your providers'),
    h('p', {}, 'Baton sends each message to the provider and model you choose (or the one its routing strategy picks), with the cost of every answer. No provider is configured yet.'),
    h(
      'div',
      { class: 'button-row' },
      button([icon('settings-gear'), 'Configure Providers'], { attrs: { 'data-testid': 'welcome-configure' } }, handlers.configureProviders),
      button([icon('key'), 'Set API Key'], { variant: 'secondary', attrs: { 'data-testid': 'welcome-set-key' } }, handlers.setApiKey),
    ),
  );
}

export function renderEmptyConversation(): HTMLElement {
  return h(
    'section',
    { class: 'welcome', attrs: { 'aria-label': 'New conversation', 'data-testid': 'empty-conversation' } },
    h('h2', {}, icon('comment-discussion'), 'Ask anything'),
    h('p', { class: 'muted' }, 'Attach the selection, the active file, the current briefing or knowledge entries below. The cost is estimated before you send and shown under every answer.'),
    h('p', { class: 'muted' }, 'Enter sends · Shift+Enter adds a line · Up recalls your last prompt · Esc stops an answer'),
  );
}

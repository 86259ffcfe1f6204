// Before the ledger holds any request: what the panel will show, and three ways to start.
import { button, h, icon } from '../common/dom';

export interface EmptyActions {
  readonly configureProviders: () => void;
  readonly setApiKey: () => void;
  readonly scanUsage: () => void;
}

const WILL_SHOW = [
  'Spend per day by provider, and by model, workspace and session',
  'Credits used per account, and when they reset',
  'A 30-day forecast and whether your budgets hold',
  'Unusual spending, and how each provider is doing',
  'The most expensive requests, with how each cost was worked out',
];

export function renderEmptyState(actions: EmptyActions): HTMLElement {
  return h(
    'section',
    { class: 'empty-state', attrs: { 'data-testid': 'empty-state', 'aria-labelledby': 'empty-title' } },
    h('h2', { class: 'empty-title', attrs: { id: 'empty-title' } }, icon('graph'), ' No requests yet'),
    h('p', { class: 'description' }, 'Once Baton routes a request, or reads the usage logs of your coding agents, this panel shows:'),
    h('ul', { class: 'will-show' }, ...WILL_SHOW.map((text) => h('li', {}, text))),
    h(
      'div',
      { class: 'button-row' },
      button([icon('server-environment'), 'Configure a provider'], { attrs: { 'data-testid': 'configure-providers' } }, actions.configureProviders),
      button([icon('key'), 'Set an API key'], { variant: 'secondary', attrs: { 'data-testid': 'set-api-key' } }, actions.setApiKey),
      button([icon('sync'), 'Scan local agent logs'], { variant: 'secondary', attrs: { 'data-testid': 'scan-usage' } }, actions.scanUsage),
    ),
  );
}

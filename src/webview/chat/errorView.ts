// A failed message's error, shown under its prompt: what went wrong, what each provider said
// when all of them failed, and a button for each fix the host offered.
import type { ChatError, ChatFix } from '../../shared/protocol/chat';
import { button, h, icon } from '../common/dom';

const FIX_LABELS: Readonly<Record<ChatFix, string>> = {
  setApiKey: 'Set API Key',
  configureProviders: 'Configure Providers',
  openCosts: 'Open Costs',
  openBudgetSettings: 'Budget Settings',
  retry: 'Retry',
};

const FIX_ICONS: Readonly<Record<ChatFix, string>> = {
  setApiKey: 'key',
  configureProviders: 'settings-gear',
  openCosts: 'graph',
  openBudgetSettings: 'settings-gear',
  retry: 'refresh',
};

/** Not failures: the user said no, or stopped before anything arrived. */
const QUIET_KINDS = new Set<ChatError['kind']>(['declined', 'stopped']);

export function renderChatError(error: ChatError, onFix: (fix: ChatFix) => void): HTMLElement {
  const quiet = QUIET_KINDS.has(error.kind);
  const fixLabel = (fix: ChatFix): string =>
    fix === 'setApiKey' && error.provider ? `${FIX_LABELS.setApiKey} (${error.provider})` : FIX_LABELS[fix];
  return h(
    'div',
    {
      class: `chat-error${quiet ? ' is-quiet' : ''}`,
      attrs: { role: quiet ? 'status' : 'alert', 'data-testid': 'chat-error', 'data-kind': error.kind },
    },
    h('p', { class: 'error-message' }, icon(quiet ? 'info' : 'error'), h('span', { attrs: { 'data-testid': 'error-message' } }, error.message)),
    error.attempts.length > 0
      ? h(
          'ul',
          { class: 'attempts', attrs: { 'aria-label': 'Attempts', 'data-testid': 'error-attempts' } },
          ...error.attempts.map((a) =>
            h('li', {}, h('strong', {}, `${a.provider} · ${a.model}`), ` — ${a.status}${a.error ? `: ${a.error}` : ''}`),
          ),
        )
      : null,
    error.fixes.length > 0
      ? h(
          'div',
          { class: 'button-row' },
          ...error.fixes.map((fix, i) =>
            button([icon(FIX_ICONS[fix]), fixLabel(fix)], { variant: i === 0 ? 'primary' : 'secondary', attrs: { 'data-testid': `fix-${fix}` } }, () => onFix(fix)),
          ),
        )
      : null,
  );
}

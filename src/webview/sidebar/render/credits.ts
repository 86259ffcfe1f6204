// A session's credits: the account it ran on and what it spent (one line among the session's
// details), and, when it handed off, how well it used that account against the target band.
import type { HandoffView, SessionCreditsView } from '../../../shared/viewState';
import { h, icon } from '../../common/dom';

interface VerdictLook {
  readonly label: string;
  readonly icon: string;
}

const VERDICTS: Readonly<Record<HandoffView['verdict'], VerdictLook>> = {
  early: { label: 'early', icon: 'info' },
  'in-band': { label: 'in the target band', icon: 'pass' },
  late: { label: 'late', icon: 'warning' },
};

function spendText(credits: SessionCreditsView, session: 'running' | 'ended'): string | null {
  if (credits.account === null) return credits.spent;
  return `Account ${credits.account} · ${credits.spent ?? (session === 'running' ? 'nothing spent yet' : 'nothing spent')}`;
}

/**
 * "Account GenSpark-02 · 37 credits on GenSpark-02", as a meta item on a line of its own; null
 * when there is nothing to say (no account and no spend, or the credits could not be read).
 */
export function creditsItem(credits: SessionCreditsView | null, session: 'running' | 'ended'): HTMLElement | null {
  const text = credits && spendText(credits, session);
  if (!text) return null;
  return h(
    'span',
    { class: 'meta-item credits-item', attrs: { 'data-testid': 'session-credits', title: 'Account and credits used in this session' } },
    icon('credit-card'),
    h('span', { class: 'credits-text' }, text),
  );
}

/**
 * The advice without the sentence's opening, which the headline already says: "Handed off at
 * 97% of the limit: hand off earlier…" becomes "Hand off earlier…". Any other wording is kept whole.
 */
function adviceOf(recommendation: string): string {
  const match = /^Handed off at [^:]*:\s*(\S)(.*)$/s.exec(recommendation);
  return match ? `${match[1]!.toUpperCase()}${match[2]!}` : recommendation;
}

/** "Handed off at 97% — late", with the one-line recommendation under it. */
export function handoffVerdict(credits: SessionCreditsView | null): HTMLElement | null {
  const handoff = credits?.handoff;
  if (!handoff) return null;
  const look = VERDICTS[handoff.verdict];
  return h(
    'div',
    { class: `handoff-verdict is-${handoff.verdict}`, attrs: { 'data-testid': 'session-handoff', 'data-verdict': handoff.verdict } },
    h(
      'p',
      { class: 'handoff-verdict-line', attrs: { 'data-testid': 'handoff-line' } },
      icon(look.icon, 'verdict-icon'),
      `Handed off at ${handoff.percent}% — ${look.label}`,
    ),
    h('p', { class: 'handoff-advice', attrs: { 'data-testid': 'handoff-advice' } }, adviceOf(handoff.recommendation)),
  );
}

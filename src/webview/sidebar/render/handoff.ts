// The handoff section: pick a briefing level, generate a briefing, and copy, open or preview
// the last one.
import type { BriefingLevelName } from '../../../shared/protocol/sidebar';
import type { BriefingView } from '../../../shared/viewState';
import { button, h, icon } from '../../common/dom';
import { renderMarkdown } from '../../common/markdown';
import type { RenderContext } from './context';
import { disclosure } from './disclosure';
import { relativeTime } from './notes';
import { section } from './section';

interface LevelChoice {
  readonly level: BriefingLevelName;
  readonly label: string;
  readonly hint: string;
}

const LEVELS: readonly LevelChoice[] = [
  { level: 'high', label: 'High', hint: 'Only what must not be lost: goal, branch, changed files, latest note.' },
  { level: 'medium', label: 'Medium', hint: 'Adds commits, decisions and gotchas, TODOs, open editors and all notes.' },
  { level: 'low', label: 'Low', hint: 'Adds changed symbols, earlier history, the last snapshot and more knowledge.' },
];

const choiceOf = (level: BriefingLevelName): LevelChoice => LEVELS.find((c) => c.level === level) ?? LEVELS[1]!;
const formatNumber = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString() : '?');

function levelControl(ctx: RenderContext, chosen: BriefingLevelName, onChange: (level: BriefingLevelName) => void): HTMLElement[] {
  const hint = h('p', { class: 'description level-hint', attrs: { id: 'briefing-level-hint' } }, choiceOf(chosen).hint);
  const segments = LEVELS.map(({ level, label, hint: text }) => {
    const id = `briefing-level-${level}`;
    const input = h('input', {
      class: 'segment-input',
      attrs: { type: 'radio', name: 'briefing-level', id, value: level, 'data-testid': id, 'data-focus-key': id },
    });
    input.checked = level === chosen;
    input.addEventListener('change', () => {
      if (!input.checked) return;
      ctx.ui.update({ briefingLevel: level });
      hint.textContent = text;
      onChange(level);
    });
    return h('span', { class: 'segment' }, input, h('label', { class: 'segment-label', attrs: { for: id, title: text } }, label));
  });
  const group = h(
    'div',
    { class: 'segmented', attrs: { role: 'radiogroup', 'aria-label': 'Briefing level', 'aria-describedby': 'briefing-level-hint' } },
    ...segments,
  );
  return [group, hint];
}

function briefingPreview(briefing: BriefingView, ctx: RenderContext): HTMLElement[] {
  const { toggle, panel } = disclosure(
    ctx,
    {
      key: 'briefing-preview',
      panelId: 'briefing-preview',
      toggleClass: 'link-toggle',
      panelClass: 'markdown briefing-preview',
      attrs: { 'data-testid': 'briefing-preview-toggle' },
      panelAttrs: { 'data-testid': 'briefing-preview', tabindex: '0', role: 'region', 'aria-label': 'Briefing preview' },
    },
    ['Preview'],
    () => [renderMarkdown(briefing.markdown)],
  );
  return [toggle, panel];
}

function lastBriefing(briefing: BriefingView, ctx: RenderContext): HTMLElement {
  const over = briefing.tokens > briefing.budget;
  const copy = button([icon('copy'), 'Copy'], { variant: 'secondary', attrs: { 'data-testid': 'copy-briefing', 'data-focus-key': 'copy-briefing' } }, () =>
    ctx.actions.copyBriefing(),
  );
  const open = button(
    [icon('go-to-file'), 'Open'],
    { variant: 'secondary', attrs: { 'data-testid': 'open-briefing', 'data-focus-key': 'open-briefing', title: 'Open the briefing in an editor' } },
    () => ctx.actions.openBriefing(),
  );
  const [toggle, panel] = briefingPreview(briefing, ctx);
  return h(
    'div',
    { class: 'briefing-card', attrs: { 'data-testid': 'last-briefing' } },
    h(
      'div',
      { class: 'item-title-row' },
      icon('file-text', 'row-icon'),
      h('span', { class: 'item-title', attrs: { 'data-testid': 'briefing-level' } }, `${choiceOf(briefing.level).label} briefing`),
      relativeTime(briefing.createdAt, ctx.now, 'item-time'),
    ),
    h(
      'div',
      { class: 'meta' },
      h(
        'span',
        { class: `meta-item${over ? ' is-warning' : ''}`, attrs: { 'data-testid': 'briefing-tokens', title: over ? 'Over the budget of this level' : 'Tokens used of the budget' } },
        icon('symbol-number'),
        `${formatNumber(briefing.tokens)} / ${formatNumber(briefing.budget)} tokens`,
      ),
    ),
    briefing.unavailable.length > 0 &&
      h(
        'p',
        { class: 'unavailable', attrs: { 'data-testid': 'briefing-unavailable' } },
        icon('warning', 'warning-icon'),
        h('span', {}, `Not available: ${briefing.unavailable.join(', ')}`),
      ),
    h('div', { class: 'button-row' }, copy, open, h('span', { class: 'spacer' }), toggle),
    panel,
  );
}

export function renderHandoff(briefing: BriefingView | null, ctx: RenderContext, primary: boolean): HTMLElement {
  let chosen: BriefingLevelName = ctx.ui.current.briefingLevel ?? briefing?.level ?? 'medium';
  const controls = levelControl(ctx, chosen, (level) => {
    chosen = level;
  });
  const generate = button(
    [icon('export'), 'Generate Briefing'],
    { variant: primary ? 'primary' : 'secondary', class: 'wide', attrs: { 'data-testid': 'generate-briefing', 'data-focus-key': 'generate-briefing' } },
    () => ctx.actions.generateBriefing(chosen),
  );
  const last = briefing
    ? lastBriefing(briefing, ctx)
    : h('p', { class: 'empty', attrs: { 'data-testid': 'briefing-empty' } }, 'No briefing yet. A briefing tells the next assistant where the work stands.');
  return section(ctx, 'handoff', 'Handoff', null, h('div', { class: 'handoff-controls' }, ...controls, generate), last);
}

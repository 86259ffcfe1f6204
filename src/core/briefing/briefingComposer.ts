// Composes a briefing: facts ranked by priority, packed greedily into the level's token
// budget, rendered as markdown ready to paste into a new chat, ending with what was left out
// and how to get it when the material did not fit. Pure and deterministic. The
// material is redacted first whoever calls this (BriefingService.gather already did; a second
// pass finds nothing), so no briefing text is ever made from unredacted material.
import {
  type Briefing,
  type BriefingBudgets,
  type BriefingInput,
  type BriefingLevel,
  type BriefingSection,
  DEFAULT_BUDGETS,
  type Priority,
} from './briefingTypes';
import { redactBriefingInput } from './briefingRedaction';
import { type TokenCount, headingText, itemLine, packItems } from './budgetPacker';
import { conversationFacts } from './conversationFacts';
import { detailFacts } from './detailFacts';
import { essentialFacts } from './essentialFacts';
import { leftOutCounts, leftOutVariants } from './leftOut';
import type { PackItem, SectionSpec } from './packItem';

const MAX_PRIORITY: Record<BriefingLevel, Priority> = { high: 0, medium: 1, low: 2 };

function headerOf(input: BriefingInput): string {
  const title = `# Handoff briefing: ${input.workspaceName.replace(/\s+/g, ' ')}\n`;
  const note = input.header.trim() ? `\n> ${input.header.trim().replace(/\n+/g, ' ')}\n` : '';
  return `${title}${note}\n`;
}

function render(header: string, items: readonly PackItem[], chosen: ReadonlyMap<PackItem, string>): string {
  let markdown = header;
  let open: SectionSpec | null = null;
  const ordered = [...items.filter((i) => i.section.style === 'lead'), ...items.filter((i) => i.section.style === 'list')];
  for (const current of ordered) {
    const text = chosen.get(current);
    if (text === undefined) continue;
    if (current.section.style === 'list' && current.section.id !== open?.id) markdown += headingText(current.section);
    open = current.section;
    markdown += itemLine(text);
  }
  return markdown;
}

function sectionReport(items: readonly PackItem[], chosen: ReadonlyMap<PackItem, string>, count: TokenCount): BriefingSection[] {
  const bySection = new Map<string, { spec: SectionSpec; tokens: number; included: boolean }>();
  for (const current of items) {
    const entry = bySection.get(current.section.id) ?? { spec: current.section, tokens: count(headingText(current.section)), included: false };
    entry.tokens += count(itemLine(current.variants[0] ?? ''));
    entry.included ||= chosen.has(current);
    bySection.set(current.section.id, entry);
  }
  return [...bySection.values()].map(({ spec, tokens, included }) => ({ title: spec.title, priority: spec.priority, tokens, included }));
}

/** The briefing's text with its "left out" line, the richest variant of it that fits. */
function finish(header: string, items: readonly PackItem[], chosen: ReadonlyMap<PackItem, string>, level: BriefingLevel, budget: number, count: TokenCount) {
  const body = render(header, items, chosen);
  const variants = leftOutVariants(leftOutCounts(items, chosen), level);
  const footers = variants.map((v) => `${body}\n${v}\n`);
  for (const markdown of footers) {
    const tokens = count(markdown);
    if (tokens <= budget) return { markdown, tokens };
  }
  // Not even the shortest fits: the facts that must be kept come first.
  return { markdown: body, tokens: count(body) };
}

export function composeBriefing(material: BriefingInput, level: BriefingLevel, count: TokenCount, budgets: BriefingBudgets = DEFAULT_BUDGETS): Briefing {
  const input = redactBriefingInput(material);
  const budget = budgets[level];
  const header = headerOf(input);
  // A handed-off conversation first: its latest ask gets the budget's room before other facts grow.
  const items = [...conversationFacts(input), ...essentialFacts(input), ...detailFacts(input)];
  // Room kept for the shortest "left out" line, which nearly every large briefing needs.
  const reserve = count(`\n${leftOutVariants([['x', 1]], level).at(-1) ?? ''}\n`);
  const packed = packItems(items, MAX_PRIORITY[level], budget, count(header), count, reserve);
  const chosen = new Map(packed.chosen);
  let { markdown, tokens } = finish(header, items, chosen, level, budget, count);
  // Token counts of pieces and of the whole can differ by a few at the seams: trim if needed.
  for (let i = packed.addedOrder.length - 1; tokens > budget && i >= 0; i--) {
    const last = packed.addedOrder[i];
    if (!last || last.section.priority === 0) break;
    chosen.delete(last);
    ({ markdown, tokens } = finish(header, items, chosen, level, budget, count));
  }
  return { level, budget, tokens, markdown, sections: sectionReport(items, chosen, count), unavailable: input.unavailable, redactions: input.redactions };
}

// A handed-off chat conversation, as its own section of the briefing, kept at every level: the
// latest ask first and verbatim when the budget allows (the successor continues from it), then
// what is open, the last decision, and what the last answer covered. Each fact has shorter
// variants, so a small level keeps all four, shortened, rather than dropping any.
import type { BriefingInput, ConversationBrief } from './briefingTypes';
import { oneLine } from './briefingText';
import { type PackItem, item, section } from './packItem';

const CONVERSATION = section('conversation', 'Conversation', 0, 'list');

/** The ask as written; continuation lines indented so it stays one list item. */
const verbatim = (text: string) => text.trim().replace(/\r?\n/g, '\n  ');

function askItem(brief: ConversationBrief): PackItem {
  const ask = brief.latestAsk?.trim() ?? '';
  const title = oneLine(brief.title, 120);
  if (ask === '') return item(CONVERSATION, `**Chat:** "${title}", no question asked yet`);
  return item(CONVERSATION, `**Latest ask** (chat "${title}"): ${verbatim(ask)}`, `**Latest ask:** ${oneLine(ask, 600)}`, `**Latest ask:** ${oneLine(ask, 160)}`);
}

function openItem(brief: ConversationBrief): PackItem | null {
  if (brief.open.length === 0) return null;
  const first = (n: number, max: number) => `**Open:** ${brief.open.slice(0, n).map((line) => oneLine(line, max)).join('; ')}${brief.open.length > n ? `; and ${brief.open.length - n} more` : ''}`;
  return item(CONVERSATION, first(brief.open.length, 200), first(3, 120), first(1, 100));
}

function decisionItem(brief: ConversationBrief): PackItem | null {
  return brief.decision ? item(CONVERSATION, `**Last decision:** ${oneLine(brief.decision, 200)}`, `**Last decision:** ${oneLine(brief.decision, 80)}`) : null;
}

function answeredItem(brief: ConversationBrief): PackItem | null {
  if (brief.answered.length === 0) return null;
  const all = brief.answered.join(' · ');
  return item(CONVERSATION, `**Answered:** ${oneLine(all, 400)}`, `**Answered:** ${oneLine(brief.answered[0] ?? '', 100)}`);
}

export function conversationFacts(input: BriefingInput): PackItem[] {
  const brief = input.conversation;
  if (!brief) return [];
  return [askItem(brief), openItem(brief), decisionItem(brief), answeredItem(brief)].filter((i): i is PackItem => i !== null);
}

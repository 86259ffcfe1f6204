// What a successor needs from a chat conversation: the latest ask (verbatim), what the last
// answer covered (its headings and first paragraph), what is still open (a turn that got no
// answer or was cut off, questions the answer asked back, next-step and TODO lines), and the
// last decision taken. Heuristic and deterministic: it reads the text, it does not ask a model.
import type { ConversationBrief } from '../briefing/briefingTypes';
import type { StoredMessage } from './conversationRecords';

const MAX_ANSWERED_CHARS = 400;
const MAX_OPEN = 6;
const MAX_LINE = 200;

/** Lines outside fenced code blocks: code is not prose and asks nothing. */
export function proseLines(text: string): string[] {
  const lines: string[] = [];
  let fenced = false;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      continue;
    }
    if (!fenced) lines.push(line);
  }
  return lines;
}

const oneLine = (text: string, max = MAX_LINE) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};
const plain = (line: string) => line.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').replace(/^\s*\[[ x]\]\s*/i, '').replace(/\*\*|__/g, '').trim();

function headingsOf(lines: readonly string[]): string[] {
  return lines.filter((line) => /^#{1,6}\s+\S/.test(line)).map((line) => line.replace(/^#+\s+/, '').trim());
}

function firstParagraph(lines: readonly string[]): string {
  const paragraph: string[] = [];
  for (const line of lines) {
    if (/^#{1,6}\s/.test(line)) {
      if (paragraph.length > 0) break;
      continue;
    }
    if (line.trim() === '') {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  return paragraph.join(' ');
}

/** The last answer's first paragraph, then its headings, within MAX_ANSWERED_CHARS. */
export function answeredOf(answer: string): string[] {
  const lines = proseLines(answer);
  const parts = [firstParagraph(lines), ...headingsOf(lines).map((heading) => `§ ${heading}`)].filter((part) => part !== '');
  const kept: string[] = [];
  let used = 0;
  for (const part of parts) {
    const text = oneLine(part, Math.max(40, MAX_ANSWERED_CHARS - used));
    if (used + text.length > MAX_ANSWERED_CHARS && kept.length > 0) break;
    kept.push(text);
    used += text.length;
  }
  return kept;
}

const NEXT_STEP_HEADING = /^#{1,6}\s+(next steps?|to ?do|todo|remaining|open (questions|items|points)|follow[- ]ups?)\b/i;
const NEXT_STEP_LINE = /^\s*(?:[-*+]\s*)?(?:\[ \]|\*{0,2}(?:TODO|FIXME|Next steps?|Still to do)\b)/i;

/** Lines the answer leaves to do: TODO/FIXME, unchecked boxes, next-step labels, and items under a "Next steps" heading. */
export function nextStepsOf(lines: readonly string[]): string[] {
  const steps: string[] = [];
  let underHeading = false;
  for (const line of lines) {
    if (/^#{1,6}\s/.test(line)) {
      underHeading = NEXT_STEP_HEADING.test(line);
      continue;
    }
    const item = /^\s*(?:[-*+]|\d+[.)])\s+\S/.test(line);
    if (NEXT_STEP_LINE.test(line) || (underHeading && item)) steps.push(oneLine(plain(line)));
  }
  return steps;
}

/** Sentences of the answer that end in a question mark: what it asked back. */
export function questionsOf(lines: readonly string[]): string[] {
  const sentences = lines.filter((line) => !/^#{1,6}\s/.test(line)).join(' ').split(/(?<=[.!?])\s+/);
  return sentences.map((sentence) => plain(sentence)).filter((sentence) => /\?$/.test(sentence) && sentence.length > 3).map((s) => oneLine(s));
}

const DECISION_PATTERNS = [
  /^\s*(?:[-*+]\s*)?\**decision\**\s*[:\u2014-]\s*\S/i,
  /\b(?:we|I)(?:'ll| will| have| had)?\s+(?:decided|decide|chose|choose|settled on|go with|going with|opted for)\b/i,
  /\blet'?s\s+(?:go with|use|keep|stick with|do|switch to|adopt)\b/i,
  /\b(?:decided|agreed|settled)\b/i,
];

function decisionIn(text: string): string | null {
  const sentences = proseLines(text).flatMap((line) => line.split(/(?<=[.!?])\s+/));
  for (let i = sentences.length - 1; i >= 0; i--) {
    const sentence = sentences[i] ?? '';
    if (DECISION_PATTERNS.some((pattern) => pattern.test(sentence))) return oneLine(plain(sentence).replace(/^\**decision\**\s*[:\u2014-]\s*/i, ''));
  }
  return null;
}

/** The newest decision stated in the conversation, by either side, in one line. */
export function lastDecision(messages: readonly StoredMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const found = decisionIn(messages[i]?.text ?? '');
    if (found) return found;
  }
  return null;
}

function openItems(messages: readonly StoredMessage[]): string[] {
  const last = messages.at(-1);
  if (!last) return [];
  const open: string[] = [];
  if (last.role === 'user') open.push('The latest ask has no answer yet (it failed or was stopped before the answer began).');
  if (last.role === 'assistant' && last.meta?.status === 'incomplete') open.push('The last answer was cut off (stopped or broken): it may be unfinished.');
  if (last.role === 'assistant') {
    const lines = proseLines(last.text);
    open.push(...questionsOf(lines).map((q) => `Asked back: ${q}`), ...nextStepsOf(lines));
  }
  return [...new Set(open)].slice(0, MAX_OPEN);
}

export function summarizeConversation(title: string, messages: readonly StoredMessage[]): ConversationBrief {
  const latestAsk = [...messages].reverse().find((message) => message.role === 'user')?.text ?? null;
  const lastAnswer = [...messages].reverse().find((message) => message.role === 'assistant');
  return {
    title,
    latestAsk,
    answered: lastAnswer ? answeredOf(lastAnswer.text) : [],
    open: openItems(messages),
    decision: lastDecision(messages),
  };
}

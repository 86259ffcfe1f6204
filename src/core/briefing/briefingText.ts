// Small text helpers for briefing lines: inline code, shortening, relative times, numbers.
import { truncate } from '../format';

// Inline code lives with the other shared formatting: knowledge pages use it too.
export { inlineCode as code } from '../format';

/** One line of plain text, markdown-neutral enough to sit in a list item. */
export function oneLine(text: string, max: number): string {
  return truncate(text.replace(/\s+/g, ' '), max);
}

export function ago(at: number, now: number): string {
  const minutes = Math.max(0, Math.round((now - at) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours}h ago`;
  return `${Math.round(hours / 24)}d ago`;
}

export function churn(insertions: number | null, deletions: number | null): string {
  return insertions === null || deletions === null ? 'binary' : `+${insertions} −${deletions}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** 1,204: thousands separated, whatever the machine's locale, as the CLI's output is compared. */
export const thousands = (n: number): string => n.toLocaleString('en-US');

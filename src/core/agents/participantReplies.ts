// What the `@baton` chat participant answers, as markdown, from plain service results: the
// handler logic without `vscode`, so it runs (and is tested) in plain Node. Every reply leaves
// through the redaction choke point, errors included; no reply ever throws.
import type { Briefing, BriefingLevel } from '../briefing/briefingTypes';
import { formatUsd } from '../costs/costMath';
import { isUserFacing, errorMessage } from '../errors';
import { formatDuration, inlineCode, truncate } from '../format';
import { redactText } from '../redaction/redaction';
import { MAX_NOTE_LENGTH } from '../../shared/protocol/sidebar';

export const PARTICIPANT_COMMANDS = ['briefing', 'status', 'note'] as const;
export type ParticipantCommand = (typeof PARTICIPANT_COMMANDS)[number];

/** The level a briefing is written at when the prompt names none. */
export const DEFAULT_PARTICIPANT_LEVEL: BriefingLevel = 'medium';

/** The running session as `/status` shows it. */
export interface RunningSessionStatus {
  readonly goal: string;
  readonly startedAt: number;
  readonly activeMs: number;
  readonly branch: string | null;
  readonly notes: readonly { readonly text: string; readonly at: number }[];
  /** Workspace-relative paths, most recently touched first. */
  readonly files: readonly string[];
}

/** Today's spend from the ledger (whole UTC day). */
export interface SpendToday {
  readonly totalNanos: number;
  readonly requests: number;
  readonly unpricedRequests: number;
}

/** What the participant's replies are made from; the host wires it to the services. */
export interface ParticipantServices {
  /** The handoff briefing at `level`, generated as the palette command does. */
  briefing(level: BriefingLevel): Promise<Briefing>;
  /** The workspace's running session, or null when none runs. */
  status(): Promise<RunningSessionStatus | null>;
  /** Today's spend, or null when the router (and so the ledger view) is not configured. */
  spendToday(): Promise<SpendToday | null>;
  /** The current account and what the running session spent, in words; null without an account pool or spend. */
  credits(): Promise<CreditsStatus>;
  addNote(text: string): Promise<void>;
}

export interface ParticipantRequest {
  /** The slash command chosen, without the slash; undefined for none. */
  readonly command: string | undefined;
  readonly prompt: string;
}

const MAX_STATUS_NOTES = 5;
const MAX_STATUS_FILES = 10;
const NOTE_PREVIEW = 200;

/** Paths touched in the session, stored and still buffered together, most recent first. */
export function filesMostRecentFirst(...lists: readonly (readonly { readonly path: string; readonly lastAt: number }[])[]): string[] {
  const latest = new Map<string, number>();
  for (const file of lists.flat()) latest.set(file.path, Math.max(latest.get(file.path) ?? 0, file.lastAt));
  return [...latest].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([path]) => path);
}

/** Why `text` cannot be a note (blank, too long), or null when it can. */
export function noteProblem(text: string): string | null {
  if (text.trim() === '') return 'The note is empty.';
  if (text.length > MAX_NOTE_LENGTH) return `Keep the note under ${MAX_NOTE_LENGTH} characters (it has ${text.length}).`;
  return null;
}

/** `high`, `medium` or `low` named in the prompt (first one wins), else null. */
export function levelFromPrompt(prompt: string): BriefingLevel | null {
  const match = /\b(high|medium|low)\b/i.exec(prompt);
  return match ? (match[1]!.toLowerCase() as BriefingLevel) : null;
}

export function helpReply(): string {
  return [
    '**Baton** keeps the handoff between assistants. Commands:',
    '',
    '- `/briefing [high|medium|low]`: the handoff briefing (medium unless you name a level)',
    '- `/status`: the running session (goal, active time, notes, files) and today\'s spend',
    '- `/note <text>`: adds a note to the running session',
    '',
    'In agent mode, the tools `#batonBriefing` and `baton_add_note` do the same for the model.',
  ].join('\n');
}

export function briefingReply(briefing: Briefing): string {
  const footer = `_${briefing.level} briefing: ${briefing.tokens} of ${briefing.budget} tokens._`;
  return redactText(`${briefing.markdown.trimEnd()}\n\n${footer}`);
}

export interface CreditsStatus {
  /** e.g. "GenSpark-02 · 37/100, resets in 3h 12m"; null when no account is current. */
  readonly account: string | null;
  /** What the running session spent, e.g. "12 credits on GenSpark-02"; null when nothing. */
  readonly sessionSpent: string | null;
}

/** Today's spend as `/status` got it: the figures, null when there is no router, or why it failed. */
export type SpendOutcome = SpendToday | null | { readonly error: string };

export function statusReply(session: RunningSessionStatus | null, spend: SpendOutcome, now: number, credits: CreditsStatus | null = null): string {
  const lines: string[] = [];
  if (!session) {
    lines.push('**No session is running** in this workspace. Start one with **Baton: Start Session**.');
  } else {
    lines.push(`**Session:** ${session.goal ? session.goal : '_no goal set_'}`);
    lines.push('');
    const since = formatDuration(Math.max(0, now - session.startedAt));
    lines.push(`- Active time: ${formatDuration(session.activeMs)} (started ${since} ago)`);
    if (session.branch) lines.push(`- Branch: ${inlineCode(session.branch)}`);
    lines.push(...listSection('Notes', session.notes.length, session.notes.slice(-MAX_STATUS_NOTES).reverse().map((note) => truncate(note.text, NOTE_PREVIEW)), 'latest first'));
    lines.push(...listSection('Files', session.files.length, session.files.slice(0, MAX_STATUS_FILES).map((path) => inlineCode(path)), 'most recent first'));
  }
  if (session && credits?.sessionSpent) lines.push(`- Spent: ${credits.sessionSpent}`);
  lines.push('');
  lines.push(spendLine(spend));
  if (credits?.account) lines.push('', `**Account:** ${credits.account}`);
  return redactText(lines.join('\n'));
}

function listSection(title: string, total: number, shown: readonly string[], order: string): string[] {
  if (total === 0) return [`- ${title}: none yet`];
  const more = total > shown.length ? `, ${shown.length} shown` : '';
  return [`- ${title} (${total}${more}, ${order}):`, ...shown.map((item) => `  - ${item}`)];
}

function spendLine(spend: SpendOutcome): string {
  if (!spend) return '**Spend today:** not available (the router is not configured).';
  if ('error' in spend) return `**Spend today:** not available (${spend.error}).`;
  const unpriced = spend.unpricedRequests ? `, ${spend.unpricedRequests} unpriced` : '';
  return `**Spend today (UTC):** ${formatUsd(spend.totalNanos)} over ${spend.requests} request(s)${unpriced}.`;
}

export function noteReply(text: string): string {
  return redactText(`Note added to the running session: ${truncate(text, NOTE_PREVIEW)}`);
}

export function emptyNoteReply(): string {
  return 'Type the note after `/note`, e.g. `@baton /note The redirect loop is in auth.ts; next: a test`.';
}

/** An error as one clear markdown message; user-facing messages are shown as they are. */
export function errorReply(action: string, error: unknown): string {
  const message = errorMessage(error);
  return redactText(isUserFacing(error) ? `**Baton:** ${message}` : `**Baton could not ${action}:** ${message}`);
}

/** The whole handler: the reply for one request. Never rejects. */
export async function replyTo(request: ParticipantRequest, services: ParticipantServices, now: () => number): Promise<string> {
  switch (request.command) {
    case 'briefing': {
      const level = levelFromPrompt(request.prompt) ?? DEFAULT_PARTICIPANT_LEVEL;
      return attempt('write the briefing', async () => briefingReply(await services.briefing(level)));
    }
    case 'status':
      return attempt('read the session', async () => {
        const session = await services.status();
        const spend: SpendOutcome = await services.spendToday().catch((error: unknown) => ({ error: errorMessage(error) }));
        const credits = await services.credits().catch(() => null);
        return statusReply(session, spend, now(), credits);
      });
    case 'note': {
      const text = request.prompt.trim();
      if (!text) return emptyNoteReply();
      const problem = noteProblem(text);
      if (problem) return `**Baton:** ${problem}`;
      return attempt('add the note', async () => {
        await services.addNote(text);
        return noteReply(text);
      });
    }
    default:
      return helpReply();
  }
}

async function attempt(action: string, run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (error) {
    return errorReply(action, error);
  }
}

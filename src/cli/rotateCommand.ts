// `baton rotate --workspace DIR [--to NAME]`: hand the work off from the current account to the
// next one without losing context. The order is rotateAccount's (core): pick the target first (a
// wrong --to changes nothing), end the running session and keep its snapshot, save a medium
// briefing, mark the old account exhausted until its reset, make the new one current, and start
// a session with the same goal on it.
import type { BatonServices, WorkspaceServices } from '../app/batonServices';
import type { AccountStanding } from '../core/accounts/accountPool';
import { type RotationResult, type RotationSteps, rotateAccount } from '../core/accounts/accountRotation';
import { handoffEfficiency } from '../core/accounts/handoffEfficiency';
import type { Session } from '../core/sessions/session';
import type { AccountStore } from '../storage/accountStore';
import { whenText } from './accountFormat';
import { type CliInvocation, UsageError } from './cliArgs';
import { type CliOutput, requireWork } from './sessionCommands';

/** What the steps did, for the report. */
interface RotationLog {
  ended: Session | null;
  snapshotId: string | null;
  started: Session | null;
}

function rotationSteps(work: WorkspaceServices, accountStore: AccountStore, log: RotationLog): RotationSteps {
  return {
    endSession: async (to) => {
      await work.tracker.restore({ closeAbandoned: false });
      if (!work.tracker.running) return null;
      log.ended = await work.tracker.end(`Handed off to ${to.name}.`);
      return { id: log.ended.id, goal: log.ended.goal };
    },
    // An ended session leaves its one snapshot; without a session, the work state is still kept.
    snapshot: async () => {
      const snapshot = log.ended ? await work.snapshotEndedSession(log.ended) : await work.snapshots.take('Before handoff', 'handoff');
      log.snapshotId = snapshot.id;
    },
    briefing: async () => {
      const briefing = await work.briefings.generate('medium', { save: true });
      return { level: briefing.level, text: briefing.markdown, tokens: briefing.tokens };
    },
    startSession: async (goal, account) => {
      log.started = await work.tracker.start(goal);
      await accountStore.setSessionAccount(log.started.id, account.id);
    },
  };
}

function fromLines(from: AccountStanding | null, exhaustedUntil: number | null, now: number): string[] {
  if (!from) return ['There was no current account: nothing was marked exhausted.'];
  const { account } = from;
  const until = exhaustedUntil === null ? '' : `${account.name} is marked exhausted until its reset, ${whenText(exhaustedUntil, account.window.timeZone, now)}.`;
  return [until, handoffEfficiency({ usedAtHandoff: from.used, limit: from.limit }).recommendation].filter((line) => line !== '');
}

function describeRotation(result: RotationResult, log: RotationLog, databasePath: string): string[] {
  const { from, to, briefing } = result;
  const now = Date.now();
  const ended = log.ended ? `Ended session ${log.ended.id} and kept snapshot ${log.snapshotId ?? '?'}.` : `No session was running; kept snapshot ${log.snapshotId ?? '?'}.`;
  const goal = log.started?.goal ? ` with the goal "${log.started.goal}"` : '';
  return [
    `Rotated from ${from?.account.name ?? '(no current account)'} to ${to.name}.`,
    `Why ${to.name}: ${result.reason}`,
    ...fromLines(from, result.exhaustedUntil, now),
    ended,
    `Started session ${log.started?.id ?? '?'} on ${to.name}${goal}.`,
    ...(result.briefingError !== undefined
      ? [`No briefing could be written (${result.briefingError}): run "baton briefing --workspace DIR --level medium --save".`]
      : [`Briefing (${briefing.level}, ${briefing.tokens} tokens) saved in the briefing history of ${databasePath}; paste it into the new chat:`, '', briefing.text.trimEnd()]),
  ];
}

export async function runRotate(invocation: CliInvocation, services: BatonServices, output: CliOutput): Promise<void> {
  if (invocation.command.length > 1) throw new UsageError('baton rotate takes options only: --workspace DIR [--to NAME].');
  if (invocation.to !== undefined && invocation.to.trim() === '') throw new UsageError('--to NAME: give the name of the account to switch to.');
  const log: RotationLog = { ended: null, snapshotId: null, started: null };
  const result = await rotateAccount(services.accounts, rotationSteps(requireWork(services), services.accountStore, log), invocation.to);
  if (invocation.json) {
    output.out(JSON.stringify({ from: result.from?.account.name ?? null, to: result.to.name, briefing: { level: result.briefing.level, tokens: result.briefing.tokens } }));
    return;
  }
  for (const line of describeRotation(result, log, services.database.path)) output.out(line);
}

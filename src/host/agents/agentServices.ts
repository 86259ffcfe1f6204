// The services the language-model tools and the `@baton` participant use, over the window's
// runtime: the briefing as the palette command writes it (a handoff snapshot, then the
// briefing, kept in the history), the running session, today's spend and adding a note.
import type { CreditsStatus, ParticipantServices, RunningSessionStatus, SpendToday } from '../../core/agents/participantReplies';
import { sessionSpendText } from '../../core/accounts/sessionSpendText';
import { resetText, standingLabel } from '../../core/accounts/standingText';
import { filesMostRecentFirst } from '../../core/agents/participantReplies';
import type { Briefing, BriefingLevel } from '../../core/briefing/briefingTypes';
import type { BatonRuntime } from '../batonRuntime';
import type { SessionTrackerDriver } from '../sessionTrackerDriver';

const DAY_MS = 86_400_000;

export class AgentServices implements ParticipantServices {
  constructor(
    private readonly runtime: BatonRuntime,
    private readonly driver: SessionTrackerDriver,
    private readonly now: () => number = Date.now,
  ) {}

  /** The same service calls as `Baton: Generate Handoff Briefing`; the briefing is redacted inside. */
  async briefing(level: BriefingLevel): Promise<Briefing> {
    const work = this.runtime.work();
    await work.snapshots.take('Before handoff', 'handoff');
    return work.briefings.generate(level, { save: true });
  }

  async status(): Promise<RunningSessionStatus | null> {
    const { tracker, sessions } = this.runtime.work();
    await tracker.refresh();
    const running = tracker.running;
    if (!running) return null;
    const detail = await sessions.getDetail(running.id);
    return {
      goal: running.goal,
      startedAt: running.startedAt,
      activeMs: tracker.activeMsNow(),
      branch: running.gitStart?.branch ?? null,
      notes: (detail?.notes ?? []).map((note) => ({ text: note.text, at: note.at })),
      files: filesMostRecentFirst(detail?.files ?? [], tracker.pendingFiles()),
    };
  }

  /** Today's whole UTC day from the ledger's daily rollup (as `baton costs` counts days). */
  async spendToday(): Promise<SpendToday | null> {
    const router = this.runtime.services().router;
    if (!router) return null;
    const sinceMs = Math.floor(this.now() / DAY_MS) * DAY_MS;
    const report = await router.costs({ sinceMs, untilMs: sinceMs + DAY_MS });
    return { totalNanos: report.totalNanos, requests: report.requests, unpricedRequests: report.unpricedRequests };
  }

  async credits(): Promise<CreditsStatus> {
    const services = this.runtime.services();
    const current = await services.accounts.current();
    const running = this.driver.tracker?.running ?? null;
    const spent = running ? sessionSpendText(await services.accountStore.sessionSpend(running.id), await services.accountStore.list()) : null;
    const reset = current ? resetText(current, this.now()) : '';
    return { account: current ? `${standingLabel(current)}${reset ? `, ${reset}` : ''}` : null, sessionSpent: spent };
  }

  async addNote(text: string): Promise<void> {
    await this.driver.mutate((tracker) => tracker.addNote(text));
  }
}

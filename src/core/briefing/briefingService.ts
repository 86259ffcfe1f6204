// Generates handoff briefings: gathers the session, git, editor, knowledge and the last
// snapshot, redacts secrets from all of it, composes within the level's budget, and keeps a
// history. The briefing is shown, copied and saved, so nothing unredacted goes past gather().
import type { ChangeNotifier } from '../changeFeed';
import type { Clock, IdSource } from '../clock';
import type { SessionRepository } from '../sessions/sessionRepository';
import type { WorkspaceRef } from '../sessions/session';
import { snapshotDelta } from '../snapshots/snapshotDelta';
import type { SnapshotRepository } from '../snapshots/snapshot';
import { composeBriefing } from './briefingComposer';
import { redactBriefingInput } from './briefingRedaction';
import type { EditorContextSource, GitContextSource } from '../workContext/workContextPorts';
import type { KnowledgeSource } from '../knowledge/knowledgePorts';
import type { BriefingHistory } from './briefingPorts';
import type { Briefing, BriefingBudgets, BriefingInput, BriefingLevel, ConversationBrief } from './briefingTypes';
import type { TokenCount } from './budgetPacker';
import type { Unavailable } from '../workContext/workContext';

export interface BriefingServiceDeps {
  readonly workspace: WorkspaceRef;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly sessions: SessionRepository;
  readonly snapshots: SnapshotRepository;
  readonly history: BriefingHistory;
  readonly git: GitContextSource;
  readonly editor: EditorContextSource;
  readonly knowledge: KnowledgeSource;
  readonly countTokens: () => TokenCount;
  readonly settings: () => { readonly budgets: BriefingBudgets; readonly header: string };
  readonly changes: ChangeNotifier;
  /** What a session spent, in words (credits by account, API cost); absent without an account pool. */
  readonly sessionSpend?: (sessionId: string) => Promise<string | null>;
}

export class BriefingService {
  constructor(private readonly deps: BriefingServiceDeps) {}

  /** Gathers everything a briefing is made of, redacted. Exposed for tests and benchmarks. */
  async gather(): Promise<BriefingInput> {
    const { workspace, sessions } = this.deps;
    const open = await sessions.findOpen(workspace.id);
    const session = open ? await sessions.getDetail(open.id) : ((await sessions.listRecent(workspace.id, 1))[0] ?? null);
    const [gitRead, editor, last] = await Promise.all([
      this.deps.git.read(session?.gitStart?.head ?? null),
      this.deps.editor.read(),
      this.deps.snapshots.latest(workspace.id),
    ]);
    const unavailable: Unavailable[] = [...gitRead.unavailable];
    if (!editor) unavailable.push({ source: 'editor', reason: 'no editor: open files, cursor and diagnostics are unknown' });
    const knowledge = await this.deps.knowledge.relevant({
      workspaceId: workspace.id,
      paths: (gitRead.git?.changes ?? []).map((c) => c.path),
      goal: session?.goal ?? '',
      notes: (session?.notes ?? []).map((n) => n.text),
    });
    return redactBriefingInput({
      workspaceName: workspace.name,
      session,
      git: gitRead.git,
      editor,
      knowledge,
      lastSnapshot: last ? snapshotDelta(last, gitRead.git) : null,
      unavailable,
      creditsSpent: session && this.deps.sessionSpend ? await this.deps.sessionSpend(session.id) : null,
      now: this.deps.clock.now(),
      header: this.deps.settings().header,
    });
  }

  /** With `conversation`, the briefing hands off that chat too, in a section of its own. */
  async generate(level: BriefingLevel, options: { save: boolean; conversation?: ConversationBrief }): Promise<Briefing> {
    const input = { ...(await this.gather()), conversation: options.conversation ?? null };
    const briefing = composeBriefing(input, level, this.deps.countTokens(), this.deps.settings().budgets);
    if (options.save) {
      await this.deps.history.save({
        id: this.deps.ids.next(),
        workspaceId: this.deps.workspace.id,
        sessionId: input.session?.id ?? null,
        createdAt: input.now,
        briefing,
      });
      this.deps.changes.notify();
    }
    return briefing;
  }
}

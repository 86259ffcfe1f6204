// The one place where Baton's database, stores and services are built and wired, from the
// sources the caller hands in: the extension (editor, settings, a trusted folder's git) and the
// CLI (a folder's git, default settings) call createBatonServices once each. Nothing here
// knows about VS Code.
import { homedir } from 'node:os';
import type { BriefingBudgets } from '../core/briefing/briefingTypes';
import { BriefingService } from '../core/briefing/briefingService';
import { ChangeFeed } from '../core/changeFeed';
import type { Clock, IdSource } from '../core/clock';
import { KnowledgeService } from '../core/knowledge/knowledgeService';
import type { Session, SessionSettings, WorkspaceRef } from '../core/sessions/session';
import { SessionTracker } from '../core/sessions/sessionTracker';
import type { Snapshot } from '../core/snapshots/snapshot';
import { SnapshotService } from '../core/snapshots/snapshotService';
import type { EditorContextSource } from '../core/workContext/workContextPorts';
import { tokenCounter } from '../providers/tokenCounter';
import { BatonDatabase } from '../storage/batonDatabase';
import { type WritePathWarmUp, startWritePathWarmUp } from './writePathWarmup';
import type { FoldOptions } from '../storage/foldSchedule';
import { BriefingStore } from '../storage/briefingStore';
import { KnowledgeStore } from '../storage/knowledgeStore';
import { SessionStore } from '../storage/sessionStore';
import { SnapshotStore } from '../storage/snapshotStore';
import { type GitAccess, gitSourcesFor } from './gitSources';
import { loadRouterServices } from './routerServicesLoader';
import type { RouterServices, RouterSources } from './routerServices';
import { AccountPool } from '../core/accounts/accountPool';
import { sessionSpendText } from '../core/accounts/sessionSpendText';
import { AccountStore } from '../storage/accountStore';
import { AccountApiKeys } from './accountApiKeys';
import { lazyZoneClock } from './zoneClockLoader';
import { loadUsageServices } from './usageServicesLoader';
import type { LocationInputs, UsageScanner } from './usageServices';
import type { CostsService } from '../core/costs/costsService';
import type { BudgetConfig } from '../core/routing/routerConfig';
import { loadCostsServices } from './costsServicesLoader';
import type { LimitStanding } from '../core/costs/budgetAlerts';
import { AlertMarks } from '../storage/alertMarks';
import { usedText } from '../core/accounts/standingText';
import { firstOfMonth } from '../core/costs/calendarDays';
import { nanosFromUsd } from '../core/costs/costMath';
import type { CostsSummaryView } from '../shared/viewState';
import { spendSummary } from '../storage/spendSummary';
import { systemLocalDay } from './systemLocalDay';
import type { ChatBackend, ChatEditor } from '../core/chat/chatPorts';
import { loadChatServices } from './chatServicesLoader';

/** Settings are read at each use, so a change applies without rebuilding anything. */
export interface BatonSettings {
  session(): SessionSettings;
  briefing(): { readonly budgets: BriefingBudgets; readonly header: string };
  maxPatchKB(): number;
}

/**
 * When each kind of process folds the journal into the main file, the file other SQLite
 * readers open: a window a few seconds after its writes stop, a CLI command that wrote before
 * it exits, a long-running server (`baton mcp`) both.
 */
const FOLDS = {
  window: { whenIdleMs: 3_000, maxShare: 0.005 },
  command: { onClose: true },
  server: { whenIdleMs: 3_000, maxShare: 0.005, onClose: true },
} as const satisfies Record<string, FoldOptions>;

export interface BatonSources {
  readonly clock: Clock;
  readonly ids: IdSource;
  /** `fold`: when the journal is folded into the main file for other SQLite readers (see FOLDS). */
  readonly database: { readonly path: string; readonly wasmDir?: string; readonly fold?: keyof typeof FOLDS };
  /** The workspace sessions, snapshots and briefings belong to; null when none is open. */
  readonly workspace: WorkspaceRef | null;
  readonly git: GitAccess;
  readonly editor: EditorContextSource;
  readonly settings: BatonSettings;
  /** Where a view's failure to refresh is reported. */
  readonly onListenerError?: (error: unknown) => void;
  /** The LLM router's configuration and keys; without them there is no router. */
  readonly router?: RouterSources;
  /** Where the agents' logs are looked for (environment, home folder, VS Code's global storage). */
  readonly usageLocations?: LocationInputs;
}

/** What exists only with a workspace: its session, snapshots and briefings. */
export interface WorkspaceServices {
  readonly workspace: WorkspaceRef;
  readonly tracker: SessionTracker;
  readonly sessions: SessionStore;
  readonly snapshots: SnapshotService;
  readonly snapshotHistory: SnapshotStore;
  readonly briefings: BriefingService;
  readonly briefingHistory: BriefingStore;
  /** The snapshot every ended session leaves, by command, idle or from the CLI. */
  snapshotEndedSession(session: Session): Promise<Snapshot>;
}

export interface BatonServices {
  readonly database: BatonDatabase;
  readonly knowledge: KnowledgeService;
  readonly work: WorkspaceServices | null;
  /** The LLM router, the ledger's cost views and the providers' status (built on first use). */
  readonly router: RouterServices | null;
  /** The router if something already used it: for notices that need not build it. */
  routerIfBuilt(): RouterServices | null;
  /** The account pool: accounts, credits, usage in their windows. */
  readonly accounts: AccountPool;
  readonly accountStore: AccountStore;
  /** Reads other agents' usage from their logs (its bundle is loaded on first use). */
  usage(): UsageScanner;
  /** The costs panel's state, drill-downs and exports (its bundle is loaded on first use). */
  costs(): CostsService;
  /**
   * Every budget's and account limit's standing, for the alerts; [] without budgets or accounts,
   * and then without loading the costs bundle.
   */
  limitStandings(): Promise<LimitStanding[]>;
  /** Which alerts have been shown, across every process on the database. */
  readonly alertMarks: AlertMarks;
  /** The sidebar's costs card: today, this month, the monthly budget left, the current account. */
  costSummary(): Promise<CostsSummaryView | null>;
  /**
   * The chat view's backend over `editor` (its bundle is loaded on first use). Call once per
   * view: each call builds a new service. Conversations belong to the open workspace; without
   * one, sending says so.
   */
  chat(editor: ChatEditor): ChatBackend;
  /** Fires when anything a view shows may have changed. */
  readonly changes: ChangeFeed;
  /** The write path's warm-up of a long-lived process (a window, `baton mcp`); null for a CLI command. */
  readonly warmUp: WritePathWarmUp | null;
  close(): Promise<void>;
}

/** The router's keys: the charged account's own key first, where the caller keeps account keys. */
function withAccountKeys(router: RouterSources, store: AccountStore, clock: Clock): RouterSources {
  const accountKeys = router.accountKeys;
  if (!accountKeys) return router;
  return { ...router, apiKeys: new AccountApiKeys(router.apiKeys, accountKeys, (provider) => store.chargedAccount(provider, clock.now())) };
}

/** What a session spent, in words, for its briefing. */
function spendOf(store: AccountStore): (sessionId: string) => Promise<string | null> {
  return async (sessionId) => sessionSpendText(await store.sessionSpend(sessionId), await store.list());
}

function workspaceServices(sources: BatonSources, database: BatonDatabase, knowledge: KnowledgeService, changes: ChangeFeed, accounts: AccountStore): WorkspaceServices | null {
  const { workspace, clock, ids, settings, editor } = sources;
  if (!workspace) return null;
  const git = gitSourcesFor(sources.git);
  const sessions = new SessionStore(database);
  const snapshotHistory = new SnapshotStore(database);
  const briefingHistory = new BriefingStore(database);
  const tracker = new SessionTracker({ repo: sessions, clock, ids, git: git.head, workspace, settings: () => settings.session() });
  const snapshots = new SnapshotService({
    workspace, clock, ids, snapshots: snapshotHistory, sessions, git: git.context, patch: git.patch, editor, maxPatchKB: () => settings.maxPatchKB(), changes,
  });
  const briefings = new BriefingService({
    workspace, clock, ids, sessions, snapshots: snapshotHistory, history: briefingHistory, git: git.context, editor, knowledge,
    countTokens: tokenCounter, settings: () => settings.briefing(), changes, sessionSpend: spendOf(accounts),
  });
  return {
    workspace, tracker, sessions, snapshots, snapshotHistory, briefings, briefingHistory,
    snapshotEndedSession: (session) => snapshots.take('Session end', 'session-end', session.id),
  };
}

async function costSummaryOf(database: BatonDatabase, accounts: AccountPool, budgets: BudgetConfig | null, now: number): Promise<CostsSummaryView | null> {
  const today = systemLocalDay(now);
  const [spend, current] = await Promise.all([spendSummary(database, today, firstOfMonth(today)), accounts.current()]);
  if (spend.monthNanos === 0 && !current && budgets?.monthlyUsd === undefined) return null;
  const limitNanos = budgets?.monthlyUsd === undefined ? null : nanosFromUsd(budgets.monthlyUsd);
  return {
    todayNanos: spend.todayNanos,
    monthNanos: spend.monthNanos,
    budget: limitNanos === null ? null : { limitNanos, leftNanos: limitNanos - spend.routerMonthNanos },
    account: current ? { name: current.account.name, used: usedText(current) } : null,
  };
}

function hasBudgets(budgets: BudgetConfig | null): boolean {
  if (!budgets) return false;
  const any = (limits: { readonly dailyUsd?: number; readonly monthlyUsd?: number }) => limits.dailyUsd !== undefined || limits.monthlyUsd !== undefined;
  return any(budgets) || Object.values(budgets.perProvider).some(any);
}

/** The router's budgets, or null without a router or with a configuration that does not parse. */
function routerBudgets(router: RouterSources | undefined): BudgetConfig | null {
  try {
    return router ? router.config().budgets : null;
  } catch {
    return null;
  }
}

export async function createBatonServices(sources: BatonSources): Promise<BatonServices> {
  const fold = sources.database.fold ? FOLDS[sources.database.fold] : undefined;
  const database = await BatonDatabase.open({ path: sources.database.path, wasmDir: sources.database.wasmDir, fold });
  // A window and `baton mcp` live on: they warm V8 up on the write path while idle (writePathWarmup.ts).
  const warmUp = sources.database.fold === 'window' || sources.database.fold === 'server' ? startWritePathWarmUp(sources.database.wasmDir) : null;
  const changes = new ChangeFeed(sources.onListenerError);
  const knowledge = new KnowledgeService(new KnowledgeStore(database, { clock: sources.clock, ids: sources.ids }), changes);
  const accountStore = new AccountStore(database, sources.ids);
  // A switch of account may switch the key requests go out with: connections are rebuilt.
  const accounts = new AccountPool({ repository: accountStore, clock: sources.clock, ids: sources.ids, zones: lazyZoneClock, onChange: () => {
    router?.connections.invalidate();
    changes.notify();
  } });
  let router: RouterServices | null | undefined;
  let usage: UsageScanner | undefined;
  let costs: CostsService | undefined;
  const services: BatonServices = {
    database,
    knowledge,
    work: workspaceServices(sources, database, knowledge, changes, accountStore),
    // Built on first use: loading the router's bundle is work the views never wait for.
    get router(): RouterServices | null {
      router ??= sources.router
        ? loadRouterServices().createRouterServices(database, withAccountKeys(sources.router, accountStore, sources.clock), () => changes.notify(), { zones: lazyZoneClock, chargesProvider: (p) => accounts.chargesProvider(p) })
        : null;
      return router;
    },
    routerIfBuilt: () => router ?? null,
    accounts,
    accountStore,
    usage: () => {
      usage ??= loadUsageServices().createUsageScanner(database, sources.usageLocations ?? { env: process.env, homeDir: homedir(), platform: process.platform });
      return usage;
    },
    costs: () => {
      costs ??= loadCostsServices().createCostsService(database, {
        clock: sources.clock, accounts, budgets: () => routerBudgets(sources.router), breakers: () => router?.router.state.breakers.snapshots() ?? null,
      });
      return costs;
    },
    limitStandings: async () => {
      if (!hasBudgets(routerBudgets(sources.router)) && (await accountStore.list()).length === 0) return [];
      return services.costs().limits();
    },
    alertMarks: new AlertMarks(database),
    costSummary: () => costSummaryOf(database, accounts, routerBudgets(sources.router), sources.clock.now()),
    chat: (editor) => {
      const work = services.work;
      return loadChatServices().createChatService({
        database, clock: sources.clock, ids: sources.ids, workspaceId: work?.workspace.id ?? null, router: () => services.router,
        config: () => sources.router?.config() ?? null, briefings: work?.briefings ?? null, session: work?.tracker ?? null, knowledge, changes,
      }, editor);
    },
    changes,
    warmUp,
    close: async () => {
      warmUp?.cancel();
      await warmUp?.done;
      await database.close();
    },
  };
  return services;
}

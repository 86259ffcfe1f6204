// Plays a scripted scenario for real: a git repository in a temp folder, a Baton database,
// a session with notes, knowledge and snapshots, and the briefing at every level.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BriefingService } from '../../src/core/briefing/briefingService';
import { BRIEFING_LEVELS, type Briefing, type BriefingLevel, DEFAULT_BRIEFING_HEADER, DEFAULT_BUDGETS } from '../../src/core/briefing/briefingTypes';
import type { Clock } from '../../src/core/clock';
import { SessionTracker } from '../../src/core/sessions/sessionTracker';
import { DEFAULT_SESSION_SETTINGS } from '../../src/core/sessions/session';
import { SnapshotService } from '../../src/core/snapshots/snapshotService';
import { readGitContext } from '../../src/context/git/gitContextReader';
import { gitHeadReaderFor } from '../../src/context/gitHeadReader';
import { readPatch } from '../../src/context/patchReader';
import { workspaceForPath } from '../../src/context/workspaceIdentity';
import { tokenCounter } from '../../src/providers/tokenCounter';
import { BatonDatabase } from '../../src/storage/batonDatabase';
import { BriefingStore } from '../../src/storage/briefingStore';
import { KnowledgeStore } from '../../src/storage/knowledgeStore';
import { SessionStore } from '../../src/storage/sessionStore';
import { SnapshotStore } from '../../src/storage/snapshotStore';
import type { Scenario, ScenarioRepo } from './briefingScenarios';

const START = Date.UTC(2026, 10, 24, 9, 0, 0);

function scenarioRepo(dir: string): ScenarioRepo {
  let tick = 0;
  const git = (...args: string[]) => {
    tick += 1;
    const date = `${Math.floor(START / 1000) - 86_400 + tick * 60} +0000`;
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Ann', GIT_AUTHOR_EMAIL: 'ann@example.invalid', GIT_COMMITTER_NAME: 'Ann', GIT_COMMITTER_EMAIL: 'ann@example.invalid', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_EDITOR: 'true' };
    // Merges and rebases stop on conflicts with a non-zero exit: that is the state wanted.
    return spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' }).stdout;
  };
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  return {
    dir,
    git,
    write,
    commit: (message, files) => {
      for (const [path, text] of Object.entries(files)) write(path, text);
      git('add', '--', ...Object.keys(files));
      git('commit', '-q', '-m', message);
    },
  };
}

export interface ScenarioResult {
  readonly briefings: Record<BriefingLevel, Briefing>;
}

export async function runScenario(scenario: Scenario, wasmDir: string): Promise<ScenarioResult> {
  const root = mkdtempSync(join(tmpdir(), 'baton-scenario-'));
  const dir = join(root, 'shop');
  mkdirSync(dir);
  const repo = scenarioRepo(dir);
  if (scenario.before) {
    repo.git('init', '-q', '-b', 'main');
    scenario.before(repo);
  }
  let now = START;
  const clock: Clock = { now: () => now };
  let id = 0;
  const ids = { next: () => `id-${++id}` };
  const database = await BatonDatabase.open({ path: join(root, 'baton.db'), wasmDir });
  try {
    const workspace = workspaceForPath(dir);
    const sessions = new SessionStore(database);
    const snapshots = new SnapshotStore(database);
    const knowledge = new KnowledgeStore(database, { clock, ids });
    const editor = { read: async () => scenario.editor ?? null };
    const git = { read: (start: string | null) => readGitContext({ cwd: dir, sessionStartHead: start }) };
    const patch = { read: (max: number, hasHead: boolean) => readPatch(dir, max, hasHead) };
    const snapshotService = new SnapshotService({ workspace, clock, ids, snapshots, sessions, git, patch, editor, maxPatchKB: () => 512 });
    if (scenario.snapshotAfterBefore) await snapshotService.take('Checkpoint', 'manual');
    const tracker = new SessionTracker({ repo: sessions, clock, ids, git: gitHeadReaderFor(scenario.before ? dir : null), workspace, settings: () => DEFAULT_SESSION_SETTINGS });
    now += 60_000;
    await tracker.start(scenario.goal);
    scenario.during?.(repo);
    for (const text of scenario.notes) {
      now += 4 * 60_000;
      await tracker.addNote(text);
    }
    for (const draft of scenario.knowledge ?? []) await knowledge.add(workspace.id, draft);
    now += 60_000;
    const service = new BriefingService({
      workspace, clock, ids, sessions, snapshots, history: new BriefingStore(database), git, editor, knowledge,
      countTokens: tokenCounter,
      settings: () => ({ budgets: DEFAULT_BUDGETS, header: DEFAULT_BRIEFING_HEADER }),
    });
    const briefings = {} as Record<BriefingLevel, Briefing>;
    for (const level of BRIEFING_LEVELS) briefings[level] = await service.generate(level, { save: false });
    return { briefings };
  } finally {
    await database.close();
    rmSync(root, { recursive: true, force: true });
  }
}

/** Which facts a briefing states: a fact counts when its text appears (case-insensitive). */
export function factFound(markdown: string, text: string): boolean {
  return markdown.toLowerCase().includes(text.toLowerCase());
}

// Plays a scripted scenario for real: a git repository in a temp folder, a Baton database,
// a session with notes, knowledge and snapshots, and the briefing at every level.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BRIEFING_LEVELS, type Briefing, type BriefingLevel } from '../../src/core/briefing/briefingTypes';
import type { Clock } from '../../src/core/clock';
import { tokenCounter } from '../../src/providers/tokenCounter';
import { openBenchServices } from './benchServices';
import type { Scenario, ScenarioRepo } from './briefingScenarios';
import { type RawMaterial, rawMaterial } from './rawMaterial';

export { factFound } from './factMatch';

const START = Date.UTC(2026, 10, 24, 9, 0, 0);

function scenarioRepo(dir: string): ScenarioRepo {
  let tick = 0;
  const gitInput = (input: string | undefined, ...args: string[]) => {
    tick += 1;
    const date = `${Math.floor(START / 1000) - 86_400 + tick * 60} +0000`;
    const env = { ...process.env, GIT_AUTHOR_NAME: 'Ann', GIT_AUTHOR_EMAIL: 'ann@example.invalid', GIT_COMMITTER_NAME: 'Ann', GIT_COMMITTER_EMAIL: 'ann@example.invalid', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_EDITOR: 'true' };
    // Merges and rebases stop on conflicts with a non-zero exit: that is the state wanted.
    return spawnSync('git', args, { cwd: dir, env, encoding: 'utf8', input }).stdout;
  };
  const git = (...args: string[]) => gitInput(undefined, ...args);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  return {
    dir,
    git,
    gitInput,
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
  /** The material the briefings were composed from, in tokens. */
  readonly raw: RawMaterial;
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
  const services = await openBenchServices({ root, dir, wasmDir, clock, ids, editor: scenario.editor });
  try {
    const { workspace, snapshots, tracker, briefings } = services.work;
    if (scenario.snapshotAfterBefore) await snapshots.take('Checkpoint', 'manual');
    now += 60_000;
    await tracker.start(scenario.goal);
    scenario.during?.(repo);
    for (const text of scenario.notes) {
      now += 4 * 60_000;
      await tracker.addNote(text);
    }
    for (const draft of scenario.knowledge ?? []) await services.knowledge.add(workspace.id, draft);
    now += 60_000;
    const results = {} as Record<BriefingLevel, Briefing>;
    for (const level of BRIEFING_LEVELS) results[level] = await briefings.generate(level, { save: false });
    return { briefings: results, raw: rawMaterial(await briefings.gather(), tokenCounter()) };
  } finally {
    await services.close();
    rmSync(root, { recursive: true, force: true });
  }
}

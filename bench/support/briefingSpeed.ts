// Times a whole briefing (gather + compose, level low) on a generated repository, and the git
// commands it runs, started the same way (all at once) but without Baton, in the same run; and
// what `Baton: Generate Handoff Briefing` makes the user wait for: the handoff snapshot, then
// the briefing, saved to the history (copying and opening the editor left out).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeBriefing } from '../../src/core/briefing/briefingComposer';
import { systemClock } from '../../src/core/clock';
import { gitContextCommandPlan } from '../../src/context/git/gitContextReader';
import { tokenCounter } from '../../src/providers/tokenCounter';
import { openBenchServices } from './benchServices';
import { type RepoSpec, benchRepo } from './repoGenerator';
import { median, percentile, round } from './stats';

function runGitPlan(cwd: string, plan: string[][]): Promise<number> {
  const started = performance.now();
  return Promise.all(
    plan.map((args) => new Promise<void>((resolve) => execFile('git', args, { cwd, maxBuffer: 256 * 1024 * 1024 }, () => resolve()))),
  ).then(() => performance.now() - started);
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

export async function measureRepo(spec: RepoSpec, runs: number, wasmDir: string) {
  const dir = benchRepo(spec);
  const start = execFileSync('git', ['rev-parse', 'HEAD~20'], { cwd: dir, encoding: 'utf8' }).trim();
  const root = mkdtempSync(join(tmpdir(), 'baton-bench-briefing-'));
  const ids = { next: () => String(Math.random()) };
  const services = await openBenchServices({ root, dir, wasmDir, clock: systemClock, ids });
  try {
    const { workspace, sessions, briefings: service, snapshots } = services.work;
    const now = Date.now();
    await sessions.createUnlessOpen({ id: 's', workspaceId: workspace.id, goal: 'Refactor the widgets', startedAt: now - 3_600_000, endedAt: null, lastActivityAt: now, activeMs: 3_000_000, gitStart: { branch: 'main', head: start }, gitEnd: null, summary: null });
    await sessions.addNote({ id: 'n', sessionId: 's', text: 'Half of the widgets are done; next: the rest', at: now - 60_000 });
    const plan = gitContextCommandPlan({ sessionStartHead: start });
    await service.generate('low', { save: false }); // warm-up: tokenizer load, file cache
    await runGitPlan(dir, plan);
    const total: number[] = [];
    const gather: number[] = [];
    const compose: number[] = [];
    const gitOnly: number[] = [];
    const command: number[] = [];
    let tokens = 0;
    for (let i = 0; i < runs; i++) {
      gitOnly.push(await runGitPlan(dir, plan));
      const [briefing, ms] = await timed(() => service.generate('low', { save: false }));
      total.push(ms);
      tokens = briefing.tokens;
      const [input, gatherMs] = await timed(() => service.gather());
      gather.push(gatherMs);
      const [, composeMs] = await timed(async () => composeBriefing(input, 'low', tokenCounter()));
      compose.push(composeMs);
      const [, commandMs] = await timed(async () => {
        await snapshots.take('Before handoff', 'handoff');
        return service.generate('medium', { save: true });
      });
      command.push(commandMs);
    }
    return {
      repo: spec,
      runs,
      gitCommands: plan.length,
      briefingMs: { median: round(median(total)), p99: round(percentile(total, 99)) },
      gatherMs: { median: round(median(gather)) },
      composeMs: { median: round(median(compose)) },
      /** The palette command: the handoff snapshot, then a medium briefing saved to the history. */
      commandMs: { median: round(median(command)), p99: round(percentile(command, 99)) },
      gitCommandsAloneMs: { median: round(median(gitOnly)), p99: round(percentile(gitOnly, 99)) },
      ratioToGit: round(median(total) / median(gitOnly)),
      tokens,
    };
  } finally {
    await services.close();
    rmSync(root, { recursive: true, force: true });
  }
}

// The built CLI (`node dist/cli.js`) on every hostile repository of the corpus: `session start`,
// `briefing`, `snapshot take` and `session end` exit 0 and run no planted program; the briefing
// keeps its sections; a refused work tree is listed as unavailable with its reason, and nothing
// from it is printed or stored. Each case ends with the control of support/hostileRepos.ts.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type CliRun, runCli } from '../../support/cli';
import { queryFile } from '../../support/database';
import { git } from '../../support/git';
import { HOSTILE_REPOS, type HostileRepo, ranMarkers, requireCliWithCurrentGitCode } from '../../support/hostileRepos';
import { cliPath, repoRoot } from '../../support/paths';
import { makeTempDir, useTempDirs } from '../../support/tempDirs';

interface BriefingJson {
  markdown: string;
  sections: { title: string; included: boolean }[];
  unavailable: { source: string; reason: string }[];
}

const hasScript = spawnSync('script', ['--version']).status === 0;

function ok(run: CliRun, what: string): string {
  assert.equal(run.code, 0, `baton ${what} exited ${String(run.code)}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  return run.stdout;
}

/** The CLI on a terminal (for the pager case): `script` gives it one. */
function runOnTerminal(args: readonly string[], env: Readonly<Record<string, string>>): Promise<string> {
  const command = [process.execPath, cliPath, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  return new Promise((resolve) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: repoRoot, env: { ...process.env, BATON_DB: '', ...env }, timeout: 30_000 }, (_error, stdout) => resolve(stdout));
  });
}

async function runEveryCommand(repo: HostileRepo, db: string) {
  const workspace = ['--db', db, '--workspace', repo.folder];
  ok(await runCli(['session', 'start', ...workspace, '--goal', 'Survive a hostile repository'], repo.env), 'session start');
  const briefing = JSON.parse(ok(await runCli(['briefing', ...workspace, '--format', 'json'], repo.env), 'briefing')) as BriefingJson;
  const snapshot = JSON.parse(ok(await runCli(['snapshot', 'take', ...workspace, '--label', 'hostile', '--json'], repo.env), 'snapshot take')) as { changedFiles: number };
  ok(await runCli(['session', 'end', ...workspace], repo.env), 'session end');
  const onTerminal = repo.mechanism === 'pager' ? await runOnTerminal(['briefing', ...workspace], repo.env) : '';
  return { briefing, markdown: briefing.markdown, snapshot, onTerminal };
}

describe('hostile repositories: the CLI runs no planted program and reads only the folder\'s work tree', function () {
  this.timeout(90_000);
  useTempDirs();
  before(requireCliWithCurrentGitCode);

  for (const entry of HOSTILE_REPOS) {
    it(entry.mechanism, async function () {
      if (entry.mechanism === 'pager' && !hasScript) this.skip();
      const repo = await entry.build();
      const db = join(makeTempDir('baton-hostile-db-'), 'baton.db');
      try {
        const { briefing, markdown, snapshot, onTerminal } = await runEveryCommand(repo, db);
        assert.deepEqual(ranMarkers(repo), [], `${entry.mechanism}: a planted program ran`);
        assert.match(markdown, /^# Handoff briefing: /);
        assert.match(briefing.markdown, /Survive a hostile repository/);
        assert.ok(briefing.sections.some((section) => section.title === 'Goal' && section.included));
        if (repo.mechanism === 'pager') assert.match(onTerminal, /# Handoff briefing: /, 'the briefing on a terminal');

        const stored = await queryFile(db, 'SELECT patch_bytes, changed_files, branch FROM snapshots');
        const everything = JSON.stringify({ briefing, markdown, stored });
        assert.doesNotMatch(everything, /SECRET FROM ELSEWHERE|secret-elsewhere/, 'nothing from another work tree');
        if (repo.refused) {
          const refusal = briefing.unavailable.find((u) => u.source === 'git');
          assert.match(refusal?.reason ?? '', repo.refused);
          assert.match(markdown, /\*\*Not available:\*\*.*git \(refused: /);
          assert.equal(snapshot.changedFiles, 0);
          assert.ok(stored.every((row) => row.branch === null && Number(row.patch_bytes) === 0));
        } else {
          assert.ok(!briefing.unavailable.some((u) => u.source === 'git' && !repo.note?.test(u.reason)), `git was read: ${JSON.stringify(briefing.unavailable)}`);
          const own = git(repo.folder, 'rev-parse', 'HEAD').slice(0, 12);
          assert.match(briefing.markdown, new RegExp(`\\*\\*Branch:\\*\\* \`main\` at \`${own}\``), 'the folder\'s own HEAD');
          assert.ok(snapshot.changedFiles > 0, 'the snapshot lists the changes');
          if (repo.note) assert.ok(briefing.unavailable.some((u) => repo.note?.test(u.reason)), `the note: ${JSON.stringify(briefing.unavailable)}`);
        }
        await repo.control();
        assert.notDeepEqual(ranMarkers(repo), [], `control: plain git sets off "${entry.mechanism}"`);
      } finally {
        await repo.close?.();
      }
    });
  }
});

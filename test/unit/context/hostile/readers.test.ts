// Every context reader on every hostile repository of the corpus (support/hostileRepos.ts): no
// planted program runs, a work tree that is not the folder's own is refused with its reason, and
// otherwise the readers still return their facts. Each case ends with a control: plain git sets
// the same mechanism off, so the case would fail if Baton's git did.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readGitContext } from '../../../../src/context/git/gitContextReader';
import { readGitHead } from '../../../../src/context/gitHeadReader';
import { applyPatch } from '../../../../src/context/patchApplier';
import { readPatch } from '../../../../src/context/patchReader';
import { git } from '../../support/git';
import { HOSTILE_REPOS, type HostileRepo, RESTORE_PATCH, ranMarkers } from '../../support/hostileRepos';
import { useTempDirs } from '../../support/tempDirs';

/** Runs `work` with `env` set in this process, then puts the environment back. */
async function withEnv<T>(env: Readonly<Record<string, string>>, work: () => Promise<T>): Promise<T> {
  const saved = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  try {
    return await work();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const hasScript = spawnSync('script', ['--version']).status === 0;

async function readEverything(repo: HostileRepo) {
  return withEnv(repo.env, async () => {
    const context = await readGitContext({ cwd: repo.folder, sessionStartHead: null });
    const patch = await readPatch(repo.folder, 1024 * 1024, true);
    const head = await readGitHead(repo.folder);
    const restorable = existsSync(join(repo.folder, 'same.txt'));
    const applied = await applyPatch(repo.folder, RESTORE_PATCH);
    return { context, patch, head, restorable, applied };
  });
}

describe('hostile repositories: the context readers run no planted program and read only the folder\'s work tree', function () {
  this.timeout(60_000);
  useTempDirs();

  for (const entry of HOSTILE_REPOS) {
    it(entry.mechanism, async function () {
      if (entry.mechanism === 'pager' && !hasScript) this.skip();
      const repo = await entry.build();
      try {
        const { context, patch, head, restorable, applied } = await readEverything(repo);
        assert.deepEqual(ranMarkers(repo), [], `${entry.mechanism}: Baton's git ran a planted program`);
        const everything = JSON.stringify({ context, patch, head });
        assert.doesNotMatch(everything, /SECRET FROM ELSEWHERE|secret-elsewhere/, 'nothing from another work tree');

        if (repo.refused) {
          assert.equal(context.git, null);
          assert.equal(context.unavailable.length, 1);
          assert.equal(context.unavailable[0]?.source, 'git');
          assert.match(context.unavailable[0]?.reason ?? '', repo.refused);
          assert.equal(patch, null);
          assert.equal(head, null);
          assert.equal(applied.ok, false);
          assert.match(applied.ok ? '' : applied.detail, repo.refused);
        } else {
          assert.ok(context.git, `a git context: ${JSON.stringify(context.unavailable)}`);
          assert.equal(context.git.branch, 'main');
          assert.ok(context.git.changes.length > 0, 'the changes are still listed');
          assert.equal(head?.head, git(repo.folder, 'rev-parse', 'HEAD'), 'the folder\'s own HEAD');
          assert.equal(context.git.head, head?.head);
          if (repo.note) assert.ok(context.unavailable.some((u) => repo.note?.test(u.reason)), `the note: ${JSON.stringify(context.unavailable)}`);
          if (restorable) {
            assert.deepEqual(applied, { ok: true }, 'git apply still applies, without filters');
            assert.equal(readFileSync(join(repo.folder, 'restored.txt'), 'utf8'), 'restored\n');
          }
        }
        await repo.control();
        assert.notDeepEqual(ranMarkers(repo), [], `control: plain git sets off "${entry.mechanism}"`);
      } finally {
        await repo.close?.();
      }
    });
  }
});

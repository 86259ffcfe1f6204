// The pieces every git call is built from (git/gitSafety.ts, git/repositoryGuard.ts): the
// environment git gets, the options each subcommand gets, the filter drivers read from the
// config; and that Baton's git writes nothing in the repository (a control shows plain git does).
import assert from 'node:assert/strict';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fullGitArgs } from '../../../../src/context/git/gitCommand';
import { readGitContext } from '../../../../src/context/git/gitContextReader';
import { SAFE_GIT_FLAGS, gitEnvironment, withSubcommandSafety } from '../../../../src/context/git/gitSafety';
import { parseDriverConfig } from '../../../../src/context/git/repositoryGuard';
import { readPatch } from '../../../../src/context/patchReader';
import { git } from '../../support/git';
import { workRepo } from '../../support/hostileRepos';
import { useTempDirs } from '../../support/tempDirs';

describe('hostile repositories: what every git call is built from', () => {
  useTempDirs();

  it('gives git an environment without the variables that name a repository, a program or config', () => {
    const env = gitEnvironment({
      PATH: '/usr/bin', HOME: '/home/u', LANG: 'fr_FR.UTF-8',
      GIT_DIR: '/x/.git', git_work_tree: '/x', GIT_INDEX_FILE: '/x/i', GIT_COMMON_DIR: '/x', GIT_OBJECT_DIRECTORY: '/x/o', GIT_NAMESPACE: 'n',
      GIT_EXTERNAL_DIFF: 'p', GIT_SSH: 'p', GIT_SSH_COMMAND: 'p', GIT_ASKPASS: 'p', SSH_ASKPASS: 'p', GIT_PROXY_COMMAND: 'p', GIT_PAGER: 'p', PAGER: 'p', GIT_EDITOR: 'p', EDITOR: 'p', VISUAL: 'p',
      GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='p'", GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.pager', GIT_CONFIG_VALUE_0: 'p', GIT_CONFIG: '/x/config', GIT_DIFF_OPTS: '-u9',
      GIT_CONFIG_GLOBAL: '/home/u/.gitconfig', GIT_CONFIG_NOSYSTEM: '1', GIT_EXEC_PATH: '/usr/lib/git-core', GIT_CEILING_DIRECTORIES: '/home', GIT_TRACE: '/tmp/t',
    });
    assert.deepEqual(env, {
      PATH: '/usr/bin', HOME: '/home/u', LANG: 'fr_FR.UTF-8',
      GIT_CONFIG_GLOBAL: '/home/u/.gitconfig', GIT_CONFIG_NOSYSTEM: '1', GIT_EXEC_PATH: '/usr/lib/git-core', GIT_CEILING_DIRECTORIES: '/home', GIT_TRACE: '/tmp/t',
      GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_ALLOW_PROTOCOL: ':', GIT_PROTOCOL_FROM_USER: '0', GIT_NO_LAZY_FETCH: '1',
      GIT_PAGER: 'cat', GIT_EDITOR: ':', GIT_SEQUENCE_EDITOR: ':', LC_ALL: 'C',
    });
  });

  it('gives diff, log, show and status their safety options after the subcommand, once', () => {
    assert.deepEqual(withSubcommandSafety(['diff', '--numstat', 'HEAD', '--']), ['diff', '--no-ext-diff', '--no-textconv', '--ignore-submodules=dirty', '--submodule=short', '--numstat', 'HEAD', '--']);
    assert.deepEqual(withSubcommandSafety(['-c', 'a=b', 'log', '--no-textconv', '-1']), ['-c', 'a=b', 'log', '--no-ext-diff', '--no-show-signature', '--no-textconv', '-1']);
    assert.deepEqual(withSubcommandSafety(['status', '-z']), ['status', '--ignore-submodules=dirty', '-z']);
    assert.deepEqual(withSubcommandSafety(['rev-parse', 'HEAD']), ['rev-parse', 'HEAD']);
    const argv = fullGitArgs(['diff', 'HEAD'], ['-c', 'filter.x.clean=']);
    assert.deepEqual(argv.slice(0, SAFE_GIT_FLAGS.length), [...SAFE_GIT_FLAGS]);
    for (const flag of ['--no-pager', 'diff.autoRefreshIndex=false', 'core.askPass=', 'credential.helper=', 'protocol.allow=never', 'log.showSignature=false', 'diff.submodule=short']) assert.ok(argv.includes(flag), flag);
    assert.ok(argv.indexOf('filter.x.clean=') < argv.indexOf('diff'), 'the repository\'s overrides come before the subcommand');
  });

  it('reads filter drivers from `config -z`: dotted and spaced names, keys without a value, core.worktree', () => {
    const output = Buffer.from('filter.lfs.clean\ngit-lfs clean -- %f\0filter.lfs.required\ntrue\0filter.a.b.process\n/x\0filter.Upper Case.smudge\n\0filter.bare.clean\0core.worktree\n../away\0filter.only.required\ntrue\0');
    assert.deepEqual(parseDriverConfig(output), { drivers: ['lfs', 'a.b', 'Upper Case', 'bare', 'only'], programDrivers: ['lfs', 'a.b'], worktree: '../away' });
    assert.deepEqual(parseDriverConfig(Buffer.alloc(0)), { drivers: [], programDrivers: [], worktree: null });
  });

  it('writes nothing in the repository: neither the index nor its lock (control: plain git diff refreshes it)', async () => {
    const repo = workRepo();
    const index = join(repo, '.git', 'index');
    const old = new Date('2021-01-01T00:00:00Z');
    utimesSync(index, old, old);
    const before = readFileSync(index);
    assert.ok((await readGitContext({ cwd: repo })).git);
    assert.ok(await readPatch(repo, 1024 * 1024, true));
    assert.deepEqual(readFileSync(index), before);
    assert.equal(statSync(index).mtimeMs, old.getTime());
    git(repo, 'diff', 'HEAD', '--quiet', '--exit-code', '--', 'same.txt'); // control: refreshes same.txt's stat data
    assert.notDeepEqual(readFileSync(index), before, 'control: plain git diff rewrites the index');
  });
});

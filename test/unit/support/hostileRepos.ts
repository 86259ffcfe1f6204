// A corpus of hostile repositories, one per way a repository, a git config or the environment
// can make git run a program or read another work tree. Every planted program is a script that
// appends to a marker file in `markerDir` (outside the repository); each entry has a control
// that triggers the mechanism with plain git, so that a test can show the mechanism is live.
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import { join } from 'node:path';
import { git } from './git';
import { cliPath, requireBuiltCli, srcDir } from './paths';
import { repoWithFiles, writeFile } from './gitRepos';
import { makeTempDir } from './tempDirs';

export interface HostileRepo {
  readonly mechanism: string;
  /** The workspace folder Baton is pointed at. */
  readonly folder: string;
  /** Environment Baton runs with, over its own (where the mechanism lives in the environment). */
  readonly env: Readonly<Record<string, string>>;
  /** Where planted programs leave markers: empty unless one ran. */
  readonly markerDir: string;
  /** Set when git must be refused: the reason the briefing lists. */
  readonly refused?: RegExp;
  /** Set when git reads the folder but says that it did not follow something. */
  readonly note?: RegExp;
  /** Plain git doing what sets the mechanism off: leaves a marker when the mechanism is live. */
  control(): Promise<void>;
  close?(): Promise<void>;
}

export interface HostileEntry {
  readonly mechanism: string;
  build(): Promise<HostileRepo>;
}

/**
 * The CLI tests of the corpus need dist/cli.js to hold the current git code (src/context/, the
 * ports, the git wiring); unlike support/cliBuild.ts, other layers may be mid-edit.
 */
export function requireCliWithCurrentGitCode(): void {
  const built = statSync(requireBuiltCli()).mtimeMs;
  const newest = (path: string): number => (statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name)))) : statSync(path).mtimeMs);
  for (const path of ['context', join('core', 'workContext'), join('app', 'gitSources.ts')]) {
    if (newest(join(srcDir, path)) > built) throw new Error(`${cliPath} is older than src/${path}: run "npm run build".`);
  }
}

/** Markers left by planted programs. */
export function ranMarkers(repo: HostileRepo): string[] {
  return existsSync(repo.markerDir) ? readdirSync(repo.markerDir) : [];
}

const PLAIN_ENV = { GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' };

/** Runs plain git (no safety flags) as the control; its failure does not matter, its markers do. */
function plainGit(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env: { ...process.env, ...PLAIN_ENV, ...env }, timeout: 20_000 }, (_error, stdout) => resolve(stdout));
  });
}

interface Kit {
  readonly markerDir: string;
  /** An executable script that leaves the marker `name`, then runs `body`. */
  plant(name: string, body?: string): string;
}

function kit(): Kit {
  const markerDir = makeTempDir('baton-hostile-markers-');
  const tools = makeTempDir('baton-hostile-tools-');
  return {
    markerDir,
    plant(name, body = 'cat') {
      const script = join(tools, name);
      writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${join(markerDir, name)}'\n${body}\n`);
      chmodSync(script, 0o755);
      return script;
    },
  };
}

/**
 * A repository with work in progress: a.txt modified, same.txt unchanged but stat-dirty (so
 * status must hash it), new.txt untracked. `.gitattributes` is committed.
 */
export function workRepo(attributes = ''): string {
  const repo = repoWithFiles({ 'a.txt': 'one\n', 'same.txt': 'same\n', '.gitattributes': attributes });
  writeFile(repo, 'a.txt', 'one\ntwo\n');
  writeFile(repo, 'new.txt', 'brand new\n');
  const old = new Date('2020-01-01T00:00:00Z');
  utimesSync(join(repo, 'same.txt'), old, old);
  return repo;
}

function configure(repo: string, settings: Record<string, string>): void {
  for (const [key, value] of Object.entries(settings)) git(repo, 'config', key, value);
}

function entry(mechanism: string, make: (k: Kit) => Promise<Omit<HostileRepo, 'mechanism' | 'markerDir'>> | Omit<HostileRepo, 'mechanism' | 'markerDir'>): HostileEntry {
  return {
    mechanism,
    build: async () => {
      const k = kit();
      return { mechanism, markerDir: k.markerDir, ...(await make(k)) };
    },
  };
}

function inRepo(folder: string, control: (folder: string) => Promise<unknown>, env: Record<string, string> = {}): Omit<HostileRepo, 'mechanism' | 'markerDir'> {
  return { folder, env, control: async () => void (await control(folder)) };
}

/** A partial clone whose HEAD names a blob that is not here: reading it fetches from `url`. */
function promisorRepo(url: string, settings: Record<string, string> = {}): string {
  const repo = repoWithFiles({ 'kept.txt': 'kept\n' });
  const kept = git(repo, 'rev-parse', 'HEAD:kept.txt');
  const missing = '1'.repeat(40);
  const tree = execFileSync('git', ['mktree', '--missing'], { cwd: repo, input: `100644 blob ${missing}\tf.txt\n100644 blob ${kept}\tkept.txt\n`, encoding: 'utf8' }).trim();
  const commit = git(repo, 'commit-tree', '-p', 'HEAD', '-m', 'names a missing blob', tree);
  git(repo, 'update-ref', 'refs/heads/main', commit);
  git(repo, 'update-index', '--add', '--cacheinfo', `100644,${missing},f.txt`);
  writeFile(repo, 'f.txt', 'local\n');
  configure(repo, { 'core.repositoryFormatVersion': '1', 'extensions.partialClone': 'origin', 'remote.origin.url': url, 'remote.origin.promisor': 'true', ...settings });
  return repo;
}

/** A folder with a file that must never reach a briefing. */
function elsewhere(): string {
  const dir = makeTempDir('baton-elsewhere-');
  writeFile(dir, 'secret-elsewhere.txt', 'SECRET FROM ELSEWHERE\n');
  return dir;
}

/** Control for the work tree cases: plain git that lists the secret leaves a marker itself. */
function listsSecret(k: Kit, cwd: string, env: Record<string, string> = {}): () => Promise<void> {
  return async () => {
    const out = await plainGit(cwd, ['status', '--porcelain', '--untracked-files=all'], env);
    if (out.includes('secret-elsewhere.txt')) writeFileSync(join(k.markerDir, 'followed-elsewhere'), out);
  };
}

const HOOKS = ['post-index-change', 'reference-transaction', 'post-checkout', 'pre-commit', 'post-commit', 'pre-auto-gc', 'post-rewrite', 'fsmonitor-watchman', 'pre-push', 'post-merge', 'prepare-commit-msg'];

export const HOSTILE_REPOS: readonly HostileEntry[] = [
  entry('clean filter', (k) => {
    const repo = workRepo('*.txt filter=x\n');
    configure(repo, { 'filter.x.clean': k.plant('clean'), 'filter.x.required': 'true' });
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD']));
  }),
  entry('smudge filter', (k) => {
    const repo = workRepo('*.txt filter=x\n');
    configure(repo, { 'filter.x.smudge': k.plant('smudge'), 'filter.x.required': 'true' });
    return inRepo(repo, (dir) => plainGit(dir, ['checkout', 'HEAD', '--', 'a.txt']));
  }),
  entry('process filter', (k) => {
    const repo = workRepo('*.txt filter=x\n');
    configure(repo, { 'filter.x.process': k.plant('process', 'exit 1'), 'filter.x.required': 'true' });
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD']));
  }),
  entry('external diff (diff.external)', (k) => {
    const repo = workRepo();
    configure(repo, { 'diff.external': k.plant('external-diff', 'exit 0') });
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD']));
  }),
  entry('external diff (GIT_EXTERNAL_DIFF)', (k) => {
    const env = { GIT_EXTERNAL_DIFF: k.plant('external-diff-env', 'exit 0') };
    return inRepo(workRepo(), (dir) => plainGit(dir, ['diff', 'HEAD'], env), env);
  }),
  entry('diff driver command', (k) => {
    const repo = workRepo('*.txt diff=d\n');
    configure(repo, { 'diff.d.command': k.plant('diff-command', 'exit 0') });
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD']));
  }),
  entry('textconv', (k) => {
    const repo = workRepo('*.txt diff=t\n');
    configure(repo, { 'diff.t.textconv': k.plant('textconv', 'cat "$1"') });
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD']));
  }),
  entry('fsmonitor', (k) => {
    const repo = workRepo();
    configure(repo, { 'core.fsmonitor': k.plant('fsmonitor', 'exit 1') });
    return inRepo(repo, (dir) => plainGit(dir, ['status']));
  }),
  entry('hooks', (k) => {
    const repo = workRepo();
    const hooksDir = join(makeTempDir('baton-hooks-'), 'hooks');
    mkdirSync(hooksDir);
    for (const hook of HOOKS) {
      const script = k.plant(`hook-${hook}`, 'exit 0');
      writeFileSync(join(repo, '.git', 'hooks', hook), `#!/bin/sh\nexec '${script}' "$@"\n`, { mode: 0o755 });
      writeFileSync(join(hooksDir, hook), `#!/bin/sh\nexec '${script}' "$@"\n`, { mode: 0o755 });
    }
    configure(repo, { 'core.hooksPath': hooksDir });
    // Reads fire no hook; plain git add writes the index and fires post-index-change.
    return inRepo(repo, (dir) => plainGit(dir, ['add', '--', 'new.txt']));
  }),
  entry('pager', (k) => {
    const repo = workRepo();
    const pager = k.plant('pager', 'cat > /dev/null');
    configure(repo, { 'core.pager': pager, 'pager.diff': pager, 'pager.log': pager, 'pager.status': pager });
    // A pager runs only on a terminal: the control gives git one.
    return inRepo(repo, (dir) => new Promise((resolve) => execFile('script', ['-qc', 'git log -1', '/dev/null'], { cwd: dir, env: { ...process.env, ...PLAIN_ENV } }, () => resolve(undefined))));
  }),
  entry('gpg (log.showSignature)', (k) => {
    const repo = workRepo();
    const tree = git(repo, 'rev-parse', 'HEAD^{tree}');
    const body = `tree ${tree}\nparent ${git(repo, 'rev-parse', 'HEAD')}\nauthor A <a@b.invalid> 1700000000 +0000\ncommitter A <a@b.invalid> 1700000000 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQ==\n -----END PGP SIGNATURE-----\n\nsigned\n`;
    const signed = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: repo, input: body, encoding: 'utf8' }).trim();
    git(repo, 'update-ref', 'refs/heads/main', signed);
    const gpg = k.plant('gpg', 'exit 1');
    configure(repo, { 'log.showSignature': 'true', 'gpg.program': gpg, 'gpg.ssh.program': gpg, 'gpg.x509.program': gpg });
    return inRepo(repo, (dir) => plainGit(dir, ['log', '-1']));
  }),
  entry('submodule with its own programs', (k) => {
    const sub = workRepo();
    const superRepo = repoWithFiles({ 'top.txt': 'top\n' });
    git(superRepo, '-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub, 'sub');
    git(superRepo, 'commit', '-q', '-m', 'add submodule');
    const inner = join(superRepo, 'sub');
    writeFile(inner, '.gitattributes', '*.txt filter=y diff=t\n');
    writeFile(inner, 'more.txt', 'more\n');
    git(inner, 'add', '.gitattributes', 'more.txt');
    git(inner, 'commit', '-q', '-m', 'attributes');
    const old = new Date('2020-01-01T00:00:00Z');
    utimesSync(join(inner, 'more.txt'), old, old);
    configure(inner, { 'filter.y.clean': k.plant('submodule-clean'), 'diff.external': k.plant('submodule-external-diff', 'exit 0'), 'diff.t.textconv': k.plant('submodule-textconv', 'cat "$1"') });
    configure(superRepo, { 'diff.submodule': 'diff', 'status.submoduleSummary': 'true' });
    writeFile(superRepo, 'top.txt', 'top changed\n');
    return inRepo(superRepo, (dir) => plainGit(dir, ['status']));
  }),
  entry('partial clone: ext:: transport', (k) => {
    const repo = promisorRepo(`ext::${k.plant('ext-transport', 'exit 1')}`, { 'protocol.ext.allow': 'always', 'protocol.allow': 'always' });
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD']));
  }),
  entry('partial clone: core.sshCommand', (k) => {
    const repo = promisorRepo('ssh://example.invalid/repo.git', { 'core.sshCommand': k.plant('ssh-command', 'exit 1') });
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD']));
  }),
  entry('partial clone: GIT_SSH_COMMAND and GIT_SSH', (k) => {
    const env = { GIT_SSH_COMMAND: k.plant('ssh-env', 'exit 1'), GIT_SSH: k.plant('git-ssh-env', 'exit 1') };
    return inRepo(promisorRepo('ssh://example.invalid/repo.git'), (dir) => plainGit(dir, ['diff', 'HEAD'], env), env);
  }),
  entry('partial clone: remote upload-pack', (k) => {
    const repo = promisorRepo(`file://${makeTempDir('baton-remote-')}`, { 'remote.origin.uploadpack': k.plant('upload-pack', 'exit 1') });
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD']));
  }),
  entry('partial clone: credential helper and askpass over http', async (k) => {
    const server: Server = createServer((_request, response) => {
      response.writeHead(401, { 'WWW-Authenticate': 'Basic realm="baton"' });
      response.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const askpass = k.plant('askpass', 'echo nobody');
    const repo = promisorRepo(`http://127.0.0.1:${port}/repo.git`, { 'credential.helper': k.plant('credential-helper', 'exit 0'), 'core.askPass': askpass });
    const env = { GIT_ASKPASS: askpass, SSH_ASKPASS: askpass };
    return { ...inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD'], env), env), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  }),
  entry('global config names programs', (k) => {
    const repo = workRepo('*.txt filter=g diff=t\n');
    const config = join(makeTempDir('baton-global-'), 'gitconfig');
    writeFileSync(config, `[filter "g"]\n\tclean = ${k.plant('global-clean')}\n\tprocess = ${k.plant('global-process', 'exit 1')}\n[diff]\n\texternal = ${k.plant('global-external-diff', 'exit 0')}\n[diff "t"]\n\ttextconv = ${k.plant('global-textconv', 'cat "$1"')}\n[core]\n\tfsmonitor = ${k.plant('global-fsmonitor', 'exit 1')}\n`);
    const env = { GIT_CONFIG_GLOBAL: config };
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD'], env), env);
  }),
  entry('system config names programs', (k) => {
    const repo = workRepo('*.txt filter=s\n');
    const config = join(makeTempDir('baton-system-'), 'gitconfig');
    writeFileSync(config, `[filter "s"]\n\tclean = ${k.plant('system-clean')}\n\trequired = true\n[core]\n\tfsmonitor = ${k.plant('system-fsmonitor', 'exit 1')}\n`);
    const env = { GIT_CONFIG_SYSTEM: config, GIT_CONFIG_NOSYSTEM: '0' };
    return inRepo(repo, (dir) => plainGit(dir, ['diff', 'HEAD'], env), env);
  }),
  entry('config in the environment (GIT_CONFIG_COUNT, GIT_CONFIG_PARAMETERS)', (k) => {
    const env = {
      GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.fsmonitor', GIT_CONFIG_VALUE_0: k.plant('env-config-fsmonitor', 'exit 1'),
      GIT_CONFIG_PARAMETERS: `'diff.external'='${k.plant('env-config-external-diff', 'exit 0')}'`,
    };
    return inRepo(workRepo(), (dir) => plainGit(dir, ['diff', 'HEAD'], env), env);
  }),
  entry('core.worktree elsewhere', (k) => {
    const repo = workRepo();
    const away = elsewhere();
    configure(repo, { 'core.worktree': away });
    return { folder: repo, env: {}, refused: new RegExp(`^refused: core\\.worktree points outside the workspace \\(.*${away.split('/').pop() ?? ''}\\)$`), control: listsSecret(k, repo) };
  }),
  entry('core.worktree to a parent folder', (k) => {
    const away = elsewhere();
    const repo = join(away, 'project');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    configure(repo, { 'core.worktree': away });
    return { folder: repo, env: {}, refused: /^refused: core\.worktree points outside the workspace/, control: listsSecret(k, repo) };
  }),
  entry('.git file to a git dir whose core.worktree is elsewhere', (k) => {
    const other = workRepo();
    const away = elsewhere();
    configure(other, { 'core.worktree': away });
    const folder = makeTempDir('baton-gitfile-');
    writeFileSync(join(folder, '.git'), `gitdir: ${join(other, '.git')}\n`);
    return { folder, env: {}, refused: /^refused: core\.worktree points outside the workspace/, control: listsSecret(k, folder) };
  }),
  entry('GIT_DIR in the environment', (k) => {
    const other = workRepo();
    configure(other, { 'core.fsmonitor': k.plant('other-fsmonitor', 'exit 1') });
    const env = { GIT_DIR: join(other, '.git') };
    return { ...inRepo(workRepo(), (dir) => plainGit(dir, ['status'], env), env), note: /^refused: GIT_DIR in the environment points outside the workspace/ };
  }),
  entry('GIT_WORK_TREE in the environment', (k) => {
    const env = { GIT_WORK_TREE: elsewhere() };
    const repo = workRepo();
    return { folder: repo, env, note: /^refused: GIT_WORK_TREE in the environment points outside the workspace/, control: listsSecret(k, repo, env) };
  }),
];

/** A patch that changes same.txt and adds restored.txt: applying it reads one file and writes two. */
export const RESTORE_PATCH = [
  'diff --git a/same.txt b/same.txt', '--- a/same.txt', '+++ b/same.txt', '@@ -1 +1,2 @@', ' same', '+restored',
  'diff --git a/restored.txt b/restored.txt', 'new file mode 100644', '--- /dev/null', '+++ b/restored.txt', '@@ -0,0 +1 @@', '+restored', '',
].join('\n');

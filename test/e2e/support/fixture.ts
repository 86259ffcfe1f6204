// The temporary world one end-to-end run lives in: a git workspace, an extensions folder,
// a user-data folder with deterministic settings, and the path of Baton's database.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Fixture {
  /** The temporary folder holding everything below; removed by `dispose`. */
  root: string;
  /** A git repository (branch main, one commit) opened as the VS Code workspace. */
  workspace: string;
  extensionsDir: string;
  userDataDir: string;
  /** code-server's own config file, so the user's ~/.config/code-server is never read. */
  configFile: string;
  /** Value of the `baton.databasePath` setting, shared with the CLI. */
  dbPath: string;
  /** Where code-server's stdout and stderr go. */
  serverLog: string;
  dispose(): void;
}

/** Settings that keep the workbench quiet and the same on every run. */
export function deterministicSettings(dbPath: string): Record<string, unknown> {
  return {
    'baton.databasePath': dbPath,
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'workbench.commandPalette.history': 0,
    'workbench.commandPalette.experimental.suggestCommands': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.autofetch': false,
    'git.openRepositoryInParentFolders': 'never',
    'window.restoreWindows': 'none',
    'files.hotExit': 'off',
    'chat.commandCenter.enabled': false,
  };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

export interface FixtureOptions {
  /** Settings added to (or replacing) the deterministic ones. */
  settings?: Record<string, unknown>;
  prefix?: string;
}

export function createFixture(options: FixtureOptions = {}): Fixture {
  const prefix = options.prefix ?? 'baton-e2e-';
  // realpath: the workspace path VS Code reports must equal the one given to the CLI.
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  const workspace = join(root, 'workspace');
  const extensionsDir = join(root, 'extensions');
  const userDataDir = join(root, 'user-data');
  const dbPath = join(root, 'baton.db');
  const configFile = join(root, 'code-server.yaml');
  for (const dir of [workspace, extensionsDir, join(userDataDir, 'User'), join(workspace, 'src')]) {
    mkdirSync(dir, { recursive: true });
  }

  writeFileSync(join(workspace, 'README.md'), '# Demo app\n\nA small app with a login page.\n');
  writeFileSync(
    join(workspace, 'src', 'auth.ts'),
    'export function redirectAfterLogin(next: string): string {\n  return next || "/login";\n}\n',
  );
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'config', 'user.name', 'Baton E2E');
  git(workspace, 'config', 'user.email', 'e2e@baton.invalid');
  git(workspace, 'config', 'commit.gpgsign', 'false');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'Initial commit');

  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...deterministicSettings(dbPath), ...options.settings }, null, 2) + '\n');
  writeFileSync(configFile, 'auth: none\ncert: false\n');

  return {
    root,
    workspace,
    extensionsDir,
    userDataDir,
    configFile,
    dbPath,
    serverLog: join(root, 'code-server.log'),
    dispose() {
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

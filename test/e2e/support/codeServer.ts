// code-server (VS Code in the browser) for the end-to-end tests: install a .vsix, start on a
// free port in its own process group, wait until it answers, stop the whole group.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { waitUntil } from './deadline';
import type { Fixture } from './fixture';
import { codeServerEntry } from './paths';

/** The environment code-server runs in: none of the variables that would override our flags. */
function serverEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'CODE_SERVER_CONFIG', 'VSCODE_PROXY_URI', 'GITHUB_TOKEN']) {
    delete env[name];
  }
  return env;
}

function assertInstalled(): void {
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed at ${codeServerEntry}: run "node scripts/install-code-server.mjs".`);
  }
}

export function commonArgs(fixture: Fixture): string[] {
  return ['--config', fixture.configFile, '--extensions-dir', fixture.extensionsDir, '--user-data-dir', fixture.userDataDir];
}

export function installExtension(fixture: Fixture, vsix: string): Promise<string> {
  assertInstalled();
  if (!existsSync(vsix)) {
    throw new Error(`${vsix} does not exist: run "npm run package" first.`);
  }
  const args = [codeServerEntry, ...commonArgs(fixture), '--force', '--install-extension', vsix];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: serverEnv(), timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`Installing ${vsix} failed: ${error.message}\n${stdout}\n${stderr}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves with the HTTP status code of GET url, or rejects when nothing answers. */
function httpStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.setTimeout(2_000, () => request.destroy(new Error('no answer within 2 s')));
    request.on('error', reject);
  });
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  process: ChildProcess;
  /** URL of the workbench with the fixture's workspace open. */
  workspaceUrl: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Omit --disable-workspace-trust (to test restricted mode). */
  workspaceTrust?: boolean;
  startTimeoutMs?: number;
  /** A port to listen on instead of a free one: a restart on the same address keeps the browser's workbench state (per origin). */
  port?: number;
}

export async function startCodeServer(fixture: Fixture, options: StartOptions = {}): Promise<CodeServer> {
  assertInstalled();
  const port = options.port ?? (await freePort());
  const args = [
    codeServerEntry,
    ...commonArgs(fixture),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    fixture.workspace,
  ];
  const log = openSync(fixture.serverLog, 'a');
  const child = spawn(process.execPath, args, {
    cwd: fixture.root,
    env: serverEnv(),
    detached: true, // its own process group: stop() kills the helpers it forks too
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  let exited: string | undefined;
  // Safety net: if the test process ends without `stop()` (Ctrl+C, a crash), take the
  // process group down with it. Signals are sent synchronously, which 'exit' allows.
  const killOnExit = (): void => {
    if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  child.on('exit', (code, signal) => {
    exited = `code-server exited (code ${code}, signal ${signal}); see ${fixture.serverLog}`;
    process.removeListener('exit', killOnExit);
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    port,
    baseUrl,
    process: child,
    workspaceUrl: `${baseUrl}/?folder=${encodeURIComponent(fixture.workspace)}`,
    stop: async () => {
      await stopProcessGroup(child);
      process.removeListener('exit', killOnExit);
    },
  };
  try {
    await waitUntil(
      async () => {
        if (exited) throw new Error(exited);
        return (await httpStatus(`${baseUrl}/healthz`)) === 200;
      },
      { what: `code-server to answer on ${baseUrl}`, timeoutMs: options.startTimeoutMs ?? 60_000, intervalMs: 200 },
    );
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the group is gone already
  }
}

function groupAlive(pid: number): boolean {
  return signalGroup(pid, 0);
}

/** SIGTERM to the whole process group, then SIGKILL whatever is left after a grace period. */
export async function stopProcessGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (!signalGroup(pid, 'SIGTERM')) return;
  try {
    await waitUntil(() => !groupAlive(pid), { what: `process group ${pid} to exit`, timeoutMs: graceMs, intervalMs: 100 });
  } catch {
    signalGroup(pid, 'SIGKILL');
  }
}

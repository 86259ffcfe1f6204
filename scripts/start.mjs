#!/usr/bin/env node
// `npm start`: builds and packages Baton, installs it into a private code-server (VS Code in
// the browser, installed by scripts/install-code-server.mjs) and opens the current folder.
//
//   npm start                      open process.cwd() (the repository when run through npm)
//   npm start -- /path/to/folder   open another folder
//   BATON_PORT=9000 npm start      another port (default 8080; a free one if it is taken)
//   BATON_TRUST_ALL=1 npm start    start with --disable-workspace-trust
//
// Extensions, user data and code-server's config live in .cache/start/, unless the folder
// opened contains it (the usual case: the repository itself). VS Code does not load extensions
// installed inside an untrusted (Restricted Mode) workspace, so then they live in
// $XDG_CACHE_HOME/baton/start (default ~/.cache/baton/start). BATON_START_DIR overrides both.
// Ctrl+C stops code-server and all its helper processes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const codeServerEntry = join(root, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const vsix = join(root, 'baton.vsix');
const host = '127.0.0.1';

/** True when `path` is `folder` or inside it. */
function isInside(path, folder) {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function stateDirFor(workspace) {
  if (process.env.BATON_START_DIR) return resolve(process.env.BATON_START_DIR);
  const inRepo = join(root, '.cache', 'start');
  if (!isInside(inRepo, workspace)) return inRepo;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'baton', 'start');
}

function step(message) {
  console.log(`\n> ${message}`);
}

function run(command, args, what) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error) throw new Error(`${what} could not start: ${result.error.message}`);
  if (result.status !== 0) {
    console.error(`\n${what} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

/** Environment for code-server, without variables that would override the flags we pass. */
function serverEnv() {
  const env = { ...process.env };
  for (const name of ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'CODE_SERVER_CONFIG']) delete env[name];
  return env;
}

/** Resolves with the port if it can be bound on 127.0.0.1 right now, else with undefined. */
function tryPort(port) {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(undefined));
    server.listen(port, host, () => {
      const bound = server.address().port;
      server.close(() => resolvePort(bound));
    });
  });
}

async function choosePort() {
  const wanted = Number.parseInt(process.env.BATON_PORT ?? '8080', 10);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535) {
    throw new Error(`BATON_PORT must be a port number, not "${process.env.BATON_PORT}".`);
  }
  const port = await tryPort(wanted);
  if (port !== undefined) return port;
  const fallback = await tryPort(0);
  console.log(`Port ${wanted} is busy; using ${fallback} instead.`);
  return fallback;
}

function healthy(url) {
  return new Promise((resolveStatus) => {
    const request = get(url, (response) => {
      response.resume();
      resolveStatus(response.statusCode === 200);
    });
    request.setTimeout(2000, () => request.destroy());
    request.on('error', () => resolveStatus(false));
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function main() {
  const workspace = resolve(process.argv[2] ?? process.cwd());
  if (!existsSync(workspace)) throw new Error(`No such folder: ${workspace}`);
  const startDir = stateDirFor(workspace);
  const extensionsDir = join(startDir, 'extensions');
  const userDataDir = join(startDir, 'user-data');
  const configFile = join(startDir, 'code-server.yaml');
  const serverLog = join(startDir, 'code-server.log');

  step('Packaging Baton (npm run package)');
  run('npm', ['run', 'package'], 'npm run package');

  step('Installing code-server if needed');
  run(process.execPath, [join(root, 'scripts', 'install-code-server.mjs')], 'Installing code-server');

  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(userDataDir, { recursive: true });
  // Our own config file, so ~/.config/code-server (password auth by default) is not used.
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const common = ['--config', configFile, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir];

  step(`Installing ${vsix} into ${extensionsDir}`);
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing although "npm run package" succeeded.`);
  const install = spawnSync(process.execPath, [codeServerEntry, ...common, '--force', '--install-extension', vsix], {
    cwd: root,
    env: serverEnv(),
    stdio: 'inherit',
  });
  if (install.status !== 0) {
    console.error(`Installing the extension failed (exit ${install.status ?? install.signal}).`);
    process.exit(install.status || 1);
  }

  const port = await choosePort();
  const trustAll = process.env.BATON_TRUST_ALL === '1';
  const args = [
    codeServerEntry,
    ...common,
    '--bind-addr', `${host}:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(trustAll ? ['--disable-workspace-trust'] : []),
    workspace,
  ];
  step(`Starting code-server on ${host}:${port} (log: ${serverLog})`);
  const log = openSync(serverLog, 'a');
  const child = spawn(process.execPath, args, {
    cwd: workspace,
    env: serverEnv(),
    detached: true, // own process group, so stopping reaches its helper processes too
    stdio: ['ignore', log, log],
  });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\nStopping code-server (${signal})...`);
    killGroup(child.pid, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (groupAlive(child.pid)) killGroup(child.pid, 'SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`code-server exited (code ${code}, signal ${signal}); see ${serverLog}`);
    killGroup(child.pid, 'SIGTERM');
    process.exit(code || 1);
  });

  const base = `http://${host}:${port}`;
  const deadline = Date.now() + 60_000;
  while (!(await healthy(`${base}/healthz`))) {
    if (Date.now() > deadline) {
      console.error(`code-server did not answer on ${base} within 60 s; see ${serverLog}`);
      await stop('SIGTERM');
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = `${base}/?folder=${encodeURIComponent(workspace)}`;
  console.log(`\nBaton is running in VS Code at ${url}`);
  console.log(trustAll ? 'Workspace Trust is disabled (BATON_TRUST_ALL=1).' : 'Workspace Trust is on: VS Code asks whether to trust the folder.');
  console.log('Press Ctrl+C to stop.');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

#!/usr/bin/env node
// Installs code-server 4.100.3 (VS Code 1.100.3) into .cache/code-server for the end-to-end
// tests and `npm start`. Offline-safe: @vscode/ripgrep's post-install download is served from
// its own cache, filled with the machine's /usr/bin/rg (see shared/TESTING.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, copyFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '4.100.3';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, '.cache', 'code-server');
export const codeServerBin = join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function installed() {
  return existsSync(codeServerBin) && existsSync(join(dir, '.installed-' + VERSION));
}

function seedRipgrepCache() {
  const rg = '/usr/bin/rg';
  if (!existsSync(rg)) {
    throw new Error('ripgrep is missing: install the Debian package "ripgrep" (apt-get install -y ripgrep).');
  }
  const cache = join(process.env.TMPDIR || tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(tarball)) return;
  mkdirSync(cache, { recursive: true });
  const stage = mkdtempSync(join(tmpdir(), 'baton-rg-'));
  copyFileSync(rg, join(stage, 'rg'));
  execFileSync('tar', ['-czf', tarball, '-C', stage, 'rg']);
  rmSync(stage, { recursive: true, force: true });
}

if (installed()) {
  process.exit(0);
}
seedRipgrepCache();
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'baton-code-server', private: true }) + '\n');
console.log(`Installing code-server ${VERSION} into ${dir} (a few minutes on a fresh machine)...`);
execFileSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${VERSION}`], {
  cwd: dir,
  stdio: 'inherit',
  env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
});
if (!existsSync(codeServerBin)) {
  throw new Error('code-server did not install: see the npm output above.');
}
writeFileSync(join(dir, '.installed-' + VERSION), new Date().toISOString() + '\n');
console.log('code-server installed.');

#!/usr/bin/env node
// Installs better-sqlite3, the native SQLite the storage benchmark measures Baton against, when
// it is missing. It compiles from source here (about a minute on 2 cores), so it stays out of
// the default `npm install`; only `npm run bench:db` needs it. The version is pinned here.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const VERSION = '12.6.2'; // 13 needs Node 22
const require = createRequire(import.meta.url);

try {
  require.resolve('better-sqlite3');
} catch {
  console.log(`Installing better-sqlite3@${VERSION} for the storage benchmark (not saved to package.json)...`);
  execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `better-sqlite3@${VERSION}`], { stdio: 'inherit' });
}

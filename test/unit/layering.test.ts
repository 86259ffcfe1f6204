// Everything outside src/host, src/extension.ts and src/webview must load in plain Node,
// where `vscode` does not exist: a leaked import fails here at once.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixturesDir, repoRoot, srcDir } from './support/paths';

function listTs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const rel = (file: string) => relative(repoRoot, file).split(sep).join('/');
const allSources = listTs(srcDir).map(rel).sort();
const isHostSide = (file: string) => file.startsWith('src/host/') || file === 'src/extension.ts';
const loadable = allSources.filter((file) => !isHostSide(file) && !file.startsWith('src/webview/'));
// src/cli.ts runs the CLI when loaded, so it is loaded in a child process instead.
const importable = loadable.filter((file) => file !== 'src/cli.ts');

const VSCODE_IMPORT = /\bfrom\s*['"]vscode['"]|\bimport\s*['"]vscode['"]|\b(?:require|import)\s*\(\s*['"]vscode['"]\s*\)/;

describe('layering: modules outside the host load without vscode', () => {
  it('finds the modules to check', () => {
    for (const expected of ['src/core/sessions/sessionTracker.ts', 'src/storage/batonDatabase.ts', 'src/context/gitRunner.ts', 'src/cli/cliArgs.ts']) {
      assert.ok(importable.includes(expected), `${expected} should be among the checked modules`);
    }
    assert.ok(!importable.some((file) => file.startsWith('src/host/')));
  });

  it('a module that imports vscode fails to load in plain Node (the check can fail)', async () => {
    await assert.rejects(import(pathToFileURL(join(fixturesDir, 'importsVscode.ts')).href), /vscode/);
  });

  for (const file of importable) {
    it(`loads ${file}`, async () => {
      const loaded: unknown = await import(pathToFileURL(join(repoRoot, file)).href);
      assert.equal(typeof loaded, 'object');
    });
  }

  it('loads src/cli.ts in a plain Node child process', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', join(srcDir, 'cli.ts'), '--help'], { cwd: repoRoot, timeout: 20_000 }, (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: out, stderr: err }),
      );
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Usage: baton/);
  });

  it('no file outside src/host and src/extension.ts imports vscode', () => {
    const offenders = allSources.filter((file) => !isHostSide(file) && VSCODE_IMPORT.test(readFileSync(join(repoRoot, file), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  it('the import pattern recognises the forms a leak can take', () => {
    for (const leak of [`import * as vscode from 'vscode';`, `import type { Uri } from "vscode";`, `const v = require('vscode');`, `await import('vscode')`, `import 'vscode';`]) {
      assert.match(leak, VSCODE_IMPORT);
    }
    assert.doesNotMatch(`// mentions vscode-elements and 'vscode' in prose`, /\bfrom\s*['"]vscode['"]/);
  });
});

// The layer table of ARCHITECTURE.md is enforced by ESLint (eslint.config.mjs, rule
// `baton/layer-imports`). Each case below plants one import into a file of a given layer and
// lints it with the project's real config: every row of the table must be able to fail, and
// the imports the table allows must pass.
import assert from 'node:assert/strict';
import { ESLint, type Linter } from 'eslint';
import { repoRoot } from '../support/paths';

const RULE = 'baton/layer-imports';

interface Case {
  /** Repo-relative path of the file the code is linted as. */
  readonly file: string;
  readonly code: string;
  /** What the report must name (the resolved target or the kind of import). */
  readonly reports?: RegExp;
}

const forbidden: readonly Case[] = [
  // shared: nothing but shared
  { file: 'src/shared/protocol.ts', code: `import { x } from '../core/clock';`, reports: /src\/core\/clock/ },
  { file: 'src/shared/protocol.ts', code: `import { x } from '../webview/dom';`, reports: /src\/webview\/dom/ },
  { file: 'src/shared/protocol.ts', code: `import { join } from 'node:path';`, reports: /'node:path' \(a Node built-in\)/ },
  { file: 'src/shared/protocol.ts', code: `import MarkdownIt from 'markdown-it';`, reports: /'markdown-it' \(an npm package\)/ },
  { file: 'src/shared/protocol.ts', code: `import type { Uri } from 'vscode';`, reports: /'vscode'/ },
  // core: core and shared only
  { file: 'src/core/x/y.ts', code: `import { log } from '../../host/log';`, reports: /src\/host\/log/ },
  { file: 'src/core/clock.ts', code: `import { readFileSync } from 'node:fs';`, reports: /'node:fs'/ },
  { file: 'src/core/clock.ts', code: `const crypto = require('crypto');`, reports: /'crypto' \(a Node built-in\)/ },
  { file: 'src/core/clock.ts', code: `import initSqlJs from 'sql.js';`, reports: /'sql.js' \(an npm package\)/ },
  { file: 'src/core/clock.ts', code: `import { x } from '../storage/x';`, reports: /src\/storage\/x/ },
  { file: 'src/core/clock.ts', code: `import { x } from '../app/x';`, reports: /src\/app\/x/ },
  { file: 'src/core/clock.ts', code: `import * as vscode from 'vscode';`, reports: /'vscode'/ },
  // storage, providers, context: themselves, core, shared, Node, npm; not each other
  { file: 'src/storage/x.ts', code: `import * as vscode from 'vscode';`, reports: /'vscode'/ },
  { file: 'src/storage/x.ts', code: `import { x } from '../providers/x';`, reports: /src\/providers\/x/ },
  { file: 'src/storage/x.ts', code: `import { x } from '../context/x';`, reports: /src\/context\/x/ },
  { file: 'src/storage/x.ts', code: `import { x } from '../app/x';`, reports: /src\/app\/x/ },
  { file: 'src/providers/x.ts', code: `import { x } from '../storage/x';`, reports: /src\/storage\/x/ },
  { file: 'src/providers/x.ts', code: `import { x } from '../host/x';`, reports: /src\/host\/x/ },
  { file: 'src/context/git/x.ts', code: `import { x } from '../../providers/x';`, reports: /src\/providers\/x/ },
  { file: 'src/context/x.ts', code: `import { x } from '../cli/x';`, reports: /src\/cli\/x/ },
  { file: 'src/context/x.ts', code: `import { x } from '../webview/x';`, reports: /src\/webview\/x/ },
  // app: not host, webview, cli, extension.ts, vscode
  { file: 'src/app/x.ts', code: `import { x } from '../host/x';`, reports: /src\/host\/x/ },
  { file: 'src/app/x.ts', code: `import { x } from '../webview/x';`, reports: /src\/webview\/x/ },
  { file: 'src/app/x.ts', code: `import { x } from '../cli/x';`, reports: /src\/cli\/x/ },
  { file: 'src/app/x.ts', code: `import { activate } from '../extension';`, reports: /src\/extension\.ts/ },
  { file: 'src/app/x.ts', code: `import * as vscode from 'vscode';`, reports: /'vscode'/ },
  // host: not webview, cli, cli.ts
  { file: 'src/host/x.ts', code: `import { x } from '../cli/x';`, reports: /src\/cli\/x/ },
  { file: 'src/host/x.ts', code: `import { main } from '../cli';`, reports: /src\/cli\.ts/ },
  { file: 'src/host/x.ts', code: `import { x } from '../webview/x';`, reports: /src\/webview\/x/ },
  // webview: shared and (browser) npm packages only
  { file: 'src/webview/x.ts', code: `import { clock } from '../core/clock';`, reports: /src\/core\/clock/ },
  { file: 'src/webview/sidebar/x.ts', code: `import { x } from '../../host/x';`, reports: /src\/host\/x/ },
  { file: 'src/webview/x.ts', code: `import { x } from '../storage/x';`, reports: /src\/storage\/x/ },
  { file: 'src/webview/x.ts', code: `import { join } from 'path';`, reports: /'path' \(a Node built-in\)/ },
  { file: 'src/webview/x.ts', code: `import * as vscode from 'vscode';`, reports: /'vscode'/ },
  // extension.ts: anything but webview and cli
  { file: 'src/extension.ts', code: `import { x } from './webview/x';`, reports: /src\/webview\/x/ },
  { file: 'src/extension.ts', code: `import { x } from './cli/x';`, reports: /src\/cli\/x/ },
  // cli.ts and cli/: anything but vscode, host, webview, extension.ts
  { file: 'src/cli.ts', code: `import { x } from './host/settings';`, reports: /^src\/cli\.ts may not import src\/host\/settings/ },
  { file: 'src/cli.ts', code: `import * as vscode from 'vscode';`, reports: /'vscode'/ },
  { file: 'src/cli.ts', code: `import { x } from './webview/x';`, reports: /src\/webview\/x/ },
  { file: 'src/cli.ts', code: `import { activate } from './extension';`, reports: /src\/extension\.ts/ },
  { file: 'src/cli/x.ts', code: `import { x } from '../host/x';`, reports: /src\/host\/x/ },
  // test and bench: never host/ nor extension.ts (they load vscode)
  { file: 'test/unit/a.test.ts', code: `import { x } from '../../src/host/x';`, reports: /src\/host\/x/ },
  { file: 'test/unit/a.test.ts', code: `import { activate } from '../../src/extension';`, reports: /src\/extension\.ts/ },
  { file: 'bench/x.bench.ts', code: `import { x } from '../src/host/x';`, reports: /src\/host\/x/ },
  { file: 'test/unit/a.test.ts', code: `import * as vscode from 'vscode';`, reports: /'vscode'/ },
  // every form of import is checked
  { file: 'src/cli.ts', code: `export { x } from './host/x';`, reports: /src\/host\/x/ },
  { file: 'src/cli.ts', code: `export * from './host/x';`, reports: /src\/host\/x/ },
  { file: 'src/cli.ts', code: `export async function f() { return import('./host/x'); }`, reports: /src\/host\/x/ },
  { file: 'src/cli.ts', code: 'export async function f() { return import(`./host/x`); }', reports: /src\/host\/x/ },
  { file: 'src/cli.ts', code: `import './host/x';`, reports: /src\/host\/x/ },
  { file: 'src/cli.ts', code: `import type { X } from './host/x';`, reports: /src\/host\/x/ },
  { file: 'src/cli.ts', code: `import x = require('./host/x');`, reports: /src\/host\/x/ },
  { file: 'src/cli.ts', code: `export type X = import('./host/x').X;`, reports: /src\/host\/x/ },
  { file: 'src/cli.ts', code: `const x = require('./host/x');`, reports: /src\/host\/x/ },
  // an allow-list refuses what is in no layer: tests, repo files, files outside the repository
  { file: 'src/storage/x.ts', code: `import { paths } from '../../test/unit/support/paths';`, reports: /test\/unit\/support\/paths/ },
  { file: 'src/host/x.ts', code: `import pkg from '../../package.json';`, reports: /package\.json/ },
  { file: 'src/core/clock.ts', code: `import { x } from '../../../elsewhere/x';`, reports: /files outside the repository/ },
  // a file under src/ must belong to a layer
  { file: 'src/misc.ts', code: `export const x = 1;`, reports: /src\/misc\.ts is in no layer/ },
];

const allowed: readonly Case[] = [
  { file: 'src/shared/protocol.ts', code: `import { x } from './viewState';` },
  { file: 'src/core/x/y.ts', code: `import { x } from '../z';\nimport { p } from '../../shared/protocol';` },
  { file: 'src/storage/x.ts', code: `import { x } from '../core/x';\nimport initSqlJs from 'sql.js';\nimport { join } from 'node:path';\nimport { y } from './exchange/y';` },
  { file: 'src/providers/x.ts', code: `import OpenAI from 'openai';\nimport { x } from '../shared/protocol';` },
  { file: 'src/context/git/x.ts', code: `import { execFile } from 'node:child_process';\nimport { x } from '../../core/x';` },
  { file: 'src/app/x.ts', code: `import { x } from '../storage/x';\nimport { y } from '../providers/y';\nimport { z } from '../context/z';\nimport { c } from '../core/c';\nimport fs from 'node:fs';` },
  { file: 'src/host/x.ts', code: `import * as vscode from 'vscode';\nimport { createBatonServices } from '../app/batonServices';\nimport { x } from '../core/x';` },
  { file: 'src/webview/x.ts', code: `import { x } from '../shared/protocol';\nimport DOMPurify from 'dompurify';\nimport { y } from './render/y';` },
  { file: 'src/webview/sidebar/main.ts', code: `import { dom } from '../common/dom';\nimport { x } from '../../shared/viewState';` },
  { file: 'src/extension.ts', code: `import * as vscode from 'vscode';\nimport { x } from './host/x';\nimport { y } from './app/y';` },
  { file: 'src/cli.ts', code: `import { x } from './app/x';\nimport { y } from './cli/y';\nimport { z } from './storage/z';\nimport { readFileSync } from 'node:fs';` },
  { file: 'src/cli/x.ts', code: `import { x } from '../app/x';\nimport { y } from './y';` },
  { file: 'test/unit/a.test.ts', code: `import { x } from '../../src/core/x';\nimport { y } from '../../src/app/y';\nimport { readFileSync } from 'node:fs';` },
  { file: 'bench/x.bench.ts', code: `import { x } from '../src/storage/x';\nimport { chromium } from 'playwright-core';` },
  { file: 'test/fixtures/importsVscode.ts', code: `import * as vscode from 'vscode';` },
];

describe('lint: the layer boundaries of ARCHITECTURE.md', function () {
  this.timeout(60_000);
  let eslint: ESLint;

  before(() => {
    eslint = new ESLint({ cwd: repoRoot });
  });

  async function lint({ file, code }: Case): Promise<Linter.LintMessage[]> {
    const [result] = await eslint.lintText(`${code}\n`, { filePath: file });
    assert.ok(result, `no lint result for ${file}`);
    const fatal = result.messages.filter((m) => m.fatal || m.ruleId === null);
    assert.deepEqual(fatal, [], `${file} did not lint cleanly`);
    return result.messages.filter((m) => m.ruleId === RULE);
  }

  for (const planted of forbidden) {
    it(`refuses in ${planted.file}: ${planted.code}`, async () => {
      const errors = await lint(planted);
      assert.equal(errors.length, 1, `expected one ${RULE} error, got ${JSON.stringify(errors.map((e) => e.message))}`);
      const [error] = errors;
      assert.equal(error?.severity, 2);
      if (planted.reports) assert.match(error?.message ?? '', planted.reports);
      assert.match(error?.message ?? '', /\(see ARCHITECTURE\.md\)\.$|is in no layer of ARCHITECTURE\.md/);
    });
  }

  for (const planted of allowed) {
    it(`allows in ${planted.file}: ${planted.code.replace(/\n/g, ' ')}`, async () => {
      assert.deepEqual((await lint(planted)).map((e) => e.message), []);
    });
  }

  it('names the rule of the layer in its message', async () => {
    const [error] = await lint({ file: 'src/cli.ts', code: `import { x } from './host/settings';` });
    assert.equal(
      error?.message,
      'src/cli.ts may not import src/host/settings.ts: cli may import anything but host, webview, extension.ts and `vscode` (see ARCHITECTURE.md).',
    );
  });
});

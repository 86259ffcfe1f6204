// Lint for Baton. Besides the usual TypeScript rules, this file enforces the layer table of
// shared/ARCHITECTURE.md ("Layers and who may import whom") with the local rule
// `baton/layer-imports` (eslint/layerImports.mjs). The table is written out below, one row
// per folder, on path globs. The rule resolves every import, export-from, import() and
// require() to the repo file it names (so `./host/x` from src/cli.ts is caught as well as
// `../host/x`), finds that file's layer from the same globs, and checks the row of the file
// being linted. A file's layer is the first row whose globs match it.
//
// Rows: `may` lists the layers a file may import (an allow-list; files in no layer are
// refused), `mayNot` the layers it may not (a deny-list; anything else is fine). `vscode`,
// `nodeBuiltins` (`node:*` and `builtinModules`) and `packages` (any other bare specifier)
// say which non-file imports are allowed. test/unit/lint/layerBoundaries.test.ts plants one
// violation per row and checks that it is reported.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import batonLayers from './eslint/layerImports.mjs';

const builtinsAndPackages = { nodeBuiltins: true, packages: true };
const services = ['core', 'storage', 'providers', 'context', 'shared'];

/** The layer table of ARCHITECTURE.md. */
const layers = [
  { name: 'shared', files: ['src/shared/**'], may: ['shared'] },
  { name: 'core', files: ['src/core/**'], may: ['core', 'shared'] },
  { name: 'storage', files: ['src/storage/**'], may: ['storage', 'core', 'shared'], ...builtinsAndPackages },
  { name: 'providers', files: ['src/providers/**'], may: ['providers', 'core', 'shared'], ...builtinsAndPackages },
  { name: 'context', files: ['src/context/**'], may: ['context', 'core', 'shared'], ...builtinsAndPackages },
  { name: 'app', files: ['src/app/**'], may: ['app', ...services], ...builtinsAndPackages },
  { name: 'host', files: ['src/host/**'], may: ['host', 'app', ...services], vscode: true, ...builtinsAndPackages },
  // Browser code: browser-only npm packages are allowed; which packages are browser-only is
  // not decidable here, so that part is left to review (and to the browser bundle failing).
  { name: 'webview', files: ['src/webview/**'], may: ['webview', 'shared'], packages: true },
  { name: 'extension.ts', files: ['src/extension.ts'], mayNot: ['webview', 'cli'], vscode: true, ...builtinsAndPackages },
  { name: 'cli', files: ['src/cli.ts', 'src/cli/**'], mayNot: ['host', 'webview', 'extension.ts'], ...builtinsAndPackages },
  // The one deliberate `vscode` leak: test/unit/layering.test.ts checks that it fails to load.
  { name: 'vscode-leak fixture', files: ['test/fixtures/importsVscode.ts'], mayNot: ['host', 'extension.ts'], vscode: true, ...builtinsAndPackages },
  // Tests and benchmarks run in plain Node, where host/ and extension.ts (which load `vscode`) cannot.
  { name: 'tests', files: ['test/**', 'bench/**'], mayNot: ['host', 'extension.ts'], ...builtinsAndPackages },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'esbuild.js', 'scripts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    plugins: { baton: batonLayers },
    rules: {
      // Every file under src/ must belong to a row of the table.
      'baton/layer-imports': ['error', { root: import.meta.dirname, layers, mustBeLayered: ['src/**'] }],
    },
  },
);

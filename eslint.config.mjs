// Lint for Baton. Besides the usual TypeScript rules, this file enforces the layer table of
// shared/ARCHITECTURE.md: one `no-restricted-imports` block per folder of src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'util', 'url', 'stream', 'events', 'zlib', 'http', 'https', 'net'];
const forbid = (group, message) => ({ group, message });
const vscodeOnlyInHost = forbid(['vscode'], "Only src/host/ and src/extension.ts may import 'vscode'.");
// Matches relative imports that climb out of the current folder into the named layer.
const layer = (name) => ({ regex: `^(\\.\\./)+(src/)?${name}(/|$)`, message: `This layer may not import from ${name}/ (see ARCHITECTURE.md).` });

function boundary(files, patterns) {
  return {
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
    },
  };
}

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
  boundary(['src/shared/**/*.ts'], [
    vscodeOnlyInHost, layer('core'), layer('storage'), layer('providers'), layer('context'), layer('host'), layer('webview'),
    forbid(nodeBuiltins, 'shared/ is plain types and validators: no Node built-ins.'),
  ]),
  boundary(['src/core/**/*.ts'], [
    vscodeOnlyInHost, layer('storage'), layer('providers'), layer('context'), layer('host'), layer('webview'),
    forbid(nodeBuiltins, 'core/ is pure: inject clocks, ids and I/O instead of importing Node built-ins.'),
  ]),
  boundary(['src/storage/**/*.ts'], [vscodeOnlyInHost, layer('providers'), layer('context'), layer('host'), layer('webview')]),
  boundary(['src/providers/**/*.ts'], [vscodeOnlyInHost, layer('storage'), layer('context'), layer('host'), layer('webview')]),
  boundary(['src/context/**/*.ts'], [vscodeOnlyInHost, layer('storage'), layer('providers'), layer('host'), layer('webview')]),
  boundary(['src/host/**/*.ts'], [layer('webview')]),
  boundary(['src/webview/**/*.ts'], [
    vscodeOnlyInHost, layer('core'), layer('storage'), layer('providers'), layer('context'), layer('host'),
    forbid(nodeBuiltins, 'The webview runs in a browser: no Node built-ins.'),
  ]),
  boundary(['src/cli.ts', 'src/cli/**/*.ts'], [vscodeOnlyInHost, layer('host'), layer('webview')]),
  boundary(['test/**/*.ts', 'bench/**/*.ts'], [layer('host')]),
);

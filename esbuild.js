// Builds the bundles Baton ships: the extension host (node, cjs, `vscode` external), the
// headless CLI, sql.js and the tokenizer (each loaded on first use), and one browser bundle
// per webview. sql.js's wasm, the codicon font and uPlot's stylesheet are copied to dist/.
// One context per bundle serves both --watch and a single build.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
};

/** The webviews, each a folder of src/webview/ with its own bundle. */
const WEBVIEWS = ['sidebar', 'costs', 'chat'];

/** Node bundles required on first use: [entry, output]. */
const LAZY_NODE_BUNDLES = [
  ['src/providers/sdk/openaiSdk.ts', 'dist/openai-sdk.js'],
  ['src/providers/sdk/anthropicSdk.ts', 'dist/anthropic-sdk.js'],
  ['src/providers/sdk/genaiPrices.ts', 'dist/genai-prices.js'],
  // The router with its policy, adapters, prices and ledger (src/app/routerServicesLoader.ts).
  ['src/app/routerServices.ts', 'dist/router.js'],
  // Other agents' usage read from their logs, with the price table (src/app/usageServicesLoader.ts).
  ['src/app/usageServices.ts', 'dist/usage.js'],
  // The worker threads that parse agent logs for dist/usage.js (src/context/agentLogs/usageWorkerPool.ts).
  ['src/context/agentLogs/usageWorker.ts', 'dist/usageWorker.js'],
  // The costs panel's service: rollup reads, forecast and anomaly rules (src/app/costsServicesLoader.ts).
  ['src/app/costsServices.ts', 'dist/costs-service.js'],
  // The chat view's service: conversations, history, summaries, errors (src/app/chatServicesLoader.ts).
  ['src/app/chatServices.ts', 'dist/chat-service.js'],
  // Luxon's zone arithmetic for the accounts' windows (src/app/zoneClockLoader.ts).
  ['src/app/luxonZoneClock.ts', 'dist/zones.js'],
  // `baton mcp`: the MCP server with its SDK (src/cli/mcpServerLoader.ts).
  ['src/cli/mcpServer.ts', 'dist/mcp.js'],
];

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // sql.js comes from dist/sqljs.js when the database opens (src/storage/sqlJs.ts).
    external: ['vscode', 'sql.js'],
  },
  {
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['sql.js'],
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: ['src/storage/sqlJsBundle.ts'],
    outfile: 'dist/sqljs.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/providers/o200kTokenizer.ts'],
    outfile: 'dist/tokenizer.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The provider SDKs and the price table: loaded when the first request is routed
  // (src/providers/lazyBundle.ts), never at activation.
  ...LAZY_NODE_BUNDLES.map(([entry, out]) => ({
    ...common,
    entryPoints: [entry],
    outfile: out,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  })),
  // One browser bundle per webview: src/webview/<view>/main.ts -> dist/<view>.js.
  ...WEBVIEWS.map((view) => ({
    ...common,
    entryPoints: [`src/webview/${view}/main.ts`],
    outfile: `dist/${view}.js`,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  })),
];

function copyAssets() {
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), path.join('dist', 'sql-wasm.wasm'));
  const codicons = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
  fs.copyFileSync(path.join(codicons, 'codicon.css'), path.join('dist', 'codicon.css'));
  fs.copyFileSync(path.join(codicons, 'codicon.ttf'), path.join('dist', 'codicon.ttf'));
  // uPlot's stylesheet, imported by media/costs.css as ../dist/uplot.css.
  fs.copyFileSync(require.resolve('uplot/dist/uPlot.min.css'), path.join('dist', 'uplot.css'));
}

/** Reports each rebuild in watch mode the way VS Code's problem matchers expect. */
const watchReporter = {
  name: 'watch-reporter',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

async function main() {
  copyAssets();
  const contexts = await Promise.all(
    builds.map((options) => esbuild.context({ ...options, plugins: watch ? [watchReporter] : [] })),
  );
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
  fs.chmodSync(path.join('dist', 'cli.js'), 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

// npm run bench:activation:vscode — Baton's activation in a real VS Code (code-server 4.100.3,
// VS Code 1.100.3, headless Chromium), not the `vscode` stub of bench:activation: N cold starts,
// each with a fresh workspace, extensions and user-data folder and a fresh browser. The
// extension host figures come from the line the sidebar writes to Baton's log file
// ("Sidebar first state … ms after activation started (activate returned after … ms)"); the
// browser figures are wall time from page navigation. Writes bench/results/activation-vscode.json.
// `--quick` runs 3 cold starts instead of 7 and writes nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { codeServerEntry } from '../test/e2e/support/paths';
import { BROWSER_POLL_MS, coldStart, type ColdStartRun } from './support/codeServerColdStart';
import { machineFacts, median, percentile, round } from './support/stats';

const ROOT = resolve(__dirname, '..');
const QUICK = process.argv.includes('--quick');
const RUNS = QUICK ? 3 : 7;

function summary(runs: readonly ColdStartRun[], key: keyof ColdStartRun) {
  const values = runs.map((run) => run[key]);
  return { median: round(median(values)), p95: round(percentile(values, 95)), min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

const EXCLUDES = {
  activationToFirstStateMs: [
    'the code-server start and the workbench boot in the browser before the extension host activates Baton',
    'loading dist/extension.js (the require before activate() is called)',
    'the webview reaching the screen after the state was posted (postMessage, rendering in Chromium)',
  ],
  activateMs: ['loading dist/extension.js', 'everything activate() starts but does not wait for (the database opens in the background)'],
  navToSidebarContentMs: [
    'the code-server start and the .vsix install (the server answers /healthz before navigation)',
    'launching Chromium',
    `up to ${BROWSER_POLL_MS} ms of polling delay, plus the harness's own round trips to the page`,
  ],
  navToSidebarReadyMs: ['the same as navToSidebarContentMs'],
};

async function main(): Promise<void> {
  const runs: ColdStartRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const run = await coldStart();
    runs.push(run);
    console.log(`cold start ${i + 1}/${RUNS}: ${JSON.stringify(run)}`);
  }
  const result = {
    benchmark: 'activation-vscode',
    date: new Date().toISOString(),
    machine: machineFacts(),
    setup: {
      runs: RUNS,
      vscode: 'code-server 4.100.3 (VS Code 1.100.3), --disable-workspace-trust, e2e deterministic settings',
      browser: 'headless Chromium via playwright-core, 1400×900',
      extension: 'baton.vsix (npm run package: production bundle)',
      cold: 'each run: new workspace, extensions folder, user-data folder, empty database, new code-server, new browser',
      sidebar: 'the Baton activity bar entry is clicked as soon as it is visible; the view resolves only while visible',
    },
    figures: {
      activationToFirstStateMs: {
        ...summary(runs, 'activationToFirstStateMs'),
        note: "extension host: activate() started → the sidebar posted its first state with the database's contents, after the page's ready (Baton's log)",
      },
      activateMs: { ...summary(runs, 'activateMs'), note: 'extension host: activate() started → returned (Baton\'s log)' },
      breakdown: {
        databaseReadyMs: summary(runs, 'databaseReadyMs'),
        viewResolvedMs: summary(runs, 'viewResolvedMs'),
        pageReadyMs: summary(runs, 'pageReadyMs'),
        stateBuildMs: summary(runs, 'stateBuildMs'),
        note: 'ms after activate() started, from the same log line: the database opened (sql.js loaded, file read and checked, journal replayed, the session restored); VS Code resolved the sidebar view; its page booted and posted ready; the first state with the database\'s contents built. The first state waits for the later of the database and the page.',
      },
      navToSidebarContentMs: {
        ...summary(runs, 'navToSidebarContentMs'),
        note: 'browser: page navigation → the sidebar webview shows content (its own "Loading Baton…" counts)',
      },
      navToSidebarReadyMs: {
        ...summary(runs, 'navToSidebarReadyMs'),
        note: 'browser: page navigation → the sidebar webview shows content other than "Loading Baton…"',
      },
      navToActivationStartMs: {
        ...summary(runs, 'navToActivationStartMs'),
        note: "page navigation → activate() started (the log line's timestamp minus its figure; ±1 ms clock resolution)",
      },
      navToViewClickMs: { ...summary(runs, 'navToViewClickMs'), note: 'browser: page navigation → the Baton activity bar entry clicked' },
    },
    p95Note: `with ${RUNS} runs the p95 is the slowest run`,
    excludes: EXCLUDES,
    runs,
  };
  console.log(JSON.stringify(result, null, 2));
  if (QUICK) return;
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench', 'results', 'activation-vscode.json'), JSON.stringify(result, null, 2) + '\n');
}

main().catch((error: unknown) => {
  console.error(`${error instanceof Error ? error.message : String(error)}\n(code-server: ${codeServerEntry})`);
  process.exit(1);
});

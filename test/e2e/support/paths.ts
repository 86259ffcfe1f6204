// Where the end-to-end harness finds what the build and the installer produced.
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..', '..');
/** The packaged extension, built by `npm run package` (BATON_VSIX points elsewhere). */
export const vsixPath = process.env.BATON_VSIX ?? join(repoRoot, 'baton.vsix');
/** The headless CLI, built by `npm run build` / `npm run package`. */
export const cliPath = join(repoRoot, 'dist', 'cli.js');
/** code-server's entry point, installed by scripts/install-code-server.mjs; run it with `node`. */
export const codeServerEntry = join(repoRoot, '.cache', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
/** Screenshots and logs of failed tests (ignored by git). */
export const resultsDir = join(repoRoot, 'test-results');
export const chromiumPath = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

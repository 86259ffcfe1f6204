// Restarting VS Code (code-server) in the middle of a run, on the same fixture: stop the
// server, change things on disk while nothing has the database open, start again and reload
// the workbench in the same browser page. The browser keeps the workbench's own state (open
// editors, a webview panel's saved state) in IndexedDB per origin: a test of what VS Code
// restores restarts on the same port, as a user comes back to the same address.
import { startCodeServer, type CodeServer } from './codeServer';
import type { BatonHarness } from './harness';
import { openWorkbench } from './workbench';

/**
 * Stops `current` (the harness's server the first time), runs `whileStopped`, starts a new
 * code-server on the same fixture and opens the workbench in `harness.page` again.
 * The caller owns the returned server: stop it in `after` (the harness only stops its first one).
 */
export async function restartCodeServer(
  harness: BatonHarness,
  current: CodeServer,
  whileStopped: () => Promise<void> | void = () => undefined,
  options: { readonly samePort?: boolean } = {},
): Promise<CodeServer> {
  // Leave the page first, so that the workbench does not fight the server going away (and writes its state).
  await harness.page.goto('about:blank').catch(() => undefined);
  await current.stop();
  await whileStopped();
  const next = await startCodeServer(harness.fixture, options.samePort ? { port: current.port } : {});
  try {
    await openWorkbench(harness.page, next.workspaceUrl);
  } catch (error) {
    await next.stop();
    throw error;
  }
  return next;
}

// One cold activation, in a fresh process: load dist/extension.js with the `vscode` stub,
// time activate(), then the time until the status bar leaves its loading state (database
// open, verified and the session restored). Prints one JSON line.
import Module from 'node:module';
import { performance } from 'node:perf_hooks';
import { createVscodeStub, type StubObservations } from './vscodeStub';

const [extensionPath, workspaceDir, dbPath, root] = process.argv.slice(2) as [string, string, string, string];

async function main(): Promise<void> {
  const seen: StubObservations = { statusTexts: [] };
  const stub = createVscodeStub({ workspaceDir, settings: { databasePath: dbPath } }, seen);
  const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = loader._load;
  loader._load = (request, ...rest) => (request === 'vscode' ? stub : original(request, ...rest));

  const ready = new Promise<number>((resolve) => {
    seen.onStatusText = (text) => {
      if (!text.includes('loading')) resolve(performance.now());
    };
  });
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const extension = require(extensionPath) as { activate(ctx: unknown): unknown; deactivate(): Promise<void> };
  const loaded = performance.now();
  const subscriptions: { dispose(): unknown }[] = [];
  await extension.activate({
    subscriptions,
    extensionUri: stub.Uri.file(root),
    extension: { packageJSON: { version: '0.0.0' } },
    globalStorageUri: stub.Uri.file(root),
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: () => ({ dispose: () => undefined }) },
  });
  const activated = performance.now();
  const readyAt = await ready;
  await extension.deactivate();
  for (const item of subscriptions) item.dispose();
  process.stdout.write(
    JSON.stringify({ requireMs: loaded - t0, activateMs: activated - t0, readyMs: readyAt - t0, finalStatus: seen.statusTexts.at(-1) }) + '\n',
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

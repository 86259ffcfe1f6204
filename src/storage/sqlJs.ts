// Loads sql.js once per process, when the database first opens: its 42 KB of glue code are a
// bundle of their own (dist/sqljs.js, beside the wasm), so that activation does not parse them.
// Run from source, or bundled without it (test fixtures), it is the package itself.
import type { SqlJsStatic } from 'sql.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

type InitSqlJs = (config: { locateFile(file: string): string }) => Promise<SqlJsStatic>;

let loading: Promise<SqlJsStatic> | undefined;

function initSqlJs(): InitSqlJs {
  const bundled = join(__dirname, 'sqljs.js');
  // esbuild.js keeps 'sql.js' external in the shipped bundles, where dist/sqljs.js exists.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = (existsSync(bundled) ? require(bundled) : require('sql.js')) as { default: InitSqlJs };
  return loaded.default;
}

/** `wasmDir` defaults to the folder of the running bundle (dist/). */
export function loadSqlJs(wasmDir: string = __dirname): Promise<SqlJsStatic> {
  loading ??= Promise.resolve()
    .then(() => initSqlJs()({ locateFile: (file: string) => join(wasmDir, file) }))
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

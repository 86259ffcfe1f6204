// Loads sql.js once per process. The wasm file sits next to the bundle in dist/.
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { join } from 'node:path';

let loading: Promise<SqlJsStatic> | undefined;

/** `wasmDir` defaults to the folder of the running bundle (dist/). */
export function loadSqlJs(wasmDir: string = __dirname): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ locateFile: (file: string) => join(wasmDir, file) }).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

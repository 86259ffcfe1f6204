// A CLI command runs once and exits. V8 compiles sql.js's WebAssembly with its baseline compiler
// and, by default, recompiles the hot functions with its optimising one in background threads;
// Node waits for those threads before the process exits. On a 60 MB database that was a quarter
// of a second after the command's output, spent on code the command never ran again. A command
// therefore keeps the baseline code; `baton mcp`, which lives on, keeps V8's default.
import { setFlagsFromString } from 'node:v8';

/** Before sql.js is first compiled in this process. */
export function compileWasmForOneShot(): void {
  setFlagsFromString('--liftoff-only');
}

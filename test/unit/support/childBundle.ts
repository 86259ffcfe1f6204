// Child processes for the multi-process storage tests. A fixture is bundled once with esbuild
// into a temporary .js file, because plain `node` starts several times faster than tsx.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { fixturesDir, repoRoot } from './paths';

export interface FixtureBundle {
  readonly script: string;
  remove(): void;
}

/** Bundles test/fixtures/<name>.ts (with sql.js and the storage code) into a temporary .js. */
export async function bundleFixture(name: string): Promise<FixtureBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bundle-'));
  const script = join(dir, `${name}.js`);
  await build({
    entryPoints: [join(fixturesDir, `${name}.ts`)],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    absWorkingDir: repoRoot,
  });
  return { script, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A running child whose stdout is split into lines as they arrive. */
export interface LineChild {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the exit code (null when killed) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

export function spawnLines(script: string, args: readonly string[], onLine: (line: string) => void = () => undefined): LineChild {
  const child = spawn(process.execPath, [script, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      onLine(line);
    }
  });
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      // A line cut off by a kill has no newline: it was not fully written, so it does not count.
      resolve({ code, signal, stderr });
    });
  });
  return { child, lines, exited };
}

// Reads the uncommitted diff against HEAD for a snapshot: the first `maxBytes` of the patch
// (the rest is cut off, and said so) and the diff stat. git runs with the safe flags.
import { spawn } from 'node:child_process';
import { SAFE_GIT_FLAGS, runGit } from './gitRunner';

export interface PatchRead {
  readonly patch: string;
  /** Size of what was kept, before compression. */
  readonly bytes: number;
  readonly truncated: boolean;
  readonly diffStat: string;
}

/** Runs git and keeps at most `maxBytes` of its output; stops git once that is reached. */
function gitCapped(args: readonly string[], cwd: string, maxBytes: number, timeoutMs: number): Promise<{ output: Buffer; truncated: boolean } | null> {
  return new Promise((resolve) => {
    const child = spawn('git', [...SAFE_GIT_FLAGS, ...args], { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' }, windowsHide: true });
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = maxBytes - size;
      chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.length, room);
      if (chunk.length >= room) {
        truncated = true;
        child.kill('SIGTERM');
      }
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 || truncated ? { output: Buffer.concat(chunks), truncated } : null);
    });
  });
}

export async function readPatch(cwd: string, maxBytes: number, hasHead: boolean, timeoutMs = 10_000): Promise<PatchRead | null> {
  const base = hasHead ? ['diff', 'HEAD'] : ['diff', '--cached'];
  const options = ['--no-color', '--no-ext-diff', '--no-textconv', '--binary'];
  const [patch, stat] = await Promise.all([
    gitCapped([...base, ...options], cwd, maxBytes, timeoutMs),
    runGit([...base, '--no-color', '--stat=120'], { cwd, timeoutMs, maxBytes: 256 * 1024 }),
  ]);
  if (!patch) return null;
  const text = patch.output.toString('utf8');
  return { patch: text, bytes: patch.output.length, truncated: patch.truncated, diffStat: stat.ok ? stat.stdout.trimEnd() : '' };
}

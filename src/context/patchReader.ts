// Reads the uncommitted work for a snapshot: the diff against HEAD plus untracked files as new
// files, up to `maxBytes` (the rest is cut off, and said so), and the diff stat. git runs with
// the safe flags.
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
function gitCapped(args: readonly string[], cwd: string, maxBytes: number, timeoutMs: number, okCodes: readonly number[] = [0]): Promise<{ output: Buffer; truncated: boolean } | null> {
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
      resolve((code !== null && okCodes.includes(code)) || truncated ? { output: Buffer.concat(chunks), truncated } : null);
    });
  });
}

const MAX_UNTRACKED_IN_PATCH = 200;

/** Untracked files as "new file" diffs, so that a snapshot can bring them back too. */
async function untrackedPatch(cwd: string, maxBytes: number, timeoutMs: number): Promise<{ output: Buffer; truncated: boolean }> {
  const listed = await runGit(['ls-files', '--others', '--exclude-standard', '-z'], { cwd, timeoutMs, maxBytes: 1024 * 1024 });
  const paths = listed.ok ? listed.stdout.split('\0').filter((p) => p !== '') : [];
  const chunks: Buffer[] = [];
  let size = 0;
  for (const path of paths.slice(0, MAX_UNTRACKED_IN_PATCH)) {
    if (size >= maxBytes) return { output: Buffer.concat(chunks), truncated: true };
    // Exit status 1 means "differences found", which is always the case here.
    const diff = await gitCapped(['diff', '--no-index', '--binary', '--no-color', '--', '/dev/null', path], cwd, maxBytes - size, timeoutMs, [0, 1]);
    if (!diff) continue;
    chunks.push(diff.output);
    size += diff.output.length;
    if (diff.truncated) return { output: Buffer.concat(chunks), truncated: true };
  }
  return { output: Buffer.concat(chunks), truncated: paths.length > MAX_UNTRACKED_IN_PATCH };
}

export async function readPatch(cwd: string, maxBytes: number, hasHead: boolean, timeoutMs = 10_000): Promise<PatchRead | null> {
  const base = hasHead ? ['diff', 'HEAD'] : ['diff', '--cached'];
  const options = ['--no-color', '--no-ext-diff', '--no-textconv', '--binary'];
  const [patch, stat] = await Promise.all([
    gitCapped([...base, ...options], cwd, maxBytes, timeoutMs),
    runGit([...base, '--no-color', '--stat=120'], { cwd, timeoutMs, maxBytes: 256 * 1024 }),
  ]);
  if (!patch) return null;
  const untracked = patch.truncated ? { output: Buffer.alloc(0), truncated: true } : await untrackedPatch(cwd, maxBytes - patch.output.length, timeoutMs);
  const output = Buffer.concat([patch.output, untracked.output]);
  return {
    patch: output.toString('utf8'),
    bytes: output.length,
    truncated: patch.truncated || untracked.truncated,
    diffStat: stat.ok ? stat.stdout.trimEnd() : '',
  };
}

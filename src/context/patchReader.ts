// Reads the uncommitted work for a snapshot: the diff against HEAD (the staged files before the
// first commit) plus untracked files as new files, up to `maxBytes`, and the diff stat.
//
// - The repository is checked first (git/repositoryGuard.ts); a refused work tree gives null.
// - Every path is relative to the top level, where every command runs, so that the patch
//   applies there whole (patchApplier.ts).
// - A binary change larger than `maxBytes` (either side) is never diffed: it is listed in
//   `omitted` by path and size, and the patch applies without it. git learns which files are
//   binary from `--numstat` first; the sizes come from the index/HEAD objects and the work
//   tree; `core.bigFileThreshold` makes git treat anything above LARGE_FILE_BYTES as binary
//   without reading it. An untracked file larger than `maxBytes` that is binary or above
//   LARGE_FILE_BYTES is listed the same way. So neither Baton nor git holds a large file:
//   Baton keeps at most `maxBytes` of output, git loads no file above
//   max(maxBytes, LARGE_FILE_BYTES).
// - A binary patch is never cut: one that does not fit in what is left is left out and listed
//   too. Text that does not fit is cut, and `truncated` says so (such a patch does not apply).
// - No rename detection: it would load both sides of every candidate pair whatever their size.
import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { OmittedChange } from '../core/workContext/workContextPorts';
import { parseNumstat } from './git/diffStats';
import { type GitCommand, type GitCommandObserver, type GitCommandResult, LARGE_FILE_BYTES, gitCommandFor, runGitCommand } from './git/gitCommand';
import { openRepository } from './git/repositoryGuard';
import { BINARY_SNIFF_BYTES, decodeText, looksBinary } from './git/textDecoding';

export interface PatchRead {
  readonly patch: string;
  /** Size of what was kept, before compression. */
  readonly bytes: number;
  readonly truncated: boolean;
  readonly diffStat: string;
  /** Changes left out of the patch whole (large binaries), by path and size. */
  readonly omitted: readonly OmittedChange[];
}

export interface PatchReadOptions {
  /** Per git command; default 10,000 ms. */
  readonly timeoutMs?: number;
  readonly gitPath?: string;
  readonly onCommand?: GitCommandObserver;
}

const MAX_UNTRACKED_IN_PATCH = 200;
const NUMSTAT_BYTES = 4 * 1024 * 1024;
const STAT_BYTES = 256 * 1024;
const LIST_BYTES = 1024 * 1024;
/** Exclusion pathspecs on one command line, in characters (Windows allows 32,767 in all). */
const MAX_EXCLUDE_CHARS = 16_000;
const BINARY_PATCH = '\nGIT binary patch\n';
const COMMON = ['--no-color', '--no-renames', '--src-prefix=a/', '--dst-prefix=b/'];

export async function readPatch(cwd: string, maxBytes: number, hasHead: boolean, options: PatchReadOptions = {}): Promise<PatchRead | null> {
  const cap = Math.max(1, Math.floor(maxBytes));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const gitPath = options.gitPath ?? 'git';
  const observer = options.onCommand ? { onCommand: options.onCommand } : {};
  const opened = await openRepository({ cwd, timeoutMs, gitPath, ...observer });
  if (!opened.ok) return null;
  const top = opened.repository.topLevel;
  const config = [...opened.repository.config, '-c', `core.bigFileThreshold=${Math.max(cap, LARGE_FILE_BYTES)}`];
  const base = { cwd: top, timeoutMs, maxBytes: cap, gitPath, config, ...observer };
  const run = gitCommandFor(base);
  const against = hasHead ? ['HEAD'] : ['--cached'];

  const [numstat, stat] = await Promise.all([
    run(['diff', ...COMMON, '--numstat', '-z', ...against, '--'], NUMSTAT_BYTES),
    run(['diff', ...COMMON, '--stat=120', ...against, '--'], STAT_BYTES),
  ]);
  if (!numstat.ok) return null;
  const diffStat = stat.ok ? decodeText(stat.stdout).trimEnd() : '';
  // Without the whole list of binary files, a large one could reach the patch: nothing is kept.
  if (numstat.truncated) return { patch: '', bytes: 0, truncated: true, diffStat, omitted: [] };

  const binaries = [...parseNumstat(numstat.stdout).stats].filter(([, facts]) => facts.binary).map(([path]) => path);
  const omitted = await largeBinaries(run, top, binaries, hasHead, cap);
  const exclude = omitted.map((change) => `:(top,literal,exclude)${change.path}`);
  if (exclude.join(' ').length > MAX_EXCLUDE_CHARS) return { patch: '', bytes: 0, truncated: true, diffStat, omitted };
  const tracked = await run(['diff', ...COMMON, '--binary', ...against, '--', ...exclude]);
  if (!tracked.ok) return null;

  const chunks = [tracked.truncated ? withoutCutBinary(tracked.stdout) : tracked.stdout];
  let truncated = tracked.truncated;
  if (!truncated) {
    const untracked = await untrackedPatch(run, base, cap - tracked.stdout.length);
    chunks.push(...untracked.chunks);
    omitted.push(...untracked.omitted);
    truncated = untracked.truncated;
  }
  const output = Buffer.concat(chunks);
  return { patch: output.toString('utf8'), bytes: output.length, truncated, diffStat, omitted };
}

/**
 * The binary changes larger than `cap` on either side, with the size of the file as it is now
 * (as it was, for a deletion). Sizes of the old side (HEAD) and of staged files (index) come
 * from `cat-file --batch-check`, of the work tree from lstat.
 */
async function largeBinaries(run: GitCommand, top: string, paths: readonly string[], hasHead: boolean, cap: number): Promise<OmittedChange[]> {
  if (paths.length === 0) return [];
  const stored = await storedSizes(run, paths.map((path) => (hasHead ? `HEAD:${path}` : `:${path}`)));
  const large: OmittedChange[] = [];
  for (const [i, path] of paths.entries()) {
    const old = stored[i] ?? 'unknown';
    const now = hasHead ? await workTreeSize(join(top, path)) : old;
    const before = hasHead ? old : 'missing';
    const size = typeof now === 'number' ? now : typeof before === 'number' ? before : 0;
    // A size that could not be learnt counts as large: nothing is diffed that was not measured.
    if (now === 'unknown' || before === 'unknown' || Math.max(size, typeof before === 'number' ? before : 0) > cap) large.push({ path, bytes: size });
  }
  return large;
}

type StoredSize = number | 'missing' | 'unknown';

/** Sizes of objects named `rev:path`, in order; a name holding a newline cannot be asked. */
async function storedSizes(run: GitCommand, names: readonly string[]): Promise<StoredSize[]> {
  const askable = names.filter((name) => !name.includes('\n'));
  const input = Buffer.from(askable.map((name) => `${name}\n`).join(''), 'utf8');
  const result = askable.length === 0 ? null : await run(['cat-file', '--batch-check=%(objectsize)'], 64 * 1024 + askable.length * 24, input);
  const lines = result?.ok && !result.truncated ? result.stdout.toString('utf8').split('\n') : [];
  let next = 0;
  return names.map((name): StoredSize => {
    if (name.includes('\n')) return 'unknown';
    const line = lines[next++];
    if (line === undefined) return 'unknown';
    if (/^\d+$/.test(line)) return Number(line);
    return line.endsWith(' missing') ? 'missing' : 'unknown';
  });
}

async function workTreeSize(path: string): Promise<number | 'missing'> {
  try {
    return (await lstat(path)).size;
  } catch {
    return 'missing'; // deleted
  }
}

/** Cut output ending inside a binary patch loses that file's part: a cut binary never applies. */
function withoutCutBinary(output: Buffer): Buffer {
  const start = output.lastIndexOf('\ndiff --git ');
  if (start === -1) return output.includes(BINARY_PATCH.slice(1)) ? Buffer.alloc(0) : output;
  return output.indexOf(BINARY_PATCH, start) === -1 ? output : output.subarray(0, start + 1);
}

interface UntrackedPart {
  readonly chunks: Buffer[];
  readonly omitted: OmittedChange[];
  readonly truncated: boolean;
}

type BaseOptions = Parameters<typeof gitCommandFor>[0];

/** Untracked files as "new file" diffs, so that a snapshot can bring them back too. */
async function untrackedPatch(run: GitCommand, base: BaseOptions, budget: number): Promise<UntrackedPart> {
  const listed = await run(['ls-files', '--others', '--exclude-standard', '-z'], LIST_BYTES);
  const paths = listed.ok ? listed.stdout.toString('utf8').split('\0').filter((path) => path !== '') : [];
  const chunks: Buffer[] = [];
  const omitted: OmittedChange[] = [];
  let left = budget;
  for (const path of paths.slice(0, MAX_UNTRACKED_IN_PATCH)) {
    const info = await lstat(join(base.cwd, path)).catch(() => null);
    if (!info || !(info.isFile() || info.isSymbolicLink())) continue; // vanished, a folder (nested repository), a device
    if (info.isFile() && info.size > base.maxBytes && (info.size > LARGE_FILE_BYTES || (await startsBinary(join(base.cwd, path))))) {
      omitted.push({ path, bytes: info.size });
      continue;
    }
    if (left <= 0) return { chunks, omitted, truncated: true };
    const diff: GitCommandResult = await runGitCommand(['diff', '--no-index', '--binary', '--no-color', '--src-prefix=a/', '--dst-prefix=b/', '--', '/dev/null', path], { ...base, maxBytes: left, okExitCodes: [0, 1] });
    if (!diff.ok) continue;
    if (diff.truncated) {
      if (diff.stdout.includes(BINARY_PATCH)) {
        omitted.push({ path, bytes: info.size });
        continue;
      }
      chunks.push(diff.stdout);
      return { chunks, omitted, truncated: true };
    }
    chunks.push(diff.stdout);
    left -= diff.stdout.length;
  }
  return { chunks, omitted, truncated: paths.length > MAX_UNTRACKED_IN_PATCH };
}

async function startsBinary(path: string): Promise<boolean> {
  try {
    const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    try {
      const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return looksBinary(buffer.subarray(0, bytesRead));
    } finally {
      await handle.close();
    }
  } catch {
    return true;
  }
}

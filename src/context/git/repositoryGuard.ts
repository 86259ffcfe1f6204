// Runs before any git command that reads a work tree, and decides whether git may read it:
//
// - The work tree must be the folder's own: the folder, or the repository that contains it,
//   rooted where the `.git` entry git found is. A `core.worktree` that moves the work tree
//   elsewhere (or to a parent of the repository) is refused, never followed. A `.git` file
//   (linked worktree, submodule) may point to a git dir anywhere: the work tree stays here.
//   GIT_DIR and GIT_WORK_TREE from the environment are never passed to git (gitSafety.ts);
//   when they pointed elsewhere, a note says that the folder's own repository was read.
// - Every filter driver that any config scope names gets `-c` overrides that switch it off
//   (clean, smudge and process emptied, required=false): git has no option that turns filters
//   off for diff, status or apply, and the override needs the driver's name. A name that `-c`
//   cannot carry (one holding '=') refuses git altogether.
//
// Both reads (`rev-parse`, `config`) touch neither the work tree nor the index.
import { open, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Unavailable } from '../../core/workContext/workContext';
import { type GitCommandObserver, type GitCommandResult, runGitCommand } from './gitCommand';
import { repositoryVariables } from './gitSafety';

export const REPOSITORY_ARGS = ['rev-parse', '--absolute-git-dir', '--is-shallow-repository', '--show-toplevel'];
/** Exit status 1 means "no such key". */
export const DRIVER_CONFIG_ARGS = ['config', '-z', '--get-regexp', '^(filter\\..+|core\\.worktree)$'];

const SMALL_OUTPUT_BYTES = 64 * 1024;
const CONFIG_OUTPUT_BYTES = 1024 * 1024;

export interface RepositoryOptions {
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly gitPath: string;
  readonly onCommand?: GitCommandObserver;
}

export interface SafeRepository {
  /** The work tree's top level (real path): the folder or a parent that holds its `.git`. */
  readonly topLevel: string;
  readonly gitDir: string;
  readonly shallow: boolean;
  /** Filter drivers configured with a program (switched off in every command). */
  readonly filterDrivers: readonly string[];
  /** The `-c` overrides every later command of this repository must carry. */
  readonly config: readonly string[];
  /** GIT_DIR / GIT_WORK_TREE from the environment that were not followed. */
  readonly notes: readonly Unavailable[];
}

export type RepositoryOpening =
  | { readonly ok: true; readonly repository: SafeRepository }
  | { readonly ok: false; readonly refused: boolean; readonly reason: string };

export async function openRepository(options: RepositoryOptions): Promise<RepositoryOpening> {
  const base = { cwd: options.cwd, timeoutMs: options.timeoutMs, gitPath: options.gitPath, ...(options.onCommand ? { onCommand: options.onCommand } : {}) };
  const [located, config] = await Promise.all([
    runGitCommand(REPOSITORY_ARGS, { ...base, maxBytes: SMALL_OUTPUT_BYTES }),
    runGitCommand(DRIVER_CONFIG_ARGS, { ...base, maxBytes: CONFIG_OUTPUT_BYTES }),
  ]);
  if (!located.ok) return { ok: false, refused: false, reason: locateFailure(located, options.cwd) };
  if (!config.ok && config.exitCode !== 1) return { ok: false, refused: false, reason: `git config: ${config.detail}` };
  if (config.ok && config.truncated) return { ok: false, refused: true, reason: 'refused: the git config names more filter drivers than Baton can switch off' };

  const lines = located.stdout.toString('utf8').replace(/\n$/, '').split('\n');
  const gitDir = lines[0] ?? '';
  const shallow = lines[1] === 'true';
  const settings = parseDriverConfig(config.ok ? config.stdout : Buffer.alloc(0));
  const unsafe = settings.drivers.find((name) => name.includes('='));
  if (unsafe !== undefined) return { ok: false, refused: true, reason: `refused: filter driver ${JSON.stringify(unsafe)} cannot be switched off` };

  const folder = await realpathOr(options.cwd);
  const topLevel = await realpathOr(lines.slice(2).join('\n'));
  // The holder is the folder or one of its parents, so the work tree then contains the folder.
  const holder = await gitEntryHolder(folder);
  if (holder !== topLevel) {
    const reason = settings.worktree !== null ? `refused: core.worktree points outside the workspace (${topLevel})` : `refused: the work tree (${topLevel}) is not the workspace folder's own`;
    return { ok: false, refused: true, reason };
  }
  return {
    ok: true,
    repository: {
      topLevel,
      gitDir,
      shallow,
      filterDrivers: settings.programDrivers,
      config: settings.drivers.flatMap(switchOffFilter),
      notes: await environmentNotes(gitDir, topLevel),
    },
  };
}

function locateFailure(result: Extract<GitCommandResult, { ok: false }>, cwd: string): string {
  if (result.reason === 'not-a-repository') return `not a git repository: ${cwd}`;
  if (result.reason === 'timeout') return `git rev-parse ${result.detail}`;
  return result.detail; // no git executable, missing folder, no working tree (bare repository), ...
}

function switchOffFilter(name: string): string[] {
  return ['-c', `filter.${name}.clean=`, '-c', `filter.${name}.smudge=`, '-c', `filter.${name}.process=`, '-c', `filter.${name}.required=false`];
}

interface DriverConfig {
  /** Every filter driver that has any key, in order of first appearance. */
  readonly drivers: string[];
  /** Those with a non-empty clean, smudge or process command. */
  readonly programDrivers: string[];
  readonly worktree: string | null;
}

/** `config -z` prints `key\nvalue\0`, or `key\0` for a key without a value. */
export function parseDriverConfig(output: Buffer): DriverConfig {
  const drivers: string[] = [];
  const programDrivers: string[] = [];
  let worktree: string | null = null;
  for (const entry of output.toString('utf8').split('\0')) {
    if (entry === '') continue;
    const newline = entry.indexOf('\n');
    const key = newline === -1 ? entry : entry.slice(0, newline);
    const value = newline === -1 ? '' : entry.slice(newline + 1);
    if (key === 'core.worktree') {
      worktree = value;
      continue;
    }
    const lastDot = key.lastIndexOf('.');
    if (!key.startsWith('filter.') || lastDot < 'filter.'.length) continue;
    const name = key.slice('filter.'.length, lastDot);
    const variable = key.slice(lastDot + 1);
    if (!drivers.includes(name)) drivers.push(name);
    if (['clean', 'smudge', 'process'].includes(variable) && value !== '' && !programDrivers.includes(name)) programDrivers.push(name);
  }
  return { drivers, programDrivers, worktree };
}

async function realpathOr(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return path;
  }
}

/** The nearest folder, from `folder` up, that holds a `.git` git would take: a git dir or a `gitdir:` file. */
async function gitEntryHolder(folder: string): Promise<string | null> {
  for (let dir = folder; ; dir = dirname(dir)) {
    if (await isGitEntry(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

async function isGitEntry(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (!info) return false;
  if (info.isFile()) return (await readStart(path, 8)) === 'gitdir: ';
  if (!info.isDirectory()) return false;
  const [head, objects, refs, commondir] = await Promise.all(['HEAD', 'objects', 'refs', 'commondir'].map((name) => stat(join(path, name)).then(() => true, () => false)));
  return head === true && ((objects === true && refs === true) || commondir === true);
}

async function readStart(path: string, length: number): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, 0);
      return buffer.toString('utf8', 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}

async function environmentNotes(gitDir: string, topLevel: string): Promise<Unavailable[]> {
  const notes: Unavailable[] = [];
  for (const variable of repositoryVariables()) {
    const own = variable.name === 'GIT_DIR' ? await realpathOr(gitDir) : topLevel;
    if ((await realpathOr(variable.path)) === own) continue;
    notes.push({ source: 'git', reason: `refused: ${variable.name} in the environment points outside the workspace (${variable.path}); the folder's own repository was read` });
  }
  return notes;
}

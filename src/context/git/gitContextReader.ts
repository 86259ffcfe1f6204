// The git part of a briefing: branch, upstream, uncommitted changes with line counts and hunk
// headers, TODOs the uncommitted work adds, operation in progress, session and recent commits,
// stash count. Independent git commands run in parallel, each once for the whole repository;
// anything that could not be read is listed in `unavailable` instead of failing.
//
// Sources in `unavailable`:
//   git                 nothing could be read: no git executable, folder missing, not a
//                       repository, no working tree, `rev-parse` or `config` failed or timed
//                       out, or refused: the work tree is not the folder's own (core.worktree
//                       elsewhere); also GIT_DIR / GIT_WORK_TREE of the environment not followed
//   git.filters         changed files use a filter driver, which was not run: their content is
//                       compared as the work tree holds it, not as the filter would make it
//   git.status          `status` failed (branch and changes unknown) or its output was cut
//   git.diff            the uncommitted diff failed or was cut: some line counts (null), hunk
//                       headers and TODOs are missing
//   git.upstream        the configured upstream branch no longer exists
//   git.sessionCommits  the session start is not a commit id, is unknown here (shallow clone,
//                       rewritten and pruned history), is not an ancestor of HEAD, HEAD has no
//                       commits, or more commits than listed
//   git.history         shallow clone (older history missing, ahead/behind may be inexact), or
//                       `log` failed or was cut
//   git.stash           the stash could not be counted (stashCount is then 0)
//   git.untracked       untracked files left unread or read in part (file and byte caps)
//   git.todos           more TODO markers than listed
import type { AddedTodo, ChangedFile, GitContext, Unavailable } from '../../core/workContext/workContext';
import { type GitCommand, type GitCommandObserver, type GitCommandResult, LARGE_FILE_BYTES, fullGitArgs, gitCommandFor } from './gitCommand';
import { filterNote } from './filterNote';
import { DRIVER_CONFIG_ARGS, REPOSITORY_ARGS, openRepository } from './repositoryGuard';
import { type NumstatPart, parseNumstat, uncommittedDiffArgs } from './diffStats';
import { isAncestorArgs, logArgs, MAX_SESSION_COMMITS, readHistory } from './historyReader';
import { parsePatch } from './hunkHeaders';
import { readOperationState } from './operationState';
import { STATUS_ARGS, type StatusSnapshot, parseStatus } from './statusReader';
import { decodeText } from './textDecoding';
import { MAX_TODOS, TodoCollector } from './todoScanner';
import { type UntrackedScan, MAX_UNTRACKED_FILES, scanUntrackedFiles } from './untrackedFiles';

export interface ReadGitContextOptions {
  readonly cwd: string;
  /** HEAD when the session started: commits since then are the session's. */
  readonly sessionStartHead?: string | null;
  /** Recent commits before the session's; default 10. */
  readonly recentLimit?: number;
  /** Per git command; default 5,000 ms. */
  readonly timeoutMs?: number;
  /** Per git command output, and for all untracked files read together; default 4 MiB. */
  readonly maxBytes?: number;
  readonly gitPath?: string;
  /** Sees every git command with its wall time, e.g. for the benchmark. */
  readonly onCommand?: GitCommandObserver;
}

export interface GitContextReading {
  readonly git: GitContext | null;
  readonly unavailable: Unavailable[];
}

export const DEFAULT_RECENT_LIMIT = 10;
export const DEFAULT_TIMEOUT_MS = 5_000;
export const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
/** Commands whose output is a few lines (rev-parse, counts) get this cap whatever maxBytes says. */
const SMALL_OUTPUT_BYTES = 64 * 1024;
const LARGE_FILE_CONFIG = ['-c', `core.bigFileThreshold=${LARGE_FILE_BYTES}`];
const STASH_ARGS = ['rev-list', '--walk-reflogs', '--count', 'refs/stash', '--'];
const EMPTY_TREE_ARGS = ['hash-object', '-t', 'tree', '--stdin'];
const COMMIT_ID = /^[0-9a-f]{7,64}$/i;

/**
 * The git commands readGitContext runs in a repository without filter drivers (full argument
 * lists after the executable), so that a benchmark can time git alone: the two repository checks
 * first, then the rest at once. Not included: `hash-object` for the empty tree in a repository
 * without commits, a second `log` when the session has more than MAX_SESSION_COMMITS commits,
 * and `check-attr` when filter drivers are configured.
 */
export function gitContextCommandPlan(options: { sessionStartHead?: string | null; recentLimit?: number }): string[][] {
  const start = options.sessionStartHead && COMMIT_ID.test(options.sessionStartHead) ? options.sessionStartHead : null;
  const limit = recentLimitOf(options.recentLimit);
  const plan = [[...STATUS_ARGS], uncommittedDiffArgs('HEAD'), STASH_ARGS, logArgs(limit + (start ? MAX_SESSION_COMMITS : 0), 'HEAD')];
  if (start) plan.push(logArgs(MAX_SESSION_COMMITS + 1, `${start}..HEAD`), isAncestorArgs(start));
  return [fullGitArgs(REPOSITORY_ARGS), fullGitArgs(DRIVER_CONFIG_ARGS), ...plan.map((args) => fullGitArgs(args, LARGE_FILE_CONFIG))];
}

export async function readGitContext(options: ReadGitContextOptions): Promise<GitContextReading> {
  const maxBytes = Math.max(1, Math.floor(options.maxBytes ?? DEFAULT_MAX_BYTES));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const gitPath = options.gitPath ?? 'git';
  const observer = options.onCommand ? { onCommand: options.onCommand } : {};
  // Nothing reads the work tree before the repository is checked and its filters are known.
  const opened = await openRepository({ cwd: options.cwd, timeoutMs, gitPath, ...observer });
  if (!opened.ok) return { git: null, unavailable: [{ source: 'git', reason: opened.reason }] };
  const { topLevel, gitDir, shallow, filterDrivers } = opened.repository;
  const run = gitCommandFor({ cwd: topLevel, timeoutMs, maxBytes, gitPath, config: [...opened.repository.config, ...LARGE_FILE_CONFIG], ...observer });
  const small = (args: readonly string[]) => run(args, Math.max(maxBytes, SMALL_OUTPUT_BYTES));
  const unavailable: Unavailable[] = [...opened.repository.notes];
  const start = sessionStart(options.sessionStartHead, unavailable);

  const statusRun = run(STATUS_ARGS);
  const diffRun = run(uncommittedDiffArgs('HEAD'));
  const historyRead = readHistory(run, start, recentLimitOf(options.recentLimit));
  const stashRun = small(STASH_ARGS);
  const operationRead = readOperationState(gitDir);
  const todos = new TodoCollector();

  const statusResult = await statusRun;
  const status = readStatus(statusResult, maxBytes, unavailable);
  const untrackedPaths = status ? status.entries.filter((entry) => entry.status === 'untracked').map((entry) => entry.path) : [];
  const untrackedTodos = new TodoCollector();
  const untrackedScan = scanUntrackedFiles(topLevel, untrackedPaths, maxBytes, untrackedTodos);

  let diffResult = await diffRun;
  if (status && status.head === null && !diffResult.ok) diffResult = await diffAgainstEmptyTree(run, diffResult);
  const diff = readDiff(diffResult, maxBytes, todos, unavailable);

  const filtered = filterNote(run, filterDrivers, status?.entries.map((entry) => entry.path) ?? []);
  const [history, stash, operation, untracked, filters] = await Promise.all([historyRead, stashRun, operationRead, untrackedScan, filtered]);
  if (filters) unavailable.push(filters);
  // Before the first commit `log HEAD` fails; that is not a missing history.
  unavailable.push(...history.unavailable.filter((entry) => !(status?.head === null && entry.source === 'git.history')));
  if (shallow) unavailable.push({ source: 'git.history', reason: 'shallow clone: older history is missing and ahead/behind counts may be inexact' });
  if (status?.upstream && status.ahead === null) unavailable.push({ source: 'git.upstream', reason: `upstream ${status.upstream} no longer exists` });
  noteUntrackedCaps(untracked, untrackedPaths.length, unavailable);

  const changes = (status?.entries ?? []).map((entry): ChangedFile => {
    const base = { path: entry.path, ...(entry.oldPath !== undefined ? { oldPath: entry.oldPath } : {}), status: entry.status, staged: entry.staged, unstaged: entry.unstaged };
    if (entry.status === 'untracked') {
      const facts = untracked.files.get(entry.path);
      const lines = facts?.lines ?? null;
      return { ...base, insertions: lines, deletions: lines === null ? null : 0, binary: facts?.binary ?? false, hunkHeaders: [] };
    }
    const stats = diff.numstat?.stats.get(entry.path);
    const known = stats ?? (diff.numstatComplete ? { insertions: 0, deletions: 0, binary: false } : { insertions: null, deletions: null, binary: false });
    return { ...base, insertions: known.insertions, deletions: known.deletions, binary: known.binary, hunkHeaders: diff.headers.get(entry.path) ?? [] };
  });

  const addedTodos = mergeTodos(todos, untrackedTodos, unavailable);
  const git: GitContext = {
    branch: status?.branch ?? null,
    head: status?.head ?? null,
    upstream: status?.upstream ?? null,
    ahead: status?.ahead ?? null,
    behind: status?.behind ?? null,
    operation,
    conflicted: changes.filter((change) => change.status === 'conflicted').map((change) => change.path),
    changes,
    totals: {
      files: changes.length,
      insertions: changes.reduce((sum, change) => sum + (change.insertions ?? 0), 0),
      deletions: changes.reduce((sum, change) => sum + (change.deletions ?? 0), 0),
    },
    sessionCommits: history.sessionCommits,
    recentCommits: history.recentCommits,
    stashCount: readStashCount(stash, unavailable),
    shallow,
    addedTodos,
  };
  return { git, unavailable };
}

function recentLimitOf(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_RECENT_LIMIT;
  return Math.min(1000, Math.max(0, Math.floor(limit)));
}

/** Only a commit id reaches git's argument list: nothing that could be read as an option. */
function sessionStart(value: string | null | undefined, unavailable: Unavailable[]): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (COMMIT_ID.test(value)) return value;
  unavailable.push({ source: 'git.sessionCommits', reason: `session start ${JSON.stringify(value.slice(0, 80))} is not a commit id` });
  return null;
}

function readStatus(result: GitCommandResult, maxBytes: number, unavailable: Unavailable[]): StatusSnapshot | null {
  if (!result.ok) {
    unavailable.push({ source: 'git.status', reason: `branch and changes unknown: ${result.detail}` });
    return null;
  }
  if (result.truncated) unavailable.push({ source: 'git.status', reason: `status output exceeded ${maxBytes} bytes; the list of changed files is cut` });
  return parseStatus(result.stdout);
}

interface DiffFacts {
  readonly numstat: NumstatPart | null;
  readonly numstatComplete: boolean;
  readonly headers: ReadonlyMap<string, readonly string[]>;
}

function readDiff(result: GitCommandResult, maxBytes: number, todos: TodoCollector, unavailable: Unavailable[]): DiffFacts {
  if (!result.ok) {
    unavailable.push({ source: 'git.diff', reason: `line counts, hunk headers and TODOs unknown: ${result.detail}` });
    return { numstat: null, numstatComplete: false, headers: new Map() };
  }
  const numstat = parseNumstat(result.stdout);
  const numstatComplete = numstat.complete && !(result.truncated && numstat.patchStart >= result.stdout.length);
  const headers = parsePatch(decodeText(result.stdout.subarray(numstat.patchStart)), todos.visit);
  if (result.truncated) {
    unavailable.push({ source: 'git.diff', reason: `diff output exceeded ${maxBytes} bytes; ${numstatComplete ? 'hunk headers and TODOs' : 'line counts, hunk headers and TODOs'} of later files are missing` });
  }
  return { numstat, numstatComplete, headers };
}

/** Before the first commit there is no HEAD: the diff is taken against the empty tree. */
async function diffAgainstEmptyTree(run: GitCommand, failed: GitCommandResult): Promise<GitCommandResult> {
  const tree = await run(EMPTY_TREE_ARGS, SMALL_OUTPUT_BYTES);
  if (!tree.ok) return failed;
  return run(uncommittedDiffArgs(tree.stdout.toString('latin1').trim()));
}

function readStashCount(result: GitCommandResult, unavailable: Unavailable[]): number {
  if (result.ok) return Number(result.stdout.toString('latin1').trim()) || 0;
  if (/unknown revision|ambiguous argument|bad revision/i.test(result.detail)) return 0; // no stash yet
  unavailable.push({ source: 'git.stash', reason: result.detail });
  return 0;
}

function noteUntrackedCaps(scan: UntrackedScan, total: number, unavailable: Unavailable[]): void {
  if (scan.skipped > 0) {
    unavailable.push({ source: 'git.untracked', reason: `${scan.skipped} of ${total} untracked files not read for line counts and TODOs (at most ${MAX_UNTRACKED_FILES} files and the byte cap)` });
  }
  if (scan.partial > 0) unavailable.push({ source: 'git.untracked', reason: `${scan.partial} untracked files were too large to read whole` });
}

/** TODOs of the diff and of untracked files, by path then line. */
function mergeTodos(diffTodos: TodoCollector, untrackedTodos: TodoCollector, unavailable: Unavailable[]): AddedTodo[] {
  const all = [...diffTodos.todos, ...untrackedTodos.todos].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  if (diffTodos.overflowed || untrackedTodos.overflowed || all.length > MAX_TODOS) {
    unavailable.push({ source: 'git.todos', reason: `more than ${MAX_TODOS} added TODO markers; the first ${MAX_TODOS} are listed` });
  }
  return all.slice(0, MAX_TODOS);
}

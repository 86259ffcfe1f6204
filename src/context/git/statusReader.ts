// Parses `git status --porcelain=v2 -z --branch`: branch, HEAD, upstream and ahead/behind from
// the `# branch.*` headers, and one entry per changed, unmerged or untracked path.
// Paths are relative to the repository root (porcelain ignores status.relativePaths).
import type { ChangeStatus } from '../../core/workContext/workContext';
import { splitNulFields } from './nulFields';

export const STATUS_ARGS = ['status', '--porcelain=v2', '-z', '--branch', '--untracked-files=all', '--find-renames'] as const;

export interface StatusEntry {
  readonly path: string;
  readonly oldPath?: string;
  readonly status: ChangeStatus;
  readonly staged: boolean;
  readonly unstaged: boolean;
}

export interface StatusSnapshot {
  /** Null on a detached HEAD. */
  readonly branch: string | null;
  /** Null before the first commit. */
  readonly head: string | null;
  readonly upstream: string | null;
  /** Null when there is no upstream or it no longer exists. */
  readonly ahead: number | null;
  readonly behind: number | null;
  readonly entries: readonly StatusEntry[];
}

/** Output cut by the byte cap parses too: the last, partial record is dropped. */
export function parseStatus(output: Buffer): StatusSnapshot {
  const tokens = splitNulFields(output);
  let branch: string | null = null;
  let head: string | null = null;
  let upstream: string | null = null;
  let ahead: number | null = null;
  let behind: number | null = null;
  const entries: StatusEntry[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    const kind = token.charAt(0);
    if (kind === '#') {
      const header = parseHeader(token);
      if (!header) continue;
      if (header.key === 'branch.oid') head = header.value === '(initial)' ? null : header.value;
      else if (header.key === 'branch.head') branch = header.value === '(detached)' ? null : header.value;
      else if (header.key === 'branch.upstream') upstream = header.value;
      else if (header.key === 'branch.ab') {
        const match = /^\+(\d+) -(\d+)$/.exec(header.value);
        if (match) {
          ahead = Number(match[1]);
          behind = Number(match[2]);
        }
      }
    } else if (kind === '1') {
      const path = afterFields(token, 8);
      if (path !== null) entries.push(ordinaryEntry(token.slice(2, 4), path));
    } else if (kind === '2') {
      const path = afterFields(token, 9);
      const oldPath = tokens[i + 1];
      i++;
      if (path === null || oldPath === undefined) continue; // cut by the cap
      entries.push({ ...ordinaryEntry(token.slice(2, 4), path), oldPath, status: token.charAt(2) === 'C' ? 'copied' : 'renamed' });
    } else if (kind === 'u') {
      const path = afterFields(token, 10);
      if (path !== null) entries.push({ path, status: 'conflicted', staged: false, unstaged: true });
    } else if (kind === '?') {
      entries.push({ path: token.slice(2), status: 'untracked', staged: false, unstaged: true });
    }
  }
  return { branch, head, upstream, ahead, behind, entries };
}

function parseHeader(token: string): { key: string; value: string } | null {
  const space = token.indexOf(' ', 2);
  if (space === -1) return null;
  return { key: token.slice(2, space), value: token.slice(space + 1) };
}

/** The text after the first `count` space-separated fields (the path, which may hold spaces). */
function afterFields(token: string, count: number): string | null {
  let index = -1;
  for (let n = 0; n < count; n++) {
    index = token.indexOf(' ', index + 1);
    if (index === -1) return null;
  }
  return token.slice(index + 1);
}

function ordinaryEntry(xy: string, path: string): StatusEntry {
  const x = xy.charAt(0);
  const y = xy.charAt(1);
  return { path, status: changeStatus(x, y), staged: x !== '.', unstaged: y !== '.' };
}

/** The state of the file compared with HEAD, from the index (X) and worktree (Y) letters. */
function changeStatus(x: string, y: string): ChangeStatus {
  if (x === 'A') return 'added';
  if (x === 'D' || y === 'D') return 'deleted';
  if (x === 'T' || y === 'T') return 'typechange';
  if (x === 'R') return 'renamed';
  if (x === 'C') return 'copied';
  if (y === 'A') return 'added'; // intent to add
  return 'modified';
}

// Builders of real git repositories in states the git context reader must handle: dated
// commits, clones with an upstream, and commands that stop half way (merge, rebase, ...).
// Builds on support/git.ts (same identity flags, same temporary folders).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git, makeRepo } from './git';
import { makeTempDir } from './tempDirs';

const IDENTITY = ['-c', 'user.name=Baton Test', '-c', 'user.email=test@baton.invalid', '-c', 'commit.gpgsign=false'];

/** Seconds since the epoch of the first dated commit; each next one is a minute later. */
export const FIRST_COMMIT_AT = 1_700_000_000;
let nextAt = FIRST_COMMIT_AT;

/** Runs git and returns its exit code and output without throwing (for commands that stop on a conflict). */
export function gitMayFail(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GIT_SEQUENCE_EDITOR: 'true' },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Writes a file, creating its folders. Content may be bytes. */
export function writeFile(repo: string, path: string, content: string | Uint8Array): void {
  const full = join(repo, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
}

/** Stages everything and commits with author and committer date `at` (seconds); returns the hash. */
export function commitAll(repo: string, message: string, at = nextAt): string {
  nextAt = Math.max(nextAt, at) + 60;
  const date = `@${at} +0000`;
  git(repo, 'add', '-A');
  const result = spawnSync('git', [...IDENTITY, 'commit', '-q', '--allow-empty', '-m', message], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  if (result.status !== 0) throw new Error(`git commit failed: ${result.stderr}`);
  return git(repo, 'rev-parse', 'HEAD');
}

/** A repository on main with the given files in one commit. */
export function repoWithFiles(files: Record<string, string | Uint8Array>, message = 'initial'): string {
  const repo = makeRepo();
  for (const [path, content] of Object.entries(files)) writeFile(repo, path, content);
  commitAll(repo, message);
  return repo;
}

/** A bare "remote" holding main with `files`, and a clone of it tracking origin/main. */
export function cloneWithUpstream(files: Record<string, string>): { bare: string; clone: string } {
  const source = repoWithFiles(files);
  const bare = join(makeTempDir('baton-bare-'), 'remote.git');
  git(source, 'clone', '-q', '--bare', source, bare);
  const clone = join(makeTempDir('baton-clone-'), 'work');
  git(bare, 'clone', '-q', bare, clone);
  return { bare, clone };
}

/** Pushes a new commit to `bare`'s main from a separate clone, so that `clone` is behind. */
export function commitOnRemote(bare: string, path: string, content: string): string {
  const other = join(makeTempDir('baton-other-'), 'other');
  git(bare, 'clone', '-q', bare, other);
  writeFile(other, path, content);
  const hash = commitAll(other, `remote: ${path}`);
  git(other, 'push', '-q', 'origin', 'main');
  return hash;
}

/** Two branches changing the same line of `file`: main and `other`, checked out on main. */
export function divergedBranches(file = 'shared.txt'): { repo: string; other: string; main: string } {
  const repo = repoWithFiles({ [file]: 'line 1\nline 2\nline 3\n' });
  git(repo, 'switch', '-q', '-c', 'other');
  writeFile(repo, file, 'line 1\nline 2 from other\nline 3\n');
  const other = commitAll(repo, 'other changes line 2');
  git(repo, 'switch', '-q', 'main');
  writeFile(repo, file, 'line 1\nline 2 from main\nline 3\n');
  const main = commitAll(repo, 'main changes line 2');
  return { repo, other, main };
}

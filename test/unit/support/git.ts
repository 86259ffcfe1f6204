// Real git on temporary repositories. Identity and defaults come from -c flags, so the
// machine's global config does not matter.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempDir } from './tempDirs';

const IDENTITY = ['-c', 'user.name=Baton Test', '-c', 'user.email=test@baton.invalid', '-c', 'commit.gpgsign=false'];

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', [...IDENTITY, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
  }).trim();
}

/** A fresh repository on branch main, without commits. */
export function makeRepo(): string {
  const dir = makeTempDir('baton-git-');
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** Writes a file and commits it; returns the new HEAD hash. */
export function commitFile(repo: string, name: string, content: string, message = `add ${name}`): string {
  writeFileSync(join(repo, name), content);
  git(repo, 'add', '--', name);
  git(repo, 'commit', '-q', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

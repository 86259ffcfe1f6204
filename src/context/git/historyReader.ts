// Commits made since the session started (start..HEAD) and the recent history before them,
// newest first, with bounded `git log` calls: never a walk of the full history.
import type { CommitInfo, Unavailable } from '../../core/workContext/workContext';
import type { GitCommand } from './gitCommand';
import { splitNulFields } from './nulFields';

/** Session commits beyond this many are cut (and the briefing says so). */
export const MAX_SESSION_COMMITS = 100;

const FORMAT = '--format=%H%x00%at%x00%aN%x00%s';
const FIELDS = 4;

export function logArgs(count: number, range: string): string[] {
  return ['log', '-z', FORMAT, '--no-show-signature', `--max-count=${count}`, range, '--'];
}

export function isAncestorArgs(start: string): string[] {
  return ['merge-base', '--is-ancestor', start, 'HEAD'];
}

export interface History {
  readonly sessionCommits: readonly CommitInfo[];
  readonly recentCommits: readonly CommitInfo[];
  readonly unavailable: readonly Unavailable[];
  /** False when HEAD has no commits (the recent log failed for that reason). */
  readonly headExists: boolean;
}

/**
 * `start` must already be validated as a commit id. Runs in parallel: the recent log of HEAD
 * (long enough to still hold `limit` commits once the session's are removed), the session log
 * and the ancestry check.
 */
export async function readHistory(run: GitCommand, start: string | null, limit: number): Promise<History> {
  const unavailable: Unavailable[] = [];
  const [recentRun, sessionRun, ancestorRun] = await Promise.all([
    run(logArgs(limit + (start ? MAX_SESSION_COMMITS : 0), 'HEAD')),
    start ? run(logArgs(MAX_SESSION_COMMITS + 1, `${start}..HEAD`)) : null,
    start ? run(isAncestorArgs(start)) : null,
  ]);

  if (!recentRun.ok) {
    const unborn = /does not have any commits|bad default revision|bad revision 'HEAD'|unknown revision|ambiguous argument 'HEAD'/i.test(recentRun.detail);
    if (!unborn) unavailable.push({ source: 'git.history', reason: `git log failed: ${recentRun.detail}` });
    else if (start) unavailable.push({ source: 'git.sessionCommits', reason: 'HEAD has no commits' });
    return { sessionCommits: [], recentCommits: [], unavailable, headExists: !unborn };
  }
  const recentLog = parseLog(recentRun.stdout, recentRun.truncated);
  if (recentRun.truncated) unavailable.push({ source: 'git.history', reason: 'git log output exceeded the byte cap; history cut' });

  let sessionCommits: CommitInfo[] = [];
  let sessionCut = false;
  if (start && sessionRun && ancestorRun) {
    const short = start.slice(0, 12);
    if (!sessionRun.ok) {
      unavailable.push({ source: 'git.sessionCommits', reason: `session start commit ${short} is not in this repository (shallow clone or rewritten history): ${sessionRun.detail}` });
    } else {
      sessionCommits = parseLog(sessionRun.stdout, sessionRun.truncated);
      sessionCut = sessionRun.truncated || sessionCommits.length > MAX_SESSION_COMMITS;
      if (sessionCommits.length > MAX_SESSION_COMMITS) sessionCommits = sessionCommits.slice(0, MAX_SESSION_COMMITS);
      if (sessionCut) unavailable.push({ source: 'git.sessionCommits', reason: `more session commits than shown (${sessionCommits.length} newest listed)` });
      if (!ancestorRun.ok && ancestorRun.exitCode === 1) {
        unavailable.push({ source: 'git.sessionCommits', reason: `session start commit ${short} is not an ancestor of HEAD (history rewritten); listing commits not reachable from it` });
      }
    }
  }

  const seen = new Set(sessionCommits.map((commit) => commit.hash));
  let recentCommits = recentLog.filter((commit) => !seen.has(commit.hash)).slice(0, limit);
  if (sessionCut && start && recentCommits.length < limit) {
    // The session log was cut, so the filter above cannot be trusted: read the start's history.
    const before = await run(logArgs(limit, start));
    recentCommits = before.ok ? parseLog(before.stdout, before.truncated).slice(0, limit) : [];
  }
  return { sessionCommits, recentCommits, unavailable, headExists: true };
}

/** `log -z` separates commits with NUL and the format separates fields with NUL too. */
export function parseLog(output: Buffer, truncated: boolean): CommitInfo[] {
  // A trailing NUL so that the last commit's subject is a complete field (unless cut).
  const fields = splitNulFields(truncated ? output : Buffer.concat([output, Buffer.from([0])]));
  const commits: CommitInfo[] = [];
  // Only complete fields come back, so whole groups of four are whole commits.
  const complete = fields.length - (fields.length % FIELDS);
  for (let i = 0; i + FIELDS <= complete; i += FIELDS) {
    const hash = fields[i] ?? '';
    commits.push({ hash, at: Number(fields[i + 1]) * 1000, author: fields[i + 2] ?? '', subject: fields[i + 3] ?? '' });
  }
  return commits;
}

// The session's commits for the successor: what was done, newest first, without the routine
// ones (work in progress, lint and formatting, version bumps, merges of the base branch), which
// are counted instead. A commit that says what not to do, or that was reverted, outranks the
// rest: it is what keeps the successor from redoing a dead end.
import type { CommitInfo } from '../workContext/workContext';

const ROUTINE = [
  /^(wip|tmp|temp|save|checkpoint|progress|more|stuff|misc|minor|cleanup|clean up|tidy( up)?)\b[\s.!:-]*\S{0,20}$/i,
  /^(fixup|squash|amend)!/i,
  /^((fix(es|ed)?|run|apply|appease)\s+(the\s+)?)?(lint|linter|linting|eslint|prettier|formatting|format|reformat|whitespace|typos?)\b/i,
  /\b(lint|eslint|prettier|formatting|whitespace)( (fix(es)?|errors|warnings|issues))?$/i,
  /\b(bump|bumped) (the )?(version|deps|dependencies)\b|^v?\d+\.\d+\.\d+$|^release v?\d/i,
  /^(update|regenerate|refresh)( the)? (lock ?file|package-lock|yarn\.lock|snapshots?)\b/i,
  /^merge (branch|remote-tracking branch|pull request)\b/i,
];

/** Words that mark a commit as a warning to the successor. */
const WARNING = /\b(revert(s|ed)?|do not|don't|never|must not|dead end|abandon(ed)?|roll(ed)? back|instead of)\b/i;

export const isRoutine = (commit: CommitInfo): boolean => ROUTINE.some((pattern) => pattern.test(commit.subject.trim()));

export interface SessionCommits {
  /** Newest first, warnings before the rest. */
  readonly telling: readonly CommitInfo[];
  readonly routine: readonly CommitInfo[];
}

export function sessionCommits(commits: readonly CommitInfo[]): SessionCommits {
  const routine = commits.filter(isRoutine);
  const rest = commits.filter((c) => !isRoutine(c));
  return { telling: [...rest.filter((c) => WARNING.test(c.subject)), ...rest.filter((c) => !WARNING.test(c.subject))], routine };
}

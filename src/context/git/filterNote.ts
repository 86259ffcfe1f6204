// Filter drivers are switched off (repositoryGuard.ts), so a changed file that uses one is read
// as the work tree holds it and compared with what git stored: a clean filter's output is never
// made (an LFS file shows its content, not its pointer), and a file may look changed when only
// the filter would have made it equal. The briefing says so when a changed file has a `filter`
// attribute naming a driver the config defines.
import type { Unavailable } from '../../core/workContext/workContext';
import type { GitCommand } from './gitCommand';
import { splitNulFields } from './nulFields';

export const FILTERS_SOURCE = 'git.filters';
export const FILTERS_REASON = "content shown as stored: the repository's filters were not run";

const CHECK_ATTR_ARGS = ['check-attr', '-z', '--stdin', 'filter'];
/** Changed paths asked about; past that many the note is given without asking. */
const MAX_PATHS = 2000;
const OUTPUT_BYTES = 1024 * 1024;

/** `paths` are relative to the top level, where `run` runs. */
export async function filterNote(run: GitCommand, drivers: readonly string[], paths: readonly string[]): Promise<Unavailable | null> {
  if (drivers.length === 0 || paths.length === 0) return null;
  const note = (names: readonly string[]): Unavailable => ({ source: FILTERS_SOURCE, reason: `${FILTERS_REASON} (${names.join(', ')})` });
  if (paths.length > MAX_PATHS) return note(drivers);
  const result = await run(CHECK_ATTR_ARGS, OUTPUT_BYTES, Buffer.from(paths.map((path) => `${path}\0`).join(''), 'utf8'));
  if (!result.ok || result.truncated) return note(drivers);
  // Records are `path NUL attribute NUL value NUL`.
  const fields = splitNulFields(result.stdout);
  const used = new Set<string>();
  for (let i = 2; i < fields.length; i += 3) {
    const value = fields[i] ?? '';
    if (drivers.includes(value)) used.add(value);
  }
  return used.size > 0 ? note([...used]) : null;
}

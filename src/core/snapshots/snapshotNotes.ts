// What a just-taken snapshot does not hold, in plain lines for the CLI and the extension: git
// that could not be read (and why), big binaries left out of the patch, secret files withheld.
import type { Unavailable } from '../workContext/workContext';
import { type SnapshotSummary, omittedFiles, withheldFiles } from './snapshot';

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function snapshotGaps(snapshot: Pick<SnapshotSummary, 'changedFiles'>, unavailable: readonly Unavailable[]): string[] {
  const lines = unavailable.filter((u) => u.source === 'git' || u.source.startsWith('git.')).map((u) => `${u.source} not read: ${u.reason}`);
  const omitted = omittedFiles(snapshot);
  if (omitted.length) lines.push(`Left out of the patch for their size: ${omitted.map((o) => `${o.path} (${megabytes(o.bytes)})`).join(', ')}`);
  const withheld = withheldFiles(snapshot);
  if (withheld.length) lines.push(`Not stored, as secrets by name (listed only): ${withheld.join(', ')}`);
  return lines;
}

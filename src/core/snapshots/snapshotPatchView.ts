// What a person sees of a patch in the compare view: never a secret file's content (an older
// snapshot may still hold one) and every secret in the rest redacted. The stored patch stays
// exact for restoring; only this copy is redacted, so it is for reading, not for applying.
import { redactText, withholdSecretFiles } from '../redaction/redaction';
import { type Snapshot, withheldFiles } from './snapshot';

function withheldNote(paths: readonly string[]): string {
  if (paths.length === 0) return '';
  return `# Not shown: the content of ${paths.length === 1 ? 'a file' : 'files'} that ${paths.length === 1 ? 'is a secret' : 'are secrets'} by name: ${paths.join(', ')}\n`;
}

/** Both sides of a compare get the same treatment, so that only real differences show. */
function readable(patch: string, alsoWithheld: readonly string[]): string {
  const kept = withholdSecretFiles(patch);
  const names = [...new Set([...alsoWithheld, ...kept.withheld])];
  return withheldNote(names) + redactText(kept.patch);
}

export function snapshotPatchView(snapshot: Snapshot): string {
  const cut = snapshot.patchTruncated ? `\n# (The patch was cut at the size limit, baton.snapshots.maxPatchKB.)\n` : '';
  const withheld = withheldFiles(snapshot);
  if (snapshot.patch) return readable(snapshot.patch, withheld) + cut;
  // Only secret files changed: their names are all there is to show.
  return (withheldNote(withheld) || '# The snapshot had no uncommitted changes.\n') + cut;
}

/** The current uncommitted diff as the compare view shows it; null when git is not read here. */
export function currentPatchView(patch: string | null): string {
  if (patch === null) return '# The current diff is not available (no git, no repository, or an untrusted workspace).\n';
  return patch ? readable(patch, []) : '# No uncommitted changes.\n';
}

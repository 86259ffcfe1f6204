// The uncommitted diff (base tree against the working tree, staged and unstaged together) is
// read with ONE git command that prints `--numstat -z` records followed by the `-U0` patch:
// one diff computation gives the line counts, the hunk headers and the added lines.
// This module builds that command and parses its numstat part.
import { decodeBytes } from './textDecoding';

/** The tree an unborn branch is compared with is the empty tree (see gitContextReader). */
export function uncommittedDiffArgs(base: string): string[] {
  return [
    'diff', '--numstat', '--patch', '-z', '--unified=0', '--find-renames',
    '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/',
    base, '--',
  ];
}

export interface FileStats {
  /** Null for binary files. */
  readonly insertions: number | null;
  readonly deletions: number | null;
  readonly binary: boolean;
}

export interface NumstatPart {
  /** Keyed by the new path (the destination of a rename). */
  readonly stats: ReadonlyMap<string, FileStats>;
  /** Byte offset where the patch starts; the output length when the cap cut the numstat part. */
  readonly patchStart: number;
  /** False when the byte cap cut the numstat records. */
  readonly complete: boolean;
}

const NUL = 0;
const TAB = 0x09;

/**
 * Records are `ins TAB del TAB path NUL`, or for a rename `ins TAB del TAB NUL old NUL new NUL`;
 * `-` counts mean binary. One extra NUL separates them from the patch.
 */
export function parseNumstat(output: Buffer): NumstatPart {
  const stats = new Map<string, FileStats>();
  const end = output.length;
  let pos = 0;
  while (pos < end) {
    if (output[pos] === NUL) return { stats, patchStart: pos + 1, complete: true };
    const nul = output.indexOf(NUL, pos);
    if (nul === -1) break;
    const firstTab = output.indexOf(TAB, pos);
    const secondTab = firstTab === -1 ? -1 : output.indexOf(TAB, firstTab + 1);
    if (secondTab === -1 || secondTab > nul) {
      // Not a numstat record: the patch follows without a separator.
      return { stats, patchStart: pos, complete: true };
    }
    const added = output.toString('latin1', pos, firstTab);
    const deleted = output.toString('latin1', firstTab + 1, secondTab);
    let path: string;
    if (secondTab + 1 === nul) {
      const oldEnd = output.indexOf(NUL, nul + 1);
      const newEnd = oldEnd === -1 ? -1 : output.indexOf(NUL, oldEnd + 1);
      if (newEnd === -1) break;
      path = decodeBytes(output.subarray(oldEnd + 1, newEnd));
      pos = newEnd + 1;
    } else {
      path = decodeBytes(output.subarray(secondTab + 1, nul));
      pos = nul + 1;
    }
    const binary = added === '-' && deleted === '-';
    stats.set(path, { insertions: binary ? null : Number(added), deletions: binary ? null : Number(deleted), binary });
  }
  // The output ended inside the numstat records: either no changes at all, or the cap cut it.
  return { stats, patchStart: end, complete: pos === end };
}

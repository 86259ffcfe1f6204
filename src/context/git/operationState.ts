// Which operation is in progress, read from the state files git leaves in the worktree's own
// git dir (`git rev-parse --git-dir`, which differs from the common dir in a linked worktree).
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type { GitOperation } from '../../core/workContext/workContext';

/** Checked in this order: a rebase stops on a conflict with no CHERRY_PICK_HEAD of its own. */
const MARKERS: readonly { readonly name: string; readonly operation: GitOperation }[] = [
  { name: 'rebase-merge', operation: 'rebase' },
  { name: 'rebase-apply', operation: 'rebase' },
  { name: 'MERGE_HEAD', operation: 'merge' },
  { name: 'CHERRY_PICK_HEAD', operation: 'cherry-pick' },
  { name: 'REVERT_HEAD', operation: 'revert' },
  { name: 'BISECT_LOG', operation: 'bisect' },
];

export async function readOperationState(gitDir: string): Promise<GitOperation | null> {
  const present = await Promise.all(MARKERS.map(({ name }) => exists(join(gitDir, name))));
  for (let i = 0; i < MARKERS.length; i++) {
    const marker = MARKERS[i];
    if (!marker || !present[i]) continue;
    // `git am` keeps its state in rebase-apply/ too; it is not a rebase.
    if (marker.name === 'rebase-apply' && (await exists(join(gitDir, 'rebase-apply', 'applying')))) continue;
    return marker.operation;
  }
  return null;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}


// Changed files grouped by folder, for when they do not fit one by one: "150 files changed in
// 12 folders: src/api 62 (+1,204 −310), …". A folder is the files' own directory when that
// gives few groups, else the first two path segments, else the first: the successor learns
// where the work is without a list longer than the budget.
import type { ChangedFile } from '../workContext/workContext';
import { code, thousands } from './briefingText';

export interface FolderGroup {
  readonly folder: string;
  readonly files: readonly ChangedFile[];
  readonly insertions: number;
  readonly deletions: number;
}

/** More groups than this say less than fewer, coarser ones. */
const MAX_GROUPS = 15;
export const TOP_LEVEL = '(top level)';

const folderAt = (path: string, depth: number): string => {
  const parts = path.split('/').slice(0, -1);
  return parts.length === 0 ? TOP_LEVEL : parts.slice(0, depth).join('/');
};

export const fileChurn = (file: ChangedFile): number => (file.insertions ?? 0) + (file.deletions ?? 0);

function groupBy(files: readonly ChangedFile[], folderOf: (path: string) => string): FolderGroup[] {
  const groups = new Map<string, ChangedFile[]>();
  for (const file of files) {
    const key = folderOf(file.path);
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  return [...groups.entries()].map(([folder, members]) => ({
    folder,
    files: [...members].sort((a, b) => fileChurn(b) - fileChurn(a) || a.path.localeCompare(b.path)),
    insertions: members.reduce((sum, f) => sum + (f.insertions ?? 0), 0),
    deletions: members.reduce((sum, f) => sum + (f.deletions ?? 0), 0),
  }));
}

const byWeight = (a: FolderGroup, b: FolderGroup) =>
  b.files.length - a.files.length || b.insertions + b.deletions - (a.insertions + a.deletions) || a.folder.localeCompare(b.folder);

/** The files by folder, the folders with the most files first. */
export function groupByFolder(files: readonly ChangedFile[]): FolderGroup[] {
  const ownFolders = groupBy(files, (path) => folderAt(path, Number.MAX_SAFE_INTEGER));
  if (ownFolders.length <= MAX_GROUPS) return ownFolders.sort(byWeight);
  const twoDeep = groupBy(files, (path) => folderAt(path, 2));
  return (twoDeep.length <= MAX_GROUPS ? twoDeep : groupBy(files, (path) => folderAt(path, 1))).sort(byWeight);
}

/** "`src/api` 62 (+1,204 −310)": a folder's name is code, as a file's is (it may hold markdown). */
export const groupLabel = (group: FolderGroup): string =>
  `${group.folder === TOP_LEVEL ? TOP_LEVEL : code(group.folder)} ${group.files.length} (+${thousands(group.insertions)} −${thousands(group.deletions)})`;

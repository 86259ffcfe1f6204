// Where the work context comes from, as interfaces: the extension plugs in the editor and a
// trusted folder's git, the CLI plugs in git alone, and tests plug in plain data. Snapshots and
// briefings both read through these ports, so neither depends on the other's.
import type { EditorContext, GitContext, Unavailable } from './workContext';

export interface GitContextSource {
  read(sessionStartHead: string | null): Promise<{ git: GitContext | null; unavailable: Unavailable[] }>;
}

export interface EditorContextSource {
  /** Null when there is no editor (the CLI), reported as unavailable. */
  read(): Promise<EditorContext | null>;
}

/**
 * A change left out of a snapshot's patch whole, never cut: a binary file larger than the patch
 * limit, a binary patch that did not fit in what was left of it, or a huge untracked file.
 */
export interface OmittedChange {
  readonly path: string;
  /** Size of the file now (before it was deleted, for a deletion), in bytes. */
  readonly bytes: number;
}

export interface PatchSource {
  read(maxBytes: number, hasHead: boolean): Promise<{ patch: string; bytes: number; truncated: boolean; diffStat: string; omitted?: readonly OmittedChange[] } | null>;
}

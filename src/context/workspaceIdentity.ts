// A stable workspace id, identical in the extension and the CLI for the same folder: a hash
// of the folder's real path. A multi-root workspace is keyed by its .code-workspace file.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { WorkspaceRef } from '../core/sessions/session';

function canonicalPath(fsPath: string): string {
  const absolute = resolve(fsPath);
  try {
    return realpathSync.native(absolute);
  } catch {
    return absolute; // the folder may be gone; its path still names the workspace
  }
}

function idFromKey(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** For a folder or a .code-workspace file on disk. */
export function workspaceForPath(fsPath: string, name?: string): WorkspaceRef {
  const location = canonicalPath(fsPath);
  return { id: idFromKey(`file:${location}`), name: name ?? basename(location), location };
}

/** For workspaces that are not on the local disk (remote or virtual), keyed by URI. */
export function workspaceForUri(uri: string, name: string): WorkspaceRef {
  return { id: idFromKey(uri), name, location: uri };
}

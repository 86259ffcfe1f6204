// Where the database lives when no path is configured. The CLI looks in desktop VS Code's
// global storage for Baton, the same file the extension uses there.
import { homedir, platform } from 'node:os';
import { join } from 'node:path';

export const EXTENSION_ID = 'baton-dev.baton';
export const DATABASE_FILE_NAME = 'baton.db';

export function vsCodeGlobalStorageDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = homedir();
  const base =
    platform() === 'win32'
      ? join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Code')
      : platform() === 'darwin'
        ? join(home, 'Library', 'Application Support', 'Code')
        : join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Code');
  return join(base, 'User', 'globalStorage', EXTENSION_ID);
}

/** A database path that was given but is empty: a mistake (an unset variable), never "use the default". */
export class EmptyDatabasePathError extends Error {
  constructor(readonly source: '--db' | 'BATON_DB') {
    super(
      source === '--db'
        ? '--db was given an empty path: name the database file (e.g. --db ~/baton.db), or leave out --db to use $BATON_DB or VS Code\'s database.'
        : 'BATON_DB is set but empty: set it to the database file, or unset it to use VS Code\'s database.',
    );
  }
}

/**
 * The database the CLI uses: `--db`, else `$BATON_DB`, else VS Code's. A flag or variable that
 * is present but empty (or only spaces) throws EmptyDatabasePathError instead of falling back
 * to VS Code's database, which a script did not mean to change.
 */
export function resolveDatabasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new EmptyDatabasePathError('--db');
    return flag;
  }
  const fromEnv = env.BATON_DB;
  if (fromEnv !== undefined) {
    if (fromEnv.trim() === '') throw new EmptyDatabasePathError('BATON_DB');
    return fromEnv;
  }
  return join(vsCodeGlobalStorageDir(env), DATABASE_FILE_NAME);
}

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

export function resolveDatabasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag;
  if (env.BATON_DB) return env.BATON_DB;
  return join(vsCodeGlobalStorageDir(env), DATABASE_FILE_NAME);
}

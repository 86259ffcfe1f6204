// Where each agent keeps its logs, and listing the log files there. The default roots are a pure
// function of the environment, the home folder, the platform and VS Code's global storage folder
// (which only the host knows), so the caller (extension or CLI) decides and tests pass their own.
// Listing walks the folders with fs.promises (it never blocks), skips what it cannot read, and
// never follows a symbolic link to a folder (no cycles, nothing outside the agent's own folder).
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AgentSource } from '../../core/accounts/account';

export interface AgentLogRoots {
  /** Claude Code config folders; the logs are under projects/ in each. */
  readonly claudeDirs?: readonly string[];
  /** CODEX_HOME: the rollouts are under sessions/ (and archived_sessions/). */
  readonly codexDir?: string;
  /** ~/.gemini: the chats are under tmp/<project hash>/chats/. */
  readonly geminiDir?: string;
  /** VS Code's User/globalStorage folder: one folder per extension id. */
  readonly globalStorageDir?: string;
}

export interface LocationInputs {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  readonly platform: NodeJS.Platform;
  /** The editor's global storage folder (the parent of the extension's own), when running in one. */
  readonly globalStorageDir?: string;
}

/** The VS Code extension ids of the Cline family: their task folders live under globalStorage/<id>/tasks. */
export const CLINE_FAMILY_IDS: Readonly<Record<'cline' | 'roo-code' | 'kilo-code', string>> = {
  cline: 'saoudrizwan.claude-dev',
  'roo-code': 'rooveterinaryinc.roo-cline',
  'kilo-code': 'kilocode.kilo-code',
};

/** The default roots, as the agents themselves resolve them. */
export function defaultAgentLogRoots(inputs: LocationInputs): AgentLogRoots {
  const { env, homeDir } = inputs;
  return {
    claudeDirs: claudeConfigDirs(env, homeDir),
    codexDir: nonEmpty(env.CODEX_HOME) ?? join(homeDir, '.codex'),
    geminiDir: join(homeDir, '.gemini'),
    globalStorageDir: inputs.globalStorageDir ?? vscodeGlobalStorage(inputs),
  };
}

/** CLAUDE_CONFIG_DIR (a comma-separated list) replaces the defaults ~/.config/claude and ~/.claude. */
function claudeConfigDirs(env: LocationInputs['env'], homeDir: string): string[] {
  const configured = (env.CLAUDE_CONFIG_DIR ?? '').split(',').map((dir) => dir.trim()).filter((dir) => dir !== '');
  const dirs = configured.length > 0 ? configured : [join(env.XDG_CONFIG_HOME?.trim() || join(homeDir, '.config'), 'claude'), join(homeDir, '.claude')];
  return [...new Set(dirs.map((dir) => resolve(dir)))];
}

/** VS Code (stable)'s global storage; the host passes the real one (Insiders, Cursor, VSCodium differ). */
function vscodeGlobalStorage({ env, homeDir, platform }: LocationInputs): string {
  if (platform === 'win32') return join(nonEmpty(env.APPDATA) ?? join(homeDir, 'AppData', 'Roaming'), 'Code', 'User', 'globalStorage');
  if (platform === 'darwin') return join(homeDir, 'Library', 'Application Support', 'Code', 'User', 'globalStorage');
  return join(nonEmpty(env.XDG_CONFIG_HOME) ?? join(homeDir, '.config'), 'Code', 'User', 'globalStorage');
}

const nonEmpty = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** A folder to walk and which files in it are logs. */
export interface LogSearch {
  readonly dir: string;
  /** How many folder levels below `dir` to descend (Infinity: all). */
  readonly depth: number;
  readonly matches: (name: string, relativeDirs: readonly string[]) => boolean;
}

/** Where to look for `source`'s logs under `roots`; none when its root is not given. */
export function logSearches(source: AgentSource, roots: AgentLogRoots): LogSearch[] {
  switch (source) {
    case 'claude-code':
      return (roots.claudeDirs ?? []).map((dir) => ({ dir: join(dir, 'projects'), depth: Infinity, matches: (name: string) => name.endsWith('.jsonl') }));
    case 'codex':
      if (!roots.codexDir) return [];
      return ['sessions', 'archived_sessions'].map((sub) => ({ dir: join(roots.codexDir ?? '', sub), depth: Infinity, matches: isRollout }));
    case 'gemini-cli':
      return roots.geminiDir ? [{ dir: join(roots.geminiDir, 'tmp'), depth: 3, matches: isGeminiChat }] : [];
    case 'cline':
    case 'roo-code':
    case 'kilo-code':
      if (!roots.globalStorageDir) return [];
      return [{ dir: join(roots.globalStorageDir, CLINE_FAMILY_IDS[source], 'tasks'), depth: 1, matches: (name: string) => name === 'ui_messages.json' }];
  }
}

const isRollout = (name: string) => name.startsWith('rollout-') && name.endsWith('.jsonl');

/** tmp/<project hash>/chats/<file>, or tmp/<project hash>/chats/<parent session>/<file> for subagents. */
function isGeminiChat(name: string, dirs: readonly string[]): boolean {
  return dirs[1] === 'chats' && (name.endsWith('.json') || name.endsWith('.jsonl'));
}

/** What listing found: the log files (sorted) and the folders it could not read (other than missing ones). */
export interface LogListing {
  readonly files: string[];
  readonly unreadable: { readonly path: string; readonly error: string }[];
}

export async function listLogFiles(searches: readonly LogSearch[]): Promise<LogListing> {
  const listing: LogListing = { files: [], unreadable: [] };
  for (const search of searches) await walk(search, search.dir, [], listing);
  listing.files.sort();
  return listing;
}

async function walk(search: LogSearch, dir: string, relativeDirs: string[], into: LogListing): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // An agent that was never installed has no folder: that is not a problem worth reporting.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') into.unreadable.push({ path: dir, error: code ?? String(error) });
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (relativeDirs.length < search.depth) await walk(search, path, [...relativeDirs, entry.name], into);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && search.matches(entry.name, relativeDirs)) {
      into.files.push(path);
    }
  }
}

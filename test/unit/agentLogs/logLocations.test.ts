// Where the agents keep their logs: the default roots from the environment, the home folder and
// the platform, and listing the log files under them.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CLINE_FAMILY_IDS, defaultAgentLogRoots, listLogFiles, logSearches } from '../../../src/context/agentLogs/logLocations';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

const HOME = '/home/dev';

describe('agent logs: where they are', () => {
  useTempDirs();

  it('uses ~/.config/claude and ~/.claude, ~/.codex, ~/.gemini and VS Code\'s global storage by default', () => {
    assert.deepEqual(defaultAgentLogRoots({ env: {}, homeDir: HOME, platform: 'linux' }), {
      claudeDirs: ['/home/dev/.config/claude', '/home/dev/.claude'],
      codexDir: '/home/dev/.codex',
      geminiDir: '/home/dev/.gemini',
      globalStorageDir: '/home/dev/.config/Code/User/globalStorage',
    });
  });

  it('follows CLAUDE_CONFIG_DIR (a comma-separated list), CODEX_HOME and a global storage folder passed in', () => {
    const roots = defaultAgentLogRoots({
      env: { CLAUDE_CONFIG_DIR: ' /work/claude-a , /work/claude-b,,/work/claude-a', CODEX_HOME: '/opt/codex' },
      homeDir: HOME,
      platform: 'linux',
      globalStorageDir: '/home/dev/.config/Cursor/User/globalStorage',
    });
    assert.deepEqual(roots.claudeDirs, [resolve('/work/claude-a'), resolve('/work/claude-b')]);
    assert.equal(roots.codexDir, '/opt/codex');
    assert.equal(roots.globalStorageDir, '/home/dev/.config/Cursor/User/globalStorage');
  });

  it('knows where VS Code keeps global storage on each platform', () => {
    const storage = (platform: NodeJS.Platform, env: Record<string, string> = {}) => defaultAgentLogRoots({ env, homeDir: HOME, platform }).globalStorageDir;
    assert.equal(storage('darwin'), join(HOME, 'Library', 'Application Support', 'Code', 'User', 'globalStorage'));
    assert.equal(storage('win32', { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming' }), join('C:\\Users\\dev\\AppData\\Roaming', 'Code', 'User', 'globalStorage'));
    assert.equal(storage('linux', { XDG_CONFIG_HOME: '/xdg' }), join('/xdg', 'Code', 'User', 'globalStorage'));
  });

  it('searches only the roots that were given', () => {
    assert.deepEqual(logSearches('codex', {}), []);
    assert.deepEqual(logSearches('cline', { globalStorageDir: '/gs' }).map((search) => search.dir), [join('/gs', CLINE_FAMILY_IDS.cline, 'tasks')]);
  });

  it('lists the log files of each agent and nothing else; a missing folder is not a problem', async () => {
    const root = makeTempDir();
    const touch = (...parts: string[]) => {
      mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
      writeFileSync(join(root, ...parts), '');
    };
    touch('gemini', 'tmp', 'hash1', 'chats', 'session-1.json');
    touch('gemini', 'tmp', 'hash1', 'chats', 'session-2.jsonl');
    touch('gemini', 'tmp', 'hash1', 'chats', 'parent', 'sub.jsonl');
    touch('gemini', 'tmp', 'hash1', 'logs.json');
    touch('gemini', 'tmp', 'hash1', 'checkpoints', 'chats', 'x.json');
    touch('gs', CLINE_FAMILY_IDS['roo-code'], 'tasks', 't1', 'ui_messages.json');
    touch('gs', CLINE_FAMILY_IDS['roo-code'], 'tasks', 't1', 'api_conversation_history.json');
    const gemini = await listLogFiles(logSearches('gemini-cli', { geminiDir: join(root, 'gemini') }));
    assert.deepEqual(gemini.files.map((file) => file.slice(root.length)), ['/gemini/tmp/hash1/chats/parent/sub.jsonl', '/gemini/tmp/hash1/chats/session-1.json', '/gemini/tmp/hash1/chats/session-2.jsonl']);
    const roo = await listLogFiles(logSearches('roo-code', { globalStorageDir: join(root, 'gs') }));
    assert.deepEqual(roo.files.map((file) => file.slice(root.length)), [`/gs/${CLINE_FAMILY_IDS['roo-code']}/tasks/t1/ui_messages.json`]);
    assert.deepEqual(await listLogFiles(logSearches('claude-code', { claudeDirs: [join(root, 'nothing')] })), { files: [], unreadable: [] });
  });

  it('reports a folder it may not read', async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads every folder
    const root = makeTempDir();
    mkdirSync(join(root, 'projects', 'locked'), { recursive: true });
    chmodSync(join(root, 'projects', 'locked'), 0o000);
    try {
      const listing = await listLogFiles(logSearches('claude-code', { claudeDirs: [root] }));
      assert.deepEqual(listing.unreadable.map((entry) => entry.error), ['EACCES']);
    } finally {
      chmodSync(join(root, 'projects', 'locked'), 0o755);
    }
  });
});

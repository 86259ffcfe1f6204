// Workspace ids: one folder, one id, however its path is spelled; the CLI and the extension
// rely on this to meet in the same database rows.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { workspaceForPath, workspaceForUri } from '../../../src/context/workspaceIdentity';
import { makeTempDir, useTempDirs } from '../support/tempDirs';

describe('workspaceIdentity', () => {
  useTempDirs();

  it('gives a 16-hex id, the folder name and its canonical location', () => {
    const dir = join(makeTempDir(), 'my-project');
    mkdirSync(dir);
    const ref = workspaceForPath(dir);
    assert.match(ref.id, /^[0-9a-f]{16}$/);
    assert.equal(ref.name, 'my-project');
    assert.equal(ref.location, dir);
    assert.equal(workspaceForPath(dir, 'Shown Name').name, 'Shown Name');
  });

  it('gives the same id to a folder, a symlink to it, trailing-slash and relative spellings', () => {
    const base = makeTempDir();
    const dir = join(base, 'real');
    mkdirSync(dir);
    const link = join(base, 'link');
    symlinkSync(dir, link, 'dir');
    const id = workspaceForPath(dir).id;
    for (const spelling of [link, `${dir}/`, `${dir}//`, `${link}/`, join(dir, '.'), join(dir, 'x', '..'), relative(process.cwd(), dir)]) {
      assert.equal(workspaceForPath(spelling).id, id, spelling);
    }
    assert.equal(workspaceForPath(link).location, dir);
    assert.equal(workspaceForPath(link).name, basename(dir));
  });

  it('gives different folders different ids', () => {
    const base = makeTempDir();
    const ids = ['a', 'b', 'a-b', 'A'].map((name) => {
      mkdirSync(join(base, name));
      return workspaceForPath(join(base, name)).id;
    });
    assert.equal(new Set(ids).size, ids.length);
  });

  it('still names a folder that no longer exists, by its absolute path', () => {
    const gone = join(makeTempDir(), 'gone');
    const ref = workspaceForPath(`${gone}/`);
    assert.equal(ref.location, gone);
    assert.match(ref.id, /^[0-9a-f]{16}$/);
  });

  it('keys remote and virtual workspaces by URI, apart from local paths', () => {
    const remote = workspaceForUri('vscode-remote://ssh-remote+box/home/me/project', 'project');
    assert.match(remote.id, /^[0-9a-f]{16}$/);
    assert.equal(remote.id, workspaceForUri('vscode-remote://ssh-remote+box/home/me/project', 'other name').id);
    assert.notEqual(remote.id, workspaceForPath('/home/me/project').id);
  });
});

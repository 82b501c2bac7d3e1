// Which files count as inside the workspace (source links, re-run): real folders with symlinks
// (issue 14 items 2, 12, 13).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isInsideFolders, rerunRefusal } from '../../src/extension/workspacePaths';

describe('workspace paths', () => {
  let root: string;
  let project: string;
  let link: string;

  before(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pp-ws-')));
    project = path.join(root, 'project');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'src', 'work.ts'), 'export function f() {}\n');
    fs.writeFileSync(path.join(project, '..x.ts'), '');
    fs.writeFileSync(path.join(root, 'outside.ts'), '');
    link = path.join(root, 'link');
    fs.symlinkSync(project, link);
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a workspace opened through a symlink holds its files, by either path', () => {
    assert.equal(isInsideFolders(path.join(link, 'src', 'work.ts'), [link]), true);
    assert.equal(isInsideFolders(path.join(project, 'src', 'work.ts'), [link]), true);
    assert.equal(isInsideFolders(path.join(link, 'src', 'work.ts'), [project]), true);
  });

  it('a file named like ..x in the root is inside; ../ and the folder itself are not', () => {
    assert.equal(isInsideFolders(path.join(project, '..x.ts'), [project]), true);
    assert.equal(isInsideFolders(path.join(project, '..', 'outside.ts'), [project]), false);
    assert.equal(isInsideFolders(path.join(root, 'outside.ts'), [link]), false);
    assert.equal(isInsideFolders(project, [project]), false);
    assert.equal(isInsideFolders('/etc/passwd', [project]), false);
  });

  it('a re-run from a report file is refused outside the folders, and any re-run names a missing file', () => {
    assert.match(rerunRefusal(path.join(root, 'outside.ts'), [project], false) ?? '', /outside\.ts, which is outside this workspace's folders/);
    assert.equal(rerunRefusal(path.join(root, 'outside.ts'), [project], true), undefined, "this window's own report re-runs where it ran");
    assert.equal(rerunRefusal(path.join(project, 'src', 'work.ts'), [project], false), undefined);
    const gone = path.join(project, 'src', 'gone.ts');
    assert.equal(rerunRefusal(gone, [project], true), `Cannot re-run: ${gone} no longer exists (it was moved, renamed or deleted since the report was made).`);
  });
});

// --versus @REV: the project's own files as they were at a git revision, read from git, so the same
// function can be bundled as it was there and run beside today's. The tree is written once per commit
// into the private bundle cache inside the project, where bare imports still resolve to the project's
// installed packages: both versions run against the same node_modules.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensurePrivateDir } from '../bundle/cacheLocation';
import { BadOptionError } from '../errors';

export interface RevisionTree {
  /** The same file inside the revision's tree. */
  file: string;
  /** The full commit hash. */
  commit: string;
  /** "HEAD (1a2b3c4)". */
  label: string;
}

const READY = '.parallelism-profiler-complete';

function git(cwd: string, args: string[], input?: Buffer): { ok: boolean; out: Buffer; err: string } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30, windowsHide: true });
  if (r.error) throw new BadOptionError(`--versus @…: cannot run git (${r.error.message}): install git, or compare with another function.`);
  return { ok: r.status === 0, out: r.stdout ?? Buffer.alloc(0), err: (r.stderr ?? Buffer.alloc(0)).toString().trim() };
}

export function checkoutRevision(file: string, revision: string, cacheDir: string): RevisionTree {
  const abs = path.resolve(file);
  const dir = path.dirname(abs);
  const top = git(dir, ['rev-parse', '--show-toplevel']);
  if (!top.ok) throw new BadOptionError(`--versus @${revision}: ${abs} is not inside a git repository, so it has no earlier version to compare with.`);
  const root = fs.realpathSync(top.out.toString().trim());
  const commit = git(root, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  if (!commit.ok) throw new BadOptionError(`--versus @${revision}: no such revision in ${root} (try HEAD, HEAD~1, a branch, a tag or a commit hash).`);
  const sha = commit.out.toString().trim();
  const rel = path.relative(root, fs.realpathSync(abs)).split(path.sep).join('/');
  if (!git(root, ['cat-file', '-e', `${sha}:${rel}`]).ok) {
    throw new BadOptionError(`--versus @${revision}: ${rel} is not in git at ${revision} (${sha.slice(0, 7)}): commit it first, or compare with another function (--versus NAME).`);
  }
  const tree = path.join(cacheDir, 'revisions', sha);
  if (!fs.existsSync(path.join(tree, READY))) {
    ensurePrivateDir(path.join(cacheDir, 'revisions'));
    fs.rmSync(tree, { recursive: true, force: true });
    fs.mkdirSync(tree, { recursive: true, mode: 0o700 });
    const archive = git(root, ['archive', '--format=tar', sha]);
    if (!archive.ok) throw new BadOptionError(`--versus @${revision}: git archive failed: ${archive.err}`);
    const untar = spawnSync('tar', ['-x', '-f', '-', '-C', tree], { input: archive.out, maxBuffer: 1 << 20, windowsHide: true });
    if (untar.error || untar.status !== 0) throw new BadOptionError(`--versus @${revision}: could not unpack the revision's files (${untar.error?.message ?? untar.stderr?.toString().trim()}).`);
    fs.writeFileSync(path.join(tree, READY), sha);
  }
  return { file: path.join(tree, ...rel.split('/')), commit: sha, label: `${revision} (${sha.slice(0, 7)})` };
}

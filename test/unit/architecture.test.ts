// The engine, the shared contract and the webview never import `vscode`: the CLI, the tests and
// the benchmarks must run exactly the code the extension runs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TOOL_VERSION } from '../../src/engine/version';

const root = path.resolve(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel));
    else if (/\.ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

describe('architecture', () => {
  for (const dir of ['src/engine', 'src/shared', 'src/cli', 'webview']) {
    it(`${dir} does not import vscode`, () => {
      const offenders = sources(dir).filter((f) => /from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)/.test(fs.readFileSync(path.join(root, f), 'utf8')));
      assert.deepEqual(offenders, []);
    });
  }

  it('src/shared and webview import no node modules', () => {
    const offenders = [...sources('src/shared'), ...sources('webview')].filter((f) => /from\s+['"]node:|require\(\s*['"]node:/.test(fs.readFileSync(path.join(root, f), 'utf8')));
    assert.deepEqual(offenders, []);
  });

  // One folder a stage; each stage imports only the stages below it (and src/shared, errors.ts).
  const STAGES: Record<string, readonly string[]> = {
    locate: ['lanes'],
    bundle: ['lanes', 'locate', 'runtime'],
    arguments: ['locate', 'runtime'],
    lanes: ['runtime'],
    runtime: ['lanes'],
    modes: ['arguments', 'lanes', 'runtime'],
    measure: ['analyse', 'arguments', 'modes', 'runtime'],
    analyse: [],
    output: [],
    compare: ['analyse', 'bundle', 'lanes', 'locate'],
    remote: ['bundle', 'lanes', 'locate'],
  };
  const ROOT_FILES = ['errors.ts', 'index.ts', 'options.ts', 'profile.ts', 'version.ts'];

  /** Every relative import of a file, resolved to a path under the root, with whether it is type-only. */
  function importsOf(file: string): { target: string; typeOnly: boolean; spec: string }[] {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const out: { target: string; typeOnly: boolean; spec: string }[] = [];
    for (const m of text.matchAll(/(?:^|\n)\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[3] ?? m[4];
      const target = spec.startsWith('.') ? path.normalize(path.join(path.dirname(file), spec)) : spec;
      out.push({ target, typeOnly: Boolean(m[2]), spec });
    }
    return out;
  }

  it('src/engine holds one folder per stage and only the shared files at its root', () => {
    const entries = fs.readdirSync(path.join(root, 'src/engine'), { withFileTypes: true });
    assert.deepEqual(entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(), Object.keys(STAGES).sort());
    assert.deepEqual(entries.filter((e) => e.isFile()).map((e) => e.name).sort(), ROOT_FILES);
  });

  it('every stage imports only the stages below it', () => {
    const offenders: string[] = [];
    for (const [stage, allowed] of Object.entries(STAGES)) {
      for (const file of sources(`src/engine/${stage}`)) {
        for (const { target } of importsOf(file)) {
          const m = /^src\/engine\/([^/]+)/.exec(target);
          if (!m) continue;
          const other = m[1].replace(/\.ts$/, '');
          if (other === stage || other === 'errors') continue;
          if (!allowed.includes(other)) offenders.push(`${file} imports ${target}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('code that runs inside a lane imports only node: modules, the wire protocol and itself', () => {
    const offenders: string[] = [];
    for (const file of sources('src/engine/runtime')) {
      for (const { target, typeOnly } of importsOf(file)) {
        if (target.startsWith('node:') || target.startsWith('src/engine/runtime/') || target === 'src/engine/lanes/wire') continue;
        if (typeOnly && target.startsWith('src/engine/lanes/')) continue;
        offenders.push(`${file} imports ${target}`);
      }
    }
    for (const { target, typeOnly } of importsOf('src/engine/lanes/wire.ts')) if (!typeOnly) offenders.push(`src/engine/lanes/wire.ts imports ${target} at run time`);
    assert.deepEqual(offenders, []);
  });

  it('nothing outside a lane loads the lane runtime itself', () => {
    const laneOnly = /^src\/engine\/runtime\/(taskRuntime|taskWorker|taskChild|threadGuards|laneConsole)$/;
    const offenders = [...sources('src'), ...sources('bench')]
      .filter((f) => !f.startsWith('src/engine/runtime/'))
      .flatMap((f) => importsOf(f).filter((i) => laneOnly.test(i.target)).map((i) => `${f} imports ${i.target}`));
    assert.deepEqual(offenders, []);
  });

  it('the CLI, the extension and the benchmarks reach the engine only through src/engine/index.ts', () => {
    const offenders = [...sources('src/cli'), ...sources('src/extension'), ...sources('bench')]
      .flatMap((f) => importsOf(f).filter((i) => i.target.startsWith('src/engine') && i.target !== 'src/engine').map((i) => `${f} imports ${i.spec}`));
    assert.deepEqual(offenders, []);
  });

  // src/shared is the contract between engine, extension and panel, grouped by concept. Each concept
  // imports only the concepts below it, so the folders form no cycle and can be read bottom-up.
  const SHARED: Record<string, readonly string[]> = {
    report: [],
    live: ['report'],
    validation: ['report', 'live'],
    wording: ['report', 'live'],
    panel: ['report', 'live', 'validation'],
  };

  it('src/shared holds one folder per concept and no loose files', () => {
    const entries = fs.readdirSync(path.join(root, 'src/shared'), { withFileTypes: true });
    assert.deepEqual(entries.filter((e) => e.isDirectory()).map((e) => e.name).sort(), Object.keys(SHARED).sort());
    assert.deepEqual(entries.filter((e) => e.isFile()).map((e) => e.name), []);
  });

  it('every shared concept imports only the concepts below it, and nothing outside src/shared', () => {
    const offenders: string[] = [];
    for (const [concept, allowed] of Object.entries(SHARED)) {
      for (const file of sources(`src/shared/${concept}`)) {
        for (const { target } of importsOf(file)) {
          const m = /^src\/shared\/([^/]+)\//.exec(target);
          if (!m) { offenders.push(`${file} imports ${target}, outside src/shared`); continue; }
          if (m[1] !== concept && !allowed.includes(m[1])) offenders.push(`${file} imports ${target}`);
        }
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the version in the report matches package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
    assert.equal(TOOL_VERSION, pkg.version);
  });
});

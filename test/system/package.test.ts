// Activation stays cheap: dist/extension.js, loaded in plain Node with a stub `vscode`
// (scripts/package/activationProbe.cjs), registers what the manifest contributes and loads neither
// esbuild nor the TypeScript compiler. The probe's stub throws on any vscode API it does not know,
// so a new call on the activation path fails here rather than passing unseen.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');

interface ProbeResult {
  loadMs: number;
  activateMs: number;
  packages: string[];
  loadedFiles: string[];
  registered: { commands: string[]; codeLensProviders: number; serializers: string[]; outputChannels: string[]; diagnostics: string[]; configListeners: number };
  subscriptions: number;
}

function probe(bundle: string): ProbeResult {
  const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'package', 'activationProbe.cjs'), bundle], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `the activation probe failed:\n${r.stderr}`);
  return JSON.parse(r.stdout) as ProbeResult;
}

describe('activation of the bundled extension (dist/extension.js)', () => {
  const bundle = path.join(REPO, 'dist', 'extension.js');
  let result: ProbeResult;

  before(function () {
    assert.ok(fs.existsSync(bundle), 'dist/extension.js is missing: run `node esbuild.mjs` first');
    result = probe(bundle);
    console.log(`      load ${result.loadMs.toFixed(1)} ms, activate() ${result.activateMs.toFixed(1)} ms; npm packages loaded: ${result.packages.join(', ') || 'none'}`);
  });

  it('loads neither esbuild nor the TypeScript compiler', () => {
    assert.ok(!result.packages.includes('esbuild'), `esbuild loaded on activation (${result.loadedFiles.filter((f) => f.includes('esbuild')).join(', ')})`);
    assert.ok(!result.packages.includes('typescript'), 'the TypeScript compiler loaded on activation');
    // Only piscina may come along (the engine imports it at top level); anything new is a choice to review.
    assert.deepEqual(result.packages.filter((p) => p !== 'piscina'), [], `unexpected packages on the activation path: ${result.packages.join(', ')}`);
  });

  it('registers every command the manifest contributes, the CodeLens provider and the panel serializer', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    assert.deepEqual([...result.registered.commands].sort(), manifest.contributes.commands.map((c) => c.command).sort());
    assert.equal(result.registered.codeLensProviders, 1);
    assert.deepEqual(result.registered.serializers, ['parallelismProfiler.report']);
    assert.equal(result.registered.configListeners, 1);
    assert.ok(result.subscriptions >= result.registered.commands.length + 3, 'registrations are handed to context.subscriptions for disposal');
  });

  // activate()'s time is printed above and not asserted: a test asserts behaviour (what loads on the
  // activation path, checked above), not speed, which a shared machine's load decides.
});

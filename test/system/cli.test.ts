// The command line as a user runs it: `node dist/cli.js` as a child process on real files.
// Exit codes 0 / 1 / 2, the table, the three output files, and Ctrl-C.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { modeLabel } from '../../src/shared/wording/format';
import type { Report } from '../../src/shared/report/report';
import { assertValid, childPids, CLI, E2E, isEsbuildService, lineOf, ROOT, waitFor, WORK } from './e2e.harness';
import { skipBecause } from '../support/skip';
import { isAlive } from './modes.harness';

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(args: string[], as: { uid?: number; gid?: number } = {}): { child: ChildProcess; done: Promise<Ran> } {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], ...as });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // A hung CLI fails its test instead of holding the suite (and mocha) open.
  const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const done = new Promise<Ran>((res) => child.on('close', (code, signal) => {
    clearTimeout(killer);
    res({ code, signal, stdout, stderr });
  }));
  return { child, done };
}

const cli = (args: string[], as: { uid?: number; gid?: number } = {}): Promise<Ran> => start(args, as).done;
const small = ['--tasks', '4', '--workers', '2', '--repeat', '1', '--warmup', '0'];

describe('CLI (node dist/cli.js) end to end', function () {
  this.timeout(120_000);
  let dir = '';
  before(function () {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node esbuild.mjs\` first`);
    dir = mkdtempSync(join(os.tmpdir(), 'pp-cli-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('profiles a real file: exit 0, a table with every mode and the verdict, valid --json, --csv and --trace', async () => {
    const json = join(dir, 'out', 'report.json');
    const csv = join(dir, 'report.csv');
    const trace = join(dir, 'trace.json');
    const r = await cli(['examples/cpu.ts', '--function', 'countPrimes', ...small, '--args', '[200_000 + i, 260_000 + i]',
      '--json', json, '--csv', csv, '--trace', trace]);
    assert.equal(r.code, 0, r.stderr);
    for (const m of ['sequential', 'async', 'workers', 'processes'] as const) assert.ok(r.stdout.includes(modeLabel(m)), `table names ${modeLabel(m)}`);
    assert.match(r.stdout, /Verdict/);
    assert.match(r.stderr, /wrote .*report\.json/);

    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    assertValid(report);
    assert.equal(report.modes.length, 4);

    // One header, then one row per mode and one per task record.
    const rows = readFileSync(csv, 'utf8').split('\r\n').filter((l) => l.length > 0);
    const taskRows = report.modes.reduce((s, m) => s + (m.tasks?.length ?? 0), 0);
    assert.equal(taskRows, 16);
    assert.equal(rows.length, 1 + report.modes.length + taskRows, 'CSV rows: header + modes + tasks');
    assert.equal(rows.filter((l) => l.startsWith('mode,')).length, 4);
    assert.equal(rows.filter((l) => l.startsWith('task,')).length, 16);

    const t = JSON.parse(readFileSync(trace, 'utf8')) as { traceEvents?: Array<Record<string, unknown>> } | Array<Record<string, unknown>>;
    const events = Array.isArray(t) ? t : t.traceEvents!;
    assert.ok(events.length > 0);
    for (const e of events) {
      for (const k of ['ph', 'pid', 'name'] as const) assert.ok(e[k] !== undefined, `trace event lacks ${k}: ${JSON.stringify(e)}`);
      if (e.ph !== 'M') assert.ok(Number.isInteger(e.ts), `integer ts: ${JSON.stringify(e)}`);
      if (e.ph === 'X') {
        assert.ok(Number.isInteger(e.dur) && (e.dur as number) >= 0, `integer dur: ${JSON.stringify(e)}`);
        assert.ok(e.tid !== undefined, `X has a tid: ${JSON.stringify(e)}`);
      }
    }
    assert.equal(events.filter((e) => e.ph === 'X' && e.cat !== 'mode').length >= 16, true, 'one slice per task');
  });

  it('exits 1 when a task throws, and says which tasks', async () => {
    const r = await cli(['test/fixtures/e2e/work.ts', '--function', 'throwOn', ...small, '--args', '[i, [2]]', '--modes', 'sequential,workers']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /task 2 refused/);
  });

  it('exits 1 when a mode times out or a task ends its lane, and reports it in the table', async () => {
    const t = await cli(['test/fixtures/e2e/work.ts', '--function', 'forever', '--tasks', '1', '--modes', 'sequential', '--timeout', '1']);
    assert.equal(t.code, 1, t.stderr);
    assert.match(t.stdout, /timed out after 1 s/);
    const x = await cli(['test/fixtures/e2e/work.ts', '--function', 'exitIn', ...small, '--args', '[i, 0]', '--modes', 'sequential']);
    assert.equal(x.code, 1, x.stderr);
    assert.match(x.stdout, /task 0 ended its worker thread: it called process\.exit\(7\)/);
  });

  for (const argv of [
    ['test/fixtures/e2e/work.ts', '--function', 'noop', '--tasks', 'many'],
    ['test/fixtures/e2e/work.ts', '--function', 'noop', '--bogus'],
    ['test/fixtures/e2e/work.ts'],
    ['test/fixtures/e2e/work.ts', '--function', 'noop', '--modes', 'threads'],
    ['test/fixtures/e2e/work.ts', '--function', 'noop', '--args', '[i,'],
    ['test/fixtures/e2e/nothere.ts', '--function', 'noop'],
  ]) {
    it(`exits 2 for bad input: ${argv.join(' ')}`, async () => {
      const r = await cli(argv);
      assert.equal(r.code, 2, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
      assert.ok(r.stderr.trim().length > 0, 'says why on stderr');
      assert.equal(r.stdout, '', 'prints no table');
    });
  }

  it('refuses an output path it cannot write before running anything (exit 2, names the flag)', async () => {
    const proc = await cli(['test/fixtures/e2e/work.ts', '--function', 'forever', '--json', '/proc/no-such-dir/report.json']);
    assert.equal(proc.code, 2, proc.stderr);
    assert.match(proc.stderr, /--json \/proc\/no-such-dir\/report\.json: cannot write there/);
    const folder = await cli(['test/fixtures/e2e/work.ts', '--function', 'forever', '--csv', dir]);
    assert.equal(folder.code, 2, folder.stderr);
    assert.match(folder.stderr, /--csv .*is a folder/);
    // `forever` never ran: had it started, neither command would have exited at all.
  });

  it('refuses a read-only output file before running anything (exit 2)', async function () {
    const readOnly = join(dir, 'read-only.json');
    writeFileSync(readOnly, '{}');
    chmodSync(readOnly, 0o444);
    chmodSync(dir, 0o777);
    // root may write any file: run the CLI as nobody there, so the file is read-only to it. That needs
    // a checkout other users can read (mktemp -d makes a 0700 folder: nobody cannot even load the CLI).
    const as = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if ('uid' in as) {
      const probe = await cli(['--help'], as);
      if (probe.code !== 0 && /Cannot find module|EACCES/.test(probe.stderr)) skipBecause(this, 'the other user cannot read the built CLI here');
    }
    const ro = await cli(['test/fixtures/e2e/work.ts', '--function', 'forever', '--json', readOnly], as);
    assert.equal(ro.code, 2, ro.stderr);
    assert.match(ro.stderr, /--json .*read-only\.json: cannot write there \(EACCES/);
    assert.doesNotMatch(ro.stderr, /\n\s+at /, 'no stack');
  });

  it('refuses two outputs on one file before running anything (exit 2)', async () => {
    const same = await cli(['test/fixtures/e2e/work.ts', '--function', 'forever', '--csv', join(dir, 'x.out'), '--trace', join(dir, 'x.out')]);
    assert.equal(same.code, 2, same.stderr);
    assert.match(same.stderr, /--trace .*x\.out: --csv writes the same file/);
    assert.doesNotMatch(same.stderr, /\n\s+at /, 'no stack');
  });

  it('writes each output on its own: one that fails at write time (a full disk) does not stop the others (exit 1, no stack)', async function () {
    if (!existsSync('/dev/full')) skipBecause(this, 'no /dev/full here to make a write fail');
    const csv = join(dir, 'independent.csv');
    const trace = join(dir, 'independent.trace.json');
    const r = await cli(['test/fixtures/e2e/work.ts', '--function', 'noop', ...small, '--modes', 'sequential', '--json', '/dev/full', '--csv', csv, '--trace', trace]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /could not write --json \/dev\/full: ENOSPC/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack');
    assert.ok(existsSync(csv) && existsSync(trace), `the other outputs were written: ${r.stderr}`);
  });

  it('exits 2 with file:line:column: message for a compile error, a missing import, and no function at the line', async () => {
    const compile = resolve(E2E, 'compileError.ts');
    const c = await cli([compile, '--function', 'fine']);
    assert.equal(c.code, 2);
    assert.match(c.stderr, new RegExp(`^${compile}:${lineOf(compile, 'COMPILE_ERROR_LINE')}:\\d+: \\S`, 'm'), c.stderr);

    const missing = resolve(E2E, 'missingImport.ts');
    const m = await cli([missing, '--function', 'usesHelper']);
    assert.equal(m.code, 2);
    assert.match(m.stderr, new RegExp(`^${missing}:1:\\d+: .*noSuchHelper.*Check the path`, 'm'), m.stderr);

    const n = await cli([WORK, '--line', '1']);
    assert.equal(n.code, 2);
    assert.match(n.stderr, new RegExp(`^${WORK}:1:1: Line 1 .* is not inside a function`, 'm'), n.stderr);
  });

  it('Ctrl-C (SIGINT) during the processes mode stops it within seconds and leaves no child process', async () => {
    // Sequential always runs first: its 2 s timeout ends it, then the processes mode starts.
    const { child, done } = start(['test/fixtures/e2e/work.ts', '--function', 'forever', '--tasks', '2', '--workers', '2', '--modes', 'processes', '--timeout', '2']);
    try {
      const lanes = () => childPids(child.pid!).filter((p) => !isEsbuildService(p));
      await waitFor(() => lanes().length >= 2, 30_000, () => `the CLI started ${lanes().length} child processes`);
      await new Promise((r) => setTimeout(r, 200));
      const pids = lanes();
      const sent = Date.now();
      child.kill('SIGINT');
      const r = await done;
      const took = Date.now() - sent;
      // README (The command line): "Ctrl-C stops the run within a second". 5× that for a loaded machine.
      assert.ok(took < 5000, `stopped after ${took} ms`);
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /cancelled/i);
      await waitFor(() => pids.every((p) => !isAlive(p)), 3000, () => `still alive: ${pids.filter(isAlive).join(', ')}`);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('Ctrl-C during the sequential mode (a worker thread) also stops at once', async () => {
    const marker = join(dir, 'sequential-runs');
    const { child, done } = start(['test/fixtures/e2e/work.ts', '--function', 'foreverAfterMarking', '--args', JSON.stringify([marker]), '--tasks', '2', '--timeout', '60']);
    try {
      // No child process to wait for: the task writes a file once a lane runs it. (A fixed 2.5 s wait
      // once sent Ctrl-C before a loaded CI machine had loaded the CLI, which Node's default ended.)
      await waitFor(() => existsSync(marker), 60_000, () => 'the sequential lane to start the task');
      const sent = Date.now();
      child.kill('SIGINT');
      const r = await done;
      // README (The command line): "Ctrl-C stops the run within a second". 3× that for a loaded machine.
      assert.ok(Date.now() - sent < 3000, `stopped after ${Date.now() - sent} ms`);
      assert.equal(r.code, 130, r.stderr);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { CpuSampler, effectiveUtilisation, parseProcStat, rebaseSeries, utilisationBand } from '../../src/engine/measure/sampler';
import { parsePidStatTicks, parseProcStatBytes } from '../../src/engine/runtime/procStat';
import type { CpuSeries } from '../../src/shared/report/report';
import { skipBecause } from '../support/skip';
import { machineNow } from '../../src/engine/runtime/clock';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** CPU ms from a percent-of-one-core series: each sample covers the time since the previous one. */
const integrate = (t: number[], pct: number[]) => pct.reduce((sum, p, i) => sum + (p * (t[i] - (i === 0 ? 0 : t[i - 1]))) / 100, 0);

/** A worker thread that spins for `ms` and then exits. */
function spinInWorker(ms: number): Worker {
  return new Worker(`const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x++;`, { eval: true });
}

function exited(w: Worker): Promise<void> {
  return new Promise((resolve) => w.once('exit', () => resolve()));
}

describe('CpuSampler', function () {
  this.timeout(60000);
  const workers: Worker[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.terminate()));
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  it('gives one series per core, increasing times, percentages in 0..100, on the tasks’ clock', async () => {
    // At least 300 ms and at least 5 ticks: a loaded CI machine once fired the 20 ms timer only 4
    // times in 300 ms (this thread waiting for a core), which says nothing about the sampler.
    let ticks = 0;
    const sampler = new CpuSampler({ intervalMs: 20, onSample: () => ticks++ });
    const before = machineNow();
    sampler.start();
    await sleep(300);
    for (const until = Date.now() + 10_000; ticks < 5 && Date.now() < until; ) await sleep(20);
    const s = sampler.stop();
    assert.ok(sampler.startedAt >= before && sampler.startedAt <= machineNow());
    assert.equal(s.intervalMs, 20);
    assert.equal(s.cores.length, os.cpus().length);
    assert.ok(s.t.length >= 5, `only ${s.t.length} samples in 10 s at 20 ms`);
    for (let i = 1; i < s.t.length; i++) assert.ok(s.t[i] > s.t[i - 1], `t not increasing at ${i}: ${s.t}`);
    assert.ok(s.t[s.t.length - 1] >= 280 && s.t[s.t.length - 1] < 11_000, `last sample at ${s.t[s.t.length - 1]} ms`);
    for (const core of s.cores) {
      assert.equal(core.length, s.t.length);
      for (const v of core) assert.ok(v >= 0 && v <= 100, `core value ${v}`);
    }
    assert.equal(s.process!.length, s.t.length);
    for (const v of s.process!) assert.ok(v >= 0, `process value ${v}`);
    assert.equal(s.source, process.platform === 'linux' ? '/proc/stat' : 'os.cpus');
  });

  it('sees a busy worker thread in the process series and on the cores', async () => {
    const idle = new CpuSampler({ intervalMs: 50 });
    idle.start();
    await sleep(500);
    const quiet = idle.stop();

    const busy = new CpuSampler({ intervalMs: 50 });
    const w = spinInWorker(800);
    workers.push(w);
    const c0 = process.cpuUsage();
    busy.start();
    await exited(w);
    const loud = busy.stop();
    const c = process.cpuUsage(c0);
    const measuredMs = (c.user + c.system) / 1000;

    // Other programs on a shared 2-core machine can take most of a core from the spinning thread,
    // so compare the sampler with process.cpuUsage() over the same window instead of with 100%.
    const sampledMs = integrate(loud.t, loud.process!);
    assert.ok(measuredMs >= 100, `the spinning thread got only ${measuredMs.toFixed(0)} ms of CPU; cannot judge`);
    assert.ok(Math.abs(sampledMs - measuredMs) <= 0.15 * measuredMs + 20,
      `sampled process CPU ${sampledMs.toFixed(0)} ms vs process.cpuUsage() ${measuredMs.toFixed(0)} ms`);
    const quietMs = integrate(quiet.t, quiet.process!);
    assert.ok(sampledMs > 3 * quietMs + 50, `busy ${sampledMs.toFixed(0)} ms vs idle ${quietMs.toFixed(0)} ms`);
    // The cores carry at least what this process used (and anything else running).
    const coresMs = loud.cores.reduce((sum, core) => sum + integrate(loud.t, core), 0);
    assert.ok(coresMs >= 0.7 * sampledMs, `cores ${coresMs.toFixed(0)} ms busy vs process ${sampledMs.toFixed(0)} ms`);
  });

  it('counts the CPU of child processes it is given, including ones born after start()', async function () {
    if (process.platform !== 'linux') skipBecause(this, 'not Linux: CPU is read from /proc');
    const pids: number[] = [];
    const sampler = new CpuSampler({ intervalMs: 50, pids: () => pids });
    sampler.start();
    const child = spawn(process.execPath, ['-e',
      'const end = Date.now() + 700; let x = 0; while (Date.now() < end) x++; const u = process.cpuUsage(); process.stdout.write(String((u.user + u.system) / 1000));',
    ], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(child);
    pids.push(child.pid!);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => child.once('close', resolve));
    const s = sampler.stop();
    const childMs = Number(out);
    const sampledMs = integrate(s.t, s.process!);
    assert.ok(childMs >= 100, `the child got only ${out} ms of CPU; cannot judge`);
    // Its last interval before exit is lost (nothing can read a process that has gone) and the child's
    // start-up before its PID is known is counted; the engine's own thread adds a little.
    assert.ok(sampledMs >= 0.6 * childMs && sampledMs <= 1.3 * childMs + 50,
      `sampled ${sampledMs.toFixed(0)} ms for a child that reported ${childMs.toFixed(0)} ms of CPU`);
  });

  // What the sampler costs is measured side by side in `npm run bench` (the sampler row), not here:
  // a 2% bound failed a clean-clone CI run on a shared machine at 2.37% (issue 14).

  it('refuses a bad interval and a second start', () => {
    assert.throws(() => new CpuSampler({ intervalMs: 0 }), /intervalMs must be a positive number/);
    const s = new CpuSampler({ intervalMs: 50 });
    s.start();
    assert.throws(() => s.start(), /twice/);
    s.stop();
    assert.doesNotThrow(() => s.stop(), 'stop is safe to call twice');
  });
});

describe('effectiveUtilisation', () => {
  const series = (process: number[] | undefined, cores: number[][]): CpuSeries => ({
    intervalMs: 50, t: cores[0].map((_, i) => (i + 1) * 50), cores, ...(process ? { process } : {}),
  });
  const cases: Array<[string, CpuSeries, number, number, string]> = [
    ['idle under half a core in absolute terms', series([40, 40], [[40, 40], [0, 0]]), 2, 0.2, 'idle'],
    ['poor at 50% of the cores', series([100, 100], [[100, 100], [0, 0]]), 2, 0.5, 'poor'],
    ['ok at 75%', series([150, 150], [[100, 100], [50, 50]]), 2, 0.75, 'ok'],
    ['ideal at 95%', series([190, 190], [[95, 95], [95, 95]]), 2, 0.95, 'ideal'],
    ['per-core sums when there is no process series', series(undefined, [[100, 100], [80, 80]]), 2, 0.9, 'ideal'],
    ['a core of 64 is still poor, not idle', series([100, 100], [[100, 100]]), 64, 1 / 64, 'poor'],
  ];
  for (const [name, s, cores, share, band] of cases) {
    it(name, () => {
      const u = effectiveUtilisation(s, cores);
      assert.ok(Math.abs(u.share - share) < 1e-9, `share ${u.share}`);
      assert.equal(u.band, band);
    });
  }
  it('weights samples by their duration (a late tick counts for longer)', () => {
    const s: CpuSeries = { intervalMs: 50, t: [50, 150], cores: [[0, 0]], process: [0, 100] };
    assert.ok(Math.abs(effectiveUtilisation(s, 1).share - 2 / 3) < 1e-9);
  });
  it('bands on the boundaries: 50% poor, 85% ok, 86% ideal', () => {
    assert.equal(utilisationBand(0.5, 4), 'poor');
    assert.equal(utilisationBand(0.85, 4), 'ok');
    assert.equal(utilisationBand(0.86, 4), 'ideal');
    assert.equal(utilisationBand(0.9, 0.45), 'idle');
  });
  it('rebaseSeries moves sample times onto a repetition’s clock', () => {
    const s: CpuSeries = { intervalMs: 50, t: [50, 100], cores: [[1, 2]] };
    assert.deepEqual(rebaseSeries(s, 1000, 1020).t, [30, 80]);
  });
});

describe('/proc parsers (bytes in a reused buffer)', () => {
  const STAT = [
    'cpu  400 10 300 9000 50 0 20 5 0 0',
    'cpu0 200 5 150 4500 25 0 10 3 0 0',
    'cpu1 200 5 150 4500 25 0 10 2 0 0',
    'intr 12345 1 2 3',
    'ctxt 999',
    '',
  ].join('\n');

  it('reads every core: busy = all − idle − iowait, total = user..steal', () => {
    assert.deepEqual(parseProcStat(STAT), [
      { busy: 200 + 5 + 150 + 0 + 10 + 3, total: 200 + 5 + 150 + 4500 + 25 + 0 + 10 + 3 },
      { busy: 200 + 5 + 150 + 0 + 10 + 2, total: 200 + 5 + 150 + 4500 + 25 + 0 + 10 + 2 },
    ]);
  });

  it('says when the buffer ended before the cpu lines did, and counts cores beyond the arrays', () => {
    const bytes = Buffer.from(STAT, 'latin1');
    const busy = new Float64Array(1);
    const total = new Float64Array(1);
    assert.equal(parseProcStatBytes(bytes, bytes.length, busy, total), 2, 'two cores, though only one fits');
    const cut = Buffer.alloc(40);
    bytes.copy(cut, 0, 0, 40);
    assert.equal(parseProcStatBytes(cut, 40, new Float64Array(4), new Float64Array(4)), -1);
  });

  it('agrees with the text of this machine’s /proc/stat parsed by split', function () {
    if (process.platform !== 'linux') skipBecause(this, 'not Linux: CPU is read from /proc');
    const text = readFileSync('/proc/stat', 'latin1');
    const bySplit = text.split('\n').filter((l) => /^cpu\d/.test(l)).map((l) => {
      const f = l.split(/\s+/).slice(1, 9).map(Number);
      const idle = f[3] + f[4];
      const all = f.reduce((a, b) => a + b, 0);
      return { busy: all - idle, total: all };
    });
    assert.deepEqual(parseProcStat(text), bySplit);
  });

  it('reads utime + stime of /proc/<pid>/stat after a command name holding spaces and parentheses', () => {
    const line = '4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 731 42 0 0 20 0 1 0 100 0 0\n';
    const b = Buffer.from(line, 'latin1');
    assert.equal(parsePidStatTicks(b, b.length), 731 + 42);
    const broken = Buffer.from('4242 no paren', 'latin1');
    assert.ok(Number.isNaN(parsePidStatTicks(broken, broken.length)));
    if (process.platform === 'linux') {
      const own = Buffer.from(readFileSync('/proc/self/stat', 'latin1'), 'latin1');
      const f = own.toString('latin1').slice(own.toString('latin1').lastIndexOf(')') + 2).split(' ');
      assert.equal(parsePidStatTicks(own, own.length), Number(f[11]) + Number(f[12]));
    }
  });
});

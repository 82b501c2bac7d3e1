import * as assert from 'node:assert/strict';
import { analyse } from '../../src/engine/analyse/verdict';
import { applyRoundSpeedups } from '../../src/engine/analyse/roundSpeedups';
import { summarise } from '../../src/engine/analyse/stats';
import type { ModeName, ModeResult, RoundRecord, StopInfo, TaskRecord, Verdict } from '../../src/shared/report/report';

// Crafted reports as the engine would assemble them from interleaved rounds: per mode and round its
// wall time, its tasks' summed run-queue wait, on-CPU time and own wall time.
interface RoundSpec {
  wall: number;
  /** Share of the tasks' time spent waiting for a core. */
  wait?: number;
  /** The tasks' on-CPU time per task, ms. */
  cpuPerTask?: number;
  load?: number;
}

const TASKS = 8;
const CORES = 2;
const STOP: StopInfo = { reason: 'stable', message: 'stable', precision: 0.05, elapsedMs: 1000 };

function lanesOf(mode: ModeName): number {
  return mode === 'workers' || mode === 'processes' ? 2 : 1;
}

function tasksFor(mode: ModeName, wall: number, cpuPerTask?: number, wait?: number): TaskRecord[] {
  const lanes = mode === 'async' ? 1 : lanesOf(mode);
  const per = (wall * lanes) / TASKS;
  return Array.from({ length: TASKS }, (_, i) => {
    const lane = i % lanes;
    const start = Math.floor(i / lanes) * per;
    return {
      index: i, lane, startMs: start, endMs: start + per,
      ...(cpuPerTask !== undefined ? { cpuMs: cpuPerTask } : {}),
      ...(wait !== undefined ? { waitMs: wait * per } : {}),
    };
  });
}

export function craft(spec: Partial<Record<ModeName, RoundSpec[]>>, interleaved = true): { verdict: Verdict; modes: ModeResult[]; headline: string } {
  const names = (Object.keys(spec) as ModeName[]);
  const count = Math.max(...names.map((n) => spec[n]!.length));
  const rounds: RoundRecord[] = [];
  for (let r = 0; r < count; r++) {
    const modes = names.filter((n) => spec[n]![r]).map((n) => {
      const s = spec[n]![r];
      const taskMs = n === 'sequential' || n === 'async' ? s.wall : s.wall * lanesOf(n);
      return {
        mode: n, wallMs: s.wall, taskMs,
        ...(s.wait !== undefined ? { waitMs: s.wait * taskMs } : {}),
        ...(s.cpuPerTask !== undefined ? { taskCpuMs: s.cpuPerTask * TASKS } : {}),
        ...(s.load !== undefined ? { externalLoad: s.load } : {}),
      };
    });
    rounds.push({ order: modes.map((m) => m.mode), modes });
  }
  const modes: ModeResult[] = names.map((n) => {
    const walls = spec[n]!.map((s) => s.wall);
    const wallMs = summarise(walls);
    const mid = spec[n]!.find((s) => s.wall === wallMs.median) ?? spec[n]![0];
    const cpuPerTask = mid.cpuPerTask ?? (wallMs.median * lanesOf(n)) / TASKS * (1 - (mid.wait ?? 0));
    return {
      mode: n, status: 'completed', lanes: lanesOf(n), wallMs,
      cpuMs: cpuPerTask * TASKS, coresBusy: (cpuPerTask * TASKS) / wallMs.median,
      tasks: tasksFor(n, wallMs.median, cpuPerTask, mid.wait),
    };
  });
  const seq = modes.find((m) => m.mode === 'sequential')!;
  for (const m of modes) {
    m.speedup = seq.wallMs!.median / m.wallMs!.median;
    m.speedupCi = { low: m.speedup * 0.98, high: m.speedup * 1.02, level: 'range' };
  }
  const info = applyRoundSpeedups(modes, rounds, STOP, { tasks: TASKS, cores: CORES, interleaved });
  const verdict = analyse({ modes, cores: CORES, tasks: TASKS, workers: 2, rounds: info });
  return { verdict, modes, headline: info.headline };
}

const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const kinds = (v: Verdict) => v.findings.map((f) => f.kind);
const text = (v: Verdict) => [v.summary, ...v.findings.map((f) => f.message)].join('\n');

describe('the verdict holds back what the evidence cannot carry', () => {
  it('a superlinear speedup on a busy baseline is a disturbed measurement, never close to the ideal', () => {
    // The sequential run waited for a core 64% of its time; child processes then look 2.5× faster on 2 cores.
    const v = craft({
      sequential: [{ wall: 2520, wait: 0.64, cpuPerTask: 113, load: 1.5 }, { wall: 2520, wait: 0.64, cpuPerTask: 113, load: 1.5 }],
      workers: [{ wall: 1300, wait: 0.3, cpuPerTask: 113, load: 1.5 }, { wall: 1300, wait: 0.3, cpuPerTask: 113, load: 1.5 }],
      processes: [{ wall: 1000, wait: 0.5, cpuPerTask: 113, load: 1.5 }, { wall: 1000, wait: 0.5, cpuPerTask: 113, load: 1.5 }],
    }).verdict;
    assert.doesNotMatch(v.summary, /2\.52×[^.]*close to the ideal/);
    assert.match(v.summary, /The measured 2\.52× is above the ideal: a disturbed measurement/);
    assert.ok(kinds(v).includes('superlinear'), kinds(v).join());
    const f = v.findings.find((x) => x.kind === 'superlinear')!;
    assert.match(f.message, /above the ideal 2\.00× .*disturbed measurement, not a real gain/);
    assert.match(f.message, /the sequential run waited for a core 64%/);
    // No advice to move the work to processes because of shared native state.
    assert.doesNotMatch(text(v), /share native state .*run this work in child processes|child processes are the faster choice/);
    const p = v.findings.find((x) => x.kind === 'processes-escape-contention');
    if (p) assert.equal(p.severity, 'info');
  });

  it('on a busy machine async, measured clearly above 1× and above every estimate, is still the fastest (gzip through libuv\'s pool)', () => {
    const three = <T,>(x: T): T[] => [x, x, x];
    const r = craft({
      sequential: three({ wall: 670, wait: 0.05, cpuPerTask: 8, load: 1 }),
      async: three({ wall: 360, load: 1 }),
      workers: three({ wall: 450, wait: 0.12, cpuPerTask: 8, load: 1 }),
    });
    assert.equal(r.verdict.winner?.mode, 'async', r.verdict.summary);
    assert.equal(r.verdict.winner?.basis, 'measured');
    assert.match(r.verdict.summary, /^Async-interleaved is fastest at 1\.86×/);
    // CPU-bound work in libuv's pool (async keeps 1.87 cores busy from one thread): its ideal is the
    // cores the pool can use, not the 1× of JavaScript on one thread ("1.75×, against an ideal 1.00×").
    const cpu = craft({
      sequential: three({ wall: 670, wait: 0.05, cpuPerTask: 84, load: 1 }),
      async: three({ wall: 360, cpuPerTask: 84, load: 1 }),
      workers: three({ wall: 450, wait: 0.12, cpuPerTask: 84, load: 1 }),
    });
    assert.equal(cpu.verdict.bound, 'cpu');
    assert.equal(cpu.verdict.winner?.mode, 'async', cpu.verdict.summary);
    assert.equal(cpu.verdict.winner?.ideal, 2, cpu.verdict.summary);
    assert.doesNotMatch(cpu.verdict.summary, /ideal 1\.00×/);
    // Past that ceiling (fs through libuv's pool: 2.17× against 2.00×) it is never "close to the ideal".
    const past = craft({
      sequential: three({ wall: 670, cpuPerTask: 84 }),
      async: three({ wall: 300, cpuPerTask: 84 }),
      workers: three({ wall: 450, cpuPerTask: 84 }),
    }).verdict;
    assert.equal(past.winner?.mode, 'async', past.summary);
    assert.match(past.summary, /^Async-interleaved is fastest at 2\.23× .*, above the 2\.00× that 2 cores give CPU-bound work: the work also waits/);
    assert.doesNotMatch(past.summary, /close to the ideal/);
    // At 1.12× [0.85–1.41] against estimates of 1.42× it stays out: no tie on unequal footing.
    const slow = craft({
      sequential: three({ wall: 670, wait: 0.05, cpuPerTask: 8, load: 1 }),
      async: [{ wall: 600, load: 1 }, { wall: 790, load: 1 }, { wall: 470, load: 1 }],
      workers: three({ wall: 450, wait: 0.12, cpuPerTask: 8, load: 1 }),
    });
    assert.equal(slow.verdict.winner?.mode, 'workers', slow.verdict.summary);
    assert.ok(!slow.verdict.winner!.tiedWith.includes('async'), slow.verdict.summary);
  });

  it('a tied mode whose interval reaches 1× too: the run cannot tell them apart, not "as fast as each other" (js-yaml\'s async)', () => {
    const v = craft({
      sequential: [{ wall: 134 }, { wall: 174 }, { wall: 110 }, { wall: 130 }],
      async: [{ wall: 133 }, { wall: 112 }, { wall: 116 }, { wall: 128 }],
      workers: [{ wall: 80 }, { wall: 95 }, { wall: 78 }, { wall: 64 }],
    }).verdict;
    assert.deepEqual(v.winner?.tiedWith, ['async'], v.summary);
    assert.match(v.summary, /^The run cannot tell worker threads and async-interleaved apart \(.*; async-interleaved's interval reaches 1× too\)/);
    assert.doesNotMatch(v.summary, /as fast as each other/);
  });

  it('load in the sequential rounds only: the note says the baseline was slowed there, not that the mode\'s own quiet rounds were loaded', () => {
    const two = <T,>(x: T): T[] => [x, x];
    const v = craft({
      sequential: two({ wall: 1000, wait: 0.3, cpuPerTask: 87, load: 1.5 }),
      workers: two({ wall: 560, wait: 0.1, cpuPerTask: 100, load: 0.05 }),
    }).verdict;
    const note = v.findings.find((f) => f.kind === 'busy-machine');
    assert.ok(note, v.findings.map((f) => f.kind).join());
    assert.match(note.message, /other programs kept 1\.50 of the 2 cores busy during the sequential rounds, whose tasks waited for a core 30% of their time, so the baseline was slowed/);
    assert.doesNotMatch(note.message, /0\.05 of the 2 cores/);
  });

  it('one repetition: the headline says so and nothing is advised with confidence', () => {
    const v = craft({
      sequential: [{ wall: 800, wait: 0, cpuPerTask: 100 }],
      workers: [{ wall: 600, wait: 0, cpuPerTask: 100 }],
      processes: [{ wall: 420, wait: 0, cpuPerTask: 100 }],
    }).verdict;
    assert.match(v.summary, /from one run of each, so it may be noise/);
    const p = v.findings.find((x) => x.kind === 'processes-escape-contention')!;
    assert.equal(p.severity, 'info');
    assert.match(p.message, /it rests on one run of each/);
    assert.ok(v.findings.every((f) => f.kind !== 'contention' || f.severity === 'info'));
  });

  it('overlapping intervals: processes looking faster is called possible noise', () => {
    const v = craft({
      sequential: repeat(5, (i) => ({ wall: [800, 700, 900, 820, 760][i], wait: 0, cpuPerTask: 100 })),
      workers: repeat(5, (i) => ({ wall: [480, 400, 520, 470, 430][i], wait: 0, cpuPerTask: 100 })),
      processes: repeat(5, (i) => ({ wall: [420, 460, 380, 500, 410][i], wait: 0, cpuPerTask: 100 })),
    }).verdict;
    const p = v.findings.find((x) => x.kind === 'processes-escape-contention');
    if (p) {
      assert.equal(p.severity, 'info');
      assert.match(p.message, /intervals overlap|may be noise/);
    }
    assert.doesNotMatch(text(v), /child processes are the faster choice/);
  });

  it('contention visible only in wall time (waiting for a core) is not called contention', () => {
    // Threads' own CPU per task the same as alone; their tasks took 1.4× longer because they waited.
    const v = craft({
      sequential: repeat(3, () => ({ wall: 800, wait: 0.01, cpuPerTask: 99 })),
      workers: repeat(3, () => ({ wall: 560, wait: 0.02, cpuPerTask: 99 })),
    }).verdict;
    const f = v.findings.find((x) => x.kind === 'contention')!;
    assert.equal(f.severity, 'info');
    assert.doesNotMatch(f.message, /so the threads contend for something they share/);
    assert.match(f.message, /may be contention/);
    assert.doesNotMatch(v.summary, /\(contention\)/);
  });

  it('contention seen in the threads\' CPU per task on more than one round is claimed, with that evidence', () => {
    const v = craft({
      sequential: repeat(3, () => ({ wall: 800, wait: 0.01, cpuPerTask: 99 })),
      workers: repeat(3, () => ({ wall: 560, wait: 0.01, cpuPerTask: 139 })),
    }).verdict;
    const f = v.findings.find((x) => x.kind === 'contention')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /so the threads contend for something they share/);
    assert.match(f.message, /in 3 of 3 rounds/);
  });

  it('a busy machine: the headline quotes the load-aware estimate and says which it shows', () => {
    // A competitor on one of 2 cores: sequential keeps its core, the 2 workers share the other 1.33 cores.
    const r = craft({
      sequential: repeat(3, (i) => ({ wall: 1600 + i * 10, wait: 0.02, cpuPerTask: 196, load: 1 })),
      workers: repeat(3, (i) => ({ wall: 1200 + i * 10, wait: 0.33, cpuPerTask: 196, load: 1 })),
    });
    assert.equal(r.headline, 'load-aware');
    const w = r.modes.find((m) => m.mode === 'workers')!;
    assert.ok(w.loadAware && w.loadAware.speedup > 1.8 && w.loadAware.speedup < 2.05, JSON.stringify(w.loadAware));
    assert.match(r.verdict.summary, /^Worker threads are fastest at 1\.9\d× \[[0-9.–]+\] over sequential on free cores \(estimated: other programs held the cores; measured 1\.3\d×/);
    assert.equal(r.verdict.winner!.basis, 'load-aware');
    const f = r.verdict.findings.find((x) => x.kind === 'busy-machine')!;
    assert.match(f.message, /on free cores the estimate is 1\.9\d×/);
    assert.match(f.message, /The headline quotes the estimate/);
  });

  it('a quiet machine: the headline is the measured speedup and no estimate is pushed', () => {
    const r = craft({
      sequential: repeat(3, (i) => ({ wall: 800 + i, wait: 0.005, cpuPerTask: 100, load: 0.05 })),
      workers: repeat(3, (i) => ({ wall: 410 + i, wait: 0.01, cpuPerTask: 100, load: 0.05 })),
    });
    assert.equal(r.headline, 'measured');
    assert.match(r.verdict.summary, /^Worker threads are fastest at 1\.9\d× \[1\.9\d–1\.9\d\] over sequential, close to the ideal 2\.00×/);
    assert.ok(!kinds(r.verdict).includes('busy-machine'));
    assert.ok(!kinds(r.verdict).includes('superlinear'));
  });

  it('a round whose outside load stands apart is named', () => {
    const v = craft({
      sequential: [{ wall: 800, load: 0.1 }, { wall: 800, load: 0.1 }, { wall: 900, load: 1.2 }, { wall: 800, load: 0.1 }],
      workers: [{ wall: 410, load: 0.1 }, { wall: 410, load: 0.1 }, { wall: 600, load: 1.3 }, { wall: 410, load: 0.1 }],
    }).verdict;
    const f = v.findings.find((x) => x.kind === 'disturbed-rounds')!;
    assert.match(f.message, /round 3 \(1\.25 cores\)/);
  });
});

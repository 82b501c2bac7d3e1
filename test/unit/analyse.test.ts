import * as assert from 'node:assert/strict';
import { amdahlSpeedup } from '../../src/engine/analyse/amdahl';
import { type AnalysisInput, analyse, bestMode, classifyBound } from '../../src/engine/analyse/verdict';
import { speedupInterval, summarise } from '../../src/engine/analyse/stats';
import type { Finding, FindingKind, ModeName, ModeResult, SweepPoint, TaskRecord } from '../../src/shared/report/report';

interface ModeSpec {
  wall: number;
  runs?: number[];
  cpuMs?: number;
  lanes?: number;
  /** Task durations, ms; scheduled greedily on the lanes in index order. */
  durations?: number[];
  /** Hand-over time before each task, ms. */
  dispatch?: number;
  taskCpuMs?: number;
  /** Run-queue wait per task, ms (set together with taskCpuMs). */
  taskWaitMs?: number;
  startupMs?: number;
  transfer?: { argBytes: number; resultBytes: number };
  status?: ModeResult['status'];
  error?: string;
}

/** Builds tasks the way a pool runs them: each to the lane that frees first. */
function schedule(durations: number[], lanes: number, dispatch: number, taskCpuMs?: number, taskWaitMs?: number): TaskRecord[] {
  const free = new Array<number>(lanes).fill(0);
  return durations.map((d, index) => {
    const lane = free.indexOf(Math.min(...free));
    const dispatchMs = free[lane];
    const startMs = dispatchMs + dispatch;
    free[lane] = startMs + d;
    return {
      index, lane, dispatchMs, startMs, endMs: startMs + d,
      ...(taskCpuMs !== undefined ? { cpuMs: taskCpuMs } : {}),
      ...(taskWaitMs !== undefined ? { waitMs: taskWaitMs } : {}),
    };
  });
}

function mode(name: ModeName, spec: ModeSpec): ModeResult {
  const status = spec.status ?? 'completed';
  const lanes = spec.lanes ?? (name === 'workers' || name === 'processes' ? 2 : 1);
  if (status !== 'completed') {
    return { mode: name, status, lanes, error: { name: 'Error', code: status === 'timeout' ? 'TIMEOUT' : 'TASK_FAILED', message: spec.error ?? 'boom' } };
  }
  const wallMs = summarise(spec.runs ?? [spec.wall * 0.995, spec.wall, spec.wall * 1.005]);
  return {
    mode: name,
    status,
    lanes,
    wallMs,
    ...(spec.cpuMs !== undefined ? { cpuMs: spec.cpuMs, coresBusy: spec.cpuMs / wallMs.median } : {}),
    ...(spec.durations ? { tasks: schedule(spec.durations, name === 'async' ? spec.durations.length : lanes, spec.dispatch ?? 0.05, spec.taskCpuMs, spec.taskWaitMs) } : {}),
    ...(spec.startupMs !== undefined ? { startupMs: spec.startupMs } : {}),
    ...(spec.transfer ? { transfer: spec.transfer } : {}),
  };
}

/** Adds speedups and intervals the way the orchestrator does. */
function withSpeedups(modes: ModeResult[]): ModeResult[] {
  const seq = modes.find((m) => m.mode === 'sequential' && m.wallMs);
  for (const m of modes) {
    if (!seq?.wallMs || !m.wallMs) continue;
    m.speedup = seq.wallMs.median / m.wallMs.median;
    m.speedupCi = speedupInterval(seq.wallMs.runs, m.wallMs.runs);
  }
  return modes;
}

const fill = (n: number, ms: number) => new Array<number>(n).fill(ms);

/** An equal-cost CPU-bound function: 8 tasks of 100 ms on 2 cores, everything close to ideal. */
function cpuBound(over: Partial<Record<ModeName, Partial<ModeSpec>>> = {}, input: Partial<AnalysisInput> = {}): AnalysisInput {
  const n = input.tasks ?? 8;
  // The four default modes (the queue mode runs only when asked for).
  const base: Record<Exclude<ModeName, 'queue'>, ModeSpec> = {
    sequential: { wall: 100 * n, cpuMs: 99 * n, durations: fill(n, 100), startupMs: 20 },
    async: { wall: 100 * n, cpuMs: 99 * n, durations: fill(n, 100), startupMs: 20 },
    workers: { wall: 51 * n, cpuMs: 100 * n, durations: fill(n, 101), startupMs: 25, transfer: { argBytes: 100 * n, resultBytes: 10 * n } },
    processes: { wall: 52 * n, cpuMs: 101 * n, durations: fill(n, 101), startupMs: 60, transfer: { argBytes: 100 * n, resultBytes: 10 * n } },
  };
  const modes = (Object.keys(base) as (keyof typeof base)[]).map((name) => mode(name, { ...base[name], ...over[name] }));
  return { modes: withSpeedups(modes), cores: 2, tasks: n, workers: 2, ...input };
}

function kinds(findings: Finding[]): FindingKind[] {
  return findings.map((f) => f.kind);
}

/** The bound finding: context now, after the ranked reasons. */
function boundOf(v: { findings: Finding[] }): Finding {
  const f = v.findings.find((x) => ['cpu-bound', 'io-bound', 'mixed-bound', 'other'].includes(x.kind) && x.group === 'context');
  assert.ok(f, 'no bound finding');
  return f;
}

function find(input: AnalysisInput, kind: FindingKind): Finding | undefined {
  return analyse(input).findings.find((f) => f.kind === kind);
}

describe('analyse', () => {
  describe('classifyBound', () => {
    const cases: Array<[number, number, string]> = [
      [990, 1000, 'cpu'], [800, 1000, 'cpu'], [1180, 1000, 'cpu'],
      [500, 1000, 'mixed'], [210, 1000, 'mixed'],
      [200, 1000, 'io'], [5, 1000, 'io'],
    ];
    for (const [cpu, wall, bound] of cases) {
      it(`${cpu} ms of CPU in ${wall} ms is ${bound}`, () => {
        assert.equal(classifyBound(mode('sequential', { wall, runs: [wall], cpuMs: cpu })), bound);
      });
    }
  });

  describe('run-queue wait: CPU-bound tasks starved by other programs', () => {
    // 8 tasks of 100 ms: on a core 40 ms each, runnable but waiting for a core 55 ms each.
    const starved = (over: Partial<ModeSpec> = {}) => mode('sequential', { wall: 800, runs: [800], cpuMs: 320, durations: fill(8, 100), taskCpuMs: 40, taskWaitMs: 55, ...over });

    it('judges the bound from CPU ÷ (wall − wait) of the tasks: 0.89 is cpu, though CPU ÷ wall alone (0.4) says mixed', () => {
      assert.equal(classifyBound(mode('sequential', { wall: 800, runs: [800], cpuMs: 320 })), 'mixed');
      assert.equal(classifyBound(starved()), 'cpu');
    });

    it('a task that neither computes nor waits for a core is still I/O-bound; one that computes 20 of its 70 ms free is mixed', () => {
      assert.equal(classifyBound(starved({ cpuMs: 40, taskCpuMs: 5, taskWaitMs: 1 })), 'io');
      assert.equal(classifyBound(starved({ cpuMs: 160, taskCpuMs: 20, taskWaitMs: 30 })), 'mixed');
      // An I/O-bound task on a loaded machine: 2 ms computing, 30 ms waiting for a core after each
      // timer fired, of 100 ms. (CPU + wait) ÷ wall read 0.32, "mixed"; it computes 3% of its free time.
      assert.equal(classifyBound(starved({ cpuMs: 20, taskCpuMs: 2, taskWaitMs: 30 })), 'io');
    });

    it('ignores failed tasks, and async (no per-task CPU) falls back to CPU ÷ wall', () => {
      const m = starved();
      m.tasks = m.tasks!.map((t, i) => (i < 4 ? t : { ...t, cpuMs: 1, waitMs: 0, failed: true }));
      assert.equal(classifyBound(m), 'cpu');
      assert.equal(classifyBound(mode('async', { wall: 800, runs: [800], cpuMs: 320, durations: fill(8, 100), taskCpuMs: 40, taskWaitMs: 55 })), 'mixed');
    });

    it('says so in the bound finding: the share other programs took, as a warning', () => {
      const input: AnalysisInput = {
        modes: withSpeedups([starved(), mode('workers', { wall: 420, cpuMs: 330, durations: fill(8, 100) })]),
        cores: 2, tasks: 8, workers: 2,
      };
      const withLoad = (externalLoad: number): AnalysisInput => ({
        ...input,
        rounds: { interleaved: true, headline: 'measured', stop: { reason: 'fixed', message: '', precision: 0, elapsedMs: 1 }, rounds: [0, 1].map(() => ({ order: ['sequential'] as ModeName[], modes: [{ mode: 'sequential' as const, wallMs: 800, externalLoad }] })) },
      });
      const v = analyse(withLoad(1.2));
      assert.equal(v.bound, 'cpu');
      const f = v.findings.find((x) => x.kind === 'cpu-bound')!;
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /the tasks were CPU-bound, but waited for a core 55% of their time \(.*\): other programs held the cores\. .*profile on a quieter machine/);
      assert.equal(f.data!.waitShare, 0.55);
      assert.equal(f.data!.taskWaitMs, 440);
      // Other programs measured at 0.03 cores: the process's own threads held the cores; no busy machine to blame.
      const own = analyse(withLoad(0.03)).findings.find((x) => x.kind === 'cpu-bound')!;
      assert.equal(own.severity, 'info');
      assert.match(own.message, /waited for a core 55% of their time \(.*\): other programs used only 0\.03 cores, so the process's own threads held them/);
      assert.doesNotMatch(own.message, /quieter machine|slowed by that load/);
      // Not measured at all: neither is named as the cause.
      assert.match(analyse(input).findings.find((x) => x.kind === 'cpu-bound')!.message, /other programs or the process's own threads held the cores/);
      // Busy in one round only: too few to tell, and it says so (not "other programs used only 1.20 cores").
      const one = withLoad(1.2);
      one.rounds!.rounds = one.rounds!.rounds.slice(0, 1);
      assert.match(analyse(one).findings.find((x) => x.kind === 'cpu-bound')!.message, /other programs kept 1\.20 cores busy, but in 1 of 1 rounds, too few to tell them from the process's own threads/);
    });

    it('a quiet machine (wait under 5%) keeps the plain CPU-bound finding', () => {
      const input: AnalysisInput = {
        modes: withSpeedups([starved({ cpuMs: 780, taskCpuMs: 97, taskWaitMs: 2 })]),
        cores: 2, tasks: 8, workers: 2,
      };
      const f = analyse(input).findings.find((x) => x.kind === 'cpu-bound')!;
      assert.equal(f.severity, 'info');
      assert.match(f.message, /computes all the time it runs/);
      assert.doesNotMatch(f.message, /waited for a core/);
    });

    it('a mixed function on a loaded machine: computing, waiting for a core and waiting for I/O, each named', () => {
      const input: AnalysisInput = {
        modes: withSpeedups([starved({ cpuMs: 240, taskCpuMs: 30, taskWaitMs: 20 })]),
        cores: 2, tasks: 8, workers: 2,
      };
      const f = analyse(input).findings.find((x) => x.kind === 'mixed-bound')!;
      assert.match(f.message, /computes about 30% of the time, waits for a core 20% and waits for I\/O the rest/);
    });
  });

  it('an ideal CPU-bound run: bound cpu, workers best, async gives nothing, no gap findings', () => {
    const v = analyse(cpuBound());
    assert.equal(v.bound, 'cpu');
    assert.equal(v.best, 'workers');
    assert.equal(boundOf(v).kind, 'cpu-bound');
    assert.match(boundOf(v).message, /0\.99 cores busy/);
    assert.deepEqual(kinds(v.findings).sort(), ['async-no-await', 'cpu-bound', 'startup-cost'].sort());
    // Processes' interval [1.90–1.94] reaches into the workers' [1.94–1.98]: a tie, said as one, with what separates them.
    assert.match(v.summary, /^Worker threads and child processes are as fast as each other \(1\.96× \[1\.94–1\.98\] and 1\.92× \[1\.90–1\.94\]\), against an ideal 2\.00×\. Child processes take 35\.0 ms longer to start/);
    assert.deepEqual(v.winner!.tiedWith, ['processes']);
  });

  it('async-no-await from the timeline: calls that never overlapped, whatever a noisy speedup says', () => {
    const input = cpuBound();
    const asyncMode = input.modes.find((m) => m.mode === 'async')!;
    // One call after another on one slot, and a noisy 1.6× against sequential.
    asyncMode.tasks = schedule(fill(8, 60), 1, 0.01);
    asyncMode.speedup = 1.6;
    const f = find(input, 'async-no-await')!;
    assert.ok(f, 'no async-no-await finding');
    assert.match(f.message, /no call started before the previous one had finished/);
    assert.match(f.message, /1\.60× against sequential is the machine's noise, not overlap/);
    assert.equal(find(input, 'async-overlap'), undefined);
  });

  it('async-no-await: CPU-bound and async ≈ 1× says the function never yields', () => {
    const f = find(cpuBound(), 'async-no-await')!;
    assert.match(f.message, /async gives nothing \(1\.00× over sequential\)/);
    assert.equal(f.data!.asyncSpeedup, 1);
  });

  it('an I/O-bound run: async overlaps, reached x of N×; no async-no-await', () => {
    const input: AnalysisInput = {
      modes: withSpeedups([
        mode('sequential', { wall: 800, cpuMs: 8, durations: fill(8, 100) }),
        mode('async', { wall: 105, cpuMs: 8, durations: fill(8, 100) }),
        mode('workers', { wall: 402, cpuMs: 9, durations: fill(8, 100) }),
      ]),
      cores: 2, tasks: 8, workers: 2,
    };
    const v = analyse(input);
    assert.equal(v.bound, 'io');
    assert.equal(v.best, 'async');
    assert.equal(boundOf(v).kind, 'io-bound');
    const f = v.findings.find((x) => x.kind === 'async-overlap')!;
    assert.match(f.message, /async reached 7\.62× of an ideal 8×/);
    assert.ok(!kinds(v.findings).includes('async-no-await'));
    assert.match(v.summary, /^Async-interleaved is fastest at 7\.62×/);
  });

  it('mixed bound between 20% and 80% busy', () => {
    const input: AnalysisInput = {
      modes: withSpeedups([mode('sequential', { wall: 800, cpuMs: 400 }), mode('async', { wall: 420, cpuMs: 400 })]),
      cores: 2, tasks: 8, workers: 2,
    };
    const v = analyse(input);
    assert.equal(v.bound, 'mixed');
    assert.equal(v.findings[0].kind, 'mixed-bound');
    assert.ok(kinds(v.findings).includes('async-overlap'));
  });

  describe('native-code: where the native code of an imported package runs', () => {
    const native = { nativePackages: ['@node-rs/argon2'] };
    it('says nothing without packages that ship native addons', () => {
      assert.equal(find(cpuBound(), 'native-code'), undefined);
    });
    it('on the calling thread: one core busy, async gives nothing, so it scales across lanes (with the numbers)', () => {
      const f = find(cpuBound({}, native), 'native-code')!;
      assert.ok(f, 'native-code finding');
      assert.equal(f.severity, 'info');
      assert.match(f.message, /@node-rs\/argon2/);
      assert.match(f.message, /runs on the calling thread/);
      assert.match(f.message, /worker threads 1\.96×/);
    });
    it("on libuv's pool: async overlaps calls from one thread", () => {
      const f = find(cpuBound({ async: { wall: 420, cpuMs: 790 } }, native), 'native-code')!;
      assert.match(f.message, /libuv's thread pool/);
      assert.match(f.message, /async reached 1\.90×/);
    });
    it('a large async speedup whose calls never overlapped is noise: still the calling thread', () => {
      const input = cpuBound({ async: { wall: 420, cpuMs: 790 } }, native);
      const asy = input.modes.find((m) => m.mode === 'async')!;
      let t = 0;
      asy.tasks = asy.tasks!.map((x) => {
        const d = x.endMs - x.startMs;
        const r = { ...x, startMs: t, endMs: t + d };
        t += d + 1;
        return r;
      });
      const f = find(input, 'native-code')!;
      assert.match(f.message, /runs on the calling thread/);
      assert.match(f.message, /async calls never overlapped/);
    });
    it('on its own threads: one call keeps 1.8 cores busy, so 2 lanes are capped at 2 ÷ 1.8 and the GC finding gives way', () => {
      const input = cpuBound({ sequential: { wall: 800, cpuMs: 1440 } }, native);
      const f = find(input, 'native-code')!;
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /kept 1\.80 cores busy/);
      assert.match(f.message, /2 ÷ 1\.80 = 1\.11×/);
      assert.equal(f.data?.ceiling, 1.1111);
      assert.equal(find(input, 'gc-helper-threads'), undefined);
      assert.ok(find(cpuBound({ sequential: { wall: 800, cpuMs: 1440 } }), 'gc-helper-threads'), 'without native packages the GC finding stays');
    });
  });

  it('libuv-pool: a CPU-bound function that async still speeds up, with more than a core busy', () => {
    const f = find(cpuBound({ async: { wall: 420, cpuMs: 790 } }), 'libuv-pool')!;
    assert.ok(f, 'libuv-pool finding');
    assert.match(f.message, /UV_THREADPOOL_SIZE/);
    assert.equal(find(cpuBound(), 'libuv-pool'), undefined);
  });

  describe('gc-helper-threads', () => {
    it('one task keeping 1.18 cores busy gives the honest ceiling K ÷ 1.18', () => {
      const f = find(cpuBound({ sequential: { cpuMs: 944 } }), 'gc-helper-threads')!;
      assert.match(f.message, /1\.18 cores busy/);
      assert.match(f.message, /2 ÷ 1\.18 = 1\.69×/);
      assert.ok(Math.abs((f.data!.ceiling as number) - 2 / 1.18) < 1e-3);
    });
    it('the summary quotes the lower ceiling next to the ideal', () => {
      const v = analyse(cpuBound({ sequential: { cpuMs: 944 }, workers: { wall: 560 }, processes: { wall: 570 } }));
      assert.match(v.summary, /against an ideal 2\.00× \(about 1\.69× once V8's garbage-collector threads take their share\)/);
    });
    it('not at 1.0 core', () => {
      assert.equal(find(cpuBound(), 'gc-helper-threads'), undefined);
    });
  });

  describe('too-few-tasks', () => {
    it('3 tasks on 2 workers cap the speedup at 1.5×, and the summary names it as the gap', () => {
      const input = cpuBound({ workers: { wall: 205, durations: fill(3, 101) }, processes: { wall: 210, durations: fill(3, 101) } }, { tasks: 3 });
      const v = analyse(input);
      const f = v.findings.find((x) => x.kind === 'too-few-tasks')!;
      assert.match(f.message, /^3 tasks on 2 workers cap the speedup at 1\.50×/);
      assert.equal(f.data!.cap, 1.5);
      // The reason ranked first, with its effect: without the cap the workers would reach the ideal.
      assert.equal(f.rank, 1);
      assert.ok(f.effect && f.effect.shareOfGap > 0.5, JSON.stringify(f.effect));
      assert.match(f.line!, /^3 tasks on 2 workers cap the speedup at 1\.50× \(about 1\.9\d× without it/);
    });
    it('3 tasks for 4 workers leave one idle', () => {
      const input = cpuBound({}, { tasks: 3, workers: 4, cores: 4 });
      const f = find(input, 'too-few-tasks')!;
      assert.match(f.message, /Only 3 tasks for 4 workers: 1 had nothing to do, which caps the speedup at 3\.00×/);
    });
    it('not when the tasks divide evenly', () => {
      assert.equal(find(cpuBound(), 'too-few-tasks'), undefined);
      assert.equal(find(cpuBound({}, { tasks: 4 }), 'too-few-tasks'), undefined);
    });
    it('not when no parallel mode was asked for', () => {
      const input = cpuBound({}, { tasks: 3 });
      input.modes = input.modes.filter((m) => m.mode === 'sequential' || m.mode === 'async');
      assert.equal(find(input, 'too-few-tasks'), undefined);
    });
  });

  describe('load-imbalance', () => {
    const uneven = [300, 20, 20, 20, 20, 20];
    it('uneven tasks: the busiest lane decides', () => {
      const input = cpuBound({
        sequential: { wall: 400, cpuMs: 396, durations: uneven },
        async: { wall: 400, cpuMs: 396, durations: uneven },
        workers: { wall: 301, durations: uneven },
        processes: { wall: 303, durations: uneven },
      }, { tasks: 6 });
      const f = find(input, 'load-imbalance')!;
      assert.ok(f, 'load-imbalance finding');
      assert.match(f.message, /the longest took 15\.0× the median \(300 ms against 20\.0 ms\)/);
      assert.match(f.message, /busiest lane worked 300 ms while the average lane worked 200 ms/);
      assert.equal(f.data!.laneRatio, 1.5);
    });
    it('not with equal tasks on balanced lanes', () => {
      assert.equal(find(cpuBound(), 'load-imbalance'), undefined);
    });
    it('not when only the task count unbalances the lanes (that is too-few-tasks)', () => {
      const input = cpuBound({ workers: { wall: 303, durations: fill(5, 101) } }, { tasks: 5 });
      assert.equal(find(input, 'load-imbalance'), undefined);
      assert.ok(find(input, 'too-few-tasks'));
    });
  });

  describe('tiny-tasks', () => {
    it('tasks of 40 µs drown in dispatch cost, with the measured hand-over', () => {
      const tiny = fill(8, 0.04);
      const input = cpuBound({
        sequential: { wall: 1, cpuMs: 1, durations: tiny, dispatch: 0.055 },
        async: { wall: 0.5, cpuMs: 0.5, durations: tiny },
        workers: { wall: 0.7, cpuMs: 1, durations: tiny },
        processes: { wall: 0.9, cpuMs: 1, durations: tiny },
      });
      const f = find(input, 'tiny-tasks')!;
      // The hand-over is the lanes' idle time between tasks in a parallel mode, not the sequential queue's wait.
      assert.match(f.message, /^Tasks of 40\.0 µs \(the median\) drown in dispatch cost: in worker threads a lane sat idle 50\.0 µs between one task's end and the next one's start here/);
      assert.equal(f.severity, 'problem');
      assert.equal(f.data!.dispatchMeasured, true);
    });
    it('a no-op whose task records read 0 (they keep 1 µs): the sequential rounds\' time per task, named as the mean, the same number in the headline and the stop line', () => {
      const zero = fill(8, 0);
      const input = cpuBound({
        sequential: { wall: 1, cpuMs: 1, durations: zero },
        async: { wall: 1, cpuMs: 1, durations: zero },
        workers: { wall: 1.5, cpuMs: 2, durations: zero },
        processes: { wall: 3, cpuMs: 12, durations: zero },
      });
      const rec = (mode: ModeName, wallMs: number) => ({ mode, wallMs, taskMs: 0.00904, waitMs: 0 });
      input.rounds = {
        interleaved: true, headline: 'measured', stop: { reason: 'too-short', message: '', precision: 0.05, elapsedMs: 10 },
        rounds: [0, 1, 2].map(() => ({ order: ['sequential', 'async', 'workers', 'processes'] as ModeName[], modes: [rec('sequential', 1), rec('async', 1), rec('workers', 1.5), rec('processes', 3)] })),
      };
      const f = find(input, 'tiny-tasks')!;
      // 0.00904 ms over 8 tasks: 1.13 µs, kept to 4 significant digits (4 decimals read 1.10 µs).
      assert.match(f.message, /^Tasks of 1\.13 µs on average drown in dispatch cost/);
      assert.match(analyse(input).summary, /^Each task takes 1\.13 µs on average, less than handing it to a lane costs/);
      // Tasks of 40 µs preempted by other programs: the median task, not the rounds' mean (160 µs on a loaded VM).
      const slow = (mode: ModeName, wallMs: number) => ({ mode, wallMs, taskMs: 8 * 0.16, waitMs: 0.9 });
      input.rounds.rounds = [0, 1, 2].map(() => ({ order: ['sequential', 'async', 'workers', 'processes'] as ModeName[], modes: [slow('sequential', 1.4), slow('async', 1.4), rec('workers', 1.5), rec('processes', 3)] }));
      for (const m of input.modes) m.tasks = m.tasks!.map((t) => ({ ...t, endMs: t.startMs + 0.04 }));
      assert.match(find(input, 'tiny-tasks')!.message, /^Tasks of 40\.0 µs \(the median\) drown/);
    });
    it('not for 100 ms tasks', () => {
      assert.equal(find(cpuBound(), 'tiny-tasks'), undefined);
    });
  });

  describe('startup-cost', () => {
    it('pool start-up that is 30% of the run', () => {
      const input = cpuBound({ workers: { startupMs: 60, wall: 140, durations: fill(8, 35) }, processes: { startupMs: 10 } });
      const found = analyse(input).findings.filter((f) => f.kind === 'startup-cost');
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.match(found[0].message, /^Start-up: starting 2 worker threads and loading your module took 60\.0 ms \(30% of a run of 140 ms\)/);
      assert.deepEqual(found[0].modes, ['workers']);
      assert.equal(found[0].severity, 'warning');
    });
    it('not when start-up is small against the run, nor for sequential and async', () => {
      const input = cpuBound({ sequential: { startupMs: 500 }, async: { startupMs: 500 }, workers: { startupMs: 5 }, processes: { startupMs: 10 } });
      assert.equal(find(input, 'startup-cost'), undefined);
    });
  });

  describe('transfer-cost', () => {
    const MB = 1024 * 1024;
    it('8 MB of results cost 12 ms to transfer at a measured 1.5 ms/MB', () => {
      const input = cpuBound({ workers: { transfer: { argBytes: 1000, resultBytes: 8 * MB }, wall: 100 } }, { transferMsPerMb: 1.5 });
      const f = find(input, 'transfer-cost')!;
      assert.match(f.message, /^8\.0 MB of results cost about 12\.0 ms to transfer/);
      assert.equal(f.severity, 'warning');
    });
    it('without a measurement it gives the range the data shape allows', () => {
      const input = cpuBound({ workers: { transfer: { argBytes: 4 * MB, resultBytes: 4 * MB }, wall: 400 } });
      const f = find(input, 'transfer-cost')!;
      assert.match(f.message, /^8\.0 MB of arguments and results cost roughly 16\.0 ms to 320 ms to transfer/);
    });
    it('not for a kilobyte', () => {
      assert.equal(find(cpuBound(), 'transfer-cost'), undefined);
    });
  });

  describe('contention', () => {
    it('each task ran 1.4× slower in threads than alone, and separate processes escape it', () => {
      const input = cpuBound({
        workers: { wall: 560, runs: [555, 560, 565], durations: fill(8, 140) },
        processes: { wall: 410, runs: [405, 410, 415], durations: fill(8, 102) },
      });
      const v = analyse(input);
      const f = v.findings.find((x) => x.kind === 'contention')!;
      assert.match(f.message, /^Each task ran 1\.40× slower in worker threads than alone \(median 140 ms against 100 ms in the sequential mode\)/);
      assert.match(f.message, /separate processes escape it/);
      const p = v.findings.find((x) => x.kind === 'processes-escape-contention')!;
      assert.equal(p.severity, 'warning');
      assert.match(p.message, /child processes reached 1\.95×/);
      assert.equal(v.best, 'processes');
    });
    it('says when processes are slowed too, without claiming one cause for both modes', () => {
      const input = cpuBound({ workers: { wall: 560, durations: fill(8, 140) }, processes: { wall: 560, durations: fill(8, 140) } });
      const f = find(input, 'contention')!;
      assert.match(f.message, /In child processes tasks were slowed too \(1\.40×\); whether for the same reason needs a CPU profile of each mode/);
      assert.doesNotMatch(f.message, /other programs|whole machine/, 'no outside load was measured');
    });
    it('the same start-up advice for both modes is one finding naming both', () => {
      const input = cpuBound({ workers: { startupMs: 60, wall: 140, durations: fill(8, 35) }, processes: { startupMs: 90, wall: 150, durations: fill(8, 36) } });
      const found = analyse(input).findings.filter((f) => f.kind === 'startup-cost');
      assert.equal(found.length, 1);
      assert.deepEqual(found[0].modes, ['workers', 'processes']);
      assert.match(found[0].message, /2 worker threads .*60\.0 ms.*; starting 2 child processes .*90\.0 ms/);
    });
    it('tells waiting from spinning with per-task CPU', () => {
      const input = cpuBound({
        sequential: { durations: fill(8, 100), taskCpuMs: 100 },
        workers: { wall: 560, durations: fill(8, 140), taskCpuMs: 100 },
      });
      assert.match(find(input, 'contention')!.message, /the extra time was spent waiting/);
    });
    it('blames a busy machine, not contention, when the extra time was run-queue wait', () => {
      const input = cpuBound({
        sequential: { durations: fill(8, 100), taskCpuMs: 99, taskWaitMs: 1 },
        workers: { wall: 560, durations: fill(8, 140), taskCpuMs: 99, taskWaitMs: 36 },
      });
      const f = find(input, 'contention')!;
      assert.match(f.message, /88% of the extra time was spent runnable and waiting for a core \(35\.0 ms per task/);
      assert.match(f.message, /a busy machine, not contention inside your code/);
      assert.equal(f.data!.cause, 'run-queue');
    });
    it('does not claim contention from wall time alone, even when little of it was run-queue wait', () => {
      const input = cpuBound({
        sequential: { durations: fill(8, 100), taskCpuMs: 99, taskWaitMs: 1 },
        workers: { wall: 560, durations: fill(8, 140), taskCpuMs: 99, taskWaitMs: 5 },
      });
      const f = find(input, 'contention')!;
      assert.equal(f.severity, 'info');
      assert.doesNotMatch(f.message, /so the threads contend for something they share/);
      assert.match(f.message, /That may be contention .* each task used about the same CPU as alone \(1\.00×\)/);
      assert.match(f.message, /To confirm, profile again with more rounds/);
    });
    it('not when tasks take as long as alone', () => {
      assert.equal(find(cpuBound(), 'contention'), undefined);
      assert.equal(find(cpuBound(), 'processes-escape-contention'), undefined);
    });
    it('not judged with more workers than cores (time-slicing, not contention)', () => {
      const input = cpuBound({ workers: { lanes: 4, wall: 410, durations: fill(8, 200) } }, { workers: 4 });
      assert.equal(find(input, 'contention'), undefined);
    });
    it('processes looking faster within overlapping runs is called possible noise', () => {
      const input = cpuBound({
        workers: { wall: 480, runs: [400, 480, 520] },
        processes: { wall: 410, runs: [380, 410, 500] },
      });
      const p = find(input, 'processes-escape-contention')!;
      assert.equal(p.severity, 'info');
      assert.match(p.message, /may be noise/);
    });
  });

  describe('serial-fraction', () => {
    it('from the sweep: a serial fraction of 12% caps the speedup at 8.33× however many cores', () => {
      const sweep: SweepPoint[] = [1, 2, 4, 8, 16].map((workers) => ({
        workers, wallMs: 800 / amdahlSpeedup(0.12, workers), speedup: amdahlSpeedup(0.12, workers), efficiency: amdahlSpeedup(0.12, workers) / workers,
      }));
      const f = find(cpuBound({}, { sweep, cores: 8, workers: 8 }), 'serial-fraction')!;
      assert.match(f.message, /serial fraction of 12%, which caps the speedup at 8\.33× however many cores/);
      assert.match(f.message, /4 points up to 8 workers/);
      assert.equal(f.data!.source, 'sweep');
    });
    it('from Karp–Flatt at K when there is no sweep: 1.6× on 2 gives 25%', () => {
      const f = find(cpuBound({ workers: { wall: 500 } }), 'serial-fraction')!;
      assert.match(f.message, /speedup of 1\.60× on 2 worker threads gives a Karp–Flatt serial fraction of 25%/);
      assert.match(f.message, /cap the speedup at 4\.00×/);
      assert.equal(f.data!.source, 'karp-flatt');
    });
    it('not when workers were no faster than sequential (Karp–Flatt would exceed 100%)', () => {
      assert.equal(find(cpuBound({ workers: { wall: 880 } }), 'serial-fraction'), undefined);
    });
    it('not from a near-ideal speedup, and not with one worker', () => {
      assert.equal(find(cpuBound({ workers: { wall: 400 } }), 'serial-fraction'), undefined);
      assert.equal(find(cpuBound({ workers: { lanes: 1, wall: 800 } }, { workers: 1 }), 'serial-fraction'), undefined);
    });
  });

  describe('oversubscribed', () => {
    it('4 workers on 2 cores', () => {
      const f = find(cpuBound({ workers: { lanes: 4 } }, { workers: 4 }), 'oversubscribed')!;
      assert.match(f.message, /^4 workers on 2 cores: only 2 run at once/);
    });
    it('not with one worker per core', () => {
      assert.equal(find(cpuBound(), 'oversubscribed'), undefined);
    });
  });

  describe('noisy', () => {
    it('a spread with no outside load measured is not blamed on the machine: the mode\'s noise warning carries it, once', () => {
      assert.equal(find(cpuBound({ workers: { wall: 410, runs: [400, 480, 410] } }), 'noisy'), undefined);
    });
    it('not for tight runs', () => {
      assert.equal(find(cpuBound(), 'noisy'), undefined);
    });
    const series = (cores: number[][], process: number[]) => ({ intervalMs: 50, t: process.map((_, i) => (i + 1) * 50), cores, process });
    it('a machine busy with other programs: it says so, and doubts a low CPU-to-wall ratio', () => {
      const input = cpuBound({ sequential: { cpuMs: 560 } });
      input.modes[0].cpu = series([[100, 100, 100], [100, 100, 100]], [70, 70, 70]);
      const v = analyse(input);
      const f = v.findings.find((x) => x.kind === 'noisy')!;
      assert.match(f.message, /^Other programs kept 1\.30 of the 2 cores busy while sequential ran/);
      assert.equal(f.group, 'measurement');
      assert.equal(v.bound, 'mixed');
      assert.match(boundOf(v).message, /part of that waiting may be waiting for a core/);
    });
    it('not when the cores carry only this process', () => {
      const input = cpuBound();
      input.modes[0].cpu = series([[99, 99, 99], [5, 5, 5]], [100, 100, 100]);
      assert.equal(find(input, 'noisy'), undefined);
      assert.doesNotMatch(analyse(input).summary, /noisy/);
    });
  });

  describe('failed and timeout', () => {
    it('names the modes that did not complete, and never picks them as best', () => {
      const input = cpuBound({
        workers: { status: 'timeout', error: 'workers timed out after 5 s' },
        processes: { status: 'failed', error: '8 of 8 tasks failed (task 0): out of cheese' },
      });
      const v = analyse(input);
      assert.match(v.findings.find((f) => f.kind === 'timeout')!.message, /^worker threads timed out: workers timed out after 5 s/);
      assert.match(v.findings.find((f) => f.kind === 'failed')!.message, /^child processes failed: 8 of 8 tasks failed/);
      const measurement = v.findings.filter((f) => f.group === 'measurement');
      assert.equal(measurement[0].severity, 'problem', 'problems lead the notes about the measurement');
      assert.notEqual(v.best, 'workers');
      assert.notEqual(v.best, 'processes');
    });
    it('none when every mode completed', () => {
      const v = analyse(cpuBound());
      assert.ok(!kinds(v.findings).includes('failed') && !kinds(v.findings).includes('timeout'));
    });
  });

  describe('honesty with little data', () => {
    it('one run per mode says the numbers carry no spread', () => {
      const input = cpuBound({
        sequential: { runs: [800] }, async: { runs: [800] }, workers: { runs: [408] }, processes: { runs: [416] },
      });
      const f = analyse(input).findings.find((x) => x.kind === 'other')!;
      assert.match(f.message, /Only one measured run per mode/);
      assert.equal(find(cpuBound(), 'other'), undefined);
    });
    it('only sequential: no speedup to compare', () => {
      const input = cpuBound();
      input.modes = input.modes.filter((m) => m.mode === 'sequential');
      const v = analyse(input);
      assert.equal(v.best, 'sequential');
      assert.match(v.summary, /Only the sequential mode ran, so there is no speedup to compare/);
    });
    it('nothing completed: best is null and the bound cannot be told', () => {
      const input = cpuBound({ sequential: { status: 'failed' }, async: { status: 'failed' }, workers: { status: 'failed' }, processes: { status: 'failed' } });
      const v = analyse(input);
      assert.equal(v.best, null);
      assert.match(v.summary, /No mode completed/);
      assert.equal(boundOf(v).kind, 'other');
      assert.match(boundOf(v).message, /Could not tell what bounds the function: no mode that runs one thing at a time/);
    });
    it('a sequential run under 10 ms: the bound is not judged, and the words say it was too short, not missing', () => {
      const input = cpuBound({ sequential: { wall: 0.76, cpuMs: 1.25 } });
      const f = boundOf(analyse(input));
      assert.equal(f.kind, 'other');
      assert.match(f.message, /^Could not tell what bounds the function: the sequential mode's run \(760 µs\) is shorter than 10 ms, one tick of the CPU clocks it is judged by/);
    });
    it('a best mode whose interval reaches 1× is called possibly noise', () => {
      const input = cpuBound({ workers: { wall: 760, runs: [700, 760, 840] }, processes: { wall: 900 } });
      const v = analyse(input);
      assert.equal(v.best, 'workers');
      assert.ok(v.winner!.tiedWith.includes('sequential'), 'an interval reaching 1× ties with sequential');
      assert.match(v.summary, /^No mode clearly beat sequential: worker threads reached 1\.05× \[[0-9.]+–[0-9.]+\], an interval that reaches down to 1×\./);
    });
    it('no mode beat sequential', () => {
      const input = cpuBound({ async: { wall: 900 }, workers: { wall: 1000 }, processes: { wall: 1100 } });
      const v = analyse(input);
      assert.equal(v.best, 'sequential');
      assert.match(v.summary, /No mode beat sequential/);
    });
  });

  it('every finding carries finite numbers only (the report must stay valid JSON)', () => {
    const inputs = [
      cpuBound(),
      cpuBound({ workers: { wall: 560, durations: fill(8, 140) } }, { tasks: 8 }),
      cpuBound({ workers: { status: 'failed' } }),
      cpuBound({}, { tasks: 3 }),
    ];
    for (const input of inputs) {
      for (const f of analyse(input).findings) {
        assert.ok(f.message.length > 0);
        for (const [key, value] of Object.entries(f.data ?? {})) {
          if (typeof value === 'number') assert.ok(Number.isFinite(value), `${f.kind}.${key} = ${value}`);
        }
      }
      assert.deepEqual(JSON.parse(JSON.stringify(analyse(input))), analyse(input));
    }
  });

  it('bestMode picks the lowest median among completed modes', () => {
    assert.equal(bestMode(cpuBound().modes), 'workers');
    assert.equal(bestMode([]), null);
  });
});

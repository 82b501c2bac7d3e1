// The machines what-if on crafted inputs worked out by hand: with the measured latency and no Redis
// bound it is the core-count schedule on M·K lanes; the latency asked for adds its round trips to each
// job; Redis's CPU per job flattens the curve at 1000 ÷ that many jobs a second; and the check sets
// the one-lane run's prediction beside the K-lane measurement.
import * as assert from 'node:assert/strict';
import { latencyTermMs, machinesPoint, machinesWall, predictMachines, PREDICTED_MACHINES, ROUND_TRIPS_PER_JOB, type MachinesModel } from '../../src/engine/analyse/predict/machines';
import { simulate } from '../../src/engine/analyse/predict/schedule';
import { validateReport } from '../../src/shared/validation/validate';
import type { ModeResult, TaskRecord } from '../../src/shared/report/report';

const near = (a: number, b: number, tol = 1e-9, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} expected ${b}, got ${a}`);

const base: MachinesModel = {
  taskMs: new Array(64).fill(10), sequentialWallMs: 640, lanesPerMachine: 2,
  perJobMs: 1, perByteMs: 0, latencyMs: 2, measuredRttMs: 0.2, networkLatencyMs: 0.2,
};

describe('predict: machines what-if', () => {
  it('at the measured latency and with no Redis bound it is the core-count schedule on M·K lanes', () => {
    for (const m of [1, 2, 4, 8]) {
      const core = simulate({ taskMs: base.taskMs, perMessageMs: 1, perByteMs: 0, latencyMs: 2, slowdown: 1, lanes: 2 * m }).wallMs;
      near(machinesWall(base, m), core, 1e-9, `${m} machines`);
    }
    // By hand: 64 jobs of 10 + 1 ms on 2 lanes: 32 × 11 + 2 = 354 ms; 640 / 354 = 1.808×.
    near(machinesWall(base, 1), 354);
    near(machinesPoint(base, 1).speedup, 1.808);
    // 4 machines, 8 lanes: 8 × 11 + 2 = 90 ms.
    near(machinesWall(base, 4), 90);
    assert.equal(machinesPoint(base, 4).by, 'lanes');
    assert.equal(machinesPoint(base, 32).by, 'tasks', '64 lanes for 64 tasks');
  });

  it('zero latency everywhere is the same as the measured latency with no latency term', () => {
    near(machinesWall({ ...base, measuredRttMs: 0, networkLatencyMs: 0 }, 2), machinesWall(base, 2));
  });

  it('a slower link adds its round trips beyond the measured one to every job and to the repetition once', () => {
    const far = { ...base, networkLatencyMs: 20.2 };
    near(latencyTermMs(far), ROUND_TRIPS_PER_JOB * 20);
    // 1 machine: 32 jobs a lane of 10 + 1 + 20 ms, and 2 + 20 once: 32 × 31 + 22 = 1014 ms.
    near(machinesWall(far, 1), 32 * (11 + 20 * ROUND_TRIPS_PER_JOB) + 2 + 20 * ROUND_TRIPS_PER_JOB);
    assert.ok(machinesPoint(far, 4).speedup < machinesPoint(base, 4).speedup, 'latency costs speedup');
    // A faster link than the measured one takes the difference off, never below nothing.
    near(machinesWall({ ...base, networkLatencyMs: 0 }, 1), 32 * (11 - 0.2 * ROUND_TRIPS_PER_JOB) + 2 - 0.2 * ROUND_TRIPS_PER_JOB);
    near(machinesWall({ ...base, perJobMs: 0, latencyMs: 0, networkLatencyMs: 0 }, 1), 320);
  });

  it('with a Redis bound the speedup flattens at the bound: 1000 ÷ CPU per job jobs a second', () => {
    // 1000 jobs of 10 ms, no per-job cost; Redis spends 0.5 ms a job: at most 2000 jobs a second, 500 ms for 1000.
    const many: MachinesModel = { ...base, taskMs: new Array(1000).fill(10), sequentialWallMs: 10_000, perJobMs: 0, latencyMs: 0, redisCpuMsPerJob: 0.5 };
    near(machinesWall(many, 1), 5000 + 0.5, 1e-6, 'one machine: the lanes set the pace (Redis delays the first job by its step)');
    assert.equal(machinesPoint(many, 1).by, 'lanes');
    const points = PREDICTED_MACHINES.map((m) => machinesPoint(many, m));
    const at = (m: number) => points.find((p) => p.machines === m)!;
    // 16 machines, 32 lanes: the lanes alone would take 32 rounds ≈ 320 ms; Redis needs 500.
    assert.equal(at(16).by, 'redis');
    near(machinesWall(many, 16), 500, 10.5, 'Redis bound: 1000 × 0.5 ms');
    near(at(64).speedup, 20, 0.5, '10,000 ms over ~500 ms');
    near(at(64).jobsPerSecond, 2000, 50, 'at most 2,000 jobs a second');
    assert.ok(Math.abs(at(64).speedup - at(16).speedup) < 0.05 * at(16).speedup, 'flat past the bound');
    assert.ok(machinesPoint({ ...many, redisCpuMsPerJob: undefined }, 64).speedup > 100, 'without the bound it keeps growing');
  });
});

/** A queue run: one lane's tasks back to back with `gapMs` between them, or K lanes' measured speedup. */
function queueRun(lanes: number, taskMs: number, gapMs: number, n: number, extra: Partial<ModeResult> = {}): ModeResult {
  const tasks: TaskRecord[] = [];
  let t = 1;
  for (let i = 0; i < n; i++) {
    tasks.push({ index: i, lane: 0, dispatchedMs: 0, startMs: t, endMs: t + taskMs } as TaskRecord);
    t += taskMs + gapMs;
  }
  const wall = t - gapMs + 1;
  return {
    mode: 'queue', status: 'completed', lanes, tasks,
    wallMs: { median: wall, min: wall, max: wall, mean: wall, runs: [wall] } as unknown as ModeResult['wallMs'],
    queue: {
      redis: 'private', privateRedis: true, lanesKind: 'processes', jobs: n, workers: [{ host: 'here', pid: 1, lanes, tasks: n, remote: false }],
      pickupMs: { median: gapMs, p95: gapMs }, heardMs: { median: 0.3, p95: 0.4 }, workMs: { median: taskMs, p95: taskMs },
      redisCpuMsPerJob: 0.1, redisRttMs: 0.05, argBytesPerJob: 40, resultBytesPerJob: 200, retries: 0,
    },
    ...extra,
  } as ModeResult;
}

describe('predict: machines what-if from the queue runs', () => {
  const n = 16;
  const taskMs = new Array(n).fill(20);
  const oneLane = queueRun(1, 20, 1, n);

  it('reads the per-job cost from the one-lane run and checks the K-lane run with its error', () => {
    const atLanes = queueRun(2, 20, 1, n, { speedup: 1.8 });
    const p = predictMachines({ taskMs, bytes: new Array(n).fill(0), sequentialWallMs: 320, atLanes, oneLane, tasks: n })!;
    assert.ok(p, 'a prediction');
    near(p.inputs.perJobMs, 1, 1e-9, 'the gap between jobs');
    assert.equal(p.inputs.networkLatencySource, 'measured');
    assert.equal(p.inputs.networkLatencyMs, 0.05);
    assert.equal(p.inputs.latencyTermMs, 0);
    assert.equal(p.inputs.redisJobsPerSecond, 10_000);
    near(p.inputs.latencyMs, 1, 1e-9, 'nothing before the first job beyond its gap, 1 ms after the last');
    // 16 jobs of 21 ms on 2 lanes: 8 × 21 = 168, Redis's 0.1 ms step holding the second lane's first
    // job once, and the 1 ms after: 169.1 ms; 320 / 169.1 = 1.892×, 5.1% above the measured 1.8×.
    assert.deepEqual({ ...p.check }, { machines: 1, lanes: 2, predicted: 1.892, measured: 1.8, errorPct: 5.1 });
    assert.deepEqual(p.points.map((x) => x.machines), [...PREDICTED_MACHINES]);
  });

  it('where other programs held the cores, the check also sets the prediction beside the run\'s estimate on free cores', () => {
    const atLanes = queueRun(2, 20, 1, n, { speedup: 1.2, loadAware: { speedup: 1.9, wallMs: 170, waitShare: 0.3 } });
    const p = predictMachines({ taskMs, bytes: new Array(n).fill(0), sequentialWallMs: 320, atLanes, oneLane, tasks: n })!;
    assert.equal(p.check!.measuredOnFreeCores, 1.9);
    assert.equal(p.check!.errorOnFreeCoresPct, -0.4, '1.892 against 1.9');
    assert.equal(p.check!.errorPct, 57.7, '1.892 against 1.2');
  });

  it('a latency set by the user shifts each job by its round trips and is named as set', () => {
    const atLanes = queueRun(2, 20, 1, n, { speedup: 1.8 });
    const measured = predictMachines({ taskMs, bytes: new Array(n).fill(0), sequentialWallMs: 320, atLanes, oneLane, tasks: n })!;
    const set = predictMachines({ taskMs, bytes: new Array(n).fill(0), sequentialWallMs: 320, atLanes, oneLane, tasks: n, networkLatencyMs: 10.05 })!;
    assert.equal(set.inputs.networkLatencySource, 'set');
    near(set.inputs.latencyTermMs, 10 * ROUND_TRIPS_PER_JOB, 1e-9);
    assert.ok(set.points[1].speedup < measured.points[1].speedup);
    assert.deepEqual(set.check, measured.check, 'the check is of this machine, at the latency measured here');
    assert.match(set.findings.join(' '), /10\.\d* ms round trip to Redis/);
  });

  it('no check without a completed K-lane run, none when remote workers took jobs, none without a one-lane run', () => {
    const p = predictMachines({ taskMs, bytes: [], sequentialWallMs: 320, atLanes: undefined, oneLane, tasks: n })!;
    assert.equal(p.check, undefined);
    const remote = queueRun(2, 20, 1, n, { speedup: 3 });
    remote.queue!.workers.push({ host: 'there', pid: 2, lanes: 2, tasks: 8, remote: true });
    assert.equal(predictMachines({ taskMs, bytes: [], sequentialWallMs: 320, atLanes: remote, oneLane, tasks: n })!.check, undefined);
    assert.equal(predictMachines({ taskMs, bytes: [], sequentialWallMs: 320, atLanes: remote, oneLane: undefined, tasks: n }), undefined);
  });
});

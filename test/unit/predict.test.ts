// The predictor on crafted inputs whose answers can be worked out by hand: the schedule replay, the
// bounds, the USL fit, the chunk advice, and the honesty rule (a point at K uses nothing measured at K).
import * as assert from 'node:assert/strict';
import { speedupBound, workSpan } from '../../src/engine/analyse/predict/bounds';
import { adviseChunk, chunkPlan, piscinaSnippet } from '../../src/engine/analyse/predict/chunkAdvice';
import { messageCosts, perTask, slowdown, threadCosts } from '../../src/engine/analyse/predict/inputs';
import { predict, PREDICTED_WORKERS } from '../../src/engine/analyse/predict/predict';
import { simulate } from '../../src/engine/analyse/predict/schedule';
import { fitTerms, fitUsl, peakOf, uslSpeedup } from '../../src/engine/analyse/predict/usl';
import type { ModeResult, TaskRecord } from '../../src/shared/report/report';

const near = (a: number, b: number, tol = 1e-9, what = '') => assert.ok(Math.abs(a - b) <= tol, `${what} expected ${b}, got ${a}`);

describe('predict: schedule replay', () => {
  it('equal tasks on 2 lanes: one message cost per task, overlapped', () => {
    near(simulate({ taskMs: [10, 10, 10, 10], perMessageMs: 1, perByteMs: 0, slowdown: 1, lanes: 2 }).wallMs, 22);
  });

  it('serial dispatch queues each message behind the engine', () => {
    // lane 0: 0–11, 11–22; lane 1 waits for the engine: 1–12, 12–23.
    near(simulate({ taskMs: [10, 10, 10, 10], perMessageMs: 1, perByteMs: 0, slowdown: 1, lanes: 2, serialDispatch: true }).wallMs, 23);
  });

  it("the engine's share of each message queues on its thread, on a share of a core once lanes fill the cores", () => {
    const taskMs = new Array(1000).fill(0.005);
    // Two lanes could each take a message every 0.055 ms (27.5 ms for 500); the engine takes 0.03 ms of each.
    const base = { taskMs, perMessageMs: 0.05, perByteMs: 0, slowdown: 1, lanes: 2 };
    near(simulate(base).wallMs, 27.5, 1e-6, 'no engine share: the lanes bound it');
    near(simulate({ ...base, engineMs: 0.03 }).wallMs, 0.03 * 999 + 0.055, 1e-6, 'the engine queue bounds it');
    near(simulate({ ...base, engineMs: 0.03, serialDispatch: true }).wallMs, 0.05 * 999 + 0.055, 1e-9, 'serial dispatch: the whole fixed cost is the engine\'s');
    near(simulate({ ...base, engineMs: 0.03, engineShare: 2 / 3 }).wallMs, 0.045 * 999 + 0.055, 1e-6, 'on 2/3 of a core the engine takes 1.5× as long a message');
    // Long tasks barely notice: 4 × 100 ms on 2 lanes, 1 ms a message of which 0.5 on the engine (lane 1 waits once).
    near(simulate({ taskMs: [100, 100, 100, 100], perMessageMs: 1, perByteMs: 0, slowdown: 1, lanes: 2, engineMs: 0.5 }).wallMs, 202.5, 1e-9);
  });

  it('no schedule beats the CPU every thread needs over the cores', () => {
    const taskMs = [30, 30, 30, 30];
    const cpu = { cores: 2, taskCpuMs: taskMs, perMessageMs: 10 };
    // Lanes alone: 2 × (30 + 2) = 64; the CPU: (120 + 4 × 10) / 2 = 80; and the latency after.
    near(simulate({ taskMs, perMessageMs: 2, perByteMs: 0, slowdown: 1, lanes: 2, latencyMs: 3 }).wallMs, 67);
    near(simulate({ taskMs, perMessageMs: 2, perByteMs: 0, slowdown: 1, lanes: 2, latencyMs: 3, cpu }).wallMs, 83);
    near(simulate({ taskMs, perMessageMs: 2, perByteMs: 0, slowdown: 1, lanes: 2, cpu: { ...cpu, cores: 4 } }).wallMs, 64, 1e-9, 'four cores: the lanes bound it again');
    near(simulate({ taskMs, perMessageMs: 2, perByteMs: 0, slowdown: 1, lanes: 2, chunk: 2, cpu }).wallMs, 70, 1e-9, 'chunks of 2: two messages, (120 + 20) / 2');
  });

  it('3 tasks on 2 workers take two rounds', () => {
    near(simulate({ taskMs: [10, 10, 10], perMessageMs: 0, perByteMs: 0, slowdown: 1, lanes: 2 }).wallMs, 20);
  });

  it('FIFO to the first free lane: tasks 1, 2, 3, 4 on 2 lanes end at 6', () => {
    const s = simulate({ taskMs: [1, 2, 3, 4], perMessageMs: 0, perByteMs: 0, slowdown: 1, lanes: 2 });
    near(s.wallMs, 6);
    assert.deepEqual(s.laneBusyMs, [4, 6]);
  });

  it('chunks pay the message cost once per chunk; bytes and slowdown scale each task', () => {
    const taskMs = new Array(8).fill(1);
    near(simulate({ taskMs, perMessageMs: 1, perByteMs: 0, slowdown: 1, lanes: 2 }).wallMs, 8);
    near(simulate({ taskMs, perMessageMs: 1, perByteMs: 0, slowdown: 1, lanes: 2, chunk: 4 }).wallMs, 5);
    near(simulate({ taskMs, bytes: new Array(8).fill(1000), perMessageMs: 0, perByteMs: 0.001, slowdown: 2, lanes: 2, chunk: 4 }).wallMs, 12);
  });

  it('more lanes than tasks leaves lanes idle; 64 lanes × 10,000 tasks replay exactly', () => {
    near(simulate({ taskMs: [5, 5], perMessageMs: 0, perByteMs: 0, slowdown: 1, lanes: 64 }).wallMs, 5);
    near(simulate({ taskMs: new Array(10_000).fill(1), perMessageMs: 0, perByteMs: 0, slowdown: 1, lanes: 64 }).wallMs, Math.ceil(10_000 / 64));
  });
});

describe('predict: bounds', () => {
  it('work, span and parallelism; the bound that binds is named', () => {
    const b = workSpan([1, 2, 3, 10], 0);
    assert.deepEqual(b, { workMs: 16, spanMs: 10, parallelism: 1.6, tasks: 4 });
    assert.deepEqual(speedupBound(b, 64), { bound: 1.6, by: 'span' });
    assert.deepEqual(speedupBound(workSpan([5, 5, 5], 0), 64), { bound: 3, by: 'tasks' });
    assert.deepEqual(speedupBound(workSpan(new Array(100).fill(5), 0), 8), { bound: 8, by: 'cores' });
    near(workSpan([4, 4], 1).spanMs, 5);
  });
});

describe('predict: Universal Scalability Law', () => {
  it('recovers α and β from exact points, finds the peak and prefers it to Amdahl', () => {
    const t = { alpha: 0.05, beta: 0.002 };
    const points = [1, 2, 4, 8, 16].map((workers) => ({ workers, speedup: uslSpeedup(t, workers) }));
    const fit = fitUsl(points)!;
    near(fit.alpha, 0.05, 1e-9, 'alpha');
    near(fit.beta, 0.002, 1e-9, 'beta');
    assert.equal(fit.better, 'usl');
    near(fit.peakWorkers, Math.sqrt(0.95 / 0.002), 1e-6, 'peak');
    near(fit.peakSpeedup, uslSpeedup(t, fit.peakWorkers), 1e-9);
  });

  it('needs three worker counts; Amdahl-shaped data fits with β = 0', () => {
    assert.equal(fitUsl([{ workers: 1, speedup: 1 }, { workers: 2, speedup: 1.8 }]), undefined);
    const fit = fitUsl([1, 2, 4, 8].map((w) => ({ workers: w, speedup: w / (1 + 0.1 * (w - 1)) })))!;
    near(fit.alpha, 0.1, 1e-9);
    near(fit.beta, 0, 1e-12);
    assert.equal(peakOf({ alpha: 0.1, beta: 0 }).workers, 1024, 'no β: no peak, only a plateau');
  });

  it('one K above 1 gives α alone; negative terms are clamped to 0', () => {
    assert.deepEqual(fitTerms([{ n: 2, y: 0.2 }]), { alpha: 0.2, beta: 0 });
    assert.deepEqual(fitTerms([{ n: 2, y: -0.1 }]), { alpha: 0, beta: 0 });
    // Least squares of y = α(n−1) + βn(n−1) worked by hand: Σx₁² = 59, Σx₁x₂ = 430, Σx₂² = 3284,
    // Σx₁y = 15.49, Σx₂y = 117.98, det 8856: both terms positive, so nothing is clamped.
    const t = fitTerms([{ n: 2, y: -0.01 }, { n: 4, y: 0.5 }, { n: 8, y: 2 }]);
    near(t.alpha, 137.76 / 8856, 1e-12, 'α');
    near(t.beta, 300.12 / 8856, 1e-12, 'β');
    // Here the two-term fit wants β < 0: the better one-term fit is α alone, Σx₁y / Σx₁² = 8.1 / 59.
    assert.deepEqual(fitTerms([{ n: 2, y: 0.3 }, { n: 4, y: 0.5 }, { n: 8, y: 0.9 }]), { alpha: 8.1 / 59, beta: 0 });
  });

  it('uslSpeedup is the closed form N / (1 + α(N−1) + βN(N−1))', () => {
    near(uslSpeedup({ alpha: 0.1, beta: 0.01 }, 4), 4 / (1 + 0.1 * 3 + 0.01 * 4 * 3), 1e-12);
    near(uslSpeedup({ alpha: 0.05, beta: 0.002 }, 64), 64 / (1 + 0.05 * 63 + 0.002 * 64 * 63), 1e-12);
    assert.equal(uslSpeedup({ alpha: 0.3, beta: 0.2 }, 1), 1, 'one worker is the sequential run');
    assert.equal(uslSpeedup({ alpha: 0, beta: 0 }, 16), 16, 'no contention, no coherence cost: linear');
    assert.equal(uslSpeedup({ alpha: 1, beta: 0 }, 16), 1, 'α = 1: fully serial');
  });
});

describe('predict: chunk advice', () => {
  it('tiny tasks: chunks predicted to pay; the grain and Pool.map candidates are on the curve', () => {
    const plan = chunkPlan({ taskMs: new Array(2000).fill(0.01), perMessageMs: 0.05, perByteMs: 0, slowdown: 1, lanes: 2 });
    assert.equal(plan.toMeasure.length, 2);
    assert.ok(plan.toMeasure.every((c) => c > 1));
    assert.ok(plan.predicted.some((p) => p.chunk === 250 && /Pool\.map/.test(p.why ?? '')), 'N ÷ (4K) = 250');
    assert.ok(plan.predicted.some((p) => p.chunk === 500 && /100×/.test(p.why ?? '')), '100 × 0.05 ÷ 0.01 = 500');
    const one = plan.predicted.find((p) => p.chunk === 1)!.wallMs;
    assert.ok(plan.predicted.every((p) => p.chunk === 1 || p.wallMs < one));
  });

  it('long tasks: nothing worth measuring', () => {
    assert.deepEqual(chunkPlan({ taskMs: new Array(16).fill(100), perMessageMs: 0.05, perByteMs: 0, slowdown: 1, lanes: 2 }).toMeasure, []);
  });

  it('recommends the fastest measured size with its gain and a piscina snippet; noise keeps chunk 1', () => {
    const plan = { predicted: [], toMeasure: [16, 64] };
    const a = adviseChunk(plan, [{ chunk: 64, wallMs: 50 }, { chunk: 1, wallMs: 100 }, { chunk: 16, wallMs: 40 }]);
    assert.equal(a.recommended, 16);
    near(a.gain!, 2.5);
    assert.deepEqual(a.measured.map((m) => m.chunk), [1, 16, 64]);
    assert.match(a.snippet!, /CHUNK = 16/);
    const b = adviseChunk(plan, [{ chunk: 1, wallMs: 100 }, { chunk: 16, wallMs: 98 }]);
    assert.equal(b.recommended, 1);
    assert.equal(b.snippet, undefined);
    assert.match(piscinaSnippet(8), /pool\.run\(c\)/);
  });
});

/** A mode whose tasks ran back to back on one lane, `gapMs` apart, each `ms[i]` long. */
function mode(name: ModeResult['mode'], lanes: number, ms: number[], gapMs: number, wallMs: number, speedup?: number, bytes = 0): ModeResult {
  let t = 0;
  const tasks: TaskRecord[] = ms.map((d, index) => {
    t += gapMs;
    const r: TaskRecord = { index, lane: 0, startMs: t, endMs: t + d, argBytes: bytes, resultBytes: 0 };
    t += d;
    return r;
  });
  return { mode: name, status: 'completed', lanes, wallMs: { median: wallMs, min: wallMs, max: wallMs, runs: [wallMs] }, tasks, ...(speedup ? { speedup } : {}) };
}

describe('predict: the whole prediction', () => {
  const seq = mode('sequential', 1, [10, 10, 10, 10], 0, 40);
  const one = mode('workers', 1, [10, 10, 10, 10], 1, 44);

  it('message cost from the one-lane run: wall beyond the tasks over the messages', () => {
    near(messageCosts(one, 4).perMessageMs, 1);
    assert.equal(messageCosts(one, 4).perByteMs, 0);
    assert.deepEqual(perTask(seq.tasks!, 8, (r) => r.index), [0, 0, 1, 1, 2, 2, 3, 3], 'a sample stands for the tasks around it');
  });

  it('thread costs from the one-lane run: the engine\'s busy time and the CPU beyond the tasks, per message', () => {
    const measured: ModeResult = { ...one, engineBusyMs: 2, cpuMs: 52, tasks: one.tasks!.map((t) => ({ ...t, cpuMs: 10 })) };
    assert.deepEqual(threadCosts(measured, 4), { engineMs: 0.5, cpuPerMessageMs: 3 });
    assert.deepEqual(threadCosts({ ...measured, chunk: 2 }, 4), { engineMs: 1, cpuPerMessageMs: 6 }, 'chunks of 2: two messages');
    assert.deepEqual(threadCosts(one, 4), {}, 'an older report: neither is known');
    near(threadCosts({ ...measured, engineBusyMs: 1000 }, 4).engineMs!, 11, 1e-12, 'never more busy than the wall time');
    near(threadCosts({ ...measured, tasks: one.tasks }, 4).cpuPerMessageMs!, 3, 1e-12, 'no CPU per task: the wall time stands for it');
  });

  it('dispatch-bound tasks: K = 2 is bound by the engine thread on a share of a core, from one-lane numbers', () => {
    // 1,000 tasks of 0.005 ms; one lane: 0.05 ms a message, the engine busy 0.03 ms of it.
    const tiny = (name: 'sequential' | 'workers', lanes: number, gap: number) => mode(name, lanes, new Array(1000).fill(0.005), gap, 1000 * (0.005 + gap));
    const oneLane: ModeResult = { ...tiny('workers', 1, 0.05), engineBusyMs: 30, cpuMs: 60 };
    const out = predict({ modes: [tiny('sequential', 1, 0)], oneLane: [oneLane], tasks: 1000, cores: 2, workers: 2 })!.prediction;
    const at = (k: number) => out.points.find((p) => p.mode === 'workers' && p.workers === k)!;
    const inputs = out.inputs.modes[0];
    near(inputs.engineMs!, 0.03, 1e-9);
    near(inputs.cpuPerMessageMs!, 0.055, 1e-9);
    // Central at K = 2: 1,000 messages queued on the engine, 0.03 ms each on 2/3 of a core; sequential 5 ms.
    near(at(2).speedup, 5 / (999 * 0.045 + 0.055 + inputs.latencyMs), 2e-3);
    assert.ok(at(2).low <= at(2).speedup && at(2).speedup < at(2).high, 'the optimistic edge puts nothing serial on the engine');
    near(at(16).speedup, 5 / (999 * 0.03 * 17 / 16 + 0.055 + inputs.latencyMs), 2e-3, 'on 16 cores the engine shares one with 16 lanes');
  });

  it('no point beats a perfect split of the tasks, min(K, N), when the sequential median ran slower than its kept repetition', () => {
    // Load between rounds: the median wall (44 ms) is 10% above the kept repetition's four 10 ms tasks,
    // and one lane's message costs little, so the schedule alone would read 1.09× at one lane.
    const seqSlow = mode('sequential', 1, [10, 10, 10, 10], 0, 44);
    const oneLane = mode('workers', 1, [10, 10, 10, 10], 0.01, 40.04);
    const out = predict({ modes: [seqSlow], oneLane: [oneLane], tasks: 4, cores: 2, workers: 2 })!.prediction;
    for (const p of out.points) {
      const split = Math.min(p.workers, 4);
      assert.ok(p.high <= split && p.speedup <= split && p.low <= split, `${p.workers} lanes: ${p.low}–${p.speedup}–${p.high} past ${split}`);
    }
    const one = out.points.find((p) => p.workers === 1)!;
    assert.equal(one.high, 1, 'the band reaches the split at one lane: the two measurements disagree by more than a message costs');
    assert.ok(out.points.find((p) => p.workers === 64)!.high <= 4);
  });

  it('slowdown: CPU time for CPU-bound tasks (waiting for a core is not the task\'s), wall time otherwise', () => {
    const withCpu = (m: ModeResult, cpu: number): ModeResult => ({ ...m, tasks: m.tasks!.map((t) => ({ ...t, cpuMs: cpu })) });
    const alone = mode('sequential', 1, [30, 30, 30, 30], 0, 120);
    const loaded = mode('workers', 2, [60, 60, 60, 60], 1, 130);
    near(slowdown(withCpu(loaded, 30), withCpu(alone, 30))!, 1, 1e-12, 'same CPU, twice the wall: no slowdown');
    near(slowdown(withCpu(loaded, 36), withCpu(alone, 30))!, 1.2, 1e-12);
    near(slowdown(loaded, alone)!, 2, 1e-12, 'no CPU numbers: wall');
    near(slowdown(withCpu(loaded, 0.1), withCpu(alone, 0.1))!, 2, 1e-12, 'tasks that mostly wait: wall');
    near(slowdown(withCpu(mode('workers', 2, [20, 20], 1, 50), 5), withCpu(mode('sequential', 1, [10, 10], 0, 20), 5))!, 2, 1e-12, 'tasks under 20 ms (10 ms CPU ticks): wall');
  });

  it('predicts K = 2 from the one-lane run alone, and checks it against the measured run', () => {
    const at2 = mode('workers', 2, [12, 12, 12, 12], 1, 26, 1.8);
    const out = predict({ modes: [seq, at2], oneLane: [one], tasks: 4, cores: 2, workers: 2 })!;
    const c = out.prediction.check[0];
    // Overlapped: 40 / 22; one message at a time: 40 / 23; central: 40 / 22.5.
    near(c.predicted, 1.778, 1e-3);
    near(c.high, 1.818, 1e-3);
    near(c.low, 1.739, 1e-3);
    near(c.measured, 1.8);
    near(c.errorPct, -1.2, 0.05);
    assert.deepEqual(out.prediction.points.filter((p) => p.mode === 'workers').map((p) => p.workers), [...PREDICTED_WORKERS]);
  });

  it('a point at K uses nothing measured at K; other K use the slowdown measured there', () => {
    const fast = mode('workers', 2, [10, 10, 10, 10], 1, 22, 1.8);
    const slow = mode('workers', 2, [15, 15, 15, 15], 1, 32, 1.25);
    const a = predict({ modes: [seq, fast], oneLane: [one], tasks: 4, cores: 2, workers: 2 })!.prediction;
    const b = predict({ modes: [seq, slow], oneLane: [one], tasks: 4, cores: 2, workers: 2 })!.prediction;
    const at = (p: typeof a, k: number) => p.points.find((x) => x.mode === 'workers' && x.workers === k)!;
    assert.deepEqual(at(a, 2), at(b, 2), 'K = 2 does not move when the K = 2 run does');
    assert.ok(at(b, 4).high < at(a, 4).high, 'K = 4 carries the slowdown measured at 2');
    // 4 tasks of 10 ms × 1.5 + 1 ms on 4 lanes: 16 ms.
    near(at(b, 4).high, 40 / 16, 1e-3);
    // On 64 lanes, by hand (the band's edges are each their own schedule, not clamped around the centre):
    // high: the 1.5× measured at 2 held, messages overlapped: 15 + 1 ms, 40 / 16;
    // central (no engine measurement): halfway between overlapped (16 ms) and one message at a time
    // (the 4th task's message ends at 4 ms, then 15 ms: 19 ms), 40 / 17.5;
    // low: the slowdown grown by its USL term (α = 0.5 from the one point at 2: 1 + 0.5 × 63 = 32.5),
    // messages one at a time: 4 + 325 ms, 40 / 329.
    near(at(b, 64).high, 2.5, 1e-3, 'high edge at 64');
    near(at(b, 64).speedup, 40 / 17.5, 1e-3, 'central at 64');
    near(at(b, 64).low, 40 / 329, 1e-3, 'low edge at 64');
  });

  it('says which bound flattens the curve, and what it leaves out', () => {
    const p = predict({ modes: [seq, mode('workers', 2, [10, 10, 10, 10], 1, 22, 1.8)], oneLane: [one], tasks: 4, cores: 2, workers: 2 })!.prediction;
    assert.ok(p.findings.some((f) => /With 4 tasks the curve stops at 4 cores: split the work into more tasks/.test(f)), p.findings.join('\n'));
    assert.ok(p.ignores.some((x) => /NUMA/.test(x)));
    const skewed = mode('sequential', 1, [...new Array(99).fill(1), 200], 0, 299);
    const q = predict({ modes: [skewed], oneLane: [mode('workers', 1, [...new Array(99).fill(1), 200], 0.01, 300)], tasks: 100, cores: 2, workers: 2 })!.prediction;
    assert.ok(q.findings.some((f) => /The longest task \(200 ms\) bounds the run at 1\.49× from 2 cores on/.test(f)), q.findings.join('\n'));
    assert.equal(q.check.length, 0, 'no measured K = 2 run: nothing to check');
  });

  it('where the engine\'s thread, not the tasks, bounds the curve, says the centre leans low and to read the band', () => {
    const tiny = new Array(1000).fill(0.005);
    const s1 = mode('sequential', 1, tiny, 0.001, 6);
    const one1: ModeResult = { ...mode('workers', 1, tiny, 0.03, 35), engineBusyMs: 25 };
    const p = predict({ modes: [s1], oneLane: [one1], tasks: 1000, cores: 2, workers: 2 })!.prediction;
    assert.ok(p.findings.some((f) => /Each task \(5\.00 µs\) takes less than the profiler's thread spends handing it out \(25\.0 µs a message\).*read the band, not the centre/.test(f)), p.findings.join('\n'));
    // Tasks of 10 ms against 0.5 ms of engine time a message: not said.
    const q = predict({ modes: [seq], oneLane: [{ ...one, engineBusyMs: 2 }], tasks: 4, cores: 2, workers: 2 })!.prediction;
    assert.ok(!q.findings.some((f) => /read the band/.test(f)), q.findings.join('\n'));
  });

  it('no sequential run or no one-lane run: no prediction', () => {
    assert.equal(predict({ modes: [], oneLane: [one], tasks: 4, cores: 2, workers: 2 }), undefined);
    assert.equal(predict({ modes: [seq], oneLane: [], tasks: 4, cores: 2, workers: 2 }), undefined);
  });
});

describe('predict: the USL in words', () => {
  it('names the better fit and the peak, or the plateau without β', async () => {
    const { uslWords } = await import('../../src/shared/wording/usl');
    assert.match(uslWords({ alpha: 0.05, beta: 0.002, rmse: 0.01, amdahlRmse: 0.3, better: 'usl', peakWorkers: 21.8, peakSpeedup: 7.1 }), /fits better than Amdahl's law .* peaks at 7\.10× on 22 workers/);
    assert.match(uslWords({ alpha: 0.1, beta: 0, rmse: 0.01, amdahlRmse: 0.01, better: 'amdahl', peakWorkers: 1024, peakSpeedup: 9.9 }), /no better than .* never turns down: at most 10\.0×/);
  });
});

describe('predict: what it was fed, in words', () => {
  it('names each measured cost of a message, and leaves out what an older report lacks', async () => {
    const { predictionInputsWords } = await import('../../src/shared/wording/predictionInputs');
    const base = { mode: 'workers' as const, perMessageMs: 0.052, perByteMs: 0, latencyMs: 0.05, slowdownOneLane: 1, alpha: 0, beta: 0 };
    const words = (modes: object[]) => predictionInputsWords({ inputs: { modes } } as never);
    const [full] = words([{ ...base, engineMs: 0.0345, cpuPerMessageMs: 0.0636, perByteMs: 1e-6, placement: { engineCore: 0, laneCores: [1] } }]);
    assert.equal(full, "Worker threads, measured on one lane, the engine's thread held on core 0 and the lane's on core 1: 52.0 µs a message between tasks; 34.5 µs of it on the engine's thread (queued there, and on a share of a core once the lanes fill every core); 63.6 µs of CPU a message beyond the task's own (both sides, copies, garbage collection); 1.05 ms a MiB crossing; 50.0 µs before the first task and after the last.");
    const [old] = words([{ ...base, mode: 'processes' }]);
    assert.equal(old, 'Child processes, measured on one lane, its threads where the OS put them: 52.0 µs a message between tasks; 50.0 µs before the first task and after the last.');
  });
});

describe('predict: where the one-lane runs put their threads', () => {
  it('reads the kernel\'s core lists, and refuses one it cannot read', async () => {
    const { parseCpuList } = await import('../../src/engine/measure/placement');
    assert.deepEqual(parseCpuList('0-3,6,8-9\n'), [0, 1, 2, 3, 6, 8, 9]);
    assert.deepEqual(parseCpuList('5'), [5]);
    assert.deepEqual(parseCpuList('0-1,x'), []);
  });

  it('keeps the engine on its core, gives each lane another, and gives up with too few cores', async () => {
    const { planCores } = await import('../../src/engine/measure/placement');
    assert.deepEqual(planCores([0, 1], 1, 1), { engine: 1, lanes: [0] });
    assert.deepEqual(planCores([2, 3, 5], 5, 2), { engine: 5, lanes: [2, 3] });
    // The engine on a core it may no longer use: the first it may.
    assert.deepEqual(planCores([2, 3], 0, 1), { engine: 2, lanes: [3] });
    assert.deepEqual(planCores([2, 3], undefined, 1), { engine: 2, lanes: [3] });
    assert.equal(planCores([0], 0, 1), undefined);
    assert.equal(planCores([0, 1], 0, 2), undefined);
  });
});

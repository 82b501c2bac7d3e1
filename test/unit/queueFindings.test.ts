// The queue mode's verdict sentences follow its numbers: overhead against work, and one Redis's ceiling.
import * as assert from 'node:assert/strict';
import { analyse } from '../../src/engine/analyse/verdict';
import { summarise } from '../../src/engine/analyse/stats';
import type { ModeResult, QueueInfo } from '../../src/shared/report/report';
import { validateReport } from '../../src/shared/validation/validate';

function completed(mode: ModeResult['mode'], wall: number, lanes: number, queue?: QueueInfo): ModeResult {
  const wallMs = summarise([wall * 0.99, wall, wall * 1.01]);
  return { mode, status: 'completed', lanes, wallMs, cpuMs: wall, ...(queue ? { queue } : {}) };
}

function queueInfo(over: Partial<QueueInfo> = {}): QueueInfo {
  return {
    redis: 'a private redis-server for this run', privateRedis: true, lanesKind: 'processes', jobs: 32,
    workers: [{ host: 'h', pid: 1, lanes: 2, tasks: 32, remote: false }],
    pickupMs: { median: 0.5, p95: 1 }, heardMs: { median: 0.4, p95: 1 }, workMs: { median: 12, p95: 13 },
    redisCpuMsPerJob: 0.15, argBytesPerJob: 40, resultBytesPerJob: 120, retries: 0, ...over,
  };
}

function run(queue: QueueInfo, status: ModeResult['status'] = 'completed') {
  const q: ModeResult = status === 'completed' ? completed('queue', 52, 2, queue) : { mode: 'queue', status, lanes: 2, error: { name: 'ModeSkippedError', code: 'QUEUE_UNAVAILABLE', message: 'The queue mode needs Redis: install redis-server …' } };
  return analyse({ modes: [completed('sequential', 100, 1), q], cores: 2, tasks: 8, workers: 2 });
}

describe('queue findings', () => {
  it('quotes the overhead against the work, and calls it small when it is', () => {
    const f = run(queueInfo()).findings.find((x) => x.kind === 'queue-cost')!;
    assert.equal(f.severity, 'info');
    assert.match(f.message, /each job cost 900 µs of queue overhead \(500 µs from add to start, 400 µs from end to the profiler hearing of it, medians\) against 12(\.0)? ms of work/);
    assert.match(f.message, /costs little here/);
  });

  it('warns when the queue takes a large share of each job, and says to batch', () => {
    const f = run(queueInfo({ workMs: { median: 1, p95: 1 } })).findings.find((x) => x.kind === 'queue-cost')!;
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /Put several calls into one job/);
  });

  it('turns Redis CPU per job into the jobs a second one Redis carries', () => {
    const f = run(queueInfo()).findings.find((x) => x.kind === 'queue-capacity')!;
    assert.match(f.message, /Redis spent 150 µs of CPU per job: one Redis carries at most ~6,667 jobs a second, whatever the number of machines\. At 12\.9 ms a job that is about 86 lanes busy at once \(43 machines of 2 lanes\)/);
    assert.equal(Math.round(f.data!.jobsPerSecond as number), 6667);
    // 6,667 jobs/s × 12.9 ms a job ≈ 86 lanes busy at once.
    assert.equal(Math.round(f.data!.lanesAtCeiling as number), 86);
  });

  it('says Redis\'s number overstates for long jobs', () => {
    const f = run(queueInfo({ workMs: { median: 3000, p95: 3100 }, redisCpuMsPerJob: 3 })).findings.find((x) => x.kind === 'queue-capacity')!;
    assert.match(f.message, /true ceiling is higher/);
  });

  it('says why the mode was skipped, and the report stays valid', () => {
    const v = run(queueInfo(), 'skipped');
    assert.match(v.findings.find((x) => x.kind === 'queue-skipped')!.message, /install redis-server/);
    assert.equal(v.best, 'sequential');
  });

  it('keeps the queue record through report validation', () => {
    const q = queueInfo();
    const v = run(q);
    const report = {
      schemaVersion: 1, createdAt: new Date(0).toISOString(), tool: { name: 'parallelism-profiler', version: '0.1.0' },
      function: { name: 'f', file: '/f.ts', line: 1, async: false },
      machine: { cores: 2, cpuModel: 'x', platform: 'linux', node: 'v20' },
      settings: { tasks: 8, workers: 2, repeat: 3, warmup: 1, args: '[]', modes: ['sequential', 'queue'], timeoutMs: 1000, sampleIntervalMs: 100, memoryLimitMb: 512, sweep: false },
      modes: [completed('sequential', 100, 1), completed('queue', 52, 2, q)], verdict: v, warnings: [],
    };
    const checked = validateReport(report);
    assert.ok(checked.ok, checked.ok ? '' : checked.errors.join('\n'));
    if (checked.ok) assert.deepEqual(checked.report.modes[1].queue, q);
  });
});

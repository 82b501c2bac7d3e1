// The CPU-profile analysis, pure: the source-map decoder, cutting samples into task windows on the
// mapped clock, self and total time, the cap on late samples, slowdowns against sequential, the
// verdict's profile findings and the validator's bounds.
import * as assert from 'node:assert/strict';
import { analyseLaneProfiles, type CallFrame, type CpuProfileData, type LaneProfile } from '../../src/engine/analyse/cpuProfile';
import { summariseModeProfile } from '../../src/engine/analyse/profileSummary';
import { SourceMap } from '../../src/engine/analyse/sourceMap';
import { slowdownsAgainst } from '../../src/engine/analyse/slowdowns';
import { profileFindings } from '../../src/engine/analyse/profileFindings';
import type { Context } from '../../src/engine/analyse/context';
import { libraryOf } from '../../src/engine/measure/frameResolver';
import { functionLabel } from '../../src/shared/wording/formatFunction';
import type { ModeResult, ProfiledFunction, Report } from '../../src/shared/report/report';
import { isListedCpuProfile } from '../../src/shared/report/cpuProfile';

/** A resolver that reads the category from the URL, as the real one does for these simple cases. */
const resolve = (f: CallFrame): ProfiledFunction => {
  if (f.functionName.startsWith('(')) return { name: f.functionName, category: f.functionName === '(garbage collector)' ? 'gc' : 'program' };
  if (!f.url) return { name: f.functionName, category: 'native' };
  if (f.url.startsWith('/own/')) return { name: f.functionName, category: 'profiler', file: f.url, line: f.lineNumber + 1 };
  return { name: f.functionName, category: 'user', file: f.url, line: f.lineNumber + 1 };
};

const frame = (functionName: string, url = '/src/a.ts', lineNumber = 0): CallFrame => ({ functionName, scriptId: 1, url, lineNumber, columnNumber: 0 });

/**
 * root → task → hot (leaf) and root → task → cold (leaf) and root → (garbage collector).
 * `pattern` lists the leaf of each sample; each sample lasts `stepUs`.
 */
function profileOf(pattern: ('hot' | 'cold' | 'gc' | 'root')[], stepUs = 1000, startUs = 1_000_000): CpuProfileData {
  const ids = { root: 1, task: 2, hot: 3, cold: 4, gc: 5 };
  return {
    nodes: [
      { id: 1, callFrame: frame('(root)', ''), children: [2, 5] },
      { id: 2, callFrame: frame('task', '/src/a.ts', 0), children: [3, 4] },
      { id: 3, callFrame: frame('hot', '/src/a.ts', 9) },
      { id: 4, callFrame: frame('cold', '/src/a.ts', 19) },
      { id: 5, callFrame: frame('(garbage collector)', '') },
    ],
    startTime: startUs,
    endTime: startUs + stepUs * (pattern.length + 1),
    samples: pattern.map((p) => ids[p]),
    // The first delta puts the first sample one step after the start.
    timeDeltas: pattern.map(() => stepUs),
  };
}

/** Epoch ms of profile time `us`, with the clock pair used in lane(). */
const EPOCH0 = 1_700_000_000_000;
const toEpoch = (us: number): number => EPOCH0 + (us - 1_000_000) / 1000;

function lane(pattern: ('hot' | 'cold' | 'gc' | 'root')[], windows: [number, number, number][], laneIndex = 0): LaneProfile {
  return {
    lane: laneIndex,
    profile: profileOf(pattern),
    clock: { hrUs: 1_000_000, epochMs: EPOCH0 },
    tasks: windows.map(([index, fromUs, toUs]) => ({ index, startedAt: toEpoch(fromUs), endedAt: toEpoch(toUs) })),
  };
}

describe('CPU profile: source maps', () => {
  it('decodes VLQ mappings and finds the segment at or before a column', () => {
    // Line 0: col 0 → a.ts 0:0; col 4 → a.ts 1:2. Line 1: col 2 → b.ts 9:0 (second source).
    const map = SourceMap.parse(JSON.stringify({ version: 3, sources: ['/p/a.ts', '/p/b.ts'], mappings: 'AAAA,IACE;ECQF', names: [] }))!;
    assert.ok(map);
    assert.deepEqual(map.lookup(0, 0), { source: '/p/a.ts', line: 0, column: 0 });
    assert.deepEqual(map.lookup(0, 3), { source: '/p/a.ts', line: 0, column: 0 });
    assert.deepEqual(map.lookup(0, 10), { source: '/p/a.ts', line: 1, column: 2 });
    assert.deepEqual(map.lookup(1, 5), { source: '/p/b.ts', line: 9, column: 0 });
    assert.equal(map.lookup(7, 0), undefined, 'a line with no mappings');
  });

  it('refuses what is not a v3 map', () => {
    assert.equal(SourceMap.parse('not json'), undefined);
    assert.equal(SourceMap.parse(JSON.stringify({ version: 2, sources: [], mappings: '' })), undefined);
    assert.equal(SourceMap.parse(JSON.stringify({ version: 3, sources: ['a'], mappings: 'A!' })), undefined);
  });

  it('names the package a file belongs to', () => {
    assert.equal(libraryOf('/w/node_modules/lodash/map.js'), 'lodash');
    assert.equal(libraryOf('/w/node_modules/@scope/pkg/lib/x.js'), '@scope/pkg');
    assert.equal(libraryOf('/w/node_modules/a/node_modules/b/i.js'), 'b');
    assert.equal(libraryOf('/w/src/x.ts'), undefined);
  });
});

describe('CPU profile: samples cut into task windows', () => {
  it('gives each sample to the task whose window holds it; the rest is between tasks', () => {
    // Samples at 1, 2, … 6 ms after the start; task 0 holds 0.5–3.5 ms, task 1 holds 4.5–6.5 ms.
    const a = analyseLaneProfiles([lane(['hot', 'hot', 'cold', 'root', 'hot', 'gc'], [[0, 1_000_500, 1_003_500], [1, 1_004_500, 1_006_500]])], resolve, new Set([0, 1]));
    assert.equal(a.tasks, 2);
    assert.equal(a.samples, 6);
    assert.equal(a.taskMs, 5);
    assert.equal(a.betweenTasksMs, 1);
    const s = summariseModeProfile(a);
    const hot = s.hotFunctions.find((h) => h.name === 'hot')!;
    assert.equal(hot.selfMs, 3);
    assert.equal(hot.perTaskMs, 1.5);
    assert.equal(hot.line, 10, '1-based line');
    assert.equal(s.hotFunctions[0].name, 'hot', 'sorted by self time');
    const task = s.hotFunctions.find((h) => h.name === 'task')!;
    assert.equal(task.selfMs, 0);
    assert.equal(task.totalMs, 4, 'total: every sample with it on the stack');
    assert.equal(s.gcShare, 0.2);
    assert.deepEqual(s.taskTop?.map((t) => t.index), [0, 1]);
    const top0 = s.taskTop![0].top.map((t) => [s.hotFunctions[t.fn].name, t.selfMs]);
    assert.deepEqual(top0, [['hot', 2], ['cold', 1]]);
  });

  it('charges a late sample at most four intervals and reports the rest as unseen', () => {
    const p = profileOf(['hot', 'cold']);
    p.timeDeltas = [1000, 1000];
    p.endTime = p.startTime + 2000 + 50_000; // the last sample's gap runs 50 ms
    const a = analyseLaneProfiles([{ lane: 0, profile: p, clock: { hrUs: 1_000_000, epochMs: EPOCH0 }, tasks: [{ index: 0, startedAt: toEpoch(0), endedAt: toEpoch(2_000_000) }] }], resolve, new Set(), 1);
    assert.equal(a.taskMs, 1 + 4);
    assert.equal(a.unseenMs, 46);
  });

  it('maps the profile clock with the lane\'s reading: windows shifted by the clock pair move the samples', () => {
    const l = lane(['hot', 'hot'], [[0, 1_000_500, 1_002_500]]);
    l.clock = { hrUs: 1_000_000 + 10_000, epochMs: EPOCH0 }; // the profile runs 10 ms ahead of the epoch clock
    const a = analyseLaneProfiles([l], resolve);
    assert.equal(a.taskMs, 0, 'no sample falls in the window once the clocks are mapped');
  });

  it('overlapping windows (async) give a sample to the latest-started task', () => {
    const a = analyseLaneProfiles([lane(['hot', 'hot', 'hot'], [[0, 1_000_000, 1_004_000], [1, 1_001_500, 1_004_000]])], resolve, new Set([0, 1]));
    assert.equal(a.taskMs, 3);
    assert.equal(a.perTask.get(0)?.size ?? 0, 1);
    assert.equal([...a.perTask.get(1)!.values()][0], 2);
  });
});

describe('CPU profile: frames lost to code optimised before the profiler started', () => {
  it('charges in-task samples that end in the lane\'s own code to the function run as the task', () => {
    const profile: CpuProfileData = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2] },
        { id: 2, callFrame: frame('runOne', '/own/taskRuntime.js', 5), children: [3] },
        { id: 3, callFrame: frame('task', '/src/a.ts', 0), children: [4] },
        { id: 4, callFrame: frame('hot', '/src/a.ts', 9) },
      ],
      startTime: 1_000_000,
      endTime: 1_005_000,
      samples: [3, 4, 2, 2],
      timeDeltas: [1000, 1000, 1000, 1000],
    };
    const a = analyseLaneProfiles([{ lane: 0, profile, clock: { hrUs: 1_000_000, epochMs: EPOCH0 }, tasks: [{ index: 0, startedAt: toEpoch(0), endedAt: toEpoch(2_000_000) }] }], resolve);
    const s = summariseModeProfile(a);
    assert.equal(a.reattributedMs, 2);
    assert.equal(s.hotFunctions.find((h) => h.name === 'task')?.selfMs, 3);
    assert.equal(s.hotFunctions.find((h) => h.name === 'runOne'), undefined);
  });
});

describe('CPU profile: a task whose every frame was lost', () => {
  it('charges its in-task samples to the profiled function when no sample names a user frame', () => {
    const profile: CpuProfileData = {
      nodes: [
        { id: 1, callFrame: frame('(root)', ''), children: [2] },
        { id: 2, callFrame: frame('runOne', '/own/taskRuntime.js', 5) },
      ],
      startTime: 1_000_000,
      endTime: 1_004_000,
      samples: [2, 2, 2],
      timeDeltas: [1000, 1000, 1000],
    };
    const fn: ProfiledFunction = { name: 'sumOfSquareRoots', category: 'user', file: '/w/src/work.ts', line: 5 };
    const l = { lane: 0, profile, clock: { hrUs: 1_000_000, epochMs: EPOCH0 }, tasks: [{ index: 0, startedAt: toEpoch(0), endedAt: toEpoch(9_000_000) }] };
    const s = summariseModeProfile(analyseLaneProfiles([l], resolve, new Set(), 1, fn));
    assert.deepEqual(s.hotFunctions.map((h) => [h.name, h.selfMs]), [['sumOfSquareRoots', 3]]);
    const without = summariseModeProfile(analyseLaneProfiles([l], resolve));
    assert.deepEqual(without.hotFunctions.map((h) => h.name), ['runOne'], 'without it, the lane code keeps them');
  });
});

describe('CPU profile: slowdowns against sequential', () => {
  const alone = analyseLaneProfiles([lane(['hot', 'cold', 'hot', 'cold'], [[0, 1_000_500, 1_002_500], [1, 1_002_500, 1_004_500]])], resolve);

  it('names the function that took the extra time, with its ratio and share', () => {
    // In parallel: hot takes three samples a task instead of one, cold stays at one.
    const par = analyseLaneProfiles([
      lane(['hot', 'hot', 'hot', 'cold'], [[0, 1_000_500, 1_004_500]], 0),
      lane(['hot', 'hot', 'hot', 'cold'], [[1, 1_000_500, 1_004_500]], 1),
    ], resolve);
    const { extraMsPerTask, slowdowns } = slowdownsAgainst(alone, par);
    assert.equal(extraMsPerTask, 2);
    assert.equal(slowdowns.length, 1);
    assert.equal(slowdowns[0].name, 'hot');
    assert.equal(slowdowns[0].ratio, 3);
    assert.equal(slowdowns[0].shareOfExtra, 1);
    assert.equal(slowdowns[0].aloneMsPerTask, 1);
  });

  it('lists nothing when the tasks did not slow down', () => {
    assert.deepEqual(slowdownsAgainst(alone, alone), { extraMsPerTask: 0, slowdowns: [] });
  });
});

describe('CPU profile: findings', () => {
  const fn = (name: string, perTaskMs: number): ModeResult['hotFunctions'] extends (infer T)[] | undefined ? T : never =>
    ({ name, category: 'user', file: '/w/src/lock.ts', line: name === 'locked' ? 12 : 30, selfMs: perTaskMs * 4, totalMs: perTaskMs * 4, perTaskMs });
  const mode = (m: Partial<ModeResult> & Pick<ModeResult, 'mode'>): ModeResult => ({ status: 'completed', lanes: 2, wallMs: { median: 100, min: 100, max: 100, runs: [100] }, ...m });
  const ctx = (modes: ModeResult[]): Context => {
    const completed: Context['completed'] = {};
    for (const m of modes) completed[m.mode] = m;
    return { input: { modes, cores: 2, tasks: 4, workers: 2 }, completed, seq: completed.sequential, bound: 'cpu', parallelLanes: 2 };
  };
  const profileOf2 = (taskMs: number, extra?: number, gcShare = 0): ModeResult['cpuProfile'] => ({
    intervalMs: 1, wallMs: 100, startMs: 20, stopMs: 5, taskMs, betweenTasksMs: 1, samples: 100, unseenMs: 0, files: [], categories: [], gcShare,
    ...(extra !== undefined ? { extraMsPerTask: extra } : {}),
  });

  it('singles out a function that took far more of the extra time than of the time alone, and compares processes', () => {
    const seq = mode({ mode: 'sequential', lanes: 1, cpuProfile: profileOf2(80), hotFunctions: [fn('locked', 10), fn('free', 10)] });
    const workers = mode({
      mode: 'workers', efficiency: 0.6, cpuProfile: profileOf2(160, 20), hotFunctions: [fn('locked', 30), fn('free', 10)],
      slowdowns: [{ ...fn('locked', 30), ratio: 3, shareOfExtra: 1, aloneMsPerTask: 10 }],
    });
    const processes = mode({ mode: 'processes', efficiency: 0.95, cpuProfile: profileOf2(84, 1), hotFunctions: [fn('locked', 10.5), fn('free', 10.5)] });
    const found = profileFindings(ctx([seq, workers, processes])).map((s) => s.finding);
    const w = found.find((f) => f.kind === 'slowdown' && f.data?.mode === 'workers')!;
    assert.ok(w, JSON.stringify(found));
    assert.equal(w.data?.function, 'locked');
    assert.equal(w.data?.cause, 'function');
    assert.equal(w.data?.processesRatio, 1.05);
    assert.match(w.message, /100% of the extra time per task in worker threads \(2 worker threads\) is in locked \(lock\.ts:12\): 3\.00× slower per task/);
    assert.match(w.message, /processes escape it/);
    assert.ok(!found.some((f) => f.data?.mode === 'processes'), 'processes: nothing slowed and the mode is efficient: no finding');
  });

  it('says so when every function slowed alike, and when nothing slowed', () => {
    const seq = mode({ mode: 'sequential', lanes: 1, cpuProfile: profileOf2(80), hotFunctions: [fn('locked', 10), fn('free', 10)] });
    const workers = mode({ mode: 'workers', efficiency: 0.5, cpuProfile: profileOf2(160, 20), slowdowns: [{ ...fn('locked', 20), ratio: 2, shareOfExtra: 0.5, aloneMsPerTask: 10 }] });
    const processes = mode({ mode: 'processes', efficiency: 0.6, cpuProfile: profileOf2(80, 0) });
    const found = profileFindings(ctx([seq, workers, processes])).map((s) => s.finding);
    assert.equal(found.find((f) => f.data?.mode === 'workers')?.data?.cause, 'uniform');
    assert.equal(found.find((f) => f.data?.mode === 'processes')?.data?.cause, 'none');
  });

  it('reports the garbage collector\'s share when it is large, against alone', () => {
    const seq = mode({ mode: 'sequential', lanes: 1, cpuProfile: profileOf2(80, undefined, 0.09) });
    const workers = mode({ mode: 'workers', cpuProfile: profileOf2(80, 0, 0.31) });
    const gc = profileFindings(ctx([seq, workers])).map((s) => s.finding).find((f) => f.kind === 'gc-share')!;
    assert.match(gc.message, /The garbage collector took 31% of each task's time in worker threads against 9\.0% alone/);
    assert.equal(gc.severity, 'warning');
  });

  it('labels functions as users read them', () => {
    assert.equal(functionLabel({ name: 'digest', category: 'node', file: 'node:internal/crypto/hash', line: 101 }), 'digest (node:internal/crypto/hash:101)');
    assert.equal(functionLabel({ name: 'map', category: 'library', library: 'lodash', file: '/w/node_modules/lodash/map.js', line: 3 }), 'map (lodash: map.js:3)');
    assert.equal(functionLabel({ name: '(garbage collector)', category: 'gc' }), '(garbage collector)');
  });
});

describe('CPU profile: the validator', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { validateReport } = require('../../src/shared/validation/validate') as typeof import('../../src/shared/validation/validate');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fixture = (): any => JSON.parse(require('node:fs').readFileSync(require('node:path').resolve(__dirname, '../../../test/fixtures/reports/cpuprofile.json'), 'utf8'));
  const errors = (change: (r: any) => void): string[] => {
    const r = fixture();
    change(r);
    const v = validateReport(r);
    return v.ok ? [] : v.errors;
  };
  const workers = (r: any): any => r.modes.find((m: any) => m.mode === 'workers');

  it('accepts a report with hot functions, slowdowns and profiles in every mode', () => {
    assert.deepEqual(errors(() => undefined), []);
    assert.ok(workers(fixture()).hotFunctions.length > 0 && workers(fixture()).slowdowns.length > 0);
  });

  it('refuses unknown categories, unbounded lists, shares past 1 and task tops pointing past the hot list', () => {
    assert.ok(errors((r) => (workers(r).hotFunctions[0].category = 'kernel')).some((e) => /hotFunctions\[0\]\.category must be one of/.test(e)));
    assert.ok(errors((r) => (workers(r).hotFunctions = Array.from({ length: 201 }, () => workers(r).hotFunctions[0]))).some((e) => /must hold at most 200 items/.test(e)));
    assert.ok(errors((r) => (workers(r).slowdowns[0].shareOfExtra = 1.5)).some((e) => /shareOfExtra must be between 0 and 1/.test(e)));
    assert.ok(errors((r) => (workers(r).slowdowns[0].ratio = Infinity)).some((e) => /ratio must be a finite number/.test(e)));
    assert.ok(errors((r) => (workers(r).cpuProfile.taskTop[0].top[0].fn = 999)).some((e) => /taskTop\[0\]\.top\[0\]\.fn must be between 0 and/.test(e)));
    assert.ok(errors((r) => (r.settings.cpuProfile.dir = 42)).some((e) => /settings\.cpuProfile\.dir must be a string/.test(e)));
  });
});

describe('which .cpuprofile the panel may open', () => {
  const report = {
    modes: [
      { cpuProfile: { files: [{ path: '/tmp/pp-x/sequential-1.cpuprofile' }] } },
      { cpuProfile: { files: [{ path: '/tmp/pp-x/workers-1.cpuprofile' }, { path: '/tmp/pp-x/workers-2.cpuprofile' }] } },
      {},
    ],
  } as unknown as Pick<Report, 'modes'>;

  it('a file any mode lists, and nothing else: another path, a prefix of a listed one, a non-string, or no report', () => {
    assert.equal(isListedCpuProfile(report, '/tmp/pp-x/workers-2.cpuprofile'), true);
    assert.equal(isListedCpuProfile(report, '/tmp/pp-x/sequential-1.cpuprofile'), true);
    assert.equal(isListedCpuProfile(report, '/etc/hostname'), false);
    assert.equal(isListedCpuProfile(report, '/tmp/pp-x/workers-1'), false);
    assert.equal(isListedCpuProfile(report, '/tmp/pp-x/../pp-x/workers-1.cpuprofile'), false, 'the same file by another spelling is not listed');
    assert.equal(isListedCpuProfile(report, ['/tmp/pp-x/workers-1.cpuprofile']), false);
    assert.equal(isListedCpuProfile(undefined, '/tmp/pp-x/workers-1.cpuprofile'), false);
  });
});

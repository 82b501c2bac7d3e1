// The validator's rules for the report's `prediction` and `sweepUsl` (see Prediction in report.ts): every number
// finite and bounded, every list short, the modes and chunk sizes within what a profile can ask for.
import type { Checker } from './checker';

type Obj = Record<string, unknown>;

const MODES = { workers: true, processes: true } as const;
const BETTER = { usl: true, amdahl: true } as const;
const MS = { max: 1e9 };
const RATIO = { max: 1e7 };
const COUNT = { min: 1, max: 100_000, integer: true };
const SIGNED = { min: -1e9, max: 1e9 };
const LIST = 64;
const TEXT_LIST = 100;

const CORE = { max: 4095, integer: true };

/** A CorePlacement (report.ts): the cores the engine's thread and the lanes' were held on. */
export function checkPlacement(c: Checker, o: Obj, path: string): void {
  c.child(o, 'placement', path, (pl, pp) => {
    c.number(pl, 'engineCore', pp, CORE);
    c.array(pl, 'laneCores', pp, LIST, (v, lp) => c.numberValue(v, lp, CORE));
  }, true);
}

/** The report's sweepUsl. */
export function checkUsl(c: Checker, u: Obj, up: string): void {
  c.number(u, 'alpha', up, RATIO);
  c.number(u, 'beta', up, RATIO);
  c.number(u, 'rmse', up, RATIO);
  c.number(u, 'amdahlRmse', up, RATIO);
  c.oneOf(u, 'better', up, BETTER);
  c.number(u, 'peakWorkers', up, { min: 1, max: 1e6 });
  c.number(u, 'peakSpeedup', up, RATIO);
}

export function checkPrediction(c: Checker, p: Obj, path: string): void {
  c.child(p, 'inputs', path, (i, ip) => {
    c.number(i, 'tasks', ip, COUNT);
    c.number(i, 'workMs', ip, MS);
    c.number(i, 'meanTaskMs', ip, MS);
    c.number(i, 'longestTaskMs', ip, MS);
    c.number(i, 'meanBytes', ip, { max: 1e15 });
    c.number(i, 'sequentialWallMs', ip, MS);
    c.number(i, 'cores', ip, { min: 1, max: 4096, integer: true });
    c.number(i, 'workers', ip, COUNT);
    c.array(i, 'modes', ip, 2, (v, mp) => {
      const m = c.object(v, mp);
      if (!m) return;
      c.oneOf(m, 'mode', mp, MODES);
      c.number(m, 'perMessageMs', mp, MS);
      c.number(m, 'perByteMs', mp, MS);
      c.number(m, 'latencyMs', mp, MS);
      c.number(m, 'engineMs', mp, MS, true);
      c.number(m, 'cpuPerMessageMs', mp, MS, true);
      checkPlacement(c, m, mp);
      c.number(m, 'startupMs', mp, MS, true);
      c.number(m, 'slowdownOneLane', mp, RATIO);
      c.number(m, 'slowdownAtWorkers', mp, RATIO, true);
      c.number(m, 'alpha', mp, RATIO);
      c.number(m, 'beta', mp, RATIO);
    });
  });
  c.array(p, 'points', path, 2 * LIST, (v, pp) => {
    const pt = c.object(v, pp);
    if (!pt) return;
    c.number(pt, 'workers', pp, COUNT);
    c.oneOf(pt, 'mode', pp, MODES);
    c.number(pt, 'speedup', pp, RATIO);
    c.number(pt, 'low', pp, RATIO);
    c.number(pt, 'high', pp, RATIO);
  });
  c.child(p, 'bounds', path, (b, bp) => {
    c.number(b, 'workMs', bp, MS);
    c.number(b, 'spanMs', bp, MS);
    c.number(b, 'parallelism', bp, RATIO);
    c.number(b, 'tasks', bp, COUNT);
  });
  c.array(p, 'check', path, 2, (v, cp) => {
    const k = c.object(v, cp);
    if (!k) return;
    c.oneOf(k, 'mode', cp, MODES);
    c.number(k, 'workers', cp, COUNT);
    c.number(k, 'predicted', cp, RATIO);
    c.number(k, 'low', cp, RATIO);
    c.number(k, 'high', cp, RATIO);
    c.number(k, 'measured', cp, RATIO);
    c.number(k, 'errorPct', cp, SIGNED);
  });
  c.child(p, 'chunk', path, (a, ap) => {
    c.number(a, 'recommended', ap, COUNT);
    c.number(a, 'gain', ap, RATIO, true);
    const sized = (v: unknown, sp: string, why: boolean): void => {
      const s = c.object(v, sp);
      if (!s) return;
      c.number(s, 'chunk', sp, COUNT);
      c.number(s, 'wallMs', sp, MS);
      if (why) c.string(s, 'why', sp, true);
    };
    c.array(a, 'measured', ap, LIST, (v, sp) => sized(v, sp, false));
    c.array(a, 'predicted', ap, LIST, (v, sp) => sized(v, sp, true));
    c.string(a, 'snippet', ap, true);
  }, true);
  c.child(p, 'machines', path, (m, mp) => checkMachines(c, m, mp), true);
  for (const key of ['findings', 'ignores']) c.array(p, key, path, TEXT_LIST, (v, sp) => c.stringValue(v, sp));
}

const SOURCES = { measured: true, set: true } as const;
const PACE = { lanes: true, redis: true, tasks: true } as const;
const MACHINES = { min: 1, max: 1e6, integer: true };

/** The prediction's machines what-if (MachinesPrediction). */
function checkMachines(c: Checker, m: Obj, path: string): void {
  c.child(m, 'inputs', path, (i, ip) => {
    c.number(i, 'lanesPerMachine', ip, COUNT);
    c.number(i, 'perJobMs', ip, MS);
    c.number(i, 'perByteMs', ip, MS);
    c.number(i, 'latencyMs', ip, MS);
    c.number(i, 'pickupMs', ip, SIGNED, true);
    c.number(i, 'heardMs', ip, SIGNED, true);
    c.number(i, 'argBytesPerJob', ip, { max: 1e15 });
    c.number(i, 'resultBytesPerJob', ip, { max: 1e15 });
    c.number(i, 'measuredRttMs', ip, MS);
    c.number(i, 'networkLatencyMs', ip, MS);
    c.oneOf(i, 'networkLatencySource', ip, SOURCES);
    c.number(i, 'roundTripsPerJob', ip, { max: 1000 });
    c.number(i, 'latencyTermMs', ip, SIGNED);
    c.number(i, 'redisCpuMsPerJob', ip, MS, true);
    c.number(i, 'redisJobsPerSecond', ip, { max: 1e12 }, true);
  });
  c.array(m, 'points', path, LIST, (v, pp) => {
    const pt = c.object(v, pp);
    if (!pt) return;
    c.number(pt, 'machines', pp, MACHINES);
    c.number(pt, 'lanes', pp, { min: 1, max: 1e9, integer: true });
    c.number(pt, 'speedup', pp, RATIO);
    c.number(pt, 'jobsPerSecond', pp, { max: 1e12 });
    c.oneOf(pt, 'by', pp, PACE);
  });
  c.child(m, 'check', path, (k, kp) => {
    c.number(k, 'machines', kp, MACHINES);
    c.number(k, 'lanes', kp, COUNT);
    c.number(k, 'predicted', kp, RATIO);
    c.number(k, 'measured', kp, RATIO);
    c.number(k, 'errorPct', kp, SIGNED);
    c.number(k, 'measuredOnFreeCores', kp, RATIO, true);
    c.number(k, 'errorOnFreeCoresPct', kp, SIGNED, true);
  }, true);
  c.array(m, 'findings', path, TEXT_LIST, (v, sp) => c.stringValue(v, sp));
}

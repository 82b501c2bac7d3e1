// Seeded, generated profiles for the verdict's property tests (issue 23): interleaved rounds of the
// four modes with random task sizes (a microsecond to 100 ms), slowdowns per mode, run-to-run noise,
// other programs' load per round (or none), start-up costs and, for some, CPU profiles whose slowdowns
// single out a function or not. Built as the engine builds them (applyRoundSpeedups), so the verdict
// sees what it would see from a real run. Same seed, same profiles.
import { applyRoundSpeedups } from '../../src/engine/analyse/roundSpeedups';
import { mulberry32, summarise } from '../../src/engine/analyse/stats';
import type { AnalysisInput } from '../../src/engine/analyse/context';
import type { ModeCpuProfile, ModeName, ModeResult, RoundRecord, Slowdown, StopInfo, TaskRecord } from '../../src/shared/report/report';

export interface GeneratedProfile {
  input: AnalysisInput;
  /** What was drawn, for a failing property's message. */
  about: string;
}

const CORES = 2;
const STOPS: StopInfo['reason'][] = ['stable', 'time', 'max-rounds', 'fixed'];

export function generateProfiles(seed: number, count: number): GeneratedProfile[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const out: GeneratedProfile[] = [];
  for (let k = 0; k < count; k++) {
    const tasks = pick([1, 2, 3, 8, 16]);
    const workers = pick([2, 2, 2, 4]);
    const taskMs = pick([0.001, 0.04, 0.5, 3, 40, 120]);
    const rounds = pick([1, 3, 5, 8]);
    const io = rand() < 0.2;
    const loaded = rand() < 0.35;
    const profiled = rand() < 0.4;
    const slow: Record<ModeName, number> = {
      sequential: 1,
      async: io ? 1 / Math.min(tasks, 6) : 1 + rand() * 0.1,
      workers: 1 + rand() * 1.5,
      processes: 1 + rand() * 1.5,
      // The queue mode is never generated here (it needs a Redis); the record only completes the type.
      queue: 1,
    };
    const modes: ModeName[] = ['sequential', 'async', 'workers', 'processes'];
    const lanesOf = (m: ModeName) => (m === 'workers' || m === 'processes' ? workers : 1);
    // Wall time of one repetition: the tasks spread over min(lanes, cores, tasks) lanes.
    const idealWall = (m: ModeName) => {
      const p = Math.max(1, Math.min(lanesOf(m), CORES, tasks));
      return m === 'async' && io ? taskMs * slow.async * tasks : (Math.ceil(tasks / p) * taskMs * slow[m]);
    };
    const records: RoundRecord[] = [];
    const runs: Record<ModeName, number[]> = { sequential: [], async: [], workers: [], processes: [], queue: [] };
    const noise = pick([0, 0.02, 0.1, 0.4]);
    for (let r = 0; r < rounds; r++) {
      const load = loaded ? pick([0.1, 0.6, 1.2, 1.8]) : pick([0, 0.02, 0.05, 0.2]);
      const recs = modes.map((m) => {
        const wall = idealWall(m) * (1 + noise * rand()) * (loaded ? 1 + load * 0.3 : 1) + 0.001;
        runs[m].push(wall);
        const taskSum = taskMs * slow[m] * tasks;
        const wait = loaded ? Math.min(0.8, load * (m === 'sequential' ? 0.1 : 0.3 + 0.2 * rand())) : rand() * 0.02;
        return { mode: m, wallMs: wall, externalLoad: load, waitMs: wait * taskSum, taskCpuMs: (io ? 0.05 : 1) * taskMs * tasks * (m === 'sequential' ? 1 : 1 + rand() * 0.4), taskMs: taskSum };
      });
      records.push({ order: modes, modes: recs });
    }
    const results: ModeResult[] = modes.map((m) => {
      const wallMs = summarise(runs[m]);
      const lanes = lanesOf(m);
      const per = taskMs * slow[m];
      const taskRecords: TaskRecord[] = Array.from({ length: tasks }, (_, i) => {
        const lane = m === 'sequential' || m === 'async' ? 0 : i % Math.min(lanes, CORES);
        const start = m === 'async' && io ? 0 : Math.floor(i / Math.max(1, Math.min(lanes, CORES))) * per;
        const end = start + per * (1 + 0.3 * rand() * noise);
        return { index: i, lane, startMs: start, endMs: end, dispatchMs: start - 0.05, cpuMs: io ? per * 0.05 : per, waitMs: 0 };
      });
      const cpuMs = (io ? 0.05 : pick([1, 1, 1.15, 1.6])) * taskMs * tasks;
      return {
        mode: m, status: 'completed', lanes, wallMs, cpuMs, coresBusy: cpuMs / wallMs.median, tasks: taskRecords,
        ...(m === 'workers' || m === 'processes' ? { startupMs: pick([5, 40, 300, 1500]) } : {}),
        ...(profiled ? { cpuProfile: profileOf(m, taskMs, tasks, slow[m], rand), slowdowns: slowdownsOf(m, taskMs, slow[m], rand) } : {}),
      } as ModeResult;
    });
    const info = applyRoundSpeedups(results, records, { reason: pick(STOPS), message: 'stopped', precision: 0.05, elapsedMs: 1000 }, { tasks, cores: CORES, interleaved: true });
    out.push({
      input: { modes: results, cores: CORES, tasks, workers, rounds: info },
      about: `profile ${k} of seed ${seed}: ${tasks} tasks of ${taskMs} ms on ${workers} workers, ${rounds} rounds, noise ${noise}, ${loaded ? 'loaded' : 'quiet'}${io ? ', I/O' : ''}${profiled ? ', profiled' : ''}`,
    });
  }
  return out;
}

function profileOf(m: ModeName, taskMs: number, tasks: number, slow: number, rand: () => number): ModeCpuProfile {
  const total = taskMs * slow * tasks;
  return {
    intervalMs: 1, wallMs: total, startMs: 0, stopMs: total, taskMs: total, betweenTasksMs: 0, samples: Math.round(total), unseenMs: 0,
    files: [], categories: [], gcShare: Math.round(rand() * 50) / 100,
    ...(m === 'sequential' ? {} : { extraMsPerTask: taskMs * (slow - 1) }),
  };
}

/** Two functions' slowdowns: one that slowed with the lane, and one that may have slowed far past it. */
function slowdownsOf(m: ModeName, taskMs: number, slow: number, rand: () => number): Slowdown[] | undefined {
  if (m === 'sequential' || slow <= 1.05) return undefined;
  const extra = taskMs * (slow - 1);
  const outlierRatio = slow * (1 + rand() * 1.5);
  const rows: Slowdown[] = [
    { name: 'work', category: 'user', ratio: slow, shareOfExtra: 0.6, perTaskMs: taskMs * 0.6 * slow, aloneMsPerTask: taskMs * 0.6 },
    { name: 'Hash', category: 'native', ratio: outlierRatio, shareOfExtra: 0.3, perTaskMs: taskMs * 0.1 * outlierRatio, aloneMsPerTask: taskMs * 0.1 },
  ];
  void extra;
  return rows.sort((a, b) => b.shareOfExtra - a.shareOfExtra);
}

// A running profile as its watchers see it, folded from the engine's live events into a bounded
// snapshot: the extension keeps one outside the panel (so a hidden panel loses nothing and gets it
// again when shown), the panel draws it, the CLI prints a line from it. Whatever the task count or
// run length, a snapshot holds at most MAX_LIVE_SAMPLES samples per core of MAX_LIVE_CORES cores and
// MAX_LIVE_TASKS tasks (evenly thinned, failed ones kept): about 100 KB at worst.
import type { ModeName, ModeStatus } from '../report/report';
import { LIVE_TASK_FIELDS, L_FAILED, L_END, L_INDEX, L_LANE, RUNNING_FIELDS, R_INDEX, type LiveEvent, type LiveSpeedup } from './events';

export const MAX_LIVE_SAMPLES = 600;
export const MAX_LIVE_CORES = 64;
export const MAX_LIVE_TASKS = 1000;
export const MAX_LIVE_LANES = 64;
/** One per mode at most. */
export const MAX_LIVE_SPEEDUPS = 4;
const MAX_KEPT_FAILURES = 100;

export type LiveOutcome = 'running' | 'done' | 'failed' | 'cancelled';
export type EtaKind = 'about' | 'at-least' | 'at-most';

export interface LiveFinishedMode {
  mode: ModeName;
  lanes: number;
  status: ModeStatus;
  sweep?: boolean;
  medianMs?: number;
  minMs?: number;
  maxMs?: number;
  speedup?: number;
}

/** The repetition running now (or the last one, once the mode moved on to closing its lanes). */
export interface LiveRepetition {
  warmup: boolean;
  /** 1-based, of `of`. */
  index: number;
  of: number;
  /** Machine-clock ms every time below counts from. */
  startedAt: number;
  /** Set once it ended. */
  wallMs?: number;
  done: number;
  failed: number;
  /** Per-core busy % and the profiling tree's % (warm-ups too: sampled for the live view only). */
  cpu: { t: number[]; cores: number[][]; process: number[] };
  /** LIVE_TASK_FIELDS numbers per task: every `taskStride`-th task that ended, and every failed one (bounded). */
  tasks: number[];
  taskStride: number;
  /** Per lane (up to MAX_LIVE_LANES), when its latest task ended; -1 before its first. */
  laneEnds: number[];
  /** RUNNING_FIELDS numbers per task running now (started, not yet ended), where the mode can tell; at most MAX_LIVE_LANES. */
  running: number[];
}

export interface LiveMode {
  mode: ModeName;
  lanes: number;
  sweep: boolean;
  /** Machine-clock ms the mode started (its lanes starting). */
  startedAt: number;
  repetition?: LiveRepetition;
}

export interface LiveSnapshot {
  functionName: string;
  modes: ModeName[];
  tasks: number;
  workers: number;
  warmup: number;
  repeat: number;
  cores: number;
  sampleIntervalMs: number;
  sweepWorkers: number[];
  /** Machine-clock ms (the engine's monotonic clock) the modes began, and when this snapshot was taken. */
  startedAt: number;
  now: number;
  current?: LiveMode;
  finished: LiveFinishedMode[];
  /** Estimated time left, ms, from the repetitions that ran; absent until something has run. */
  etaMs?: number;
  /**
   * How to read etaMs: about (a fixed number of repetitions), at least (interleaved rounds, before the
   * minimum has run: more may follow), at most (past the minimum: rounds stop when the speedups are
   * stable, or when the time budget is spent). Absent: about.
   */
  etaKind?: EtaKind;
  /** Interleaved rounds: each parallel mode's speedup after the latest round ended (absent before the first). */
  soFar?: { round: number; speedups: LiveSpeedup[] };
  outcome: LiveOutcome;
}

/** Folds live events; snapshot() copies, so the state can go on changing while a copy is posted. */
export class LiveState {
  private plan: Extract<LiveEvent, { kind: 'plan' }> | undefined;
  private current: LiveMode | undefined;
  private readonly finished: LiveFinishedMode[] = [];
  /** Wall times of the repetitions that ended, per step of the plan (a mode, or a sweep point). */
  private readonly repMs: number[][] = [];
  private step = -1;
  private outcome: LiveOutcome = 'running';
  /** Interleaved rounds: when the first measured repetition began, and the latest round's end. */
  private roundsBeganAt: number | undefined;
  private lastRound: Extract<LiveEvent, { kind: 'round-end' }> | undefined;
  private soFar: LiveSnapshot['soFar'];
  private readonly lanesOf = new Map<ModeName, number>();
  private seen = 0;
  private keptFailures = 0;
  // Samples folded into the last kept point once the series was thinned.
  private sampleStride = 1;
  private sampleCarry = 0;

  get started(): boolean {
    return this.plan !== undefined;
  }

  apply(e: LiveEvent): void {
    switch (e.kind) {
      case 'plan':
        this.plan = e;
        return;
      case 'mode-start':
        this.lanesOf.set(e.mode, e.lanes);
        this.current = { mode: e.mode, lanes: e.lanes, sweep: e.sweep === true, startedAt: e.at };
        this.step++;
        this.repMs[this.step] = [];
        return;
      case 'round-end':
        this.lastRound = e;
        if (e.speedups && e.speedups.length > 0) this.soFar = { round: e.round, speedups: e.speedups.slice(0, MAX_LIVE_SPEEDUPS).map((x) => ({ ...x })) };
        return;
      case 'repetition-start':
        if (!e.warmup && e.of === 0 && this.roundsBeganAt === undefined) this.roundsBeganAt = e.at;
        // Interleaved rounds run one repetition of each mode in turn, after every mode has started.
        if (this.current?.mode !== e.mode) this.current = { mode: e.mode, lanes: this.lanesOf.get(e.mode) ?? 1, sweep: false, startedAt: e.at };
        this.current.repetition = {
          warmup: e.warmup, index: e.index, of: e.of, startedAt: e.at, done: 0, failed: 0,
          cpu: { t: [], cores: [], process: [] }, tasks: [], taskStride: 1,
          laneEnds: new Array<number>(Math.min(MAX_LIVE_LANES, Math.max(1, this.current.lanes))).fill(-1),
          running: [],
        };
        this.seen = 0;
        this.keptFailures = 0;
        this.sampleStride = 1;
        this.sampleCarry = 0;
        return;
      case 'cpu':
        return this.addSample(e.t, e.cores, e.process);
      case 'tasks':
        return this.addTasks(e.tasks);
      case 'running': {
        const rep = this.current?.repetition;
        if (!rep || this.current?.mode !== e.mode || rep.wallMs !== undefined) return;
        const len = Math.min(e.tasks.length, MAX_LIVE_LANES * RUNNING_FIELDS);
        rep.running = e.tasks.slice(0, len - (len % RUNNING_FIELDS));
        return;
      }
      case 'repetition-end': {
        const rep = this.current?.repetition;
        if (rep) {
          rep.wallMs = e.wallMs;
          rep.running = [];
        }
        this.repMs[this.step]?.push(e.wallMs);
        return;
      }
      case 'mode-end':
        this.finished.push({
          mode: e.mode, lanes: e.lanes, status: e.status, ...(e.sweep ? { sweep: true } : {}),
          ...(e.medianMs !== undefined ? { medianMs: e.medianMs, minMs: e.minMs, maxMs: e.maxMs } : {}),
          ...(e.speedup !== undefined ? { speedup: e.speedup } : {}),
        });
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  /** The run ended (done, failed or cancelled): the snapshot keeps what was measured, marked so. */
  end(outcome: Exclude<LiveOutcome, 'running'>): void {
    this.outcome = outcome;
  }

  snapshot(now: number): LiveSnapshot | undefined {
    const p = this.plan;
    if (!p) return undefined;
    const cur = this.current;
    const rep = cur?.repetition;
    const eta = this.outcome === 'running' ? this.estimateLeft(now) : undefined;
    return {
      functionName: p.functionName, modes: [...p.modes], tasks: p.tasks, workers: p.workers, warmup: p.warmup, repeat: p.repeat,
      cores: p.cores, sampleIntervalMs: p.sampleIntervalMs, sweepWorkers: [...p.sweepWorkers], startedAt: p.at, now,
      ...(cur ? {
        current: {
          ...cur,
          ...(rep ? {
            repetition: {
              ...rep,
              cpu: { t: rep.cpu.t.slice(), cores: rep.cpu.cores.map((c) => c.slice()), process: rep.cpu.process.slice() },
              tasks: rep.tasks.slice(),
              laneEnds: rep.laneEnds.slice(),
              running: rep.running.slice(),
            },
          } : {}),
        },
      } : {}),
      finished: this.finished.map((f) => ({ ...f })),
      ...(eta !== undefined ? { etaMs: Math.round(eta.ms), ...(eta.kind !== 'about' ? { etaKind: eta.kind } : {}) } : {}),
      ...(this.soFar ? { soFar: { round: this.soFar.round, speedups: this.soFar.speedups.map((x) => ({ ...x })) } } : {}),
      outcome: this.outcome,
    };
  }

  private addSample(t: number, cores: number[], processPct: number): void {
    const cpu = this.current?.repetition?.cpu;
    if (!cpu) return;
    const n = Math.min(cores.length, MAX_LIVE_CORES);
    while (cpu.cores.length < n) cpu.cores.push(new Array<number>(cpu.t.length).fill(0));
    if (this.sampleCarry > 0) {
      // Average into the last point until it holds `sampleStride` samples: the area stays honest.
      const k = this.sampleCarry;
      const last = cpu.t.length - 1;
      for (let c = 0; c < cpu.cores.length; c++) cpu.cores[c][last] = (cpu.cores[c][last] * k + (cores[c] ?? 0)) / (k + 1);
      cpu.process[last] = (cpu.process[last] * k + processPct) / (k + 1);
      cpu.t[last] = t;
      this.sampleCarry = k + 1 < this.sampleStride ? k + 1 : 0;
      return;
    }
    cpu.t.push(t);
    for (let c = 0; c < cpu.cores.length; c++) cpu.cores[c].push(cores[c] ?? 0);
    cpu.process.push(processPct);
    if (this.sampleStride > 1) this.sampleCarry = 1;
    if (cpu.t.length >= MAX_LIVE_SAMPLES) {
      cpu.t = pairs(cpu.t, (a, b) => b);
      cpu.cores = cpu.cores.map((c) => pairs(c, (a, b) => (a + b) / 2));
      cpu.process = pairs(cpu.process, (a, b) => (a + b) / 2);
      this.sampleStride *= 2;
      this.sampleCarry = 0;
    }
  }

  private addTasks(flat: number[]): void {
    const rep = this.current?.repetition;
    if (!rep) return;
    if (rep.running.length > 0) rep.running = withoutEnded(rep.running, flat);
    for (let at = 0; at + LIVE_TASK_FIELDS <= flat.length; at += LIVE_TASK_FIELDS) {
      const failed = flat[at + L_FAILED] === 1;
      rep.done++;
      if (failed) rep.failed++;
      const lane = flat[at + L_LANE];
      if (lane >= 0 && lane < rep.laneEnds.length) rep.laneEnds[lane] = Math.max(rep.laneEnds[lane], flat[at + L_END]);
      else if (lane >= rep.laneEnds.length && lane < MAX_LIVE_LANES) {
        // async's lanes are its slots: as many as calls overlap, known only as they report.
        while (rep.laneEnds.length <= lane) rep.laneEnds.push(-1);
        rep.laneEnds[lane] = flat[at + L_END];
      }
      const keep = this.seen++ % rep.taskStride === 0 || (failed && this.keptFailures++ < MAX_KEPT_FAILURES);
      if (!keep) continue;
      for (let f = 0; f < LIVE_TASK_FIELDS; f++) rep.tasks.push(flat[at + f]);
      if (rep.tasks.length >= MAX_LIVE_TASKS * LIVE_TASK_FIELDS) {
        const thinned: number[] = [];
        for (let k = 0; k * LIVE_TASK_FIELDS < rep.tasks.length; k++) {
          const base = k * LIVE_TASK_FIELDS;
          if (k % 2 === 0 || rep.tasks[base + L_FAILED] === 1) for (let f = 0; f < LIVE_TASK_FIELDS; f++) thinned.push(rep.tasks[base + f]);
        }
        rep.tasks = thinned;
        rep.taskStride *= 2;
      }
    }
  }

  /** Time left and how to read it: about, for a fixed number of repetitions; see roundsLeft for interleaved rounds. */
  private estimateLeft(now: number): { ms: number; kind: EtaKind } | undefined {
    if (this.plan!.repeat === 0) return this.roundsLeft(now);
    const ms = this.estimateLeftMs(now);
    return ms === undefined ? undefined : { ms, kind: 'about' };
  }

  /**
   * Interleaved rounds stop when the speedups are stable, so how many run is not known ahead: before
   * the minimum has run, what it still needs at the pace of the rounds so far (at least); past it, what
   * the time budget leaves (at most). Nothing before the first round has ended.
   */
  private roundsLeft(now: number): { ms: number; kind: EtaKind } | undefined {
    const r = this.lastRound;
    if (!r || this.roundsBeganAt === undefined) return undefined;
    const sinceRound = Math.max(0, now - r.at);
    if (r.round < r.minRounds) {
      // The pace counts every round run, also one counted as a warm-up, or "at least" would overstate.
      const perRound = Math.max(0, r.at - this.roundsBeganAt) / Math.max(1, r.run ?? r.round);
      return { ms: Math.max(0, (r.minRounds - r.round) * perRound - sinceRound), kind: 'at-least' };
    }
    if (r.maxTimeMs === undefined) return undefined;
    return { ms: Math.max(0, r.maxTimeMs - r.elapsedMs - sinceRound), kind: 'at-most' };
  }

  /**
   * Time left, from what has run: each repetition still to come is expected to take as long as this
   * step's finished repetitions took on average (or, before any, the run's so far); the one running
   * now, its expected length less its elapsed time, or before any finished, its elapsed time scaled
   * by the tasks still to do.
   */
  private estimateLeftMs(now: number): number | undefined {
    const p = this.plan!;
    const stepReps = [...p.modes.map(() => p.warmup + p.repeat), ...p.sweepWorkers.map(() => p.warmup + p.repeat)];
    const all = this.repMs.flat();
    const mean = (xs: number[]) => (xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : undefined);
    const rep = this.current?.repetition;
    const running = rep && rep.wallMs === undefined;
    const here = mean(this.repMs[this.step] ?? []) ?? mean(all);
    let left = 0;
    if (running) {
      const elapsed = now - rep.startedAt;
      if (here !== undefined) left += Math.max(0, here - elapsed);
      else if (rep.done > 0) left += (elapsed * (p.tasks - rep.done)) / rep.done;
      else return undefined;
    }
    const perRep = here ?? (running && rep.done > 0 ? ((now - rep.startedAt) * p.tasks) / rep.done : undefined);
    if (perRep === undefined) return undefined;
    const step = Math.max(0, this.step);
    const doneHere = (this.repMs[step]?.length ?? 0) + (running ? 1 : 0);
    left += Math.max(0, (stepReps[step] ?? 0) - doneHere) * perRep;
    for (let s = step + 1; s < stepReps.length; s++) left += stepReps[s] * perRep;
    return left;
  }
}

function pairs(xs: number[], merge: (a: number, b: number) => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < xs.length; i += 2) out.push(i + 1 < xs.length ? merge(xs[i], xs[i + 1]) : xs[i]);
  return out;
}

/** The running list less the tasks that have just ended. */
function withoutEnded(running: number[], ended: number[]): number[] {
  const gone = new Set<number>();
  for (let at = 0; at + LIVE_TASK_FIELDS <= ended.length; at += LIVE_TASK_FIELDS) gone.add(ended[at + L_INDEX]);
  const kept: number[] = [];
  for (let at = 0; at + RUNNING_FIELDS <= running.length; at += RUNNING_FIELDS) {
    if (!gone.has(running[at + R_INDEX])) for (let f = 0; f < RUNNING_FIELDS; f++) kept.push(running[at + f]);
  }
  return kept;
}

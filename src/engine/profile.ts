// The whole profile, end to end: locate the function, bundle it, build the tasks' arguments, run
// each mode, optionally sweep the worker count, then analyse and assemble one report.
// The CLI, the extension and the benchmarks all call `profile()`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConsoleCapture, ModeName, ModeResult, Prediction, Report, SweepPoint, Warning } from '../shared/report/report';
import { SCHEMA_VERSION } from '../shared/report/report';
import type { ProgressStage } from '../shared/panel/protocol';
import { fitSweep } from './analyse/amdahl';
import { deriveSpeedup, idealSpeedup, remoteLanesOf } from './analyse/speedups';
import { analyse } from './analyse/verdict';
import { bundleFunction } from './bundle/bundle';
import { CancelledError, ProfilerError } from './errors';
import { qualifiedName, type LocatedFunction } from './locate/locate';
import { findFunctionOffThread } from './locate/locateService';
import { machineInfo } from './measure/machine';
import { measureMode, type MeasureModeOptions, type MeasuredMode } from './measure/measureMode';
import { measureRounds } from './measure/rounds';
import { applyRoundSpeedups, roundsInSequence } from './analyse/roundSpeedups';
import type { RoundModeRecord, RoundRecord, RoundsInfo, StopInfo } from '../shared/report/report';
import { LIMITS, resolveOptions, type ProfileOptions, type ResolvedOptions } from './options';
import { runPrediction } from './measure/predictionRuns';
import { fitUsl } from './analyse/predict/usl';
import { ONE_LANE_MODES } from './measure/predictionRuns';
import { noiseWarnings } from './analyse/noiseWarnings';
import { summarise } from './analyse/stats';
import { evaluateTaskArguments } from './arguments/evaluateArguments';
import { refuseJsonUnsafeArguments } from './arguments/jsonSafeArguments';
import { constructExpression, evaluateConstruct } from './arguments/constructArguments';
import { childEnvironment } from './lanes/childEnvironment';
import { TOOL_VERSION } from './version';
import { sweepWorkerCounts, type LiveEvent } from '../shared/live/events';
import { slowdownsAgainst } from './analyse/slowdowns';
import type { CpuProfileSettings } from './measure/profiledRepetition';
import { prepareProfileFolder } from './measure/profileFolder';
import { prepareVersus, type VersusTarget } from './compare/versusTarget';
import { compareVersus } from './compare/versus';
import type { Companion } from './measure/rounds';
import { machineNow } from './runtime/clock';

export interface ProgressEvent {
  stage: ProgressStage;
  message: string;
  mode?: ModeName;
}

export interface ProfileHooks {
  signal?: AbortSignal;
  onProgress?: (e: ProgressEvent) => void;
  /** Called once the function is located (the extension titles its panel with it). */
  onLocated?: (fn: LocatedFunction) => void;
  /**
   * Live events while the modes run: the plan, mode and repetition boundaries, CPU samples as they
   * are taken, task batches, each finished mode's median. Called on the engine's thread: keep it
   * cheap (queue and throttle elsewhere). Unset, the engine does none of this work.
   */
  onLive?: (e: LiveEvent) => void;
}

let running = false;

/** True while a profile runs in this process; a second one is refused (measurements must not interleave). */
export function isProfileRunning(): boolean {
  return running;
}

export async function profile(options: ProfileOptions, hooks: ProfileHooks = {}): Promise<Report> {
  if (running) {
    throw new ProfilerError('BUSY', 'A profile is already running. Wait for it to finish or cancel it: two at once would share the cores and spoil both measurements.');
  }
  running = true;
  try {
    return await runProfile(resolveOptions(options), hooks);
  } finally {
    running = false;
  }
}

async function runProfile(o: ResolvedOptions, hooks: ProfileHooks): Promise<Report> {
  const signal = hooks.signal ?? new AbortController().signal;
  const progress = (stage: ProgressEvent['stage'], message: string, mode?: ModeName) => hooks.onProgress?.({ stage, message, mode });
  const createdAt = new Date().toISOString();
  const file = path.resolve(o.file);

  progress('locate', `Finding ${o.functionName ?? `the function at line ${o.line}`} in ${path.basename(file)}`);
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ProfilerError('FILE_NOT_FOUND', `Cannot read ${file}: check the path (relative paths start from ${process.cwd()}).`);
  }
  const fn = await findFunctionOffThread(file, source, o.functionName ? { name: o.functionName } : { line: o.line! });
  hooks.onLocated?.(fn);
  const constructExpr = constructExpression(fn, o.construct);
  checkCancelled(signal);

  progress('bundle', `Bundling ${path.basename(file)} and its imports`);
  const bundle = await bundleFunction({ file, fn, cacheDir: o.cacheDir });
  let versus: VersusTarget | undefined;
  try {
    checkCancelled(signal);
    progress('arguments', `Building the arguments of ${o.tasks} tasks`);
    const args = await evaluateTaskArguments(o.args, o.tasks, { signal, memoryLimitMb: o.memoryLimitMb, env: childEnvironment() });
    if (o.modes.includes('queue')) refuseJsonUnsafeArguments(args.perTask);
    const construct = constructExpr === undefined ? undefined : await evaluateConstruct(constructExpr, { signal, memoryLimitMb: o.memoryLimitMb, env: childEnvironment() });
    const warnings: Warning[] = [...args.warnings, ...(construct?.warnings ?? [])].map((message) => ({ kind: 'other' as const, message }));
    // esbuild's warnings often explain a task that then fails (an emptied import.meta, say): pass them on.
    for (const w of bundle.warnings) warnings.push({ kind: 'other', message: `${w.file}:${w.line}:${w.column}: ${w.message}` });
    const machine = machineInfo();
    if (o.versus) {
      progress('bundle', `Bundling the version to compare with: ${o.versus.revision !== undefined ? `@${o.versus.revision}` : o.versus.functionName}`);
      // @REV compares the profiled function with itself as it was at that revision.
      const other = o.versus.revision !== undefined && !o.versus.functionName ? { ...o.versus, functionName: qualifiedName(fn) } : o.versus;
      versus = await prepareVersus(other, file, o.cacheDir, construct?.encoded);
    }

    // What every measured run shares, the modes here and the sweep's worker counts.
    const run: RunSettings = {
      load: construct ? { ...bundle.load, constructArgs: construct.encoded } : bundle.load, taskArgs: args.perTask, argBytes: args.bytes, warmup: o.warmup, repeat: o.repeat,
      // Adaptive rounds warm each mode until steady; a fixed count (--precision 0, or no interleaving) is kept exactly.
      autoWarmup: o.interleave && o.precision > 0,
      timeoutMs: o.timeoutMs, memoryLimitMb: o.memoryLimitMb, sampleIntervalMs: o.sampleIntervalMs, cores: machine.cores, signal,
      ...(o.queue ? { queue: o.queue.remoteWorkers ? { ...o.queue, remoteRun: { functionName: qualifiedName(fn), file, tasks: o.tasks } } : o.queue } : {}),
    };
    const live = watcher(hooks.onLive);
    if (live) {
      run.live = live;
      live({
        kind: 'plan', functionName: fn.name, modes: o.modes, tasks: o.tasks, workers: o.workers, warmup: o.warmup, repeat: o.interleave ? 0 : o.repeat,
        cores: machine.cores, sampleIntervalMs: o.sampleIntervalMs, sweepWorkers: o.sweep ? sweepWorkerCounts(o.workers) : [], at: machineNow(),
      });
    }
    const cpuProfile = o.cpuProfile
      ? { ...cpuProfileSettings(o, fn.name, createdAt), taskFunction: { name: fn.name, category: 'user' as const, file, line: fn.line } }
      : undefined;
    const { measured, rounds, stop, oneLane, other, otherRounds } = o.interleave ? await runInterleaved(o, run, progress, cpuProfile, versus) : await runInSequence(o, run, progress, cpuProfile);
    const modes: ModeResult[] = measured.map((x) => x.result);
    const loaded = measured.find((x) => x.loadOutput && x.loadOutput.lines.length > 0);
    const moduleLoadOutput: ConsoleCapture | undefined = loaded?.loadOutput;
    addSpeedups(modes, o.tasks, machine.cores);
    const roundsInfo: RoundsInfo = applyRoundSpeedups(modes, rounds, stop, { tasks: o.tasks, cores: machine.cores, interleaved: o.interleave });
    addSlowdowns(modes, measured);
    for (const m of modes) if (m.wallMs) warnings.push(...noiseWarnings(m.mode, m.wallMs, roundsInfo), ...(m.warnings ?? []));
    if (moduleLoadOutput) {
      warnings.push({
        kind: 'module-output',
        message: `Your module printed ${moduleLoadOutput.lines.length + moduleLoadOutput.droppedLines} line(s) while loading. Every worker thread and child process loads the module once, so its top-level code ran once per lane.`,
      });
    }

    let sweep: SweepPoint[] | undefined;
    if (o.sweep) sweep = await runSweep(o, run, modes, progress);
    // Points past the core count are oversubscribed and would inflate the serial fraction.
    const sweepFit = sweep && sweep.length >= 2 ? fitSweep(sweep, machine.cores) : undefined;
    const sweepUsl = sweep ? fitUsl(sweep.filter((p) => p.workers <= machine.cores)) : undefined;

    let prediction: Prediction | undefined;
    if (o.predict) {
      checkCancelled(signal);
      prediction = await runPrediction({
        run, modes, requested: o.modes, tasks: o.tasks, workers: o.workers, sweep, ...(oneLane ? { oneLane } : {}),
        ...(o.networkLatencyMs !== undefined ? { networkLatencyMs: o.networkLatencyMs } : {}),
        onProgress: (m, mode) => progress('mode', m, mode),
      });
      if (!prediction) warnings.push({ kind: 'other', message: 'No prediction: it needs the sequential mode and the workers, processes or queue mode to complete, each with its task times.' });
    }

    progress('analyse', 'Analysing');
    const verdict = analyse({ modes, cores: machine.cores, tasks: o.tasks, workers: o.workers, sweep, sweepFit, rounds: roundsInfo, nativePackages: bundle.nativePackages });
    const comparison = versus && other ? compareVersus({ rounds, modes, other, otherRounds, tasks: o.tasks, cores: machine.cores, versusLabel: versus.label, thisLabel: fn.name, threshold: o.versus?.threshold }) : undefined;
    return {
      schemaVersion: SCHEMA_VERSION,
      createdAt,
      tool: { name: 'parallelism-profiler', version: TOOL_VERSION },
      function: { name: fn.name, file, line: fn.line, column: fn.column, async: fn.async, kind: fn.kind, ...(fn.className ? { className: fn.className } : {}) },
      machine,
      settings: {
        tasks: o.tasks, workers: o.workers, repeat: o.repeat, warmup: o.warmup, args: o.args, modes: o.modes,
        timeoutMs: o.timeoutMs, sampleIntervalMs: o.sampleIntervalMs, memoryLimitMb: o.memoryLimitMb, sweep: o.sweep,
        ...(construct ? { construct: construct.expr } : {}),
        interleave: o.interleave, precision: o.precision, ...(o.maxTimeMs !== undefined ? { maxTimeMs: o.maxTimeMs } : {}),
        ...(cpuProfile ? { cpuProfile: { intervalMs: o.cpuProfileIntervalMs, dir: cpuProfile.dir } } : {}),
        ...(o.chunk > 1 ? { chunk: o.chunk } : {}),
        ...(o.predict ? { predict: true } : {}),
      },
      modes,
      ...(sweep ? { sweep } : {}),
      ...(sweepFit ? { sweepFit } : {}),
      ...(sweepUsl ? { sweepUsl } : {}),
      ...(prediction ? { prediction } : {}),
      verdict,
      warnings,
      ...(moduleLoadOutput ? { moduleLoadOutput } : {}),
      bundle: { ms: Math.round(bundle.ms), cached: bundle.cached, bytes: bundle.bytes, format: bundle.format, formatReason: bundle.formatReason, ...(bundle.nativePackages.length ? { nativePackages: bundle.nativePackages } : {}) },
      rounds: roundsInfo,
      ...(comparison ? { comparison } : {}),
    };
  } finally {
    await bundle.dispose();
    await versus?.bundle.dispose();
  }
}

/** Speedup against the sequential median, with an interval from the repetitions of both. */
function addSpeedups(modes: ModeResult[], tasks: number, cores: number): void {
  const seq = modes.find((m) => m.mode === 'sequential' && m.status === 'completed');
  for (const m of modes) {
    if (!seq?.wallMs || !m.wallMs) continue;
    const d = deriveSpeedup(seq.wallMs, m.wallMs, idealSpeedup(m.mode, m.lanes, tasks, cores, remoteLanesOf(m)));
    if (!d) continue;
    m.speedup = d.speedup;
    m.speedupCi = d.speedupCi;
    m.efficiency = d.efficiency;
  }
}

type RunSettings = Omit<MeasureModeOptions, 'mode' | 'lanes' | 'onProgress' | 'cpuProfile'>;
type Progress = (stage: ProgressEvent['stage'], message: string, mode?: ModeName) => void;

interface ModesRun {
  measured: MeasuredMode[];
  rounds: RoundRecord[];
  stop: StopInfo;
  /** With `predict`, interleaved: each parallel mode on one lane, measured in the same rounds. */
  oneLane?: ModeResult[];
  /** With --versus: the other version's modes, measured in the same rounds, and their repetitions' round records. */
  other?: ModeResult[];
  otherRounds?: RoundModeRecord[][];
}

function lanesOf(o: ResolvedOptions, mode: ModeName): number {
  return mode === 'workers' || mode === 'processes' || mode === 'queue' ? o.workers : 1;
}

/** Every mode started and warmed, then one repetition of each per round, rotating (measure/rounds.ts). */
async function runInterleaved(o: ResolvedOptions, run: RunSettings, progress: Progress, cpuProfile?: CpuProfileSettings, versus?: VersusTarget): Promise<ModesRun> {
  progress('mode', `Starting ${o.modes.join(', ')}`);
  // The prediction's one-lane runs go into the same rounds: its costs per message then come from the
  // same moments (and the same load) as the K-lane run they are checked against.
  const companions: Companion[] = o.predict ? ONE_LANE_MODES.filter((m) => o.modes.includes(m)).map((mode) => ({ mode, lanes: 1, label: `prediction, ${mode} on one lane` })) : [];
  const predicted = companions.length;
  // --versus: every mode of the other version takes its turn in every round beside this version's.
  if (versus) for (const mode of o.modes) companions.push({ mode, lanes: lanesOf(o, mode), label: `versus ${versus.label}, ${mode}`, versus: { load: versus.load } });
  const got = await measureRounds({
    ...run, cpuProfile, chunk: o.chunk, modes: o.modes, lanesOf: (m) => lanesOf(o, m), precision: o.precision, maxTimeMs: o.maxTimeMs,
    maxRounds: LIMITS.maxRounds, companions, onProgress: (mode, m) => progress('mode', m, mode),
  });
  // Interleaved, every mode's median is known when the last round ends.
  const results = got.measured.map((x) => x.result);
  for (const m of results) run.live?.(modeEnd(m, results));
  return { ...got, ...(predicted > 0 ? { oneLane: got.companions.slice(0, predicted) } : {}), ...(versus ? { other: got.companions.slice(predicted), otherRounds: got.companionRounds.slice(predicted) } : {}) };
}

/** The modes one after another, each its repetitions in a row: interleaving off, for contrast. */
async function runInSequence(o: ResolvedOptions, run: RunSettings, progress: Progress, cpuProfile?: CpuProfileSettings): Promise<ModesRun> {
  const t0 = performance.now();
  const measured: MeasuredMode[] = [];
  for (const mode of o.modes) {
    checkCancelled(run.signal);
    progress('mode', `Running ${mode}`, mode);
    measured.push(await measureMode({ ...run, cpuProfile, mode, lanes: lanesOf(o, mode), chunk: o.chunk, onProgress: (m) => progress('mode', m, mode) }));
    run.live?.(modeEnd(measured[measured.length - 1].result, measured.map((x) => x.result)));
  }
  const rounds = roundsInSequence(measured.map((x) => ({ mode: x.result.mode, repetitions: x.repetitions })));
  const elapsedMs = Math.round(performance.now() - t0);
  return {
    measured, rounds,
    stop: { reason: 'fixed', precision: 0, elapsedMs, message: `Interleaving off: each mode ran its ${o.repeat} repetitions in a row (${(elapsedMs / 1000).toFixed(1)} s), so a change in background load lands on one mode only.` },
  };
}

function cpuProfileSettings(o: ResolvedOptions, name: string, createdAt: string): CpuProfileSettings {
  const prefix = name.replace(/[^A-Za-z0-9_$.-]+/g, '_').slice(0, 80) || 'function';
  return { intervalUs: Math.round(o.cpuProfileIntervalMs * 1000), dir: prepareProfileFolder(o.cpuProfileDir, prefix, createdAt), prefix };
}

/** Each profiled mode's functions against the same functions alone (the sequential mode's profile). */
function addSlowdowns(modes: ModeResult[], measured: MeasuredMode[]): void {
  const alone = measured.find((x) => x.result.mode === 'sequential')?.profiled?.analysis;
  if (!alone) return;
  for (const m of modes) {
    const p = measured.find((x) => x.result === m)?.profiled?.analysis;
    if (m.mode === 'sequential' || !p || !m.cpuProfile) continue;
    const { extraMsPerTask, slowdowns } = slowdownsAgainst(alone, p);
    m.cpuProfile.extraMsPerTask = extraMsPerTask;
    m.slowdowns = slowdowns;
  }
}

async function runSweep(
  o: ResolvedOptions,
  run: RunSettings,
  modes: ModeResult[],
  progress: (stage: ProgressEvent['stage'], message: string, mode?: ModeName) => void,
): Promise<SweepPoint[] | undefined> {
  const seq = modes.find((m) => m.mode === 'sequential' && m.wallMs);
  if (!seq?.wallMs) return undefined;
  const points: SweepPoint[] = [];
  for (const workers of sweepWorkerCounts(o.workers)) {
    checkCancelled(run.signal);
    progress('sweep', `Sweep: ${workers} worker${workers === 1 ? '' : 's'}`, 'workers');
    const { result } = await measureMode({ ...run, mode: 'workers', lanes: workers, ...(run.live ? { live: sweepPoint(run.live) } : {}) });
    run.live?.({ ...modeEnd(result, modes), sweep: true });
    if (!result.wallMs) break;
    const d = deriveSpeedup(seq.wallMs, result.wallMs, idealSpeedup('workers', workers, o.tasks, run.cores));
    if (!d) break;
    points.push({
      workers,
      wallMs: summarise(result.wallMs.runs),
      speedup: d.speedup,
      efficiency: d.efficiency,
      ...(d.karpFlatt !== undefined ? { karpFlatt: d.karpFlatt } : {}),
    });
  }
  return points;
}

/** A sweep point's events, marked as such (its mode-start says it is a sweep point, not the workers mode again). */
function sweepPoint(live: (e: LiveEvent) => void): (e: LiveEvent) => void {
  return (e) => live(e.kind === 'mode-start' ? { ...e, sweep: true } : e);
}

/** A watcher that cannot break the profile: what it throws is dropped. */
function watcher(onLive: ProfileHooks['onLive']): ((e: LiveEvent) => void) | undefined {
  if (!onLive) return undefined;
  return (e) => {
    try {
      onLive(e);
    } catch {
      // The live view is a window on the run, never a reason to stop it.
    }
  };
}

/** A finished mode for the live view: its median and range, and its speedup over sequential's median when that ran. */
function modeEnd(m: ModeResult, modes: readonly ModeResult[]): Extract<LiveEvent, { kind: 'mode-end' }> {
  const seq = modes.find((x) => x.mode === 'sequential' && x.wallMs);
  const w = m.wallMs;
  return {
    kind: 'mode-end', mode: m.mode, lanes: m.lanes, status: m.status,
    ...(w ? { medianMs: w.median, minMs: w.min, maxMs: w.max } : {}),
    ...(w && seq?.wallMs && m !== seq ? { speedup: deriveSpeedup(seq.wallMs, w, 1)?.speedup } : {}),
  };
}

function checkCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}

// One extra repetition per mode with every lane's V8 CPU profiler on, after the measured ones, so
// the profiler (22–38 ms to start, a few % while sampling) never touches the reported timings. Each
// lane writes its raw profile to a file (profiles run to megabytes: they do not cross as messages);
// here they are cut into task windows, analysed, and rewritten as `.cpuprofile` files whose frames
// name the user's sources, ready for VS Code's profile viewer or Chrome DevTools.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModeCpuProfile, ModeName, ModeResult, ProfiledFunction, Warning } from '../../shared/report/report';
import { CancelledError } from '../errors';
import { analyseLaneProfiles, type CpuProfileData, type LaneProfile, type ModeProfileAnalysis, type TaskWindow } from '../analyse/cpuProfile';
import { summariseModeProfile, type ModeProfileSummary } from '../analyse/profileSummary';
import type { ModeSession, RepetitionResult } from '../modes';
import { FrameResolver } from './frameResolver';

export interface CpuProfileSettings {
  /** V8's sampling interval, µs. */
  intervalUs: number;
  /** Where the `.cpuprofile` files go (made if missing). */
  dir: string;
  /** The start of each file's name, e.g. the function's name. */
  prefix: string;
  /** The profiled function, as a frame of it would be named (see analyseLaneProfiles). */
  taskFunction?: ProfiledFunction;
}

export interface ProfiledMode {
  cpuProfile: ModeCpuProfile;
  hotFunctions: ModeProfileSummary['hotFunctions'];
  /** Kept in memory (not in the report) for the slowdowns against sequential. */
  analysis: ModeProfileAnalysis;
}

/**
 * Runs the profiled repetition on an open session. Undefined with a warning when a lane could not
 * profile (an inspector already attached, say): the measured numbers stand without it.
 */
export async function runProfiledRepetition(
  session: ModeSession, mode: ModeName, taskArgs: unknown[][], signal: AbortSignal, s: CpuProfileSettings, perTaskOf: ReadonlySet<number>,
): Promise<ProfiledMode | Warning> {
  const started = await session.profileLanes({ kind: 'profile-start', intervalUs: s.intervalUs }, signal);
  const startError = started.find((r) => r.error);
  let rep: RepetitionResult | undefined;
  let stopped: Awaited<ReturnType<ModeSession['profileLanes']>> = [];
  try {
    if (!startError) rep = await session.runRepetition(taskArgs, signal);
  } finally {
    // Stop even after a failure, so no lane is left sampling; its profile is dropped then.
    stopped = await session.profileLanes({ kind: 'profile-stop', file: path.join(s.dir, `.raw-${s.prefix}-${mode}-`) }, signal).catch(() => []);
  }
  const raws = stopped.filter((r) => r.file).map((r) => r.file!);
  try {
    if (startError) return warn(mode, `the CPU profiler could not start in a lane (${startError.error!.message})`);
    if (!rep || rep.failures.length > 0) return warn(mode, `the profiled repetition had ${rep?.failures.length ?? 'unknown'} failed task(s)`);
    const stopError = stopped.find((r) => r.error);
    if (stopError) return warn(mode, `the CPU profiler could not stop in a lane (${stopError.error!.message})`);
    const resolver = new FrameResolver();
    const windows = taskWindows(rep);
    const lanes: LaneProfile[] = [];
    const files: ModeCpuProfile['files'] = [];
    for (const r of stopped) {
      if (!r.file || !r.clock) continue;
      const lane = session.laneIndex(r.laneId) ?? lanes.length;
      const profile = JSON.parse(fs.readFileSync(r.file, 'utf8')) as CpuProfileData;
      // sequential and async run every task on their one thread (async's lanes are call slots).
      const tasks = session.lanes === 1 ? [...windows.values()].flat() : windows.get(lane) ?? [];
      lanes.push({ lane, profile, clock: r.clock, tasks });
      const out = path.join(s.dir, `${s.prefix}-${mode}-lane${lane}.cpuprofile`);
      fs.writeFileSync(out, JSON.stringify(mappedProfile(profile, resolver)));
      files.push({ lane, path: out });
    }
    lanes.sort((a, b) => a.lane - b.lane);
    files.sort((a, b) => a.lane - b.lane);
    const analysis = analyseLaneProfiles(lanes, resolver.resolve, perTaskOf, s.intervalUs / 1000, s.taskFunction);
    const { hotFunctions, ...summary } = summariseModeProfile(analysis);
    const cpuProfile: ModeCpuProfile = {
      intervalMs: s.intervalUs / 1000,
      wallMs: round(rep.endedAt - rep.startedAt),
      startMs: round(Math.max(0, ...started.map((r) => r.ms))),
      stopMs: round(Math.max(0, ...stopped.map((r) => r.ms))),
      ...summary,
      files,
    };
    return { cpuProfile, hotFunctions, analysis };
  } finally {
    for (const f of raws) fs.rmSync(f, { force: true });
  }
}

function warn(mode: ModeName, why: string): Warning {
  return { kind: 'other', mode, message: `${mode}: no CPU profile: ${why}. The measured numbers are unaffected.` };
}

/** Task windows by lane, from the repetition's table (machine-clock ms). */
function taskWindows(rep: RepetitionResult): Map<number, TaskWindow[]> {
  const byLane = new Map<number, TaskWindow[]>();
  const t = rep.table;
  for (const i of t.indices()) {
    const lane = t.lane[i];
    const list = byLane.get(lane) ?? [];
    list.push({ index: i, startedAt: t.startedAt[i], endedAt: t.endedAt[i] });
    byLane.set(lane, list);
  }
  return byLane;
}

/**
 * The profile with each frame pointing at the user's source (file URL, 0-based line and column), as
 * Chrome DevTools' format has it. positionTicks name lines of the generated bundle: dropped.
 */
function mappedProfile(p: CpuProfileData, resolver: FrameResolver): CpuProfileData {
  return {
    ...p,
    nodes: p.nodes.map((n) => {
      const { positionTicks: _ticks, ...rest } = n;
      return { ...rest, callFrame: resolver.mapFrame(n.callFrame) };
    }),
  };
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * The profiled repetition of a completed mode on its still-open session, its fields added to
 * `result`; a failure other than a cancel becomes a warning (the measured numbers stand).
 */
export async function profileMode(
  session: ModeSession,
  result: ModeResult,
  o: { mode: ModeName; taskArgs: unknown[][]; signal: AbortSignal; cpuProfile?: CpuProfileSettings; onProgress?: (stage: string) => void },
): Promise<ProfiledMode | undefined> {
  if (!o.cpuProfile || result.status !== 'completed') return undefined;
  o.onProgress?.(`${o.mode}: profiled repetition (not counted)`);
  try {
    const p = await runProfiledRepetition(session, o.mode, o.taskArgs, o.signal, o.cpuProfile, new Set((result.tasks ?? []).map((t) => t.index)));
    if ('analysis' in p) {
      result.hotFunctions = p.hotFunctions;
      result.cpuProfile = p.cpuProfile;
      return p;
    }
    (result.warnings ??= []).push(p);
  } catch (err) {
    if (err instanceof CancelledError || o.signal.aborted) throw new CancelledError();
    (result.warnings ??= []).push(warn(o.mode, err instanceof Error ? err.message : String(err)));
  }
  return undefined;
}

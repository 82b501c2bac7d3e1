// This lane's V8 CPU profiler, through node:inspector on the lane's own isolate (a session connected
// inside a worker thread profiles that thread, checked on Node 20). Started once per lane around one
// uncounted repetition: Profiler.start alone took 22–38 ms here, far too much per task.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { machineNow } from './clock';
import type { ProfileClock, ProfileReply, ProfileRequest, WireError } from '../lanes/wire';

let session: Session | undefined;
let running = false;

function post<T>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T)));
  });
}

/** Both clocks read back to back: the profile's times are process.hrtime microseconds. */
function readClocks(): ProfileClock {
  const before = machineNow();
  const hrUs = Number(process.hrtime.bigint()) / 1000;
  const after = machineNow();
  return { hrUs, epochMs: (before + after) / 2 };
}

/** Starting twice is harmless (the second answers at once); so is stopping a lane that never started. */
export async function handleProfileRequest(request: ProfileRequest, laneId: number): Promise<ProfileReply> {
  const t0 = machineNow();
  try {
    if (request.kind === 'profile-start') {
      if (!running) {
        if (!session) {
          session = new Session();
          session.connect();
        }
        await post('Profiler.enable');
        await post('Profiler.setSamplingInterval', { interval: request.intervalUs });
        await post('Profiler.start');
        running = true;
      }
      return { kind: 'profile', laneId, ms: machineNow() - t0 };
    }
    if (!running) return { kind: 'profile', laneId, ms: 0 };
    running = false;
    const { profile } = await post<{ profile: unknown }>('Profiler.stop');
    const clock = readClocks();
    await post('Profiler.disable');
    const file = `${request.file}${laneId}.json`;
    const text = JSON.stringify(profile);
    writeFileSync(file, text);
    return { kind: 'profile', laneId, ms: machineNow() - t0, file, bytes: text.length, clock };
  } catch (err) {
    const e = err as Error;
    const error: WireError = { name: e?.name ?? 'Error', message: e?.message ?? String(err) };
    return { kind: 'profile', laneId, ms: machineNow() - t0, error };
  }
}

/** How long a thread waits at the barrier for the others before answering anyway. */
const BARRIER_MS = 3000;

/**
 * Waits until `lanes` threads have arrived at the barrier (or BARRIER_MS passed). Blocking this thread
 * is the point: piscina gives a busy thread no second request, so K requests reach K threads.
 */
export function meetAtBarrier(barrier: SharedArrayBuffer | undefined, lanes: number | undefined): void {
  if (!barrier || !lanes || lanes <= 1) return;
  const count = new Int32Array(barrier);
  Atomics.add(count, 0, 1);
  Atomics.notify(count, 0);
  const deadline = performance.now() + BARRIER_MS;
  for (let seen = Atomics.load(count, 0); seen < lanes; seen = Atomics.load(count, 0)) {
    const left = deadline - performance.now();
    if (left <= 0) return;
    Atomics.wait(count, 0, seen, left);
  }
}

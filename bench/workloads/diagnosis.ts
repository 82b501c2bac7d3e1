// Workloads whose verdict is known by construction, for the diagnosis benchmark.
// The CPU work here spins to a deadline rather than for a fixed number of steps: the answer (a
// speedup, a serial fraction) then follows from the construction alone, whatever else this shared
// machine is running, so the benchmark tests the engine's reasoning rather than the machine's load.
import { pbkdf2 } from 'node:crypto';
import { getEnvironmentData } from 'node:worker_threads';

/** Name under which the bench puts the lock's SharedArrayBuffer (worker_threads.setEnvironmentData). */
export const LOCK_KEY = 'parallelism-profiler-bench-lock';

function spin(ms: number): number {
  const end = performance.now() + ms;
  let x = 1;
  while (performance.now() < end) {
    for (let k = 0; k < 1000; k++) x = (x * 48271) % 2147483647;
  }
  return x;
}

/**
 * A task with a serial section of known fraction. Its parallel part runs under a shared (read)
 * lock and its serial part under an exclusive (write) lock that waits for every parallel part to end,
 * so while one lane is in its serial part no other lane works: exactly Amdahl's model. On p lanes
 * the speedup is p / ((1 − f) + p·f) and the Karp–Flatt estimate is f.
 * The lock is a SharedArrayBuffer that new worker threads inherit through getEnvironmentData (the
 * engine serialises task arguments itself, and shared memory does not survive that); without it (a
 * child process, or no bench) the task runs unlocked.
 */
export function serialSection(workMs: number, serialFraction: number): number {
  const sab = getEnvironmentData(LOCK_KEY) as SharedArrayBuffer | undefined;
  const lock = sab ? new RwLock(new Int32Array(sab)) : undefined;
  lock?.acquireShared();
  let x = spin(workMs * (1 - serialFraction));
  lock?.releaseShared();
  lock?.acquireExclusive();
  x += spin(workMs * serialFraction);
  lock?.releaseExclusive();
  return x;
}

/**
 * Readers–writer lock on three int32 slots: [0] readers inside (−1: a writer inside), [1] writers
 * waiting (readers hold back while it is non-zero, so the serial part is not starved), [2] a
 * generation bumped on every release, which waiters sleep on with Atomics.wait.
 */
class RwLock {
  constructor(private readonly a: Int32Array) {}

  acquireShared(): void {
    for (;;) {
      const gen = Atomics.load(this.a, 2);
      const s = Atomics.load(this.a, 0);
      if (s >= 0 && Atomics.load(this.a, 1) === 0) {
        if (Atomics.compareExchange(this.a, 0, s, s + 1) === s) return;
        continue;
      }
      Atomics.wait(this.a, 2, gen);
    }
  }

  releaseShared(): void {
    Atomics.sub(this.a, 0, 1);
    this.bump();
  }

  acquireExclusive(): void {
    Atomics.add(this.a, 1, 1);
    for (;;) {
      const gen = Atomics.load(this.a, 2);
      if (Atomics.compareExchange(this.a, 0, 0, -1) === 0) {
        Atomics.sub(this.a, 1, 1);
        return;
      }
      Atomics.wait(this.a, 2, gen);
    }
  }

  releaseExclusive(): void {
    Atomics.store(this.a, 0, 0);
    this.bump();
  }

  private bump(): void {
    Atomics.add(this.a, 2, 1);
    Atomics.notify(this.a, 2);
  }
}

/** Equal CPU work of `ms` milliseconds: three of them on two workers cap the speedup at 1.5×. */
export function equalTask(ms: number): number {
  return spin(ms);
}

/** I/O-bound: waits `ms` milliseconds and computes nothing, so N calls overlap fully in async. */
export async function waitFor(ms: number): Promise<number> {
  await new Promise<void>((resolve) => setTimeout(resolve, ms));
  return ms;
}

/** CPU work in libuv's thread pool: the JavaScript thread only waits, yet cores are busy. */
export function deriveKey(password: string, iterations: number): Promise<number> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, 'salt', iterations, 32, 'sha256', (err, key) => (err ? reject(err) : resolve(key.length)));
  });
}

// How many crunch() steps take a given time on this machine, measured in this process. The best of
// a few tries is kept: on a loaded machine the fastest run is the one least disturbed.
import { pbkdf2Sync } from 'node:crypto';
import { crunch } from './workloads/cpu';

let stepsPerMs: number | undefined;

export function crunchIterationsFor(ms: number): number {
  if (stepsPerMs === undefined) {
    const probe = 2_000_000;
    crunch(probe); // JIT warm-up
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      crunch(probe);
      best = Math.min(best, performance.now() - t0);
    }
    stepsPerMs = probe / best;
  }
  return Math.max(1000, Math.round(stepsPerMs * ms));
}

let pbkdf2PerMs: number | undefined;

/** pbkdf2 (sha256) iterations that take about `ms` on one core here. */
export function pbkdf2IterationsFor(ms: number): number {
  if (pbkdf2PerMs === undefined) {
    const probe = 20_000;
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      pbkdf2Sync('calibrate', 'salt', probe, 32, 'sha256');
      best = Math.min(best, performance.now() - t0);
    }
    pbkdf2PerMs = probe / best;
  }
  return Math.max(1000, Math.round(pbkdf2PerMs * ms));
}

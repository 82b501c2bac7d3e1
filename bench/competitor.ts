// A busy-looping program the benchmark controls: one child process spinning on one core, started
// after a delay and stopped after a duration (or when the profile ends), as a user's build or
// browser would load the machine partway through a profile.
import { spawn, type ChildProcess } from 'node:child_process';

export interface CompetitorPlan {
  /** When to start, ms after the profile starts. */
  startAfterMs: number;
  /** How long it runs once started, ms; Infinity: until stop(). */
  runForMs: number;
}

export class Competitor {
  private child: ChildProcess | undefined;
  private timers: NodeJS.Timeout[] = [];
  /** When it actually ran, ms after schedule(): for the row's detail. */
  startedAtMs: number | undefined;
  stoppedAtMs: number | undefined;
  private t0 = 0;

  schedule(plan: CompetitorPlan): void {
    this.t0 = performance.now();
    this.timers.push(setTimeout(() => this.start(plan.runForMs), plan.startAfterMs));
  }

  private start(runForMs: number): void {
    // A plain `node -e` spin loop: one runnable thread, no I/O, nothing the profiler can see into.
    this.child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    this.startedAtMs = performance.now() - this.t0;
    if (Number.isFinite(runForMs)) this.timers.push(setTimeout(() => this.stop(), runForMs));
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (this.child && this.child.exitCode === null && !this.child.killed) {
      this.child.kill('SIGKILL');
      this.stoppedAtMs = performance.now() - this.t0;
    }
    this.child = undefined;
  }
}

// The whole-mode time bound and cancellation. Either one stops the lanes first, then rejects, so a
// caller that sees TimeoutError or CancelledError knows no thread or process of the mode is left.
// The bound counts the mode's own working time (start-up and repetitions), not the time its lanes
// sit idle while other modes take their turn in interleaved rounds.
import { CancelledError, TimeoutError, type TimeoutPhase } from '../errors';
import type { ModeName } from '../../shared/report/report';

/** How long stop() may take before the rejection goes out anyway (lanes are killed, not asked). */
const STOP_WAIT_MS = 1000;

export class ModeLimits {
  /** Working time spent so far, ms. */
  private usedMs = 0;

  constructor(
    private readonly mode: ModeName,
    private readonly timeoutMs: number,
    private readonly sessionSignal: AbortSignal,
  ) {}

  /** Settles like `work`, unless the deadline passes or a signal aborts first: then stop() runs and it rejects. */
  enforce<T>(work: Promise<T>, stop: () => Promise<void>, signal?: AbortSignal, phase: TimeoutPhase = 'running'): Promise<T> {
    const signals = signal && signal !== this.sessionSignal ? [this.sessionSignal, signal] : [this.sessionSignal];
    const began = performance.now();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const cleanup = (): void => {
        settled = true;
        this.usedMs += performance.now() - began;
        clearTimeout(timer);
        for (const s of signals) s.removeEventListener('abort', onAbort);
      };
      const halt = (err: Error): void => {
        if (settled) return;
        cleanup();
        const gone = stop().catch(() => undefined);
        void Promise.race([gone, delay(STOP_WAIT_MS)]).then(() => reject(err));
      };
      const onAbort = (): void => halt(new CancelledError());
      const timer = setTimeout(() => halt(new TimeoutError(this.timeoutMs, this.mode, phase)), Math.max(0, this.timeoutMs - this.usedMs));
      for (const s of signals) s.addEventListener('abort', onAbort, { once: true });
      if (signals.some((s) => s.aborted)) {
        onAbort();
        return;
      }
      work.then(
        (value) => {
          if (settled) return;
          cleanup();
          resolve(value);
        },
        (err: unknown) => {
          if (settled) return;
          cleanup();
          reject(err);
        },
      );
    });
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

// The running profile's live state, kept on the host outside any panel, and the throttle on what
// goes to the panel: at most one snapshot every MIN_GAP_MS (five a second), each bounded (see
// LiveState), built on a timer rather than per event so the engine's events cost only a fold. A panel
// that is hidden gets nothing; when shown it reloads, says ready, and is sent the snapshot whole.
// No vscode here: the unit tests drive it with a fake clock.
import type { LiveEvent } from '../shared/live/events';
import { LiveState, type LiveOutcome, type LiveSnapshot } from '../shared/live/state';
import { machineNow } from '../engine';

export const MIN_GAP_MS = 200;

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  now: () => machineNow(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class LiveFeed {
  private readonly state = new LiveState();
  private timer: unknown;
  private sentAt = -Infinity;
  private dirty = false;

  /** `deliver` is called with each throttled snapshot (a panel, a status bar item). */
  constructor(private readonly deliver: (s: LiveSnapshot) => void, private readonly timers: Timers = realTimers, private readonly minGapMs = MIN_GAP_MS) {}

  onEvent(e: LiveEvent): void {
    this.state.apply(e);
    this.dirty = true;
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.sentAt + this.minGapMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** The whole state now, for a panel that has just (re)loaded. */
  snapshot(): LiveSnapshot | undefined {
    return this.state.snapshot(this.timers.now());
  }

  /** The run ended: one last snapshot, marked with how it ended, goes out at once. */
  end(outcome: Exclude<LiveOutcome, 'running'>): void {
    this.state.end(outcome);
    this.dirty = true;
    this.flush();
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    const s = this.snapshot();
    if (!s) return;
    this.dirty = false;
    this.sentAt = this.timers.now();
    this.deliver(s);
  }
}

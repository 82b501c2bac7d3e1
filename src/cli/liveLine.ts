// The CLI's live view on a terminal: one line per mode, redrawn in place at most ten times a second
// (mode, repetition, tasks done, elapsed, time left) and left behind with the mode's median once it
// ends. Only on a terminal: nothing of it reaches --json, a pipe or a file.
import { machineNow, type LiveEvent } from '../engine';
import { LiveState } from '../shared/live/state';
import { finishedLine, liveLine } from '../shared/wording/liveText';

const REDRAW_MS = 100;
const HEARTBEAT_MS = 1000;
const CLEAR_LINE = '\r\x1b[2K';

export class CliLiveLine {
  private readonly state = new LiveState();
  private drawnAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly columns: () => number = () => 120,
    private readonly now: () => number = machineNow,
  ) {}

  /** True once the modes run: the engine's own progress messages would then fight this line. */
  get active(): boolean {
    return this.state.started;
  }

  onEvent(e: LiveEvent): void {
    this.state.apply(e);
    if (e.kind === 'mode-end') {
      this.cancelTimer();
      const done = this.state.snapshot(this.now())?.finished.at(-1);
      if (done) this.out.write(`${CLEAR_LINE}${this.fit(finishedLine(done))}\n`);
      this.shown = false;
      return;
    }
    const wait = this.drawnAt + REDRAW_MS - this.now();
    if (wait <= 0) this.draw();
    else {
      this.cancelTimer();
      this.timer = setTimeout(() => this.draw(), wait);
      this.timer.unref();
    }
  }

  /** Clears the line being redrawn (before the table, or an error). */
  clear(): void {
    this.cancelTimer();
    if (this.shown) this.out.write(CLEAR_LINE);
    this.shown = false;
  }

  private draw(): void {
    this.cancelTimer();
    const s = this.state.snapshot(this.now());
    if (!s?.current) return;
    this.drawnAt = this.now();
    this.out.write(`${CLEAR_LINE}${this.fit(liveLine(s))}`);
    this.shown = true;
    // Warm-ups have no samples and a long task no news for a while: keep the elapsed time ticking.
    this.timer = setTimeout(() => this.draw(), HEARTBEAT_MS);
    this.timer.unref();
  }

  /** A line wider than the terminal wraps, and \r then only clears its last row. */
  private fit(text: string): string {
    const width = Math.max(20, this.columns() - 1);
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  }

  private cancelTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

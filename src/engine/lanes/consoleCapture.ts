// Merges the bounded output of every lane into one bounded ConsoleCapture for the report.
import type { ConsoleCapture } from '../../shared/report/report';
import type { LaneLine, LaneOutput } from './wire';

export const MAX_CAPTURED_LINES = 200;
export const MAX_CAPTURED_LINE_CHARS = 500;

export class ConsoleCollector {
  private readonly lines: LaneLine[] = [];
  private dropped = 0;

  constructor(private readonly maxLines = MAX_CAPTURED_LINES) {}

  add(output: LaneOutput | undefined): void {
    if (!output) return;
    this.dropped += output.droppedLines;
    for (const line of output.lines) this.push(line);
  }

  /** Raw text from a child's stdout/stderr pipe (what bypassed the in-lane capture: V8's fatal messages, native writes). */
  addText(stream: 'out' | 'err', text: string): void {
    for (const part of text.split('\n')) {
      if (part === '') continue;
      this.push({ stream, text: part.length > MAX_CAPTURED_LINE_CHARS ? `${part.slice(0, MAX_CAPTURED_LINE_CHARS)}… (${part.length} chars)` : part });
    }
  }

  get size(): number {
    return this.lines.length + this.dropped;
  }

  /** The capture so far; the collector starts empty again. */
  take(): ConsoleCapture {
    const capture: ConsoleCapture = { lines: this.lines.splice(0), droppedLines: this.dropped };
    this.dropped = 0;
    return capture;
  }

  private push(line: LaneLine): void {
    if (this.lines.length >= this.maxLines) {
      this.dropped++;
      return;
    }
    this.lines.push(line);
  }
}

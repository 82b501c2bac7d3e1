// The status bar item while a profile runs: "$(watch) Profiling countPrimes · workers 2/3"; a click
// shows the live panel. It goes when the run ends, however it ends.
import * as vscode from 'vscode';
import type { LiveSnapshot } from '../shared/live/state';
import { liveLine } from '../shared/wording/liveText';

export const SHOW_RUNNING_COMMAND = 'parallelismProfiler.showRunningProfile';

export class RunStatusItem {
  private readonly item = vscode.window.createStatusBarItem('parallelismProfiler.running', vscode.StatusBarAlignment.Left, 100);

  constructor(private readonly functionName: string) {
    this.item.name = 'Parallelism Profiler: running profile';
    this.item.text = `$(watch) Profiling ${functionName}`;
    this.item.tooltip = 'Show the live profile';
    this.item.command = { command: SHOW_RUNNING_COMMAND, title: 'Show the live profile' };
    this.item.show();
  }

  update(s: LiveSnapshot): void {
    const cur = s.current;
    const rep = cur?.repetition;
    const where = cur ? ` · ${cur.mode}${rep ? ` ${rep.warmup ? 'warm-up ' : ''}${rep.of > 0 ? `${rep.index}/${rep.of}` : rep.warmup ? rep.index : `round ${rep.index}`}` : ''}` : '';
    this.item.text = `$(watch) Profiling ${this.functionName}${where}`;
    this.item.tooltip = `${liveLine(s)}\nClick to show the live profile.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}

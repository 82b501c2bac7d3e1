// 10. Cost of the live view: a whole profile's wall time with a live watcher ÷ without, alternating.
// The watcher does what the extension does with the engine's live events: folds them into the
// bounded live state and, at most five times a second, serialises a snapshot as postMessage would
// (LiveFeed, the extension's own throttle). Many short tasks in every mode, so the per-task part of
// the live path (the recorder's task sink, the batches) is exercised as hard as a user's run can.
// precision 0: exactly `repeat` rounds. With stop-when-stable on, the number of rounds added (and so
// the wall time, 13 s or 42 s for the same profile) follows the noise of each run, not the live view.
import { profile, type LiveEvent } from '../src/engine';
import { LiveFeed } from '../src/extension/liveFeed';
import type { Report } from '../src/shared/report/report';
import { crunchIterationsFor } from './calibrate';
import { baseOptions, type BenchContext, type Benchmark } from './context';
import { workloadFile } from './paths';
import { alternate, median, round } from './sideBySide';

const TASK_MS = 0.5;
// 1000 tasks: a profile of about 8 s, so six pairs fit the budget (2000 tasks gave three pairs of 17 s).
const TASKS = 1000;

interface Run { wallMs: number; snapshots: number; bytes: number; report: Report }

async function run(ctx: BenchContext, iterations: number, live: boolean): Promise<Run> {
  let snapshots = 0;
  let bytes = 0;
  const feed = live ? new LiveFeed((s) => { snapshots++; bytes += JSON.stringify(s).length; }) : undefined;
  const t0 = performance.now();
  const report = await profile(
    { ...baseOptions(ctx), file: workloadFile('cpu'), functionName: 'crunch', tasks: ctx.quick ? 200 : TASKS, args: `[${iterations}]`, repeat: 3, warmup: 1, precision: 0 },
    feed ? { onLive: (e: LiveEvent) => feed.onEvent(e) } : {},
  );
  const wallMs = performance.now() - t0;
  feed?.end('done');
  feed?.dispose();
  const failed = report.modes.find((m) => m.status !== 'completed');
  if (failed) throw new Error(`${failed.mode} did not complete: ${failed.error?.message}`);
  return { wallMs, snapshots, bytes, report };
}

export const liveCost: Benchmark = {
  id: 'live',
  budgetMs: 150_000,
  async run(ctx) {
    const iterations = crunchIterationsFor(TASK_MS);
    // One profile of each side first, not timed: the first in this fresh process also pays for bundling
    // the workload and for the engine's own code being compiled, and the engine kept getting faster
    // over the next profiles (17.5, 16.2, 16.0 s in one run). With one untimed profile the first pair
    // was the dearest for the live view in all five full runs on record (1.018-1.072; the other pairs
    // 0.965-1.046), so the first timed side paid for the drift. The ratio is the median of the paired
    // ratios over an even number of pairs at least, half of them with the live side first.
    if (!ctx.quick) {
      await run(ctx, iterations, false);
      await run(ctx, iterations, true);
    }
    const pairs = await alternate(
      { minPairs: ctx.quick ? 1 : 6, maxPairs: ctx.quick ? 1 : 12, budgetMs: this.budgetMs },
      () => run(ctx, iterations, true),
      () => run(ctx, iterations, false),
    );
    const withLive = median(pairs.a.map((r) => r.wallMs));
    const without = median(pairs.b.map((r) => r.wallMs));
    const measuredSum = (r: Run) => r.report.modes.reduce((s, m) => s + (m.wallMs?.median ?? 0), 0);
    const snapshots = median(pairs.a.map((r) => r.snapshots));
    return [{
      name: '10. Live view cost',
      measured: `profile ${round(withLive / 1000, 2)} s with the live view vs ${round(without / 1000, 2)} s without (medians; ratio: median of ${pairs.a.length} paired profiles, ${TASKS} tasks of ${TASK_MS} ms in 4 modes; ${snapshots} snapshots a run)`,
      ratio: median(pairs.a.map((r, i) => r.wallMs / pairs.b[i].wallMs)),
      floor: { kind: 'max', value: 1.02 },
      detail: {
        taskMs: TASK_MS, tasks: TASKS, iterations,
        withLiveMs: pairs.a.map((r) => round(r.wallMs, 1)), withoutMs: pairs.b.map((r) => round(r.wallMs, 1)),
        pairRatios: pairs.a.map((r, i) => round(r.wallMs / pairs.b[i].wallMs, 4)),
        medianSumWithLiveMs: pairs.a.map(measuredSum), medianSumWithoutMs: pairs.b.map(measuredSum),
        roundsPerRun: [...pairs.a, ...pairs.b].map((r) => r.report.rounds?.rounds.length ?? 0),
        snapshotsPerRun: pairs.a.map((r) => r.snapshots), meanSnapshotBytes: pairs.a.map((r) => Math.round(r.bytes / Math.max(1, r.snapshots))),
      },
    }];
  },
};

// 8. Scale: time and peak memory of the profiling process for 10, 1,000 and 10,000 no-op-ish tasks,
// each in a fresh process (scaleChild.js), sizes run up then down so drift hits both ends, then once
// at 100,000 (the most a profile accepts).
// Time: the cost of each extra task from 1,000 to 10,000 against that from 10 to 1,000 (linear
// growth gives 1, better than linear less).
// Memory, "bounded": peak RSS at 100,000 tasks against at 10,000. Ten times the tasks must not cost
// much more memory. From 10 to 10,000 the peak also rises, once (each thread's V8 heap grows to its
// working size when messages start to flow; Node's IPC leaves serializer scratch memory until a
// collection): reported, not the floor. Before the engine's fixes (bench/README.md) 100,000 tasks
// peaked at 700 MB.
import { execFile } from 'node:child_process';
import type { Benchmark } from './context';
import { benchScript } from './paths';
import { median, round } from './sideBySide';

interface ScalePoint {
  tasks: number;
  ms: number;
  maxRssKb: number;
  peakHeapBytes: number;
  reportBytes: number;
  modeWallMs: Record<string, number | undefined>;
  failed: string[];
}

function runChild(tasks: number, workers: number, cacheDir: string): Promise<ScalePoint> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [benchScript('scaleChild'), JSON.stringify({ tasks, workers, cacheDir })], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`scale child (${tasks} tasks) failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop() as string) as ScalePoint);
    });
  });
}

const MB = 1024 * 1024;

export const scale: Benchmark = {
  id: 'scale',
  budgetMs: 140_000,
  async run(ctx) {
    const sizes = ctx.quick ? [10, 100, 1000] : [10, 1000, 10_000];
    const order = ctx.quick ? sizes : [...sizes, ...[...sizes].reverse()];
    const points = new Map<number, ScalePoint[]>(sizes.map((s) => [s, []]));
    const started = performance.now();
    for (let i = 0; i < order.length; i++) {
      // The way back down only while the budget lasts (the way up is the minimum measurement).
      if (i >= sizes.length && performance.now() - started > this.budgetMs * 0.6) break;
      ctx.log(`scale: ${order[i]} tasks`);
      points.get(order[i])!.push(await runChild(order[i], ctx.workers, ctx.cacheDir));
    }
    const top = ctx.quick ? 10_000 : 100_000;
    ctx.log(`scale: ${top} tasks`);
    const topPoint = await runChild(top, ctx.workers, ctx.cacheDir);
    const topRss = topPoint.maxRssKb / 1024;
    const t = sizes.map((s) => median(points.get(s)!.map((p) => p.ms)));
    const rss = sizes.map((s) => median(points.get(s)!.map((p) => p.maxRssKb)) / 1024);
    const heap = sizes.map((s) => median(points.get(s)!.map((p) => p.peakHeapBytes)) / MB);
    const [n0, n1, n2] = sizes;
    const perTaskLow = (t[1] - t[0]) / (n1 - n0);
    const perTaskHigh = (t[2] - t[1]) / (n2 - n1);
    const failed = [...[...points.values()].flat(), topPoint].flatMap((p) => p.failed);
    const sizesText = sizes.map((s, i) => `${s}: ${round(t[i] / 1000, 2)} s`).join(', ');
    const memText = [...sizes.map((s, i) => `${s}: ${Math.round(rss[i])} MB RSS / ${Math.round(heap[i])} MB heap`), `${top}: ${Math.round(topRss)} MB / ${Math.round(topPoint.peakHeapBytes / MB)} MB`].join(', ');
    return [
      {
        name: '8a. Scale: time',
        measured: `${sizesText}; ${round(perTaskLow * 1000, 0)} → ${round(perTaskHigh * 1000, 0)} µs per extra task (4 modes × 4 runs)`,
        ratio: perTaskHigh / perTaskLow,
        floor: { kind: 'max', value: 1.2 },
        ...(failed.length > 0 ? { note: `modes failed: ${failed.join('; ')}` } : {}),
        detail: { sizes, points: Object.fromEntries(points) },
      },
      {
        name: '8b. Scale: memory',
        measured: `${memText}; ${top} ÷ ${n2} tasks (${n2} ÷ ${n0}: ${round(rss[2] / rss[0], 2)})`,
        ratio: topRss / rss[2],
        floor: { kind: 'max', value: 1.5 },
        detail: { rssMb: rss, heapMb: heap, top, topRssMb: topRss, topHeapMb: topPoint.peakHeapBytes / MB, topMs: topPoint.ms, ratio10To10k: rss[2] / rss[0], reportBytes: sizes.map((s) => points.get(s)![0]?.reportBytes) },
      },
    ];
  },
};

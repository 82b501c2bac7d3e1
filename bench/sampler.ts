// 6. Sampler cost: CPU the CpuSampler uses at the default 50 ms, as a share of one core. It runs on
// the engine's thread, so that thread's own CPU (schedstat, ns) is compared with the sampler on and
// off over equal windows, alternating; K idle child processes are watched too, as in the processes
// mode, so the per-child /proc reads are counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { threadCpuMs } from '../src/engine/clock';
import { DEFAULTS } from '../src/engine/options';
import { CpuSampler } from '../src/engine/sampler';
import type { Benchmark } from './context';
import { alternate, median, round } from './sideBySide';

const WINDOW_MS = 3000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

interface Window {
  /** CPU of this thread over the window, ms. */
  cpuMs: number;
  wallMs: number;
  /** The sampler's own account of the time spent in its ticks, ms (sampler windows only). */
  tickMs?: number;
  samples?: number;
}

async function window(windowMs: number, pids: number[] | undefined): Promise<Window> {
  const sampler = pids ? new CpuSampler({ intervalMs: DEFAULTS.sampleIntervalMs, pids: () => pids }) : undefined;
  const cpu0 = threadCpuMs() ?? NaN;
  const t0 = performance.now();
  sampler?.start();
  await sleep(windowMs);
  const series = sampler?.stop();
  const wallMs = performance.now() - t0;
  const cpuMs = (threadCpuMs() ?? NaN) - cpu0;
  return { cpuMs, wallMs, ...(sampler ? { tickMs: sampler.tickMs, samples: series?.t.length } : {}) };
}

export const samplerCost: Benchmark = {
  id: 'sampler',
  budgetMs: 25_000,
  async run(ctx) {
    const children: ChildProcess[] = Array.from({ length: ctx.workers }, () =>
      spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1e9)'], { stdio: 'ignore' }));
    try {
      const pids = children.map((c) => c.pid).filter((p): p is number => p !== undefined);
      const windowMs = ctx.quick ? 1000 : WINDOW_MS;
      const pairs = await alternate(
        { minPairs: ctx.quick ? 1 : 3, maxPairs: ctx.quick ? 1 : 4, budgetMs: this.budgetMs },
        () => window(windowMs, pids),
        () => window(windowMs, undefined),
      );
      const on = median(pairs.a.map((w) => w.cpuMs / w.wallMs));
      const off = median(pairs.b.map((w) => w.cpuMs / w.wallMs));
      const share = Math.max(0, on - off);
      const tickShare = median(pairs.a.map((w) => (w.tickMs ?? 0) / w.wallMs));
      const perTickUs = median(pairs.a.map((w) => ((w.tickMs ?? 0) * 1000) / Math.max(1, w.samples ?? 1)));
      return [{
        name: '6. Sampler cost',
        measured: `${round(share * 100, 3)}% of one core at ${DEFAULTS.sampleIntervalMs} ms with ${pids.length} child processes watched (${round(perTickUs, 0)} µs per tick inside the sampler)`,
        ratio: share,
        floor: { kind: 'max', value: 0.01 },
        detail: { intervalMs: DEFAULTS.sampleIntervalMs, windowMs, samplerOn: pairs.a, samplerOff: pairs.b, onShare: on, offShare: off, tickShare, perTickUs },
      }];
    } finally {
      for (const c of children) c.kill();
    }
  },
};

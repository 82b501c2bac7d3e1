// 6. Sampler cost: CPU the CpuSampler uses at the default interval (DEFAULTS.sampleIntervalMs), as a share of one core. It runs on
// the engine's thread, so that thread's own CPU (schedstat, ns) is compared with the sampler on and
// off over equal windows, alternating; K idle child processes are watched too, as in the processes
// mode, so the per-child /proc reads are counted.
// Floor (issue 24): under 0.3% of a core.
import { spawn, type ChildProcess } from 'node:child_process';
import { threadCpuMs, DEFAULTS, CpuSampler } from '../src/engine';
import type { Benchmark } from './context';
import { median, round } from './sideBySide';

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

type Kind = 'sampler' | 'off' | 'timer';

/**
 * One window of `windowMs`: the sampler running; nothing ('off'); or a bare timer at the sampler's
 * interval doing nothing ('timer'), which tells the cost of waking the thread apart from the
 * sampler's own reads.
 */
async function window(kind: Kind, windowMs: number, pids: number[]): Promise<Window> {
  const intervalMs = DEFAULTS.sampleIntervalMs;
  const sampler = kind === 'sampler' ? new CpuSampler({ intervalMs, pids: () => pids }) : undefined;
  const cpu0 = threadCpuMs() ?? NaN;
  const t0 = performance.now();
  sampler?.start();
  const timer = kind === 'timer' ? setInterval(() => undefined, intervalMs) : undefined;
  await sleep(windowMs);
  if (timer) clearInterval(timer);
  const series = sampler?.stop();
  const wallMs = performance.now() - t0;
  const cpuMs = (threadCpuMs() ?? NaN) - cpu0;
  return { cpuMs, wallMs, ...(sampler ? { tickMs: sampler.tickMs, samples: series?.t.length } : {}) };
}

export const samplerCost: Benchmark = {
  id: 'sampler',
  budgetMs: 60_000,
  async run(ctx) {
    const children: ChildProcess[] = Array.from({ length: ctx.workers }, () =>
      spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1e9)'], { stdio: 'ignore' }));
    try {
      const pids = children.map((c) => c.pid).filter((p): p is number => p !== undefined);
      const windowMs = ctx.quick ? 1000 : WINDOW_MS;
      const kinds: Kind[] = ['sampler', 'off', 'timer'];
      const got: Record<Kind, Window[]> = { sampler: [], off: [], timer: [] };
      const rounds = ctx.quick ? 1 : Math.max(2, Math.floor(this.budgetMs / (3 * windowMs)));
      // One round of each kind first, not counted: the first sampler window also pays for compiling the
      // sampler and opening its files. With three counted rounds, one window in three read 1.07-1.67%
      // against 0.25-0.69% for the others, and the median of three moved with it; six rounds now.
      if (!ctx.quick) for (const kind of kinds) await window(kind, windowMs, pids);
      for (let r = 0; r < rounds; r++) {
        // Rotate the order each round so no kind always follows another.
        for (let k = 0; k < kinds.length; k++) {
          const kind = kinds[(k + r) % kinds.length];
          got[kind].push(await window(kind, windowMs, pids));
        }
      }
      const share = (ws: Window[]) => median(ws.map((w) => w.cpuMs / w.wallMs));
      const on = share(got.sampler);
      const off = share(got.off);
      const timer = share(got.timer);
      const cost = Math.max(0, on - off);
      const perTickUs = median(got.sampler.map((w) => ((w.tickMs ?? 0) * 1000) / Math.max(1, w.samples ?? 1)));
      const pct = (x: number) => `${round(x * 100, 2)}%`;
      return [{
        name: '6. Sampler cost',
        measured: `${pct(cost)} of one core at ${DEFAULTS.sampleIntervalMs} ms, ${pids.length} child processes watched; a bare ${DEFAULTS.sampleIntervalMs} ms timer alone costs ${pct(Math.max(0, timer - off))}; ${round(perTickUs, 0)} µs wall per tick`,
        ratio: cost,
        floor: { kind: 'max', value: 0.003 },
        detail: { intervalMs: DEFAULTS.sampleIntervalMs, windowMs, windows: got, onShare: on, offShare: off, timerShare: timer, perTickUs },
      }];
    } finally {
      for (const c of children) c.kill();
    }
  },
};

// One scale measurement in a fresh process, so its peak memory is its own: profile() of N no-op-ish
// tasks (every mode, the engine's defaults otherwise), then one JSON line with the wall time, the
// peak resident set (every thread of this process; child processes' own memory is not in it) and the
// peak JavaScript heap of the engine's thread. Run as: node out/bench/scaleChild.js '<json>'.
import { profile } from '../src/engine';
import { workloadFile } from './paths';

interface ScaleConfig {
  tasks: number;
  workers: number;
  cacheDir: string;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]) as ScaleConfig;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 10);
  const rssBefore = process.resourceUsage().maxRSS;
  const t0 = performance.now();
  const report = await profile({ file: workloadFile('noop'), functionName: 'touch', args: '[i]', tasks: config.tasks, workers: config.workers, cacheDir: config.cacheDir, timeoutMs: 300_000 });
  const ms = performance.now() - t0;
  clearInterval(timer);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const failed = report.modes.filter((m) => m.status !== 'completed').map((m) => `${m.mode}: ${m.error?.message}`);
  process.stdout.write(`${JSON.stringify({
    tasks: config.tasks, ms, maxRssKb: process.resourceUsage().maxRSS, rssBeforeKb: rssBefore, peakHeapBytes: peakHeap,
    reportBytes: JSON.stringify(report).length, modeWallMs: Object.fromEntries(report.modes.map((m) => [m.mode, m.wallMs?.median])), failed,
  })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

// Where the native code of the user's packages runs, from what was measured (issue 13, item 4):
// - on the calling thread: one call keeps about one core busy and async overlaps nothing, so it
//   scales across worker threads and processes like JavaScript does;
// - on libuv's thread pool: async calls overlap (the libuv-pool finding has the numbers);
// - on its own thread pool (an image library's, say): one call alone keeps several cores busy, so
//   K lanes cannot each get that much and K ÷ (cores busy when sequential) is the ceiling.
import { formatNumber, formatSpeedup } from '../../shared/wording/format';
import { coresBusy, neverOverlapped } from './boundFindings';
import { type Context, type Scored, finding, speedupOf } from './context';

/** One call keeping more cores than this busy is the library's own threads at work, not V8's GC helpers (about 1.1–1.2). */
export const NATIVE_POOL_CORES = 1.4;
/** An async speedup this large on CPU work means the calls ran off the JavaScript thread. */
const ASYNC_OFF_THREAD = 1.3;

export function nativeFindings(ctx: Context): Scored[] {
  const packages = ctx.input.nativePackages ?? [];
  if (packages.length === 0 || !ctx.seq) return [];
  const names = packages.slice(0, 5).join(', ') + (packages.length > 5 ? ` and ${packages.length - 5} more` : '');
  const busy = ctx.coresBusyAlone;
  const p = Math.min(ctx.parallelLanes, ctx.input.tasks);
  const asy = ctx.completed.async;
  const asyncSpeedup = asy ? speedupOf(ctx, asy) : undefined;
  const workers = ctx.completed.workers ? speedupOf(ctx, ctx.completed.workers) : undefined;
  const processes = ctx.completed.processes ? speedupOf(ctx, ctx.completed.processes) : undefined;
  const base = { packages: names, coresBusyAlone: busy, lanes: p, asyncSpeedup, workersSpeedup: workers, processesSpeedup: processes };

  if (busy !== undefined && busy > NATIVE_POOL_CORES && p >= 2) {
    const ceiling = p / busy;
    return [{
      limit: 1 / busy,
      short: `the native code of ${names} already keeps ${formatNumber(busy)} cores busy from one call (its own threads), so ${p} lanes allow about ${formatSpeedup(ceiling)}`,
      finding: finding('native-code', 'warning',
        `Native code: your module imports ${names}, which ship native addons, and one call at a time kept ${formatNumber(busy)} cores busy: ` +
        `the library runs its own threads. On ${p} cores the ceiling is ${p} ÷ ${formatNumber(busy)} = ${formatSpeedup(ceiling)}, not ${p}×, ` +
        `however many lanes you start. Give each lane fewer of the library's threads (many libraries read an environment variable or option for it), or keep one lane.`,
        { ...base, ceiling }),
    }];
  }
  // The async timeline is the direct evidence: calls that never overlapped ran on the calling thread, whatever a noisy speedup says.
  const serialCalls = ctx.input.tasks > 1 && neverOverlapped(asy?.tasks) === true;
  if (asyncSpeedup !== undefined && asyncSpeedup >= ASYNC_OFF_THREAD && ctx.bound !== 'io' && !serialCalls) {
    const asyncBusy = asy ? coresBusy(asy) : undefined;
    return [{
      finding: finding('native-code', 'info',
        `Native code: your module imports ${names}, which ship native addons, and async reached ${formatSpeedup(asyncSpeedup)} from one JavaScript thread` +
        `${asyncBusy !== undefined ? ` (${formatNumber(asyncBusy)} cores busy)` : ''}: the native work runs on libuv's thread pool, so concurrent calls overlap without worker threads ` +
        `(4 at once by default; UV_THREADPOOL_SIZE raises it).`,
        base),
    }];
  }
  const scaled = [workers !== undefined ? `worker threads ${formatSpeedup(workers)}` : '', processes !== undefined ? `child processes ${formatSpeedup(processes)}` : '']
    .filter(Boolean).join(', ');
  return [{
    finding: finding('native-code', 'info',
      `Native code: your module imports ${names}, which ship native addons. One call at a time kept ${busy !== undefined ? formatNumber(busy) : 'about one'} core${busy !== undefined && busy === 1 ? '' : 's'} busy` +
      `${serialCalls ? ' and async calls never overlapped' : asyncSpeedup !== undefined ? ` and async gave ${formatSpeedup(asyncSpeedup)}` : ''}: the native work runs on the calling thread, so it scales across lanes like JavaScript` +
      `${scaled ? ` (on ${p} lanes: ${scaled})` : ''}.`,
      base),
  }];
}

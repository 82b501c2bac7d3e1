// The independent baseline: a plain Node process, no profiler, that loads the same bundle the engine
// loads and times the same tasks, either in a bare loop on its main thread or spread over K raw
// worker_threads (each pulls its next task when it finishes one, as a pool would). Run as
//   node out/bench/plainRunner.js '<json PlainConfig>'
// and prints one JSON line: { wallMs: [one per measured repetition] }.
// Imports only node built-ins: nothing of the engine runs in this process.
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

export interface PlainConfig {
  bundlePath: string;
  exportName: string;
  how: 'loop' | 'threads';
  threads?: number;
  args: unknown[][];
  warmup: number;
  repeat: number;
  /** 'esm': load bundlePath with import() of its file URL (default: require). */
  module?: 'esm' | 'cjs';
  /** The export is the function itself, not the engine's factory (a plain module, not the engine's bundle). */
  direct?: boolean;
}

type Callable = (...args: unknown[]) => unknown;

// Kept as import() (tsc's CommonJS output would turn a plain one into require()).
const importModule = new Function('u', 'return import(u)') as (u: string) => Promise<Record<string, unknown>>;

async function load(config: PlainConfig): Promise<Callable> {
  const mod = config.module === 'esm'
    ? await importModule(pathToFileURL(config.bundlePath).href)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    : require(config.bundlePath) as Record<string, unknown>;
  const value = mod[config.exportName];
  return config.direct ? value as Callable : (value as () => Callable)();
}

async function runLoop(fn: Callable, args: unknown[][]): Promise<void> {
  for (const a of args) {
    const v = fn(...a);
    if (v && typeof (v as PromiseLike<unknown>).then === 'function') await v;
  }
}

async function mainLoop(config: PlainConfig): Promise<number[]> {
  const fn = await load(config);
  for (let w = 0; w < config.warmup; w++) await runLoop(fn, config.args);
  const wall: number[] = [];
  for (let r = 0; r < config.repeat; r++) {
    const t0 = performance.now();
    await runLoop(fn, config.args);
    wall.push(performance.now() - t0);
  }
  return wall;
}

async function mainThreads(config: PlainConfig): Promise<number[]> {
  const k = config.threads ?? 1;
  const workers = Array.from({ length: k }, () => new Worker(__filename, { workerData: config }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    })));
    const repetition = () => new Promise<number>((resolve, reject) => {
      const n = config.args.length;
      let next = 0;
      let done = 0;
      const t0 = performance.now();
      const feed = (w: Worker) => {
        if (next < n) w.postMessage(next++);
      };
      for (const w of workers) {
        w.removeAllListeners('message');
        w.removeAllListeners('error');
        w.on('message', () => {
          done++;
          if (done === n) resolve(performance.now() - t0);
          else feed(w);
        });
        w.once('error', reject);
        feed(w);
      }
    });
    for (let i = 0; i < config.warmup; i++) await repetition();
    const wall: number[] = [];
    for (let r = 0; r < config.repeat; r++) wall.push(await repetition());
    return wall;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

async function workerMain(): Promise<void> {
  const config = workerData as PlainConfig;
  const fn = await load(config);
  const port = parentPort!;
  port.on('message', (index: number) => {
    const v = fn(...config.args[index]);
    if (v && typeof (v as PromiseLike<unknown>).then === 'function') void (v as Promise<unknown>).then(() => port.postMessage(index));
    else port.postMessage(index);
  });
  port.postMessage('ready');
}

if (isMainThread && require.main === module) {
  const config = JSON.parse(process.argv[2]) as PlainConfig;
  (config.how === 'loop' ? mainLoop(config) : mainThreads(config)).then(
    (wallMs) => process.stdout.write(`${JSON.stringify({ wallMs })}\n`),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = 1;
    },
  );
} else if (!isMainThread) {
  void workerMain();
}

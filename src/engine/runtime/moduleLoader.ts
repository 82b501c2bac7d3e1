// Loads the user's module into a lane once, the way Node would (an ES module by import() of its
// file URL, CommonJS by require), and builds the callable target (an instance once per lane).
import { deserialize } from 'node:v8';
import { pathToFileURL } from 'node:url';
import { machineNow, readThreadTimes, threadCpuFile } from './clock';
import { rebaseTimes } from './cpuReadings';
import { describeType } from './describeType';
import { osThreadId } from './osThread';
import { takeLaneOutput } from './laneConsole';
import { toWireError } from './wireErrors';
import type { LaneConfig, LoadReport, WireError } from '../lanes/wire';

type Callable = (...args: unknown[]) => unknown;

let callable: Callable | undefined;

export async function loadUserModule(config: LaneConfig, laneId: number): Promise<LoadReport> {
  readThreadTimes(); // opens its descriptor now, so the load report can name it
  const t0 = machineNow();
  let error: WireError | undefined;
  try {
    const mod = await loadModule(config.load.bundlePath, config.load.format ?? 'cjs');
    const factory = mod[config.load.exportName] ?? (mod.default as Record<string, unknown> | undefined)?.[config.load.exportName];
    if (typeof factory !== 'function') {
      throw new Error(`The bundle ${config.load.bundlePath} has no function export '${config.load.exportName}'.`);
    }
    const ctorArgs = config.load.constructArgs === undefined ? undefined : deserialize(Buffer.from(config.load.constructArgs, 'base64')) as unknown[];
    // For an instance method the instance is built here, once per lane, inside start-up (loadMs): never timed.
    let fn = (factory as (ctorArgs?: unknown[]) => unknown)(ctorArgs);
    if (isThenable(fn)) fn = await fn;
    if (typeof fn !== 'function') throw new Error(`The factory '${config.load.exportName}' returned ${describeType(fn)}, not a function.`);
    callable = fn as Callable;
  } catch (err) {
    error = toWireError(err);
  }
  const cpuFile = threadCpuFile();
  rebaseTimes();
  const tid = osThreadId();
  return { laneId, loadMs: machineNow() - t0, output: takeLaneOutput(), ...(tid !== undefined ? { osThreadId: tid } : {}), ...(error ? { error } : {}), ...(cpuFile ? { cpuFile } : {}) };
}

// `import()` kept as written: tsc's CommonJS output would turn a plain import() into require(), and
// Node 20.18 (VS Code 1.96's extension host) cannot require() an ES module.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<Record<string, unknown>>;

/** ES modules by import() of their file URL (worker threads and child processes alike); CommonJS by require. */
async function loadModule(file: string, format: 'esm' | 'cjs'): Promise<Record<string, unknown>> {
  if (format === 'esm') return importModule(pathToFileURL(file).href);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Record<string, unknown>;
}

/** The loaded target; throws when the lane has not loaded the module. */
export function userFunction(): Callable {
  if (!callable) throw new Error('The user module is not loaded in this lane.');
  return callable;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

// The async face of locate.ts: the TypeScript compiler runs on one long-lived worker thread, so
// neither the CLI's nor VS Code's main thread ever blocks on loading or running it. The thread is
// started on first use and holds the process open only while a request is pending.
import { Worker } from 'node:worker_threads';
import { FunctionNotFoundError, ProfilerError } from '../errors';
import type { LocatedFunction } from './functionForms';
import type { LocateReply, LocateRequest } from './locateMessages';
import { entryPath } from '../lanes/entryPaths';

type Pending = { resolve: (v: LocatedFunction | LocatedFunction[]) => void; reject: (e: Error) => void };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: Error): void {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(entryPath('locateWorker'));
  w.unref();
  w.on('message', (reply: LocateReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (reply.ok) p.resolve(reply.value);
    else {
      p.reject(rebuildError(reply.error));
    }
  });
  w.on('error', (err) => failAll(err));
  w.on('exit', (code) => {
    if (worker === w) worker = undefined;
    failAll(new Error(`The function finder's thread stopped (exit code ${code}).`));
  });
  worker = w;
  return w;
}

/** The error as the finder raised it, so callers' `instanceof` checks hold across the thread. */
function rebuildError(e: Extract<LocateReply, { ok: false }>['error']): Error {
  let err: Error;
  if (e.code === 'FUNCTION_NOT_FOUND') err = new FunctionNotFoundError(e.message, e.location);
  else if (e.code) err = new ProfilerError(e.code, e.message, e.location);
  else err = new Error(e.message);
  err.name = e.name;
  return err;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

function request(req: WithoutId<LocateRequest>): Promise<LocatedFunction | LocatedFunction[]> {
  const w = getWorker();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ ...req, id } as LocateRequest);
  });
}

export function findFunctionOffThread(file: string, source: string, by: { name: string } | { line: number }): Promise<LocatedFunction> {
  return request({ op: 'find', file, source, by }) as Promise<LocatedFunction>;
}

export function listFunctionsOffThread(file: string, source: string): Promise<LocatedFunction[]> {
  return request({ op: 'list', file, source }) as Promise<LocatedFunction[]>;
}

/** Ends the thread (extension deactivation, tests); the next request starts a new one. */
export async function stopLocateService(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}

// Finds functions with the TypeScript compiler on a worker thread. Loading the compiler takes
// 0.2–1 s of synchronous work; on VS Code's extension host thread that would freeze the editor's
// extensions (CodeLens, the profile command), so it happens here instead.
import { parentPort } from 'node:worker_threads';
import { ProfilerError } from '../errors';
import { findFunction, listFunctions } from './locate';
import type { LocateReply, LocateRequest } from './locateMessages';

parentPort!.on('message', (req: LocateRequest) => {
  let reply: LocateReply;
  try {
    const value = req.op === 'list' ? listFunctions(req.file, req.source) : findFunction(req.file, req.source, req.by);
    reply = { id: req.id, ok: true, value };
  } catch (err) {
    const e = err as Error;
    reply = {
      id: req.id,
      ok: false,
      error: {
        name: e.name,
        message: e.message,
        code: err instanceof ProfilerError ? err.code : undefined,
        location: err instanceof ProfilerError ? err.location : undefined,
      },
    };
  }
  parentPort!.postMessage(reply);
});

// The piscina worker module for the sequential, async and workers modes. It loads the user's module
// as soon as the thread starts (piscina imports this file at start-up) and answers three requests:
// probe (the engine waits for one per thread before start-up ends), run-one, run-batch.
// Imports only node built-ins and the small runtime files: never vscode, never piscina.
import { threadId, workerData } from 'node:worker_threads';
import { captureLaneConsole, takeLaneOutput } from './laneConsole';
import type { LaneConfig, LaneReply, LaneRequest, LoadReport } from './protocol';
import { currentTask, loadUserModule, runBatch, runOne } from './taskRuntime';
import { installThreadGuards } from './threadGuards';

process.setSourceMapsEnabled?.(true);
installThreadGuards();
captureLaneConsole(currentTask);

const loaded: Promise<LoadReport> = loadUserModule(workerData as LaneConfig, threadId);
let probed = false;

export default async function handle(request: LaneRequest): Promise<LaneReply> {
  switch (request.kind) {
    case 'probe': {
      const first = !probed;
      probed = true;
      return { kind: 'probe', load: await loaded, first };
    }
    case 'run-one': {
      const { task, result } = await runOne(request.index, request.args);
      return { kind: 'run-one', laneId: threadId, task, ...(result ? { result } : {}), output: takeLaneOutput() };
    }
    case 'run-batch': {
      const outcomes = await runBatch(request.style, request.indices, request.args);
      return { kind: 'run-batch', tasks: outcomes.map((o) => o.task), results: outcomes.map((o) => o.result), output: takeLaneOutput() };
    }
    default: {
      const never: never = request;
      throw new Error(`Unknown request ${JSON.stringify(never)}`);
    }
  }
}

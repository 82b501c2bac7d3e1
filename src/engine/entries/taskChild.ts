// The child-process entry for the processes mode (forked with serialization 'advanced', so IPC uses
// structured clone). Loads the user's module at start, says 'ready', then runs one task per message.
// Its configuration arrives as argv[2] (JSON). Imports only node built-ins and the runtime files.
import { captureLaneConsole, takeLaneOutput } from './laneConsole';
import type { ChildMessage, ChildRequest, LaneConfig } from './protocol';
import { currentTask, loadUserModule, runOne } from './taskRuntime';

process.setSourceMapsEnabled?.(true);
captureLaneConsole(currentTask);
// The engine went away (crashed or killed): do not linger as an orphan holding user handles.
process.on('disconnect', () => process.exit(0));

const send = (message: ChildMessage): void => {
  process.send?.(message);
};

const config = JSON.parse(process.argv[2] ?? '{}') as LaneConfig;
void loadUserModule(config, process.pid).then((load) => send({ kind: 'ready', load }));

process.on('message', (request: ChildRequest) => {
  if (request.kind !== 'run-one') return;
  void runOne(request.index, request.args).then(({ task, result }) => {
    send({ kind: 'run-one', laneId: process.pid, task, ...(result ? { result } : {}), output: takeLaneOutput() });
  });
});

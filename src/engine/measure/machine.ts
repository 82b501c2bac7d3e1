// What the report says about the machine, so a saved report can be read on another one.
import * as os from 'node:os';
import type { MachineInfo } from '../../shared/report/report';

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpuModel: cpus[0]?.model.trim() || 'unknown',
    platform: os.platform(),
    arch: os.arch(),
    node: process.versions.node,
    memoryBytes: os.totalmem(),
    hostname: os.hostname(),
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
  };
}

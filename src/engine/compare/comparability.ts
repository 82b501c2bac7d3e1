// Whether two reports measured the same thing: the same function on the same tasks, arguments and
// workers, and the same machine. What differs is said field by field, so the user knows what to fix.
import type { Report } from '../../shared/report/report';

export interface Differences {
  /** The run itself differs (function, tasks, arguments, workers, chunks): never comparable. */
  run: string[];
  /** The machine differs (cores, CPU model, Node, platform, architecture): comparable only when allowed. */
  machine: string[];
}

function field(out: string[], name: string, a: unknown, b: unknown): void {
  const x = a === undefined ? '(none)' : typeof a === 'string' ? JSON.stringify(a) : String(a);
  const y = b === undefined ? '(none)' : typeof b === 'string' ? JSON.stringify(b) : String(b);
  if (x !== y) out.push(`${name}: ${x} → ${y}`);
}

/** Last segment of a path, either separator: a CI checkout sits in another folder, the file is the same. */
function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export function differences(a: Report, b: Report): Differences {
  const run: string[] = [];
  field(run, 'function', a.function.name, b.function.name);
  field(run, 'file', baseName(a.function.file), baseName(b.function.file));
  field(run, 'tasks', a.settings.tasks, b.settings.tasks);
  field(run, 'arguments', a.settings.args, b.settings.args);
  field(run, 'constructor arguments', a.settings.construct, b.settings.construct);
  field(run, 'workers', a.settings.workers, b.settings.workers);
  field(run, 'chunk', a.settings.chunk ?? 1, b.settings.chunk ?? 1);
  const machine: string[] = [];
  field(machine, 'cores', a.machine.cores, b.machine.cores);
  field(machine, 'CPU model', a.machine.cpuModel, b.machine.cpuModel);
  field(machine, 'Node', a.machine.node, b.machine.node);
  field(machine, 'platform', a.machine.platform, b.machine.platform);
  field(machine, 'architecture', a.machine.arch, b.machine.arch);
  return { run, machine };
}

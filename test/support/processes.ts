// What the tests count to prove that a profile left nothing behind: this process's OS threads and
// its live child processes (Linux /proc). Shared by the unit, end-to-end and integration tests.
import { readdirSync, readFileSync } from 'node:fs';

/** OS threads of this process (main, libuv pool, V8 platform, workers). */
export function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/** A process's state letter and parent pid from /proc/<pid>/stat, or undefined once it has gone. */
function stateOf(pid: number | string): { state: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3 (state) and 4 (ppid) follow the command name in parentheses, which may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return undefined;
  }
}

/** A process that exists and has not exited (a zombie, exited but not yet reaped, counts as gone). */
export function isRunning(pid: number): boolean {
  const s = stateOf(pid);
  return s !== undefined && s.state !== 'Z';
}

/** Live (not zombie) child processes of `parent`. */
export function childPids(parent = process.pid): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stateOf(name);
    if (s && s.ppid === parent && s.state !== 'Z') out.push(Number(name));
  }
  return out;
}

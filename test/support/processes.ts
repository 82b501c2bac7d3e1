// What the tests count to prove that a profile left nothing behind: this process's OS threads and
// its live child processes (Linux /proc). Shared by the unit, end-to-end and integration tests.
import { readdirSync, readFileSync } from 'node:fs';

/** OS threads of this process (main, libuv pool, V8 platform, workers). */
export function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/** Live (not zombie) child processes of `parent`. */
export function childPids(parent = process.pid): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name in parentheses, which may itself hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === parent && fields[0] !== 'Z') out.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

// The calling thread's id as the operating system knows it (Linux: /proc/thread-self), so the engine
// can place a lane's thread on a core of its own. Kept free of heavy imports: lane entries load it.
import { readlinkSync } from 'node:fs';

/** The OS thread id of the calling thread, or undefined where the platform does not say (not Linux). */
export function osThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

// Work in libuv's thread pool: crypto.pbkdf2 (async) runs on Node's 4 libuv threads, not on the
// JavaScript thread, so even the async mode overlaps it, up to the pool's size and the cores.
// Try: parallelism-profiler examples/libuv.ts --function deriveKey --tasks 8 --args "['secret' + i, 100000]"
import { pbkdf2 } from 'node:crypto';

/** @profileArgs ['secret' + i, 100000] */
export function deriveKey(password: string, iterations: number): Promise<string> {
  return new Promise((resolve, reject) => {
    pbkdf2(password, 'salt', iterations, 32, 'sha256', (err, key) => (err ? reject(err) : resolve(key.toString('hex'))));
  });
}

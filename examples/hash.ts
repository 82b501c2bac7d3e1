// Native code that contends inside one process: sha256 in a tight loop. Threads share OpenSSL's
// state and the allocator; processes do not, so compare the workers and processes modes.
// Try: parallelism-profiler examples/hash.ts --function hashMany --tasks 4 --args "[200000]"
import { createHash } from 'node:crypto';

/** @profileArgs [200000] */
export function hashMany(rounds: number): string {
  let digest = 'seed';
  for (let r = 0; r < rounds; r++) digest = createHash('sha256').update(digest).digest('hex');
  return digest;
}

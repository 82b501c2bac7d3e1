// The review set (issue 23): real workloads whose default CLI text is committed under
// test/fixtures/review/, beside the JSON report it was rendered from. The unit test re-renders the
// committed reports (no profiling), so the text changes only when what the tool says changes.
import * as path from 'node:path';

export interface ReviewWorkload {
  /** File stem under test/fixtures/review/: NAME.report.json and NAME.txt. */
  name: string;
  /** What it stands for, in the words of issue 23. */
  about: string;
  /** The CLI's arguments, as a user would type them (FILE first, relative to the repository root). */
  argv: string[];
}

// pure-js is the README's first command as written (its committed report took 426 s on a 2-core
// machine with other programs on 1.4–1.8 cores). The others are smaller than examples/' suggestions
// and their rounds have a 30 s budget, so the whole set can be profiled again in a few minutes.
const BUDGET = ['--max-time', '30'];

export const REVIEW_DIR = path.join('test', 'fixtures', 'review');

export const REVIEW_SET: readonly ReviewWorkload[] = [
  { name: 'pure-js', about: 'pure JavaScript (the README\'s first command)', argv: ['examples/cpu.ts', '--function', 'countPrimes', '--tasks', '8', '--args', '[5_000_000 + i, 5_400_000 + i]'] },
  { name: 'crypto-hash', about: 'crypto hashing with a CPU profile', argv: ['examples/hash.ts', '--function', 'hashMany', '--tasks', '8', '--args', '[20000]', '--cpu-profile', ...BUDGET] },
  { name: 'gc-heavy', about: 'a GC-heavy npm library (js-yaml)', argv: ['test/fixtures/review/workloads.ts', '--function', 'parseYaml', '--tasks', '8', '--args', '[600]', ...BUDGET] },
  { name: 'io-waits', about: 'I/O waits', argv: ['examples/io.ts', '--function', 'fetchReport', '--tasks', '8', '--args', '[i, 100]', ...BUDGET] },
  { name: 'tiny-tasks', about: 'tiny tasks', argv: ['test/fixtures/review/workloads.ts', '--function', 'tinySum', '--tasks', '200', '--args', '[20000]', ...BUDGET] },
  { name: 'no-op', about: 'a function that does nothing', argv: ['test/fixtures/review/workloads.ts', '--function', 'noop', ...BUDGET] },
  { name: 'three-on-two', about: '3 tasks on 2 workers', argv: ['examples/cpu.ts', '--function', 'countPrimes', '--tasks', '3', '--workers', '2', '--args', '[5_000_000 + i, 5_100_000 + i]', ...BUDGET] },
];

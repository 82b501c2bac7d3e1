// Where things are when the bench runs as out/bench/*.js (tsc's layout): the repository root, the
// workload sources the engine bundles, and the compiled plain-Node scripts the baselines spawn.
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The TypeScript source of a workload: the engine bundles it as it would a user's file. */
export function workloadFile(name: string): string {
  return path.join(REPO_ROOT, 'bench', 'workloads', `${name}.ts`);
}

/** A compiled bench script run in its own `node` process (no profiler loaded). */
export function benchScript(name: string): string {
  return path.join(__dirname, `${name}.js`);
}

// The exact bundle the engine loads for a workload, made by the engine's own locate and bundle
// steps: the plain-Node baselines require this same file, so both sides run identical code.
import * as fs from 'node:fs';
import { bundleFunction, type BundleResult, findFunction } from '../src/engine';
import { workloadFile } from './paths';

export async function bundleWorkload(workload: string, functionName: string, cacheDir?: string): Promise<BundleResult> {
  const file = workloadFile(workload);
  const fn = findFunction(file, fs.readFileSync(file, 'utf8'), { name: functionName });
  return bundleFunction({ file, fn, cacheDir });
}

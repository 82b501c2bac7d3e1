// Spawns the plain-Node baseline (plainRunner.js) and reads its timings.
import { execFile } from 'node:child_process';
import { benchScript } from './paths';
import type { PlainConfig } from './plainRunner';

export type { PlainConfig } from './plainRunner';

/** Wall time of each measured repetition, ms, from a fresh `node` process. */
export function runPlain(config: PlainConfig): Promise<number[]> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [benchScript('plainRunner'), JSON.stringify(config)], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`plain baseline failed: ${err.message}\n${stderr}`));
        return;
      }
      try {
        resolve((JSON.parse(stdout.trim().split('\n').pop() as string) as { wallMs: number[] }).wallMs);
      } catch (e) {
        reject(new Error(`plain baseline printed no timings: ${String(e)}\n${stdout}\n${stderr}`));
      }
    });
  });
}

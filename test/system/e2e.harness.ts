// Shared by the end-to-end tests: fixture paths, a small profile() call, and counts of what a run
// could leave behind (threads, child processes, run folders).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { profile } from '../../src/engine/profile';
import type { ProfileOptions } from '../../src/engine/options';
import type { ModeName, ModeResult, Report } from '../../src/shared/report/report';
import { validateReport } from '../../src/shared/validation/validate';
import { childPids, threadCount } from '../support/processes';

export { childPids, threadCount };

export const ROOT = resolve(__dirname, '../../..');
export const E2E = resolve(ROOT, 'test/fixtures/e2e');
export const WORK = resolve(E2E, 'work.ts');
export const EXAMPLES = resolve(ROOT, 'examples');
export const CLI = resolve(ROOT, 'dist/cli.js');

/** A profile kept small: one measured run, no warm-up, two lanes, every mode. */
export function quick(over: Partial<ProfileOptions> & { functionName: string }): Promise<Report> {
  return profile({ file: WORK, tasks: 4, workers: 2, repeat: 1, warmup: 0, timeoutMs: 60_000, ...over });
}

export function modeOf(report: Report, mode: ModeName): ModeResult {
  const m = report.modes.find((x) => x.mode === mode);
  assert.ok(m, `the report has no ${mode} mode (it has ${report.modes.map((x) => x.mode).join(', ')})`);
  return m;
}

export function assertValid(report: unknown): void {
  const v = validateReport(report);
  assert.ok(v.ok, `the report does not validate: ${v.ok ? '' : v.errors.slice(0, 5).join('; ')}`);
}

/** The 1-based line of the fixture line that holds `marker`. */
export function lineOf(file: string, marker: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(marker));
  assert.ok(i >= 0, `marker ${marker} not in ${file}`);
  return i + 1;
}

/** Live processes whose parent is this one (from /proc, so it needs no `ps`). */
export async function waitFor(check: () => boolean, ms: number, what: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`${what()} (still so after ${ms} ms)`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** esbuild's JavaScript API keeps one `esbuild --service` child for every build of the process, by design. */
export function isEsbuildService(pid: number): boolean {
  return /esbuild --service/.test(cmdline(pid));
}

/** Child processes a profile started for the user's code (the esbuild service left out). */
export function laneChildren(): number[] {
  return childPids().filter((p) => !isEsbuildService(p));
}

/** Threads back to the baseline and no child process, within `ms`. */
export async function expectNothingLeft(threadsBefore: number, ms = 3000): Promise<void> {
  await waitFor(() => threadCount() <= threadsBefore, ms, () => `threads left over: ${threadCount()} now, ${threadsBefore} before`);
  await waitFor(() => laneChildren().length === 0, ms, () => `child processes left: ${laneChildren().map(describePid).join('; ')}`);
  assert.ok(childPids().filter(isEsbuildService).length <= 1, 'at most one esbuild service');
}

function describePid(pid: number): string {
  return `${pid} (${cmdline(pid)})`;
}

/** Start the lazily created runtime threads (libuv's pool, piscina's, inspector) once, so a count after means something. */
export async function settle(): Promise<number> {
  await quick({ functionName: 'noop', tasks: 2 });
  await new Promise((r) => setTimeout(r, 200));
  return threadCount();
}

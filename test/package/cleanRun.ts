// Runs an installed copy of the CLI the way a user's shell would: from a folder outside the
// repository, with an environment that names nothing of it (no NODE_PATH, no repo on PATH), so a
// module it resolves can only come from the installed copy.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../src/shared/report/report';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const ALL_MODES = ['sequential', 'async', 'workers', 'processes'];

export function cleanEnv(home: string): NodeJS.ProcessEnv {
  const pathDirs = [path.dirname(process.execPath), ...(process.platform === 'win32' ? [process.env.SystemRoot ?? 'C:\\Windows'] : ['/usr/bin', '/bin'])];
  const env: NodeJS.ProcessEnv = { PATH: pathDirs.join(path.delimiter), HOME: home, TMPDIR: home, TEMP: home, TMP: home };
  if (process.platform === 'win32') env.SystemRoot = process.env.SystemRoot;
  return env;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  report: Report | undefined;
}

/** Copies examples/cpu.ts into `workDir` and profiles `spin` there with `command` (argv[0] + args). */
export function profileCpuExample(command: string[], workDir: string, home: string): CliRun {
  fs.mkdirSync(workDir, { recursive: true });
  fs.copyFileSync(path.join(REPO, 'examples', 'cpu.ts'), path.join(workDir, 'cpu.ts'));
  const args = ['cpu.ts', '--function', 'spin', '--tasks', '2', '--args', '[20]', '--repeat', '1', '--warmup', '0', '--json', 'out.json'];
  const r = spawnSync(command[0], [...command.slice(1), ...args], { cwd: workDir, env: cleanEnv(home), encoding: 'utf8', timeout: 180_000 });
  const reportFile = path.join(workDir, 'out.json');
  const report = fs.existsSync(reportFile) ? (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as Report) : undefined;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr + (r.error ? `\n${r.error.message}` : ''), report };
}

export function describeRun(run: CliRun): string {
  return `exit ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
}

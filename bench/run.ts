// `npm run bench`: runs every benchmark in turn on this machine, prints one table of ratios against
// their floors, and writes bench/results/<YYYY-MM-DD>-<hostname>.json (and .md, the same table; a
// later run of the same day -2, -3, …).
//   node out/bench/run.js [--only id,id] [--quick]
// --quick shrinks every benchmark to check the suite itself; its numbers mean nothing.
// Each benchmark runs in a fresh `node` process of its own (this script with --rows-to), so one row's
// heap, threads and JIT state cannot shape the next: rows 10 and 11a passed alone and missed in the
// suite, after the scale row had left the engine's heap large (issue 24).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { machineInfo, defaultWorkers } from '../src/engine';
import { accuracy } from './accuracy';
import { busyMachine } from './busyMachine';
import type { Benchmark, BenchContext } from './context';
import { diagnosis } from './diagnosis';
import { dispatch } from './dispatch';
import { efficiency } from './efficiency';
import { esmOverhead } from './esmOverhead';
import { fixedCost } from './fixedCost';
import { timeToAnswer } from './timeToAnswer';
import { liveCost } from './live';
import { overhead } from './overhead';
import { prediction } from './prediction';
import { REPO_ROOT } from './paths';
import { samplerCost } from './sampler';
import { scale } from './scale';
import { outcome, renderMarkdown, renderTable, type Row } from './table';
import { cpuProfileCost } from './cpuProfile';
import { compareGate } from './compare';
import { queueOverhead } from './queue';
import { queuePrediction } from './queuePredict';
import { eventLoop } from './eventLoop';
import { panelRender } from './panelRender';

const ALL: Benchmark[] = [efficiency, overhead, dispatch, accuracy, diagnosis, samplerCost, fixedCost, scale, busyMachine, liveCost, prediction, cpuProfileCost, esmOverhead, timeToAnswer, compareGate, queueOverhead, queuePrediction, eventLoop, panelRender];

function parseArgs(argv: string[]): { only?: string[]; quick: boolean; rowsTo?: string } {
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt >= 0 ? argv[onlyAt + 1]?.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const rowsAt = argv.indexOf('--rows-to');
  return { only, quick: argv.includes('--quick'), ...(rowsAt >= 0 ? { rowsTo: argv[rowsAt + 1] } : {}) };
}

type Timing = { ms: number; budgetMs: number; loadBefore: number[]; loadAfter: number[] };

/** One benchmark in a fresh process: its rows and timing, or an ERROR row saying why none came back. */
function runInFreshProcess(b: Benchmark, quick: boolean): { rows: Row[]; timings: Record<string, Timing> } {
  const file = path.join(os.tmpdir(), `pp-bench-rows-${process.pid}-${b.id}.json`);
  fs.rmSync(file, { force: true });
  const r = spawnSync(process.execPath, [__filename, '--only', b.id, ...(quick ? ['--quick'] : []), '--rows-to', file], { stdio: ['ignore', 'inherit', 'inherit'] });
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { rows: Row[]; timings: Record<string, Timing> };
  } catch {
    return { rows: [{ name: b.id, measured: 'did not complete', ratio: undefined, floor: { kind: 'min', value: NaN }, note: `its process exited with ${r.status ?? r.signal} and no rows` }], timings: {} };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function loadAverage(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const chosen = args.only ? ALL.filter((b) => args.only!.includes(b.id)) : ALL;
  if (chosen.length === 0) throw new Error(`--only matched nothing; benchmarks: ${ALL.map((b) => b.id).join(', ')}`);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pp-bench-cache-'));
  const ctx: BenchContext = {
    cores: machineInfo().cores,
    workers: defaultWorkers(),
    cacheDir,
    quick: args.quick,
    log: (m) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`),
  };
  const suiteStart = performance.now();
  const rows: Row[] = [];
  const timings: Record<string, Timing> = {};
  try {
    for (const b of chosen) {
      if (!args.rowsTo) {
        const got = runInFreshProcess(b, args.quick);
        rows.push(...got.rows);
        Object.assign(timings, got.timings);
        continue;
      }
      const loadBefore = loadAverage();
      ctx.log(`${b.id}: start (budget ${Math.round(b.budgetMs / 1000)} s, load average ${loadBefore.join(' ')})`);
      const t0 = performance.now();
      try {
        const got = await b.run(ctx);
        rows.push(...got);
        for (const r of got) ctx.log(`${r.name}: ${r.measured} → ${outcome(r)}`);
      } catch (err) {
        rows.push({ name: b.id, measured: 'did not complete', ratio: undefined, floor: { kind: 'min', value: NaN }, note: err instanceof Error ? err.message.split('\n')[0] : String(err), detail: { stack: err instanceof Error ? err.stack : undefined } });
        ctx.log(`${b.id}: failed: ${err instanceof Error ? err.stack : String(err)}`);
      }
      timings[b.id] = { ms: Math.round(performance.now() - t0), budgetMs: b.budgetMs, loadBefore, loadAfter: loadAverage() };
    }
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
  if (args.rowsTo) {
    fs.writeFileSync(args.rowsTo, JSON.stringify({ rows, timings }));
    return;
  }
  const totalMs = performance.now() - suiteStart;
  const machine = machineInfo();
  const table = renderTable(rows);
  process.stdout.write(`\nParallelism Profiler benchmarks on ${machine.hostname} (${machine.cores} cores, ${machine.cpuModel}, Node ${machine.node}), K = ${ctx.workers}${args.quick ? ', QUICK (numbers mean nothing)' : ''}\n`);
  process.stdout.write(`Load average at the end: ${loadAverage().join(' ')} (1, 5, 15 min): above ${machine.cores} means other programs shared the cores.\n\n`);
  process.stdout.write(`${table}\n\nSuite time: ${(totalMs / 1000).toFixed(1)} s (${Object.entries(timings).map(([id, t]) => `${id} ${(t.ms / 1000).toFixed(1)} s`).join(', ')})\n`);

  const date = new Date().toISOString().slice(0, 10);
  const host = (machine.hostname ?? os.hostname()).replace(/[^A-Za-z0-9_.-]/g, '_');
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  // A partial run (--only) or a --quick one never overwrites the full suite's file of the day.
  const suffix = `${args.only ? `-only-${chosen.map((b) => b.id).join('-')}` : ''}${args.quick ? '-quick' : ''}`;
  // The issue's test is three full runs in a row: a later run of the day gets -2, -3, … and keeps each table.
  let base = path.join(dir, `${date}-${host}${suffix}`);
  for (let n = 2; fs.existsSync(`${base}.json`); n++) base = path.join(dir, `${date}-${host}${suffix}-${n}`);
  const json = {
    createdAt: new Date().toISOString(), machine, workers: ctx.workers, quick: args.quick, totalMs: Math.round(totalMs), timings,
    rows: rows.map((r) => ({ ...r, outcome: outcome(r) })),
  };
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, `${renderMarkdown(rows)}\n`);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), base)}.json and .md\n`);
  if (rows.some((r) => outcome(r) === 'ERROR')) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});

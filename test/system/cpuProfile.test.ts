// --cpu-profile end to end with real threads, processes and files: the inner function that does the
// work tops every mode's hot functions at its .ts line; an allocation-heavy task shows the garbage
// collector's share and the verdict uses it; a lock shared by the threads of one process slows the
// function it guards on worker threads and not in child processes; the .cpuprofile files are valid
// Chrome DevTools profiles pointing at the user's sources; the CLI writes them where it is told.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { skipBecause } from '../support/skip';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { profile } from '../../src/engine/profile';
import type { ModeName, ModeResult, Report } from '../../src/shared/report/report';
import { assertValid, CLI, lineOf, modeOf, ROOT } from './e2e.harness';

const FIXTURES = path.resolve(ROOT, 'test/fixtures/cpuprof');
const HOT = path.join(FIXTURES, 'hot.ts');
const ALLOC = path.join(FIXTURES, 'alloc.ts');
const CONTENDED = path.join(FIXTURES, 'contended.ts');

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pp-cpuprof-test-'));
}

function hotNames(m: ModeResult): string[] {
  return (m.hotFunctions ?? []).map((h) => h.name);
}

describe('CPU profile of every lane (--cpu-profile)', function () {
  this.timeout(240_000);
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  let hotReport: Report;
  let hotDir: string;
  before(async () => {
    hotDir = tempDir();
    dirs.push(hotDir);
    hotReport = await profile({ file: HOT, functionName: 'outerTask', tasks: 4, workers: 2, repeat: 1, warmup: 1, args: '[1_000_000]', cpuProfile: true, cpuProfileDir: hotDir, precision: 0 });
  });

  it('the function that does the work tops hotFunctions in every mode, at its .ts line', () => {
    assertValid(hotReport);
    const line = lineOf(HOT, 'function innerHot(');
    for (const m of hotReport.modes) {
      assert.equal(m.status, 'completed', `${m.mode}: ${m.error?.message ?? ''}`);
      const top = m.hotFunctions?.[0];
      assert.ok(top, `${m.mode} has hot functions`);
      assert.equal(top.name, 'innerHot', `${m.mode}: top is ${top.name} (${hotNames(m).join(', ')})`);
      assert.equal(top.file, HOT);
      assert.equal(top.line, line);
      assert.equal(top.category, 'user');
      assert.ok(top.selfMs > 0 && top.perTaskMs > 0 && top.totalMs >= top.selfMs);
      const cp = m.cpuProfile!;
      assert.ok(cp.samples > 0 && cp.taskMs > 0, `${m.mode}: samples inside the tasks`);
      assert.ok(cp.categories.some((c) => c.category === 'user' && c.share > 0.5), `${m.mode}: most task time is user code (${JSON.stringify(cp.categories)})`);
      assert.equal(cp.files.length, m.lanes, `${m.mode}: one profile per lane`);
    }
    assert.deepEqual(hotReport.settings.cpuProfile, { intervalMs: 1, dir: hotDir });
  });

  it('the profiled repetition is not one of the measured ones', () => {
    for (const m of hotReport.modes) {
      assert.equal(m.wallMs!.runs.length, 1, `${m.mode}: repeat 1 means one measured run`);
      assert.ok(m.cpuProfile!.wallMs > 0);
    }
  });

  it('writes valid .cpuprofile files whose frames name the user\'s .ts file', () => {
    const files = fs.readdirSync(hotDir).filter((f) => f.endsWith('.cpuprofile'));
    assert.deepEqual(files.sort(), ['outerTask-async-lane0', 'outerTask-processes-lane0', 'outerTask-processes-lane1', 'outerTask-sequential-lane0', 'outerTask-workers-lane0', 'outerTask-workers-lane1'].map((f) => `${f}.cpuprofile`));
    assert.deepEqual(fs.readdirSync(hotDir).filter((f) => f.startsWith('.raw')), [], 'raw lane profiles are removed');
    const seenIn = new Set<string>();
    for (const f of files) {
      const p = JSON.parse(fs.readFileSync(path.join(hotDir, f), 'utf8'));
      assert.ok(Array.isArray(p.nodes) && p.nodes.length > 0, `${f}: nodes`);
      assert.ok(Array.isArray(p.samples) && Array.isArray(p.timeDeltas) && p.samples.length === p.timeDeltas.length, `${f}: samples and timeDeltas`);
      assert.ok(Number.isFinite(p.startTime) && Number.isFinite(p.endTime) && p.endTime >= p.startTime, `${f}: startTime and endTime`);
      const ids = new Set(p.nodes.map((n: { id: number }) => n.id));
      for (const s of p.samples) assert.ok(ids.has(s), `${f}: sample ${s} names a node`);
      for (const n of p.nodes) for (const c of n.children ?? []) assert.ok(ids.has(c), `${f}: child ${c} names a node`);
      // A lane's file may miss it under load: two tasks of a few ms sampled at 1 ms, while other
      // programs hold the cores, once gave processes' lane 0 no sample in it (CI, load 11). Each
      // mode's files together must have it, and wherever it is, it points at the user's source.
      const inner = p.nodes.find((n: { callFrame: { functionName: string } }) => n.callFrame.functionName === 'innerHot');
      if (!inner) continue;
      seenIn.add(f.replace(/-lane\d+\.cpuprofile$/, ''));
      assert.equal(inner.callFrame.url, `file://${HOT}`);
      assert.equal(inner.callFrame.lineNumber, lineOf(HOT, 'function innerHot(') - 1, '0-based, as DevTools has it');
    }
    assert.deepEqual([...seenIn].sort(), ['outerTask-async', 'outerTask-processes', 'outerTask-sequential', 'outerTask-workers'], 'innerHot is in some lane\'s profile of every mode');
  });

  it('an allocation-heavy task: the garbage collector\'s share is reported per mode and the verdict uses it', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const r = await profile({ file: ALLOC, functionName: 'allocTask', tasks: 4, workers: 2, repeat: 1, warmup: 1, args: '[150]', modes: ['sequential', 'workers'], cpuProfile: true, cpuProfileDir: dir, precision: 0 });
    assertValid(r);
    for (const m of r.modes) {
      const cp = m.cpuProfile!;
      assert.ok(cp.gcShare > 0.03, `${m.mode}: garbage collector share ${cp.gcShare} (${JSON.stringify(cp.categories)})`);
      assert.ok(cp.categories.some((c) => c.category === 'gc'));
      assert.ok(m.hotFunctions!.some((h) => h.category === 'gc' && h.name === '(garbage collector)'));
    }
    const gc = r.verdict.findings.find((f) => f.kind === 'gc-share');
    const most = Math.max(...r.modes.map((m) => m.cpuProfile!.gcShare));
    if (most >= 0.1) {
      assert.ok(gc, `a GC share of ${most} is in the verdict`);
      assert.match(gc.message, /garbage collector took/);
    } else assert.equal(gc, undefined);
  });

  it('a lock shared by the threads of one process: the slowdown names the locked function on threads, not on processes', async function () {
    // The profile is one extra repetition per mode after the measured ones, so its sample count, not
    // the rounds, decides how sure it is. At 1 ms over 8 tasks of ~8 ms a lane's freeSection had ~25
    // samples, whose noise alone put its ratio anywhere in 0.6–1.8, and the lock (held half of each
    // task, so two threads could take turns) cost only ~15%: a quiet VM named the wrong function 2
    // runs in 3. Now the lock is held three quarters of each task, and 16 tasks of ~30 ms are sampled
    // every 0.2 ms: threads' gap 1.5–2.0, processes' 0.6–1.1 over six runs.
    const dir = tempDir();
    dirs.push(dir);
    const r = await profile({ file: CONTENDED, functionName: 'contendedTask', tasks: 16, workers: 2, repeat: 2, warmup: 1, args: '[4_000_000]', modes: ['sequential', 'workers', 'processes'], cpuProfile: true, cpuProfileDir: dir, cpuProfileIntervalMs: 0.2, precision: 0 });
    assertValid(r);
    const workers = modeOf(r, 'workers');
    const processes = modeOf(r, 'processes');
    // NaN, not a TypeError, when the sequential profile lacks the function: CI once ran this under
    // load and the sequential lane's hot list had no entry for one of the two (not reproduced at load 8
    // over six runs), and the test died reading it instead of saying what the profile held.
    const ratio = (m: ModeResult, name: string): number => {
      const alone = modeOf(r, 'sequential').hotFunctions?.find((h) => h.name === name)?.perTaskMs ?? NaN;
      return (m.hotFunctions?.find((h) => h.name === name)?.perTaskMs ?? 0) / alone;
    };
    const hotOf = (mode: ModeName): string => `${mode}: ${(modeOf(r, mode).hotFunctions ?? []).slice(0, 6).map((h) => `${h.name} ${h.perTaskMs}`).join(', ')} (${modeOf(r, mode).cpuProfile?.samples ?? 0} samples)`;
    // Threads contend only while they run at once. When other programs held the cores, so that the
    // worker threads spent a quarter of their time waiting for one (their run-queue wait, measured
    // per round), there was little contention to show: the test says so instead of failing (it did
    // at a load of 14, gaps 1.15× against 1.05×), and checks in full otherwise.
    const rec = r.rounds!.rounds.map((x) => x.modes.find((m) => m.mode === 'workers')!);
    const waitShare = rec.reduce((a, m) => a + (m.waitMs ?? 0), 0) / rec.reduce((a, m) => a + (m.taskMs ?? 0), 0);
    const shown = workers.slowdowns?.[0]?.name === 'lockedSection' && ratio(workers, 'lockedSection') / ratio(workers, 'freeSection') > 1.2;
    if (!shown && waitShare > 0.25) skipBecause(this, `the worker threads waited for a core ${(waitShare * 100).toFixed(0)}% of their time (other programs held the cores), so they seldom ran at once`);
    assert.equal(workers.slowdowns?.[0]?.name, 'lockedSection', `workers' slowdowns: ${JSON.stringify(workers.slowdowns)} (run-queue wait ${(waitShare * 100).toFixed(0)}%); ${hotOf('sequential')}; ${hotOf('workers')}`);
    assert.equal(workers.slowdowns![0].line, lineOf(CONTENDED, 'function lockedSection('));
    const finding = r.verdict.findings.find((f) => f.kind === 'slowdown' && f.data?.mode === 'workers');
    assert.ok(finding, `a slowdown finding for workers: ${r.verdict.findings.map((f) => f.message).join(' | ')}`);
    assert.equal(finding.data?.function, 'lockedSection');
    assert.match(finding.message, /lockedSection \(contended\.ts:\d+\)/);
    // On threads the locked function slows more than the free one; in processes it does not.
    const threadsGap = ratio(workers, 'lockedSection') / ratio(workers, 'freeSection');
    const processesGap = ratio(processes, 'lockedSection') / ratio(processes, 'freeSection');
    assert.ok(threadsGap > 1.2, `threads: lockedSection ${ratio(workers, 'lockedSection').toFixed(2)}× against freeSection ${ratio(workers, 'freeSection').toFixed(2)}×; ${hotOf('sequential')}; ${hotOf('workers')}`);
    assert.ok(processesGap < threadsGap, `processes gap ${processesGap.toFixed(2)} below threads gap ${threadsGap.toFixed(2)}; ${hotOf('sequential')}; ${hotOf('processes')}`);
    // The two gaps above are each the locked function against the free one in the same mode, so a
    // slowdown of the whole lane (other programs on the 2 cores) cancels out of both. Comparing the
    // modes' absolute slowdown ratios did not: it failed once in CI under load 9 with the gaps in order.
  });

  it('the CLI: --cpu-profile DIR writes each lane\'s profile there and prints where the time went', async () => {
    const dir = tempDir();
    dirs.push(dir);
    // Tasks of about 50 ms, not 5: at a load of 10 a 5 ms task once got no 0.5 ms sample at all (the
    // sampler thread waits for a core too), and the table had no function to show.
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, HOT, '--function', 'outerTask', '--tasks', '2', '--workers', '2', '--repeat', '1', '--warmup', '0', '--args', '[2_000_000]', '--modes', 'sequential,processes', '--cpu-profile', dir, '--profile-interval', '0.5', '--precision', '0'], { cwd: ROOT });
    assert.match(stdout, /Where the time went/);
    assert.match(stdout, /innerHot \(hot\.ts:\d+\)/);
    assert.match(stdout, /0\.500 ms sampling|500 µs sampling/);
    assert.ok(stdout.includes(dir), 'the folder is named');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['outerTask-processes-lane0.cpuprofile', 'outerTask-processes-lane1.cpuprofile', 'outerTask-sequential-lane0.cpuprofile']);
  });

  it('the CLI refuses a --cpu-profile folder it cannot write (exit 2), before any mode runs', async () => {
    const run = promisify(execFile)(process.execPath, [CLI, HOT, '--function', 'outerTask', '--tasks', '1', '--modes', 'sequential', '--cpu-profile=/etc/hostname'], { cwd: ROOT });
    await assert.rejects(run, (err: { code?: number; stderr?: string }) => err.code === 2 && /cpuProfileDir \/etc\/hostname: cannot write there/.test(err.stderr ?? ''));
  });
});

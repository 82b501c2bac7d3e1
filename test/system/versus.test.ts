// --versus as a user runs it: two functions of known ratio in the same interleaved rounds, through
// `node dist/cli.js`. A function doing twice the work must come out 2× (within 10%) and significant;
// a function against an identical copy must show no difference past the noise threshold.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Report } from '../../src/shared/report/report';
import { assertValid, CLI, ROOT } from './e2e.harness';
import { skipBecause } from '../support/skip';

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), 170_000);
  return new Promise((res) => child.on('close', (code) => {
    clearTimeout(killer);
    res({ code, stdout, stderr });
  }));
}

const WORK = resolve(ROOT, 'test/fixtures/compare/base/work.ts');
const RUN = ['--tasks', '4', '--workers', '2', '--modes', 'sequential,workers', '--repeat', '6', '--precision', '0', '--args', '[1_000_000]', '--quiet'];

describe('--versus (node dist/cli.js) on functions of known ratio', function () {
  this.timeout(180_000);
  let dir = '';
  before(function () {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`node esbuild.mjs\` first`);
    dir = mkdtempSync(join(os.tmpdir(), 'pp-versus-test-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports twice the work as 2× (within 10%), significant, in the JSON comparison and one line per mode', async () => {
    const json = join(dir, 'twice.json');
    // 8 rounds, not RUN's 6: at 6 pairs the signed-rank test's smallest p is 2/64 = 0.031, so one pair
    // that load turned around left 2x the work "not significant" (a CI run at load ~13, ratio about 2);
    // at 8 pairs one pair turned around by less than the others differ still gives p = 4/256.
    const eight = RUN.map((x, i) => (RUN[i - 1] === '--repeat' ? '8' : x));
    const r = await cli([WORK, '--function', 'spinTwice', '--versus', 'spin', ...eight, '--json', json, '--fail-on-regression', '50']);
    assert.equal(r.code, 1, `a 100% regression fails a 50% gate\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^Comparing spinTwice \(B\) with spin \(A\), in the same rounds, paired round by round/m);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    assertValid(report);
    const c = report.comparison!;
    assert.equal(c.versus, 'spin');
    assert.equal(c.paired, true);
    const seq = c.modes.find((m) => m.mode === 'sequential')!;
    assert.ok(seq.ratio! > 1.8 && seq.ratio! < 2.2, `sequential ratio ${seq.ratio} [${seq.low}–${seq.high}]`);
    assert.equal(seq.significant, true, `sequential ratio ${seq.ratio} [${seq.low}–${seq.high}], p ${seq.wall?.pValue}, ${seq.wall?.samples?.[0]} pairs, basis ${seq.basis ?? 'measured'}`);
    assert.equal(seq.change, 'slower');
    assert.ok(c.modes.find((m) => m.mode === 'workers')?.speedup, 'the change in speedup is reported for workers');
  });

  it('finds no difference past the noise threshold between a function and itself, loaded twice', async () => {
    // The same function, not a copy under another name: V8 compiles two same-source functions to
    // code that can differ by a few percent for good (CI once measured spinAgain 2.6% slower than
    // spin in 8 of 8 paired rounds, p = 0.008), which is a true difference, not a false alarm.
    // The threshold is the gate's 5%: at 2% the test would fail in about one run in twenty by
    // design (two modes, each at the 5% significance level), which is a flaky test, not a check.
    const r = await cli([WORK, '--function', 'spin', '--versus', `${WORK}#spin`, ...RUN, '--threshold', '5', '--fail-on-regression', '5']);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^ {2}sequential: no difference/m);
    assert.match(r.stdout, /^ {2}worker threads: no difference/m);
    assert.match(r.stdout, /^PASS: no significant change\.$/m);
  });

  it('with --cpu-profile keeps both versions\' CPU per core and profiles: A\'s in the comparison, its .cpuprofile files apart from B\'s', async () => {
    const json = join(dir, 'where.json');
    const prof = join(dir, 'where-profiles');
    const whereNew = resolve(ROOT, 'test/fixtures/compare/where/new/work.ts');
    const whereBase = resolve(ROOT, 'test/fixtures/compare/where/base/work.ts');
    const r = await cli([whereNew, '--function', 'step', '--versus', `${whereBase}#step`, '--tasks', '4', '--workers', '2', '--modes', 'sequential,workers',
      '--repeat', '3', '--precision', '0', '--args', '[1_000_000]', '--quiet', '--cpu-profile', prof, '--json', json]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
    assertValid(report);
    const base = report.comparison!.baseModes!;
    assert.deepEqual(base.map((m) => m.mode), ['sequential', 'workers']);
    for (const m of base) {
      assert.ok(m.cpu && m.cpu.t.length > 0 && m.cpu.cores.length > 0, `${m.mode}: A's CPU samples`);
      assert.ok(m.hotFunctions?.some((f) => f.name === 'mix' && f.perTaskMs > 0), `${m.mode}: A's mix in its profile`);
      assert.ok(m.profile && m.profile.categories.some((c) => c.category === 'user'), `${m.mode}: A's categories`);
      assert.ok(report.modes.find((x) => x.mode === m.mode)?.hotFunctions?.some((f) => f.name === 'mix'), `${m.mode}: B's own profile`);
    }
    const files = report.modes.flatMap((m) => m.cpuProfile?.files ?? []).map((f) => f.path);
    assert.ok(files.length >= 3 && files.every((f) => existsSync(f) && !basename(f).includes('-versus-')), `B's files: ${files.join(', ')}`);
    assert.ok(existsSync(join(prof, 'step-versus-sequential-lane0.cpuprofile')), 'A\'s profile written under its own name');
  });

  it('refuses bad --versus input with exit 2 before running', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--versus', 'noSuchFunction'], /noSuchFunction/],
      [['--versus', 'spin', '--no-interleave'], /--versus runs both versions in the same interleaved rounds/],
      [['--versus', 'spin', '--baseline', 'x.json'], /Give --versus or --baseline, not both/],
      [['--versus-file', WORK], /--versus-file says where the other function is: add --versus NAME/],
      [['--versus', join(dir, 'missing.ts') + '#spin'], /--versus: cannot read .*missing\.ts/],
    ];
    for (const [extra, message] of cases) {
      const r = await cli([WORK, '--function', 'spin', ...RUN, ...extra]);
      assert.equal(r.code, 2, `${extra.join(' ')}: exit ${r.code}\n${r.stderr}`);
      assert.match(r.stderr, message, extra.join(' '));
    }
  });
});

describe('--versus @REV (node dist/cli.js): the same function as it was at a git revision', function () {
  this.timeout(180_000);
  let repo = '';
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  };
  before(function () {
    if (spawnSync('git', ['--version']).status !== 0) skipBecause(this, 'no git on the PATH');
    repo = mkdtempSync(join(os.tmpdir(), 'pp-revision-test-'));
    git('init', '-q');
    // The committed version does twice the work; the working copy halves it.
    writeFileSync(join(repo, 'work.ts'), readFileSync(WORK, 'utf8').replace(/export function spin\(n: number\): number \{\n {2}let x = 0;\n {2}for \(let i/, 'export function spin(n: number): number {\n  let x = 0;\n  for (let r = 0; r < 2; r++) for (let i'));
    git('add', 'work.ts');
    git('commit', '-q', '-m', 'slow');
    writeFileSync(join(repo, 'work.ts'), readFileSync(WORK, 'utf8'));
  });
  after(() => { if (repo) rmSync(repo, { recursive: true, force: true }); });

  it('finds the working copy about twice as fast as the last commit (@ alone is HEAD)', async () => {
    const json = join(repo, 'out.json');
    const r = await cli([join(repo, 'work.ts'), '--function', 'spin', ...RUN, '--versus', '@', '--json', json]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /^Comparing spin \(B\) with spin at HEAD \([0-9a-f]{7}\) \(A\)/m);
    const c = (JSON.parse(readFileSync(json, 'utf8')) as Report).comparison!;
    const seq = c.modes.find((m) => m.mode === 'sequential')!;
    assert.ok(seq.ratio! > 0.4 && seq.ratio! < 0.6 && seq.significant && seq.change === 'faster', JSON.stringify(seq));
  });

  it('exits 2 on a revision that does not exist, a file not in git, and a file outside any repository', async () => {
    writeFileSync(join(repo, 'new.ts'), readFileSync(WORK, 'utf8'));
    const outside = mkdtempSync(join(os.tmpdir(), 'pp-no-git-'));
    writeFileSync(join(outside, 'work.ts'), readFileSync(WORK, 'utf8'));
    try {
      const cases: Array<[string[], RegExp]> = [
        [[join(repo, 'work.ts'), '--versus', '@no-such-branch'], /--versus @no-such-branch: no such revision/],
        [[join(repo, 'new.ts'), '--versus', '@HEAD'], /--versus @HEAD: new\.ts is not in git at HEAD \([0-9a-f]{7}\): commit it first/],
        [[join(outside, 'work.ts'), '--versus', '@'], /is not inside a git repository/],
        [[join(repo, 'work.ts'), '--versus', '@--output=x'], /must be a git revision such as HEAD/],
      ];
      for (const [args, message] of cases) {
        const r = await cli([...args, '--function', 'spin', ...RUN]);
        assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
        assert.match(r.stderr, message, args.join(' '));
      }
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

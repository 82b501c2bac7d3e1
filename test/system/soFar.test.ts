// The speedup so far with real threads: after every round the live events carry each parallel
// mode's speedup, a point after round 1, an interval from round 2, and after the last round exactly
// the speedup and interval the report then gives. On a terminal the CLI's live line shows it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { profile } from '../../src/engine/profile';
import type { LiveEvent } from '../../src/shared/live/events';
import { CLI, WORK } from './e2e.harness';
import { skipBecause } from '../support/skip';

type RoundEnd = Extract<LiveEvent, { kind: 'round-end' }>;

describe('speedup so far, from profile()', function () {
  this.timeout(120_000);

  it('every round\'s end carries each parallel mode\'s speedup; the last round\'s is the report\'s', async function () {
    const events: LiveEvent[] = [];
    const report = await profile(
      { file: WORK, functionName: 'wait', args: '[40]', tasks: 4, workers: 2, repeat: 3, warmup: 0, precision: 0, modes: ['sequential', 'workers', 'processes'], timeoutMs: 60_000 },
      { onLive: (e) => events.push(e) },
    );
    const ends = events.filter((e): e is RoundEnd => e.kind === 'round-end');
    assert.equal(ends.length, 3, 'three rounds, as asked');
    // 40 ms sleeps are only as punctual as the lanes' event loops: at a load average of 7.7 (a CI-like
    // run, the integration suite beside this one) workers read 0.596× after round 1. Where other
    // programs held the cores the speedups' range is not judged, and the test says so at its end.
    const loads = report.rounds!.rounds.flatMap((r) => r.modes.map((m) => m.externalLoad ?? 0));
    const load = loads.reduce((x, y) => x + y, 0) / Math.max(1, loads.length);
    const outOfRange: string[] = [];
    ends.forEach((e, i) => {
      assert.deepEqual(e.speedups?.map((x) => [x.mode, x.lanes, x.rounds]), [['workers', 2, i + 1], ['processes', 2, i + 1]], `round ${i + 1}`);
      for (const x of e.speedups!) {
        // 4 sleeps of 40 ms on 2 lanes: about 2× on free cores.
        if (!(x.speedup > 1.2 && x.speedup < 3)) outOfRange.push(`${x.mode} after round ${i + 1}: ${x.speedup}×`);
        if (i === 0) assert.equal(x.low, undefined, 'one round: no interval');
        else assert.ok(x.low! <= x.speedup && x.speedup <= x.high!, `${x.mode} after round ${i + 1}: [${x.low}–${x.high}] holds ${x.speedup}`);
      }
    });
    for (const x of ends[2].speedups!) {
      const m = report.modes.find((r) => r.mode === x.mode)!;
      assert.equal(x.speedup, m.speedup, `${x.mode}: the speedup shown last is the report's`);
      assert.deepEqual([x.low, x.high], [m.speedupCi!.low, m.speedupCi!.high], `${x.mode}: so is its interval`);
    }
    if (outOfRange.length > 0 && load >= 0.3) skipBecause(this, `other programs held ${load.toFixed(2)} cores on average, so the 40 ms sleeps woke late: ${outOfRange.join('; ')}`);
    assert.deepEqual(outOfRange, [], `speedups outside 1.2–3× (other programs ${load.toFixed(2)} cores)`);
  });

  it('the CLI\'s live line on a terminal shows it, marked with the round', function () {
    const args = [CLI, WORK, '--function', 'wait', '--args', '[150]', '--tasks', '4', '--workers', '2', '--repeat', '2', '--warmup', '0', '--precision', '0', '--modes', 'sequential,workers'];
    const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const r = spawnSync('script', ['-qfec', `stty cols 250; ${[process.execPath, ...args].map(quote).join(' ')}`, '/dev/null'], { encoding: 'utf8', timeout: 100_000 });
    if (r.error) skipBecause(this, 'no util-linux `script` here to give the CLI a terminal');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /\r\x1b\[2K[^\r\n]*round 2 · [^\r\n]* · so far, round 1: worker threads ×2 [\d.]+×(?!\s*\[)/, 'during round 2: round 1\'s point');
  });
});

import * as assert from 'node:assert/strict';
import { amdahlSpeedup, fitAmdahl, fitSweep, karpFlatt } from '../../src/engine/analyse/amdahl';
import { mulberry32 } from '../../src/engine/analyse/stats';

describe('amdahl', () => {
  it('amdahlSpeedup follows 1 / (s + (1 − s) / p)', () => {
    assert.equal(amdahlSpeedup(0, 8), 8);
    assert.equal(amdahlSpeedup(1, 8), 1);
    assert.ok(Math.abs(amdahlSpeedup(0.1, 4) - 1 / (0.1 + 0.9 / 4)) < 1e-12);
  });

  for (const s of [0, 0.05, 0.12, 0.3, 0.75, 1]) {
    it(`recovers a serial fraction of ${s} from exact points`, () => {
      const points = [1, 2, 4, 8, 16].map((workers) => ({ workers, speedup: amdahlSpeedup(s, workers) }));
      const fit = fitAmdahl(points)!;
      assert.ok(Math.abs(fit.serialFraction - Math.max(s, 1e-4)) < 0.001, `got ${fit.serialFraction}`);
      assert.ok(fit.rmse < 0.01);
      assert.ok(Number.isFinite(fit.maxSpeedup), 'maxSpeedup stays finite for JSON');
    });
  }

  it('recovers s = 0.12 within ±0.01 from noisy points (seeded)', () => {
    const rnd = mulberry32(42);
    const points = [1, 2, 3, 4, 6, 8].map((workers) => ({
      workers,
      speedup: amdahlSpeedup(0.12, workers) * (1 + (rnd() - 0.5) * 0.04),
    }));
    const fit = fitAmdahl(points)!;
    assert.ok(Math.abs(fit.serialFraction - 0.12) <= 0.01, `got ${fit.serialFraction}`);
    assert.ok(Math.abs(fit.maxSpeedup - 1 / fit.serialFraction) < 1e-9);
    assert.ok(fit.rmse > 0);
  });

  it('returns undefined when no point has more than one worker', () => {
    assert.equal(fitAmdahl([]), undefined);
    assert.equal(fitAmdahl([{ workers: 1, speedup: 1 }]), undefined);
  });

  it('fitSweep leaves out points with more workers than cores (time-slicing is not serial work)', () => {
    const s = 0.05;
    const sweep = [1, 2].map((workers) => ({ workers, wallMs: 100, speedup: amdahlSpeedup(s, workers), efficiency: 0 }));
    // 4 workers on 2 cores: no faster than 2.
    sweep.push({ workers: 4, wallMs: 100, speedup: amdahlSpeedup(s, 2), efficiency: 0 });
    const fit = fitSweep(sweep, 2)!;
    assert.ok(Math.abs(fit.serialFraction - s) < 0.001, `got ${fit.serialFraction}`);
    const naive = fitAmdahl(sweep)!;
    assert.ok(naive.serialFraction > s + 0.05, 'fitting the oversubscribed point inflates s');
  });

  describe('karpFlatt', () => {
    it('is (1/S − 1/p) / (1 − 1/p)', () => {
      assert.ok(Math.abs(karpFlatt(1.6, 2) - 0.25) < 1e-12);
      assert.ok(Math.abs(karpFlatt(2, 2)) < 1e-12);
      assert.ok(Math.abs(karpFlatt(1, 4) - 1) < 1e-12);
    });
    it('equals Amdahl’s s on an exact Amdahl point', () => {
      assert.ok(Math.abs(karpFlatt(amdahlSpeedup(0.12, 8), 8) - 0.12) < 1e-12);
    });
    it('goes negative with a superlinear speedup', () => {
      assert.ok(karpFlatt(2.2, 2) < 0);
    });
    it('is NaN for one worker or a speedup that is not positive', () => {
      assert.ok(Number.isNaN(karpFlatt(1, 1)));
      assert.ok(Number.isNaN(karpFlatt(0, 2)));
      assert.ok(Number.isNaN(karpFlatt(Infinity, 2)));
    });
  });
});

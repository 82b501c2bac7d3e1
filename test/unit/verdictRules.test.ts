// The verdict's rules (issue 23) as properties over generated profiles: each rule names the evidence
// a kind of statement needs, and every generated verdict is checked against it. Seeded: a failure
// names its profile and replays. The review set (reviewSet.test.ts) shows the same rules on real runs.
import * as assert from 'node:assert/strict';
import { analyse } from '../../src/engine/analyse/verdict';
import { noiseWarnings } from '../../src/engine/analyse/noiseWarnings';
import { OUTSIDE_LOAD_CORES } from '../../src/engine/analyse/spreadCause';
import { renderTable } from '../../src/engine/output/table';
import { idealSpeedup } from '../../src/engine/analyse/speedups';
import type { AnalysisInput } from '../../src/engine/analyse/context';
import type { Interval, ModeName, ModeResult, Report, Verdict } from '../../src/shared/report/report';
import { generateProfiles } from '../support/verdictProfiles';

const PROFILES = generateProfiles(0x23, 400);

/** Sentences end at . ! or ? followed by a space and a capital letter, or by the end: "1.96×" ends none. */
export function sentences(text: string): number {
  return (text.trim().match(/[.!?](?=\s+[A-Z(]|$)/g) ?? []).length;
}

function headlineOf(input: AnalysisInput, m: ModeResult): { speedup: number; ci?: Interval; basis: string } | undefined {
  if (input.rounds?.headline === 'load-aware' && m.loadAware) return { speedup: m.loadAware.speedup, ci: m.loadAware.speedupCi, basis: 'load-aware' };
  return m.speedup === undefined ? undefined : { speedup: m.speedup, ci: m.speedupCi, basis: 'measured' };
}

function strictOverlap(a: Interval | undefined, as: number, b: Interval | undefined, bs: number): boolean {
  const [al, ah] = a ? [a.low, a.high] : [as, as];
  const [bl, bh] = b ? [b.low, b.high] : [bs, bs];
  return al < bh && bl < ah;
}

function reportOf(input: AnalysisInput, verdict: Verdict): Report {
  return {
    schemaVersion: 1, createdAt: '2026-12-05T00:00:00Z', tool: { name: 'parallelism-profiler', version: '0' },
    function: { name: 'f', file: 'f.ts', line: 1, async: false },
    machine: { cores: input.cores, cpuModel: 'test', node: '20', platform: 'linux', arch: 'x64', totalMemoryMb: 1 },
    settings: { tasks: input.tasks, workers: input.workers, repeat: 3, warmup: 1, args: '[]', modes: ['sequential', 'async', 'workers', 'processes'] },
    modes: [...input.modes], verdict, warnings: [], ...(input.rounds ? { rounds: input.rounds } : {}),
  } as unknown as Report;
}

function each(rule: (v: Verdict, input: AnalysisInput, about: string) => void): void {
  for (const p of PROFILES) {
    const v = analyse(p.input);
    try {
      rule(v, p.input, p.about);
    } catch (err) {
      (err as Error).message = `${p.about}\nheadline: ${v.summary}\n${(err as Error).message}`;
      throw err;
    }
  }
}

describe('the verdict\'s rules, as properties over 400 generated profiles', () => {
  it('one winner, computed once: best is the winner, the fastest by the speedups the table shows', () => {
    each((v, input) => {
      assert.ok(v.winner, 'every generated profile completes sequential');
      assert.equal(v.best, v.winner.mode);
      if (v.winner.mode === 'sequential') {
        for (const m of input.modes) if (m.mode !== 'sequential') assert.ok(!(headlineOf(input, m)!.speedup > 1 && !v.winner.tiedWith.includes(m.mode) && input.rounds?.headline !== 'load-aware'), `${m.mode} beat sequential`);
        return;
      }
      for (const m of input.modes) {
        const s = headlineOf(input, m);
        if (m.mode === 'sequential' || !s || s.basis !== v.winner.basis) continue;
        assert.ok(s.speedup <= v.winner.speedup + 1e-9, `${m.mode} at ${s.speedup} beats the winner ${v.winner.mode} at ${v.winner.speedup}`);
      }
    });
  });

  it('ties: a mode ties with the winner exactly when their intervals overlap, and the headline says so', () => {
    let checked = 0;
    each((v, input) => {
      const w = v.winner!;
      if (w.mode === 'sequential') return;
      checked++;
      for (const m of input.modes) {
        const s = headlineOf(input, m);
        if (m.mode === w.mode || m.mode === 'sequential' || !s || s.basis !== w.basis) continue;
        assert.equal(w.tiedWith.includes(m.mode), strictOverlap(w.ci, w.speedup, s.ci, s.speedup), `${m.mode} against ${w.mode}`);
      }
      const parallelTies = w.tiedWith.filter((x) => x !== 'sequential');
      if (parallelTies.length > 0 && !/dispatch dominates/.test(v.summary) && !w.tiedWith.includes('sequential')) {
        // "As fast as each other" where every tied interval lies above 1×; where one reaches 1× too, the
        // run cannot tell them apart, and says which interval reaches it.
        const reaches = parallelTies.filter((x) => { const m = input.modes.find((y) => y.mode === x)!; const s = headlineOf(input, m); return (s?.ci?.low ?? s?.speedup ?? 0) <= 1; });
        if (reaches.length === 0) assert.match(v.summary, /are as fast as each other/);
        else assert.match(v.summary, /^The run cannot tell .* apart .*1× too\)/);
      }
      if (w.tiedWith.length > 0) assert.doesNotMatch(v.summary, /is fastest|are fastest/, 'a tie is never announced as a winner');
    });
    assert.ok(checked >= 20, `only ${checked} generated profiles had a parallel winner: the rule was hardly tried`);
  });

  it('the table marks the same winner and ties as the headline', () => {
    each((v, input) => {
      const text = renderTable(reportOf(input, v));
      const marked = text.split('\n').filter((l) => /\((fastest|tie)\)/.test(l)).map((l) => l.split(' (')[0].trim());
      const expected = [v.winner!.mode, ...v.winner!.tiedWith].map((m) => ({ sequential: 'sequential', async: 'async-interleaved', workers: 'worker threads', processes: 'child processes', queue: 'BullMQ queue' })[m]);
      assert.deepEqual(marked.sort(), expected.sort());
    });
  });

  it('the headline is at most two sentences', () => {
    each((v) => assert.ok(sentences(v.summary) <= 2 && sentences(v.summary) >= 1, `${sentences(v.summary)} sentences`));
  });

  it('reasons are ranked by effect: ranks 1..n, effects never grow down the ranks, each within the gap', () => {
    each((v, input) => {
      const reasons = v.findings.filter((f) => f.group === 'reason');
      assert.deepEqual(reasons.map((f) => f.rank), reasons.map((_, i) => i + 1));
      let last = Infinity;
      for (const f of reasons) {
        const share = f.effect?.shareOfGap ?? -1;
        assert.ok(share <= last, `rank ${f.rank} has a larger effect than the one above it`);
        last = share;
        if (f.effect) {
          assert.ok(f.effect.shareOfGap >= 0 && f.effect.shareOfGap <= 1);
          assert.ok(f.effect.speedupWithout <= Math.max(input.tasks, idealSpeedup('workers', input.workers, input.tasks, input.cores)) + 1e-9);
        }
        assert.ok(f.line && !f.line.includes('\n'), 'each reason has one line');
      }
      for (const f of v.findings) if (f.group !== 'reason') assert.equal(f.rank, undefined);
    });
  });

  it('noise is blamed on other programs only where their load was measured', () => {
    let checked = 0;
    each((v, input) => {
      const loads = (input.rounds?.rounds ?? []).flatMap((r) => r.modes.map((m) => m.externalLoad ?? 0));
      if (Math.max(0, ...loads) >= OUTSIDE_LOAD_CORES) return;
      checked++;
      assert.ok(!v.findings.some((f) => f.kind === 'noisy'), 'a noisy-machine finding with no outside load');
      for (const m of input.modes) {
        for (const w of noiseWarnings(m.mode, m.wallMs!, input.rounds)) {
          assert.doesNotMatch(w.message, /close other programs|another program|other programs kept/i, w.message);
        }
      }
    });
    assert.ok(checked >= 20, `only ${checked} generated profiles had no outside load: the rule was hardly tried`);
  });

  it('"every part slowed alike" never stands beside a function that slowed past its lane, in the same mode', () => {
    each((v, input) => {
      for (const f of v.findings.filter((x) => x.kind === 'slowdown' && x.data?.cause === 'uniform')) {
        const m = input.modes.find((x) => x.mode === f.data!.mode)!;
        const lane = Number(f.data!.taskRatio);
        const singled = (m.slowdowns ?? []).filter((s) => s.shareOfExtra >= 0.1 && s.ratio >= lane * 1.15);
        assert.equal(singled.length, 0, `${m.mode}: ${singled.map((s) => `${s.name} ${s.ratio}`).join()} beside "${f.message}"`);
      }
    });
  });

  it('one fact, one sentence: one start-up finding for both modes, no message twice', () => {
    each((v) => {
      assert.ok(v.findings.filter((f) => f.kind === 'startup-cost').length <= 1);
      const messages = v.findings.map((f) => f.message);
      assert.equal(new Set(messages).size, messages.length);
    });
  });

  it('advice only where its condition holds: "processes are the faster choice" needs intervals apart', () => {
    let checked = 0;
    each((v, input) => {
      const f = v.findings.find((x) => /child processes are the faster choice/.test(x.message));
      if (!f) return;
      checked++;
      const w = input.modes.find((m) => m.mode === 'workers')!;
      const p = input.modes.find((m) => m.mode === 'processes')!;
      assert.ok(p.speedupCi!.low > w.speedupCi!.high, 'advised with overlapping intervals');
    });
    assert.ok(checked > 0, 'no generated profile was advised to use child processes: the rule was never tried');
  });

  it('nothing below the run\'s resolution: no bound or GC-threads claim from a few ms, no µs imbalance or contention', () => {
    each((v, input) => {
      const seq = input.modes.find((m) => m.mode === 'sequential')!;
      if (seq.wallMs!.median < 10) {
        for (const k of ['cpu-bound', 'io-bound', 'mixed-bound', 'gc-helper-threads'] as const) assert.ok(!v.findings.some((f) => f.kind === k), `${k} from ${seq.wallMs!.median} ms`);
      }
      for (const f of v.findings.filter((x) => x.kind === 'load-imbalance')) assert.ok(Number(f.data!.maxLaneMs) - Number(f.data!.meanLaneMs) >= 1);
      const taskMs = (seq.tasks ?? []).map((t) => t.endMs - t.startMs).sort((a, b) => a - b);
      if (taskMs[taskMs.length >> 1] < 1) assert.ok(!v.findings.some((f) => f.kind === 'contention'), 'contention judged from sub-millisecond tasks');
    });
  });

  it('"close to the ideal" only at 90% of it or more', () => {
    each((v) => {
      if (/close to the ideal/.test(v.summary)) assert.ok(v.winner!.speedup / v.winner!.ideal >= 0.9);
    });
  });

  it('the sentence counter counts sentences, not decimal points', () => {
    assert.equal(sentences('Worker threads are fastest at 1.96× [1.94–1.98] over sequential, close to the ideal 2.00×.'), 1);
    assert.equal(sentences('A is 1.5× fast. B takes 35.0 ms longer to start.'), 2);
    assert.equal(sentences('One. Two. Three.'), 3);
  });
});

// Modes typed for the compiler; the generator's own checks live in test/support/verdictProfiles.ts.
export type { ModeName };

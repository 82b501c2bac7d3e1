// A comparison of two versions of one function: B (the new one) against A (the base), per mode.
// Across runs (`parallelism-profiler compare BASE.json NEW.json`, `--baseline`) the samples are
// unpaired: each report's own rounds. Both the CLI and the panel read this shape.
// No node, no vscode, no DOM: the webview compiles this file too.
import type { CpuSeries, ModeName, UtilisationBand } from './report';
import type { CategoryShare, HotFunction } from './cpuProfile';

/** 'faster' / 'slower': significant and past the noise threshold; 'within-threshold': significant but smaller than the threshold; 'no-difference': not significant. */
export type ChangeKind = 'faster' | 'slower' | 'within-threshold' | 'no-difference';

/** One measure (a mode's wall time, or its speedup over sequential) in A and in B. */
export interface MeasureChange {
  /** Median in A and in B. */
  base: number;
  new: number;
  /** B's median ÷ A's. */
  ratio: number;
  /** Interval on the ratio: a bootstrap of the ratio of medians (level 0.95), or the observed range ('range') with fewer than five samples a side. */
  low: number;
  high: number;
  level: number | 'range';
  /** Two-sided p-value of the Mann–Whitney rank test (exact without ties, else the normal approximation). */
  pValue: number;
  /** p below the significance level and the interval clear of 1. */
  significant: boolean;
  /** How many samples (rounds) each side had. */
  samples: [number, number];
}

export interface ModeComparison {
  mode: ModeName;
  /** B's time ÷ A's (the wall time's ratio, repeated here as the report's contract names it), its interval and whether it is significant. */
  ratio?: number;
  low?: number;
  high?: number;
  significant?: boolean;
  /** Not compared: the mode did not complete in one of the two, or was not run there. */
  skipped?: string;
  /** Wall time of one repetition (all N tasks): ratio > 1 means B is slower. */
  wall?: MeasureChange;
  /** 'load-aware': other programs held the cores, so `wall` compares each repetition's time on free cores (wall less the tasks' run-queue wait); absent: as measured. */
  basis?: 'load-aware';
  change?: ChangeKind;
  /** Parallel modes: the speedup over sequential, from each report's per-round ratios; ratio > 1 means B scales better. */
  speedup?: MeasureChange;
  /** Parallel modes: efficiency (speedup ÷ min(lanes, tasks)) in A and in B, from the reports. */
  efficiency?: { base: number; new: number };
}

/**
 * One mode of A (the other version) beyond its times, so the panel can draw it beside B's (the
 * report's own mode): A's CPU per core during its median repetition and, when A was profiled with
 * --cpu-profile, where its time went. B's are the report's own `modes`.
 */
export interface BaseModeDetail {
  mode: ModeName;
  lanes: number;
  /** CPU samples during A's median repetition, on the same clock as a report's mode (ms from the repetition's start). */
  cpu?: CpuSeries;
  utilisation?: { share: number; band: UtilisationBand };
  /** Cores busy on average during A's median repetition (its process tree's CPU time ÷ wall time). */
  coresBusy?: number;
  /** With a CPU profile of A's mode: its functions by self time, as a report's mode lists them. */
  hotFunctions?: HotFunction[];
  /** With a CPU profile of A's mode: its sampled task time by where the code comes from, and the garbage collector's share. */
  profile?: { categories: CategoryShare[]; gcShare: number; taskMs: number; samples: number; intervalMs: number };
}

export interface Comparison {
  /** The other version's name: what B was compared with (the same as `base`). */
  versus: string;
  /** True when A and B ran in the same rounds, each round pairing B's repetition with A's; false for two reports' rounds. */
  paired: boolean;
  /** What A is: a report file, a baseline, a revision or another function. */
  base: string;
  /** What B is. */
  new: string;
  /** Significance level of the tests, e.g. 0.05. */
  alpha: number;
  /** Changes smaller than this share (0.02 = 2%) are not called faster or slower. */
  threshold: number;
  modes: ModeComparison[];
  /** Machine fields that differ (only when the user allowed it): 'cores: 2 → 4'. */
  machineDifferences: string[];
  /** Said once, e.g. too few rounds for any result to reach significance. */
  notes: string[];
  /**
   * A's modes beyond their times (CPU per core, where the time went), one per mode A ran, for drawing
   * beside B's. Absent in comparisons written before it was added.
   */
  baseModes?: BaseModeDetail[];
  /** 'regressed': some mode significantly slower past the threshold; 'improved': some faster and none slower. */
  outcome: 'regressed' | 'improved' | 'no-significant-change';
}

// What a comparison keeps of A's modes beyond their times, so the panel can draw B's CPU per core
// against A's and, when both were profiled, where each version's time went (report/comparison.ts).
import type { BaseModeDetail } from '../../shared/report/comparison';
import type { ModeResult } from '../../shared/report/report';

/** A's completed modes as the comparison carries them: CPU samples, utilisation and, with a CPU profile, its functions and categories. */
export function baseModeDetails(modes: readonly ModeResult[]): BaseModeDetail[] {
  return modes.filter((m) => m.status === 'completed').map((m) => {
    const cp = m.cpuProfile;
    return {
      mode: m.mode,
      lanes: m.lanes,
      ...(m.cpu ? { cpu: m.cpu } : {}),
      ...(m.utilisation ? { utilisation: m.utilisation } : {}),
      ...(m.coresBusy !== undefined ? { coresBusy: m.coresBusy } : {}),
      ...(cp && m.hotFunctions ? {
        hotFunctions: m.hotFunctions,
        profile: { categories: cp.categories, gcShare: cp.gcShare, taskMs: cp.taskMs, samples: cp.samples, intervalMs: cp.intervalMs },
      } : {}),
    };
  });
}

// A saved report's verdict and noise warnings recomputed by today's rules, from the report's own
// fields: the review set renders committed reports this way, and a report opened later reads the same.
import type { Report, Warning } from '../../shared/report/report';
import type { AnalysisInput } from './context';
import { noiseWarnings } from './noiseWarnings';
import { analyse } from './verdict';

const NOISE_KINDS: ReadonlySet<Warning['kind']> = new Set<Warning['kind']>(['noisy', 'outliers', 'slow-first-run']);

export function analysisInputOf(report: Report): AnalysisInput {
  return {
    modes: report.modes,
    cores: report.machine.cores,
    tasks: report.settings.tasks,
    workers: report.settings.workers,
    ...(report.sweep ? { sweep: report.sweep } : {}),
    ...(report.sweepFit ? { sweepFit: report.sweepFit } : {}),
    ...(report.rounds ? { rounds: report.rounds } : {}),
    ...(report.bundle?.nativePackages ? { nativePackages: report.bundle.nativePackages } : {}),
  };
}

export function reanalyse(report: Report): Report {
  const kept = report.warnings.filter((w) => !NOISE_KINDS.has(w.kind));
  const noise = report.modes.flatMap((m) => (m.wallMs ? noiseWarnings(m.mode, m.wallMs, report.rounds) : []));
  return { ...report, verdict: analyse(analysisInputOf(report)), warnings: [...noise, ...kept] };
}

// The Universal Scalability Law fit of a sweep in one sentence, shared by the CLI and the panel.
import { formatNumber, formatSpeedup } from './format';
import type { UslFit } from '../report/report';

export function uslWords(u: UslFit): string {
  const peak = u.beta > 0
    ? `it peaks at ${formatSpeedup(u.peakSpeedup)} on ${Math.round(u.peakWorkers)} workers and falls after`
    : `with no coherence term it never turns down: at most ${formatSpeedup(1 / Math.max(u.alpha, 1e-4))}`;
  return `Universal Scalability Law: contention α ${formatNumber(u.alpha)}, coherence β ${formatNumber(u.beta)}; it fits ${u.better === 'usl' ? 'better than' : 'no better than'} Amdahl's law (error ${formatNumber(u.rmse)}× against ${formatNumber(u.amdahlRmse)}×); ${peak}.`;
}

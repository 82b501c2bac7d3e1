// `--predict` on the terminal: the K table (predicted speedup and its band per parallel mode), the
// check at this machine's K, the bounds and conclusions, the chunk sizes measured and what to change.
import { formatMs, formatNumber, formatSpeedup, modeLabel } from '../../shared/wording/format';
import type { MachinesPrediction, Prediction, PredictedMode } from '../../shared/report/report';
import { predictionInputsWords } from '../../shared/wording/predictionInputs';

/** The lane counts the terminal table shows (the report holds the same). */
const TABLE_WORKERS = [1, 2, 4, 8, 16, 32, 64];

export function renderPrediction(p: Prediction): string {
  return [...(p.points.length > 0 ? [renderCores(p)] : []), ...(p.machines ? [renderMachines(p.machines)] : [])].join('\n');
}

/** The machines what-if: speedup and jobs a second per machine count, what sets the pace, the check. */
export function renderMachines(m: MachinesPrediction): string {
  const pace = { lanes: 'the lanes', redis: 'Redis\'s CPU', tasks: 'too few tasks' } as const;
  const head = ['machines', 'lanes', 'speedup', 'jobs/s', 'pace set by'];
  const rows = m.points.map((pt) => [String(pt.machines), String(pt.lanes), formatSpeedup(pt.speedup), Math.round(pt.jobsPerSecond).toLocaleString('en-US'), pace[pt.by]]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('   ').trimEnd();
  const i = m.inputs;
  const out = [
    `What if: machines, the queue mode on M machines of ${i.lanesPerMachine} lanes each on one Redis (network round trip ${formatMs(i.networkLatencyMs)}, ${i.networkLatencySource === 'set' ? 'set' : 'measured'})`,
    line(head),
    ...rows.map(line),
  ];
  if (m.check) {
    out.push(`Check at ${m.check.lanes} lanes on this machine, queue: predicted ${formatSpeedup(m.check.predicted)} from the one-lane run, measured ${formatSpeedup(m.check.measured)} (${m.check.errorPct >= 0 ? '+' : ''}${formatNumber(m.check.errorPct)}%)`
      + (m.check.measuredOnFreeCores !== undefined ? `; on free cores ${formatSpeedup(m.check.measuredOnFreeCores)} (${m.check.errorOnFreeCoresPct! >= 0 ? '+' : ''}${formatNumber(m.check.errorOnFreeCoresPct!)}%)` : ''));
  }
  out.push(`Fed with: ${formatMs(i.perJobMs)} a job beyond its work on one lane, ${formatMs(i.latencyTermMs)} more a job for the link (${i.roundTripsPerJob} round trip${i.roundTripsPerJob === 1 ? '' : 's'} a job), ${i.redisCpuMsPerJob !== undefined ? `Redis ${formatMs(i.redisCpuMsPerJob)} of CPU a job (at most ~${Math.round(i.redisJobsPerSecond ?? 0).toLocaleString('en-US')} jobs a second)` : 'Redis\'s CPU unknown (no bound)'}, ${Math.round(i.argBytesPerJob)} B in and ${Math.round(i.resultBytesPerJob)} B out a job.`);
  for (const f of m.findings) out.push(`• ${f}`);
  return out.join('\n');
}

function renderCores(p: Prediction): string {
  const modes = [...new Set(p.points.map((x) => x.mode))] as PredictedMode[];
  const head = ['cores', ...modes.map((m) => `${modeLabel(m)} (band)`)];
  const rows = TABLE_WORKERS.map((k) => [
    String(k),
    ...modes.map((m) => {
      const pt = p.points.find((x) => x.mode === m && x.workers === k);
      return pt ? `${formatSpeedup(pt.speedup)} (${formatSpeedup(pt.low)}–${formatSpeedup(pt.high)})` : '—';
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('   ').trimEnd();
  const out: string[] = [
    `What if: predicted speedup over sequential by core count (one lane per core), from this run's measurements`,
    line(head),
    ...rows.map(line),
  ];
  for (const c of p.check) {
    out.push(`Check at ${c.workers} lanes, ${modeLabel(c.mode)}: predicted ${formatSpeedup(c.predicted)} without that run, measured ${formatSpeedup(c.measured)} (${c.errorPct >= 0 ? '+' : ''}${formatNumber(c.errorPct)}%)`);
  }
  for (const w of predictionInputsWords(p)) out.push(`Fed with: ${w}`);
  out.push(`Bounds: work ${formatMs(p.bounds.workMs)}, span ${formatMs(p.bounds.spanMs)}: no core count beats ${formatSpeedup(Math.min(p.bounds.parallelism, p.bounds.tasks))}.`);
  for (const f of p.findings) out.push(`• ${f}`);
  if (p.chunk) {
    const measured = p.chunk.measured.map((m) => `chunk ${m.chunk}: ${formatMs(m.wallMs)}`).join(', ');
    out.push(`Chunk sizes measured (workers, side by side): ${measured || 'none'}; recommended: ${p.chunk.recommended}${p.chunk.gain ? ` (${formatSpeedup(p.chunk.gain)} faster than chunk 1)` : ''}.`);
    if (p.chunk.snippet) out.push('With piscina:', ...p.chunk.snippet.split('\n').map((l) => `    ${l}`));
  }
  out.push(`Ignored: ${p.ignores.join('; ')}.`);
  return out.join('\n');
}

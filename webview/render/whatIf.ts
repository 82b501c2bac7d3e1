// With --predict: "What if" — the predicted speedup against the core count (log scale to 64) for
// worker threads and child processes, each with its band, the measured points on top, the bounds as
// dashed lines and a marker at this machine's cores; then the chunk-size curve, predicted and measured.

import { formatMs, formatNumber, formatSpeedup, modeLabel } from '../../src/shared/wording/format';
import type { PredictedMode, Prediction, Report } from '../../src/shared/report/report';
import { chartCard } from '../charts/card';
import { Chart } from '../charts/setup';
import { h } from '../dom';
import { predictionInputsWords } from '../../src/shared/wording/predictionInputs';
import { modeColour, withAlpha } from '../theme';
import { renderMachinesWhatIf } from './whatIfMachines';

const MAX_CORES = 64;
const LOG_TICKS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];

function measuredPoints(report: Report, mode: PredictedMode): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (const m of report.modes) if (m.mode === mode && m.status === 'completed' && !m.chunk && m.speedup !== undefined) out.push({ x: m.lanes, y: m.speedup });
  if (mode === 'workers') for (const s of report.sweep ?? []) if (s.workers !== report.settings.workers) out.push({ x: s.workers, y: s.speedup });
  // Past the core count lanes time-slice: such a point is not what a machine with that many cores shows.
  return out.filter((p) => p.x >= 1 && p.x <= Math.min(MAX_CORES, report.machine.cores) && Number.isFinite(p.y));
}

function speedupCard(report: Report, p: Prediction): HTMLElement {
  const modes = [...new Set(p.points.map((x) => x.mode))];
  const cores = report.machine.cores;
  const ceiling = Math.min(p.bounds.tasks, p.bounds.parallelism);
  const highest = Math.max(1, ...p.points.map((x) => x.high), ...modes.flatMap((m) => measuredPoints(report, m).map((q) => q.y)));
  const yMax = Math.max(2, Math.ceil(Math.min(MAX_CORES, Math.max(highest, Math.min(ceiling, highest * 1.5))) * 1.1));
  const ideal = [1, 2, 4, 8, 16, 32, 64].map((k) => ({ x: k, y: Math.min(k, p.bounds.tasks) }));
  const at = (m: PredictedMode, k: number) => p.points.find((x) => x.mode === m && x.workers === k);
  const summary = modes.map((m) => {
    const top = at(m, MAX_CORES);
    return top ? `${modeLabel(m)}: ${formatSpeedup(top.speedup)} predicted on ${MAX_CORES} cores (band ${formatSpeedup(top.low)} to ${formatSpeedup(top.high)})` : '';
  }).filter(Boolean).join('; ') + `. No core count beats ${formatSpeedup(ceiling)} (the tasks and the longest task bound it).`;
  return chartCard({
    id: 'what-if',
    title: 'What if: speedup by core count',
    summary,
    height: 300,
    create: (canvas, pal) => new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          ...modes.flatMap((m) => {
            const c = modeColour(pal, m);
            const pts = p.points.filter((x) => x.mode === m).sort((a, b) => a.workers - b.workers);
            return [
              { label: `${modeLabel(m)} low`, data: pts.map((x) => ({ x: x.workers, y: x.low })), borderColor: 'transparent', borderWidth: 0, pointRadius: 0, fill: false },
              { label: `${modeLabel(m)}: band`, data: pts.map((x) => ({ x: x.workers, y: x.high })), borderColor: 'transparent', borderWidth: 0, pointRadius: 0, backgroundColor: withAlpha(c, 0.18), fill: '-1' as const },
              { label: `${modeLabel(m)}: predicted`, data: pts.map((x) => ({ x: x.workers, y: x.speedup })), borderColor: c, backgroundColor: c, borderWidth: 2, pointRadius: 2 },
              { label: `${modeLabel(m)}: measured`, data: measuredPoints(report, m), borderColor: c, backgroundColor: pal.background, showLine: false, pointRadius: 6, pointStyle: 'rectRot' as const, borderWidth: 2 },
            ];
          }),
          { label: 'bound: min(cores, tasks)', data: ideal, borderColor: pal.muted, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0 },
        ],
      },
      options: {
        parsing: false,
        scales: {
          x: {
            type: 'logarithmic', min: 1, max: MAX_CORES, title: { display: true, text: 'cores (one lane each)' },
            afterBuildTicks: (axis) => { axis.ticks = LOG_TICKS.filter((v) => v <= MAX_CORES).map((value) => ({ value })); },
            ticks: { callback: (v) => String(v) }, grid: { color: pal.grid },
          },
          y: { type: 'linear', min: 0, max: yMax, title: { display: true, text: 'speedup (×)' }, ticks: { callback: (v) => `${v}×` }, grid: { color: pal.grid } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item) => !item.text.endsWith(' low') } },
          ppBackground: { color: pal.background },
          ppReferenceLines: {
            lines: [
              { value: p.bounds.parallelism, label: `work ÷ span: ${formatSpeedup(p.bounds.parallelism)}`, color: pal.red },
              { value: cores, label: `this machine: ${cores} cores`, color: pal.yellow, axis: 'x' },
            ],
          },
        },
      },
    }),
    table: {
      caption: 'Predicted speedup by core count',
      columns: ['cores', 'mode', 'predicted', 'low', 'high', 'measured'],
      rows: p.points.map((x) => {
        const m = measuredPoints(report, x.mode).find((q) => q.x === x.workers);
        return [x.workers, modeLabel(x.mode), formatSpeedup(x.speedup), formatSpeedup(x.low), formatSpeedup(x.high), m ? formatSpeedup(m.y) : '—'];
      }),
    },
  });
}

function chunkCard(p: Prediction): HTMLElement | null {
  const c = p.chunk;
  if (!c || c.predicted.length === 0) return null;
  const sizes = [...c.predicted.map((x) => x.chunk), ...c.measured.map((x) => x.chunk)];
  const maxChunk = Math.max(2, ...sizes);
  const summary = `Measured: ${c.measured.map((m) => `chunk ${m.chunk} ${formatMs(m.wallMs)}`).join(', ') || 'nothing'}; recommended ${c.recommended}${c.gain ? `, ${formatSpeedup(c.gain)} faster than chunk 1` : ''}.`;
  return chartCard({
    id: 'chunk-size',
    title: `Chunk size on ${p.inputs.workers} worker threads`,
    summary,
    height: 240,
    create: (canvas, pal) => new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'predicted wall time', data: c.predicted.map((x) => ({ x: x.chunk, y: x.wallMs })), borderColor: pal.blue, backgroundColor: pal.blue, borderWidth: 2, pointRadius: 3 },
          { label: 'measured (median)', data: c.measured.map((x) => ({ x: x.chunk, y: x.wallMs })), borderColor: pal.green, backgroundColor: pal.background, showLine: false, pointRadius: 6, pointStyle: 'rectRot' as const, borderWidth: 2 },
        ],
      },
      options: {
        parsing: false,
        scales: {
          x: {
            type: 'logarithmic', min: 1, max: maxChunk, title: { display: true, text: 'tasks per message (chunk)' },
            afterBuildTicks: (axis) => { axis.ticks = LOG_TICKS.filter((v) => v <= maxChunk).map((value) => ({ value })); },
            ticks: { callback: (v) => String(v) }, grid: { color: pal.grid },
          },
          y: { type: 'linear', min: 0, title: { display: true, text: 'wall time (ms)' }, grid: { color: pal.grid } },
        },
        plugins: {
          legend: { position: 'bottom' },
          ppBackground: { color: pal.background },
          ppReferenceLines: { lines: c.recommended > 1 ? [{ value: c.recommended, label: `recommended: ${c.recommended}`, color: pal.green, axis: 'x' }] : [] },
        },
      },
    }),
    table: {
      caption: 'Chunk sizes',
      columns: ['chunk', 'predicted wall time', 'measured wall time', 'why a candidate'],
      rows: [...new Set(sizes)].sort((a, b) => a - b).map((k) => {
        const pr = c.predicted.find((x) => x.chunk === k);
        const me = c.measured.find((x) => x.chunk === k);
        return [k, pr ? formatMs(pr.wallMs) : '—', me ? formatMs(me.wallMs) : '—', pr?.why ?? ''];
      }),
    },
  });
}

export function renderWhatIf(report: Report): HTMLElement | null {
  const p = report.prediction;
  if (!p || (p.points.length === 0 && !p.machines)) return null;
  const machines = renderMachinesWhatIf(p.machines);
  if (p.points.length === 0) {
    return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-whatif-h' }, h('h2', { id: 'pp-whatif-h' }, 'What if: more machines'), machines);
  }
  const checks = p.check.map((c) => h('li', null,
    `${modeLabel(c.mode)} on ${c.workers} lanes: predicted ${formatSpeedup(c.predicted)} (band ${formatSpeedup(c.low)}–${formatSpeedup(c.high)}) without using that run; measured ${formatSpeedup(c.measured)}; error ${c.errorPct >= 0 ? '+' : ''}${formatNumber(c.errorPct)}%.`));
  const chunk = chunkCard(p);
  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-whatif-h' },
    h('h2', { id: 'pp-whatif-h' }, 'What if: more cores'),
    h('p', { class: 'pp-lede' }, 'Replayed from this run: each task\'s time alone, the costs of a message on one lane (the engine thread\'s share of it, the CPU it takes), the slowdown measured under load. The band runs from optimistic (that slowdown stays, dispatch overlaps, nothing queues on the engine, cores never short) to pessimistic (it grows with the core count as the Universal Scalability Law, the whole cost of every message queued on the engine).'),
    h('ul', { class: 'pp-findings' }, p.findings.map((f) => h('li', null, f))),
    checks.length ? h('div', null, h('h3', null, 'Checked on this machine'), h('ul', null, checks)) : null,
    h('div', { class: 'pp-grid' }, speedupCard(report, p), chunk),
    h('div', null, h('h3', null, 'What it was fed'), h('ul', { class: 'pp-inputs' }, predictionInputsWords(p).map((w) => h('li', null, w)))),
    p.chunk?.snippet ? h('div', null, h('h3', null, `Apply chunks of ${p.chunk.recommended} with piscina`), h('pre', { class: 'pp-pre' }, h('code', null, p.chunk.snippet))) : null,
    machines,
    h('p', { class: 'pp-note' }, `The prediction ignores: ${p.ignores.join('; ')}.`),
  );
}

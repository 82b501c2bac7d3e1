// With a sweep: speedup and efficiency against worker count, beside the ideal (linear) and the
// fitted Amdahl curve, with the serial fraction said in words.

import { formatMs, formatNumber, formatPercent, formatSpeedup } from '../../src/shared/wording/format';
import type { Report, SweepPoint } from '../../src/shared/report/report';
import { chartCard } from '../charts/card';
import { Chart } from '../charts/setup';
import { h } from '../dom';
import { withAlpha } from '../theme';
import { uslWords } from '../../src/shared/wording/usl';

export function amdahl(serialFraction: number, workers: number): number {
  return 1 / (serialFraction + (1 - serialFraction) / workers);
}

/** The Universal Scalability Law: n / (1 + α(n − 1) + βn(n − 1)). */
function uslSpeedup(t: { alpha: number; beta: number }, n: number): number {
  return n / (1 + t.alpha * (n - 1) + t.beta * n * (n - 1));
}

function wallMedian(p: SweepPoint): number {
  return typeof p.wallMs === 'number' ? p.wallMs : p.wallMs.median;
}

export function renderSweep(report: Report): HTMLElement | null {
  const points = (report.sweep ?? []).filter((p) => Number.isFinite(p.workers) && p.workers > 0).sort((a, b) => a.workers - b.workers);
  if (points.length === 0) return null;
  const fit = report.sweepFit;
  const maxWorkers = Math.max(...points.map((p) => p.workers));
  const curve: { x: number; y: number }[] = [];
  if (fit && Number.isFinite(fit.serialFraction)) {
    for (let i = 0; i <= 60; i++) {
      const n = 1 + ((maxWorkers - 1) * i) / 60;
      curve.push({ x: n, y: amdahl(fit.serialFraction, n) });
    }
  }
  const usl = report.sweepUsl;
  const uslCurve = usl ? curve.map((c) => ({ x: c.x, y: uslSpeedup(usl, c.x) })) : [];
  const maxSpeed = Math.max(maxWorkers, ...points.map((p) => p.speedup)) * 1.08;
  const fitWords = fit
    ? `Amdahl's law fits a serial fraction of ${formatPercent(fit.serialFraction)}: at most ${formatSpeedup(fit.maxSpeedup)} however many workers (fit error ${formatNumber(fit.rmse)}×).`
    : 'No Amdahl fit in this report.';
  const card = chartCard({
    id: 'sweep',
    title: 'Speedup and efficiency vs workers',
    summary: points.map((p) => `${p.workers} workers: ${formatSpeedup(p.speedup)}, efficiency ${formatPercent(p.efficiency)}`).join('; ') + `. ${fitWords}`,
    height: 260,
    create: (canvas, p) => new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [
          { label: 'measured speedup', data: points.map((pt) => ({ x: pt.workers, y: pt.speedup })), borderColor: p.green, backgroundColor: p.green, pointRadius: 4, borderWidth: 2, yAxisID: 'y' },
          { label: 'ideal (linear)', data: [{ x: 1, y: 1 }, { x: maxWorkers, y: maxWorkers }], borderColor: p.muted, borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, yAxisID: 'y' },
          ...(uslCurve.length ? [{ label: 'USL fit', data: uslCurve, borderColor: p.purple, borderDash: [3, 3], borderWidth: 2, pointRadius: 0, yAxisID: 'y' }] : []),
          ...(curve.length ? [{ label: `Amdahl fit (serial ${formatPercent(fit?.serialFraction)})`, data: curve, borderColor: p.orange, borderWidth: 2, pointRadius: 0, yAxisID: 'y' }] : []),
          { label: 'efficiency', data: points.map((pt) => ({ x: pt.workers, y: pt.efficiency * 100 })), borderColor: p.blue, backgroundColor: withAlpha(p.blue, 0.6), borderDash: [2, 3], pointRadius: 3, pointStyle: 'rect', borderWidth: 1.5, yAxisID: 'eff' },
        ],
      },
      options: {
        parsing: false,
        scales: {
          x: { type: 'linear', min: 1, max: maxWorkers, title: { display: true, text: 'workers' }, ticks: { stepSize: 1, precision: 0 }, grid: { color: p.grid } },
          y: { type: 'linear', min: 0, max: Math.ceil(maxSpeed), title: { display: true, text: 'speedup (×)' }, ticks: { callback: (v) => `${v}×` }, grid: { color: p.grid } },
          eff: { type: 'linear', position: 'right', min: 0, max: 110, title: { display: true, text: 'efficiency' }, ticks: { callback: (v) => (Number(v) <= 100 ? `${v}%` : '') }, grid: { display: false } },
        },
        plugins: { legend: { position: 'bottom' }, ppBackground: { color: p.background } },
      },
    }),
    table: {
      caption: 'Worker sweep',
      columns: ['workers', 'wall time (median)', 'speedup', 'efficiency', 'Karp–Flatt serial fraction', 'Amdahl prediction'],
      rows: points.map((pt) => [pt.workers, formatMs(wallMedian(pt)), formatSpeedup(pt.speedup), formatPercent(pt.efficiency),
        pt.karpFlatt !== undefined ? formatPercent(pt.karpFlatt) : '—', fit ? formatSpeedup(amdahl(fit.serialFraction, pt.workers)) : '—']),
    },
  });
  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-sweep-h' },
    h('h2', { id: 'pp-sweep-h' }, 'Worker sweep'),
    h('p', { class: 'pp-lede' }, fitWords),
    usl ? h('p', null, uslWords(usl)) : null,
    h('div', { class: 'pp-grid' }, card),
  );
}

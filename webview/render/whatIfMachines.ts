// With --predict and the queue mode: "What if: machines" — the queue mode's predicted speedup against
// the number of machines (K lanes each, one Redis, log scale to 64), Redis's ceiling as a dashed line,
// the check of this machine's K-lane run, and the same numbers as a table. Rendered only when present.

import { formatMs, formatNumber, formatSpeedup } from '../../src/shared/wording/format';
import type { MachinesPrediction } from '../../src/shared/report/report';
import { chartCard } from '../charts/card';
import { Chart } from '../charts/setup';
import { h } from '../dom';
import { modeColour } from '../theme';

const PACE = { lanes: 'the lanes', redis: 'Redis\'s CPU', tasks: 'too few tasks' } as const;

function machinesCard(m: MachinesPrediction): HTMLElement {
  const pts = [...m.points].sort((a, b) => a.machines - b.machines);
  const most = pts[pts.length - 1]?.machines ?? 1;
  const top = Math.max(2, ...pts.map((p) => p.speedup));
  const i = m.inputs;
  const redisAt = pts.find((p) => p.by === 'redis');
  const summary = `${pts.map((p) => `${p.machines} machine${p.machines === 1 ? '' : 's'}: ${formatSpeedup(p.speedup)}`).join(', ')}.`
    + (redisAt ? ` From ${redisAt.machines} machines Redis's CPU sets the pace.` : '');
  return chartCard({
    id: 'what-if-machines',
    title: `What if: speedup by machines of ${i.lanesPerMachine} lanes`,
    summary,
    height: 260,
    create: (canvas, pal) => new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [{ label: 'queue: predicted', data: pts.map((p) => ({ x: p.machines, y: p.speedup })), borderColor: modeColour(pal, 'queue'), backgroundColor: modeColour(pal, 'queue'), borderWidth: 2, pointRadius: 3 }],
      },
      options: {
        parsing: false,
        scales: {
          x: {
            type: 'logarithmic', min: 1, max: most, title: { display: true, text: `machines (${i.lanesPerMachine} lanes each)` },
            afterBuildTicks: (axis) => { axis.ticks = pts.map((p) => ({ value: p.machines })); },
            ticks: { callback: (v) => String(v) }, grid: { color: pal.grid },
          },
          y: { type: 'linear', min: 0, max: Math.ceil(top * 1.1), title: { display: true, text: 'speedup (×)' }, ticks: { callback: (v) => `${v}×` }, grid: { color: pal.grid } },
        },
        plugins: { legend: { position: 'bottom' }, ppBackground: { color: pal.background } },
      },
    }),
    table: {
      caption: 'Predicted speedup by machines',
      columns: ['machines', 'lanes', 'predicted', 'jobs a second', 'pace set by'],
      rows: pts.map((p) => [p.machines, p.lanes, formatSpeedup(p.speedup), Math.round(p.jobsPerSecond).toLocaleString('en-US'), PACE[p.by]]),
    },
  });
}

export function renderMachinesWhatIf(m: MachinesPrediction | undefined): HTMLElement | null {
  if (!m || m.points.length === 0) return null;
  const i = m.inputs;
  const fed = [
    `${formatMs(i.perJobMs)} a job beyond its work on one lane (the gap between jobs); ${formatMs(i.latencyMs)} once a repetition.`,
    `Network round trip to Redis: ${formatMs(i.networkLatencyMs)} (${i.networkLatencySource === 'set' ? `set; ${formatMs(i.measuredRttMs)} measured here` : 'measured here'}), ${i.roundTripsPerJob} a job: ${formatMs(i.latencyTermMs)} a job beyond this run.`,
    i.redisCpuMsPerJob !== undefined ? `Redis's CPU: ${formatMs(i.redisCpuMsPerJob)} a job, so at most ~${Math.round(i.redisJobsPerSecond ?? 0).toLocaleString('en-US')} jobs a second whatever the number of machines.` : 'Redis\'s CPU per job was not read: no Redis bound.',
    `${Math.round(i.argBytesPerJob)} B of arguments and ${Math.round(i.resultBytesPerJob)} B of result a job, as JSON.`,
  ];
  return h('div', { class: 'pp-whatif-machines' },
    h('h3', { id: 'pp-whatif-machines-h' }, 'What if: machines'),
    h('ul', { class: 'pp-findings' }, m.findings.map((f) => h('li', null, f))),
    m.check ? h('p', null, `Checked on this machine: the queue mode on ${m.check.lanes} lanes predicted ${formatSpeedup(m.check.predicted)} from its one-lane run; measured ${formatSpeedup(m.check.measured)}; error ${m.check.errorPct >= 0 ? '+' : ''}${formatNumber(m.check.errorPct)}%${m.check.measuredOnFreeCores !== undefined ? `; estimated on free cores ${formatSpeedup(m.check.measuredOnFreeCores)}, error ${m.check.errorOnFreeCoresPct! >= 0 ? '+' : ''}${formatNumber(m.check.errorOnFreeCoresPct!)}%` : ''}.`) : null,
    h('div', { class: 'pp-grid' }, machinesCard(m)),
    h('ul', { class: 'pp-inputs' }, fed.map((w) => h('li', null, w))),
  );
}

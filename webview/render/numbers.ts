// Every number of every mode in one table, then the machine and the settings: what a reader
// checks before trusting a chart.

import { warmupCount } from '../../src/shared/wording/warmups';
import {
  formatBytes, formatMs, formatNumber, formatPercent, formatSpeedupWithInterval, formatSpread, modeLabel, statusLabel,
} from '../../src/shared/wording/format';
import type { ModeResult, Report } from '../../src/shared/report/report';
import { clip, h } from '../dom';

function transfer(m: ModeResult): string {
  if (!m.transfer) return '—';
  return `${formatBytes(m.transfer.argBytes)} in, ${formatBytes(m.transfer.resultBytes)} out`;
}

function modeRow(m: ModeResult): HTMLTableRowElement {
  const cells = [
    formatSpread(m.wallMs),
    formatMs(m.cpuMs),
    formatNumber(m.coresBusy),
    formatSpeedupWithInterval(m.speedup, m.speedupCi),
    m.loadAware ? `${formatSpeedupWithInterval(m.loadAware.speedup, m.loadAware.speedupCi)} (waited ${formatPercent(m.loadAware.waitShare)})` : '—',
    formatPercent(m.efficiency),
    m.utilisation ? formatPercent(m.utilisation.share) : '—',
    formatMs(m.startupMs),
    transfer(m),
  ];
  return h('tr', { class: `pp-status-${m.status}` },
    h('th', { scope: 'row' }, modeLabel(m.mode), m.lanes > 1 ? h('span', { class: 'pp-muted' }, ` ×${m.lanes}`) : null),
    h('td', null, h('span', { class: `pp-status pp-status-${m.status}` }, statusLabel(m.status))),
    cells.map((c) => h('td', { class: 'pp-num' }, c)),
  );
}

function definitionList(label: string, pairs: [string, string][]): HTMLElement {
  return h('div', { class: 'pp-dl-block' },
    h('h3', null, label),
    h('dl', { class: 'pp-dl' }, pairs.map(([k, v]) => [h('dt', null, k), h('dd', null, clip(v, 500))])),
  );
}

export function renderNumbers(report: Report): HTMLElement {
  const mc = report.machine;
  const s = report.settings;
  const machine: [string, string][] = [
    ['Logical cores', String(mc.cores)],
    ['CPU', mc.cpuModel],
    ['Platform', `${mc.platform}${mc.arch ? ` ${mc.arch}` : ''}`],
    ['Node', mc.node],
  ];
  if (mc.memoryBytes !== undefined) machine.push(['Memory', formatBytes(mc.memoryBytes)]);
  if (mc.electron) machine.push(['Electron', mc.electron]);
  if (mc.hostname) machine.push(['Host', mc.hostname]);
  const settings: [string, string][] = [
    ['Tasks (N)', s.tasks.toLocaleString('en-US')],
    ['Workers (K)', String(s.workers)],
    ['Repetitions', report.rounds
      ? `${report.rounds.rounds.length} ${report.rounds.interleaved ? 'interleaved rounds' : 'per mode, in a row'} (at least ${s.repeat}) after ${warmupCount(report)}`
      : `${s.repeat} measured after ${warmupCount(report)}`],
    ['Arguments', s.args],
    ...(s.construct !== undefined ? [['Constructor arguments', `${s.construct} (instance built once per lane, in start-up)`] as [string, string]] : []),
    ['Modes', s.modes.map(modeLabel).join(', ')],
    ['Timeout', formatMs(s.timeoutMs)],
    ['CPU sampling', `every ${formatMs(s.sampleIntervalMs)}`],
    ['Heap limit', `${s.memoryLimitMb} MB per worker or process`],
    ...(s.precision !== undefined ? [['Stop when stable', s.precision > 0 ? `intervals within ±${formatPercent(s.precision)}${s.maxTimeMs ? `, at most ${formatMs(s.maxTimeMs)}` : ''}` : 'off (fixed rounds)'] as [string, string]] : []),
    ['Tool', `${report.tool.name} ${report.tool.version}`],
  ];
  if (report.bundle) settings.push(['Bundle', `${formatMs(report.bundle.ms)}, ${formatBytes(report.bundle.bytes)}${report.bundle.cached ? ' (cached)' : ''}`]);
  if (report.bundle?.format) settings.push(['Loaded as', `${report.bundle.format === 'esm' ? 'an ES module' : 'CommonJS'}${report.bundle.formatReason ? ` (${report.bundle.formatReason})` : ''}`]);
  if (report.bundle?.nativePackages?.length) settings.push(['Native addons', report.bundle.nativePackages.join(', ')]);
  const columns = ['Mode', 'Status', 'Wall time, median [min–max]', 'CPU time', 'Cores busy', 'Speedup [interval]', 'On free cores (estimate)', 'Efficiency', 'Utilisation', 'Start-up', 'Transfer'];
  return h('section', { class: 'pp-section', 'aria-labelledby': 'pp-numbers-h' },
    h('h2', { id: 'pp-numbers-h' }, 'All numbers'),
    h('div', { class: 'pp-table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Numbers per mode (scrolls sideways)' },
      h('table', { class: 'pp-table pp-numbers' },
        h('caption', { class: 'pp-sr-only' }, 'Numbers per mode'),
        h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, report.modes.map(modeRow)),
      ),
    ),
    h('div', { class: 'pp-grid pp-grid-2' }, definitionList('Machine', machine), definitionList('Settings', settings)),
  );
}

// The whole panel for one report, top to bottom: what was profiled, the verdict, what failed,
// the charts, every number, the comparison and the console. Each section renders alone so one
// bad section cannot blank the panel.

import type { HistoryEntry } from '../../src/shared/panel/protocol';
import type { Comparison } from '../../src/shared/report/comparison';
import type { Report } from '../../src/shared/report/report';
import { destroyCharts } from '../charts/card';
import { h, replaceChildren } from '../dom';
import { renderBars } from './bars';
import { renderCompare } from './compare';
import { renderComparisonRefused, renderComparisonView } from './comparison';
import { renderCpu } from './cpu';
import { renderConsole, renderFailures } from './failures';
import { renderHotFunctions } from './hotFunctions';
import { renderNumbers } from './numbers';
import { renderQueue } from './queue';
import { renderRounds } from './rounds';
import { renderHeader, renderVerdict } from './summary';
import { renderSweep } from './sweep';
import { renderTimeline } from './timeline';
import { renderToolbar } from './toolbar';
import { renderWhatIf } from './whatIf';

export interface ReportView {
  report: Report;
  history: HistoryEntry[];
  compareId?: string;
  compare?: Report;
  /** "Compare with…": shown in place of the report's own comparison (--versus, --baseline). */
  comparison?: Comparison;
  comparisonRefused?: string;
}

function safely(name: string, build: () => HTMLElement | null): HTMLElement | null {
  try {
    return build();
  } catch (err) {
    console.warn(`section ${name} failed`, err);
    return h('section', { class: 'pp-section' }, h('p', { class: 'pp-note' }, `The ${name} section could not be shown: ${err instanceof Error ? err.message : String(err)}`));
  }
}

export function renderReport(root: HTMLElement, view: ReportView): void {
  destroyCharts();
  const r = view.report;
  replaceChildren(root,
    h('div', { class: 'pp-top' }, renderHeader(r), renderToolbar()),
    safely('verdict', () => renderVerdict(r)),
    safely('errors', () => renderFailures(r)),
    safely('versus', () => (view.comparisonRefused ? renderComparisonRefused(view.comparisonRefused) : renderComparisonView(view.comparison ? { ...r, comparison: view.comparison } : r))),
    safely('wall time and speedup', () => renderBars(r)),
    safely('CPU', () => renderCpu(r)),
    safely('rounds', () => renderRounds(r)),
    safely('timeline', () => renderTimeline(r)),
    safely('where the time went', () => renderHotFunctions(r)),
    safely('sweep', () => renderSweep(r)),
    safely('what if', () => renderWhatIf(r)),
    safely('queue', () => renderQueue(r)),
    safely('numbers', () => renderNumbers(r)),
    safely('comparison', () => renderCompare(r, view.history, view.compareId, view.compare)),
    safely('console', () => renderConsole(r)),
  );
}

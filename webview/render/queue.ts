// The queue mode's own numbers: where its Redis was, what a job cost beyond its work, and every
// worker that took jobs (local or joined from another machine) or refused the run, with why. The
// verdict says what the costs mean; this is the evidence it read, as the CLI prints it under the table.

import type { JobTime, Report } from '../../src/shared/report/report';
import { formatBytes, formatMs } from '../../src/shared/wording/format';
import { clip, h } from '../dom';

const time = (t: JobTime | undefined): string => (t ? `${formatMs(t.median)} (p95 ${formatMs(t.p95)})` : 'unknown');

export function renderQueue(report: Report): HTMLElement | null {
  const m = report.modes.find((x) => x.mode === 'queue' && x.queue);
  const q = m?.queue;
  if (!m || !q) return null;
  const costs: [string, string][] = [
    ['Redis', `${q.redis}${q.redisVersion ? ` (Redis ${q.redisVersion})` : ''}`],
    ['Lanes', `${m.lanes} as ${q.lanesKind === 'threads' ? 'worker threads' : 'child processes'}`],
    ['Jobs', q.jobs.toLocaleString('en-US')],
    ['Add to start', time(q.pickupMs)],
    ['End to heard', time(q.heardMs)],
    ['Work', time(q.workMs)],
    ['Redis CPU per job', q.redisCpuMsPerJob !== undefined ? formatMs(q.redisCpuMsPerJob) : 'unknown'],
    ['Data per job (JSON)', `${formatBytes(q.argBytesPerJob)} in, ${formatBytes(q.resultBytesPerJob)} out`],
    ['Retried jobs', String(q.retries)],
  ];
  const refused = q.refused ?? [];
  return h('section', { class: 'pp-section pp-queue', 'aria-labelledby': 'pp-queue-h' },
    h('h2', { id: 'pp-queue-h' }, 'Queue: BullMQ on Redis'),
    h('div', { class: 'pp-grid pp-grid-2' },
      h('div', { class: 'pp-dl-block' },
        h('h3', null, 'Per job'),
        h('dl', { class: 'pp-dl' }, costs.map(([k, v]) => [h('dt', null, k), h('dd', null, clip(v, 300))])),
      ),
      h('div', { class: 'pp-dl-block' },
        h('h3', null, 'Workers'),
        h('table', { class: 'pp-table pp-queue-workers' },
          h('caption', { class: 'pp-sr-only' }, 'Workers that took jobs'),
          h('thead', null, h('tr', null, ['Host', 'Pid', 'Lanes', 'Jobs', 'Add to start'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', null, q.workers.map((w) => h('tr', { 'data-remote': String(w.remote) },
            h('th', { scope: 'row' }, clip(w.host, 100), w.remote ? h('span', { class: 'pp-muted' }, ' (remote)') : null),
            h('td', { class: 'pp-num' }, String(w.pid)),
            h('td', { class: 'pp-num' }, String(w.lanes)),
            h('td', { class: 'pp-num' }, w.tasks.toLocaleString('en-US')),
            h('td', { class: 'pp-num' }, w.pickupMs ? time(w.pickupMs) : '—'),
          ))),
        ),
        refused.length > 0
          ? h('ul', { class: 'pp-queue-refused' }, refused.map((w) => h('li', null, h('strong', null, `Refused: ${clip(w.host, 100)} pid ${w.pid}`), `: ${clip(w.reason, 600)}`)))
          : null,
      ),
    ),
  );
}

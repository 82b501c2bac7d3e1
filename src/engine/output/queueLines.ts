// The queue mode's per-job costs and its workers, as lines under the table (the verdict says what they mean).
import { formatBytes, formatMs } from '../../shared/wording/format';
import type { JobTime, Report } from '../../shared/report/report';
import { terminalText } from './table';

export function queueLines(report: Report): string[] {
  const m = report.modes.find((x) => x.mode === 'queue' && x.queue);
  const q = m?.queue;
  if (!m || !q) return [];
  const time = (t: JobTime | undefined) => (t ? `${formatMs(t.median)} (p95 ${formatMs(t.p95)})` : 'unknown');
  const lines = [
    '',
    `BullMQ queue on ${terminalText(q.redis)}${q.redisVersion ? ` (Redis ${terminalText(q.redisVersion)})` : ''}, ${m.lanes} lanes as ${q.lanesKind === 'threads' ? 'worker threads' : 'child processes'}, ${q.jobs} jobs (every repetition, warm-ups included):`,
    `  per job: add to start ${time(q.pickupMs)}, end to heard ${time(q.heardMs)}, work ${time(q.workMs)}; ` +
      `Redis CPU ${q.redisCpuMsPerJob !== undefined ? formatMs(q.redisCpuMsPerJob) : 'unknown'}; ` +
      `${formatBytes(q.argBytesPerJob)} of arguments and ${formatBytes(q.resultBytesPerJob)} of result as JSON; ${q.retries} retried`,
  ];
  for (const w of q.workers) lines.push(`  worker ${terminalText(w.host)} pid ${w.pid}${w.remote ? ' (remote)' : ''}: ${w.lanes} lanes, ${w.tasks} jobs${w.pickupMs ? `, add to start ${time(w.pickupMs)}` : ''}`);
  for (const w of q.refused ?? []) lines.push(`  refused: ${terminalText(w.host)} pid ${w.pid}: ${terminalText(w.reason)}`);
  return lines;
}

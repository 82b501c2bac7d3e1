// The checks of the queue mode's `queue` record (report/queue.ts). No node, no vscode, no DOM.
import { BYTES, COUNT, MS, REPORT_LIMITS, type Checker, type Obj } from './checker';

const KINDS = { processes: true, threads: true } as const;

export function checkQueue(c: Checker, q: Obj, path: string): void {
  c.string(q, 'redis', path);
  c.boolean(q, 'privateRedis', path);
  c.string(q, 'redisVersion', path, true);
  c.number(q, 'redisRttMs', path, MS, true);
  c.oneOf(q, 'lanesKind', path, KINDS);
  c.number(q, 'jobs', path, COUNT);
  c.array(q, 'workers', path, REPORT_LIMITS.cores, (v, p) => {
    const w = c.object(v, p);
    if (!w) return;
    c.string(w, 'host', p);
    c.number(w, 'pid', p, COUNT);
    c.number(w, 'lanes', p, { min: 1, max: REPORT_LIMITS.tasksPerMode, integer: true });
    c.number(w, 'tasks', p, COUNT);
    c.boolean(w, 'remote', p);
    c.child(w, 'pickupMs', p, (t, tp) => {
      c.number(t, 'median', tp, { min: -REPORT_LIMITS.clockSkewMs, max: REPORT_LIMITS.ms });
      c.number(t, 'p95', tp, { min: -REPORT_LIMITS.clockSkewMs, max: REPORT_LIMITS.ms });
    }, true);
  });
  c.array(q, 'refused', path, REPORT_LIMITS.cores, (v, p) => {
    const w = c.object(v, p);
    if (!w) return;
    c.string(w, 'host', p);
    c.number(w, 'pid', p, COUNT);
    c.string(w, 'file', p);
    c.string(w, 'hash', p);
    c.string(w, 'reason', p);
  }, true);
  for (const key of ['pickupMs', 'heardMs', 'workMs']) {
    c.child(q, key, path, (t, p) => {
      c.number(t, 'median', p, { min: -REPORT_LIMITS.clockSkewMs, max: REPORT_LIMITS.ms });
      c.number(t, 'p95', p, { min: -REPORT_LIMITS.clockSkewMs, max: REPORT_LIMITS.ms });
    }, true);
  }
  c.number(q, 'redisCpuMsPerJob', path, MS, true);
  c.number(q, 'argBytesPerJob', path, { max: REPORT_LIMITS.bytes });
  c.number(q, 'resultBytesPerJob', path, { max: REPORT_LIMITS.bytes });
  c.number(q, 'retries', path, COUNT);
}

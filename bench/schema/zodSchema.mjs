// The report's schema in zod 4 (classic API): the fields and bounds of src/shared/validate.ts.
import { z } from 'zod';
const num = (max = 1e9, min = 0) => z.number().finite().min(min).max(max);
const int = (max = 1e9, min = 0) => z.number().int().min(min).max(max);
const str = () => z.string().max(100_000);
const mode = z.enum(['sequential', 'async', 'workers', 'processes']);
const spread = z.object({ median: num(), min: num(), max: num(), runs: z.array(num()).min(1).max(10_000), mean: num().optional(), mad: num().optional(), relativeSpread: num(1e7).optional(), outliers: z.array(int(10_000)).max(10_000).optional() });
const error = z.object({ name: str(), code: str(), message: str(), stack: str().optional(), file: str().optional(), line: int().optional(), column: int().optional(), task: int(100_000).optional() });
const consoleCap = z.object({ lines: z.array(z.object({ stream: z.enum(['out', 'err']), text: str(), task: int(100_000).optional() })).max(100_000), droppedLines: int() });
const warning = z.object({ kind: z.enum(['noisy', 'outliers', 'slow-first-run', 'module-output', 'module-side-effects', 'truncated', 'tiny-tasks', 'timeout', 'other']), message: str(), mode: mode.optional() });
const task = z.object({ index: int(100_000), lane: int(100_000), dispatchMs: num(1e9, -1000).optional(), startMs: num(1e9, -1000), endMs: num(1e9, -1000), cpuMs: num().optional(), waitMs: num().optional(), argBytes: int(1e15).optional(), resultBytes: int(1e15).optional(), failed: z.boolean().optional() });
const cpu = z.object({ intervalMs: num(), t: z.array(num(1e9, -1000)).max(100_000), cores: z.array(z.array(num(100)).max(100_000)).max(1024), process: z.array(num(102_400)).max(100_000).optional(), source: str().optional() });
const modeResult = z.object({
  mode, status: z.enum(['completed', 'failed', 'timeout', 'skipped', 'cancelled']), lanes: int(100_000, 1), wallMs: spread.optional(), cpuMs: num().optional(),
  coresBusy: num(102_400).optional(), speedup: num(1e7).optional(), speedupCi: z.object({ low: num(1e7), high: num(1e7), level: z.union([z.literal('range'), num(1)]) }).optional(),
  efficiency: num(1e7).optional(), startupMs: num().optional(), tasks: z.array(task).max(100_000).optional(), tasksTotal: int().optional(), cpu: cpu.optional(),
  utilisation: z.object({ share: num(1), band: z.enum(['idle', 'poor', 'ok', 'ideal']) }).optional(), transfer: z.object({ argBytes: int(1e15), resultBytes: int(1e15) }).optional(),
  error: error.optional(), failedTasks: z.array(z.object({ index: int(100_000), message: str(), stack: str().optional(), name: str().optional() })).max(100_000).optional(),
  console: consoleCap.optional(), warnings: z.array(warning).max(10_000).optional(),
});
export const reportSchema = z.object({
  schemaVersion: z.literal(1), createdAt: str(), tool: z.object({ name: z.literal('parallelism-profiler'), version: str() }),
  function: z.object({ name: str(), file: str(), line: int(), column: int().optional(), async: z.boolean(), kind: z.enum(['function', 'variable', 'default', 'static-method', 'instance-method']).optional(), className: str().optional() }),
  machine: z.object({ cores: int(4096, 1), cpuModel: str(), platform: str(), arch: str().optional(), node: str(), memoryBytes: int(1e15).optional(), electron: str().optional(), hostname: str().optional() }),
  settings: z.object({ tasks: int(100_000, 1), workers: int(100_000, 1), repeat: int(10_000, 1), warmup: int(10_000), args: str(), modes: z.array(mode).max(4), timeoutMs: num(), sampleIntervalMs: num(), memoryLimitMb: int(1e15), sweep: z.boolean() }),
  modes: z.array(modeResult).max(4),
  sweep: z.array(z.object({ workers: int(100_000, 1), wallMs: z.union([num(), spread]), speedup: num(1e7), efficiency: num(1e7), karpFlatt: num(1e7, -1e7).optional() })).max(64).optional(),
  sweepFit: z.object({ serialFraction: num(1), maxSpeedup: num(1e7), rmse: num(1e7) }).optional(),
  verdict: z.object({ bound: z.enum(['cpu', 'io', 'mixed']), best: mode.nullable(), summary: str(), findings: z.array(z.object({ kind: str(), severity: z.enum(['info', 'warning', 'problem']), message: str(), data: z.record(z.string(), z.union([num(1e15, -1e15), str(), z.boolean()])).optional() })).max(1000) }),
  warnings: z.array(warning).max(10_000), moduleLoadOutput: consoleCap.optional(), bundle: z.object({ ms: num(), cached: z.boolean(), bytes: int(1e15) }).optional(),
});
export const validate = (value) => { const r = reportSchema.safeParse(value); return r.success ? { ok: true, report: r.data } : { ok: false, errors: r.error.issues.slice(0, 100).map((i) => `${i.path.join('.')} ${i.message}`) }; };

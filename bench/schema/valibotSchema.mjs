// The report's schema in valibot 1: the fields and bounds of src/shared/validate.ts.
import * as v from 'valibot';
const num = (max = 1e9, min = 0) => v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max));
const int = (max = 1e9, min = 0) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const str = () => v.pipe(v.string(), v.maxLength(100_000));
const arr = (item, max) => v.pipe(v.array(item), v.maxLength(max));
const opt = v.optional;
const mode = v.picklist(['sequential', 'async', 'workers', 'processes']);
const spread = v.object({ median: num(), min: num(), max: num(), runs: v.pipe(v.array(num()), v.minLength(1), v.maxLength(10_000)), mean: opt(num()), mad: opt(num()), relativeSpread: opt(num(1e7)), outliers: opt(arr(int(10_000), 10_000)) });
const error = v.object({ name: str(), code: str(), message: str(), stack: opt(str()), file: opt(str()), line: opt(int()), column: opt(int()), task: opt(int(100_000)) });
const consoleCap = v.object({ lines: arr(v.object({ stream: v.picklist(['out', 'err']), text: str(), task: opt(int(100_000)) }), 100_000), droppedLines: int() });
const warning = v.object({ kind: v.picklist(['noisy', 'outliers', 'slow-first-run', 'module-output', 'module-side-effects', 'truncated', 'tiny-tasks', 'timeout', 'other']), message: str(), mode: opt(mode) });
const task = v.object({ index: int(100_000), lane: int(100_000), dispatchMs: opt(num(1e9, -1000)), startMs: num(1e9, -1000), endMs: num(1e9, -1000), cpuMs: opt(num()), waitMs: opt(num()), argBytes: opt(int(1e15)), resultBytes: opt(int(1e15)), failed: opt(v.boolean()) });
const cpu = v.object({ intervalMs: num(), t: arr(num(1e9, -1000), 100_000), cores: arr(arr(num(100), 100_000), 1024), process: opt(arr(num(102_400), 100_000)), source: opt(str()) });
const modeResult = v.object({
  mode, status: v.picklist(['completed', 'failed', 'timeout', 'skipped', 'cancelled']), lanes: int(100_000, 1), wallMs: opt(spread), cpuMs: opt(num()),
  coresBusy: opt(num(102_400)), speedup: opt(num(1e7)), speedupCi: opt(v.object({ low: num(1e7), high: num(1e7), level: v.union([v.literal('range'), num(1)]) })),
  efficiency: opt(num(1e7)), startupMs: opt(num()), tasks: opt(arr(task, 100_000)), tasksTotal: opt(int()), cpu: opt(cpu),
  utilisation: opt(v.object({ share: num(1), band: v.picklist(['idle', 'poor', 'ok', 'ideal']) })), transfer: opt(v.object({ argBytes: int(1e15), resultBytes: int(1e15) })),
  error: opt(error), failedTasks: opt(arr(v.object({ index: int(100_000), message: str(), stack: opt(str()), name: opt(str()) }), 100_000)),
  console: opt(consoleCap), warnings: opt(arr(warning, 10_000)),
});
export const reportSchema = v.object({
  schemaVersion: v.literal(1), createdAt: str(), tool: v.object({ name: v.literal('parallelism-profiler'), version: str() }),
  function: v.object({ name: str(), file: str(), line: int(), column: opt(int()), async: v.boolean(), kind: opt(v.picklist(['function', 'variable', 'default', 'static-method', 'instance-method'])), className: opt(str()) }),
  machine: v.object({ cores: int(4096, 1), cpuModel: str(), platform: str(), arch: opt(str()), node: str(), memoryBytes: opt(int(1e15)), electron: opt(str()), hostname: opt(str()) }),
  settings: v.object({ tasks: int(100_000, 1), workers: int(100_000, 1), repeat: int(10_000, 1), warmup: int(10_000), args: str(), modes: arr(mode, 4), timeoutMs: num(), sampleIntervalMs: num(), memoryLimitMb: int(1e15), sweep: v.boolean() }),
  modes: arr(modeResult, 4),
  sweep: opt(arr(v.object({ workers: int(100_000, 1), wallMs: v.union([num(), spread]), speedup: num(1e7), efficiency: num(1e7), karpFlatt: opt(num(1e7, -1e7)) }), 64)),
  sweepFit: opt(v.object({ serialFraction: num(1), maxSpeedup: num(1e7), rmse: num(1e7) })),
  verdict: v.object({ bound: v.picklist(['cpu', 'io', 'mixed']), best: v.nullable(mode), summary: str(), findings: arr(v.object({ kind: str(), severity: v.picklist(['info', 'warning', 'problem']), message: str(), data: opt(v.record(v.string(), v.union([num(1e15, -1e15), str(), v.boolean()]))) }), 1000) }),
  warnings: arr(warning, 10_000), moduleLoadOutput: opt(consoleCap), bundle: opt(v.object({ ms: num(), cached: v.boolean(), bytes: int(1e15) })),
});
export const validate = (value) => { const r = v.safeParse(reportSchema, value); return r.success ? { ok: true, report: r.output } : { ok: false, errors: r.issues.slice(0, 100).map((i) => `${v.getDotPath(i)} ${i.message}`) }; };

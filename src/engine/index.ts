// The engine's one front door: the CLI, the extension and the benchmarks import from here and from
// nowhere else in src/engine (the architecture test enforces it). The pipeline, one folder a stage:
//   locate/     find the function a user means (TypeScript parser, on a worker thread)
//   bundle/     turn the user's file into a module a lane can load, with source maps and a cache
//   arguments/  evaluate the arguments expression into one argument array per task, off-thread
//   lanes/      the worker-thread and child-process pools and the wire protocol to them
//   runtime/    what runs inside a lane (imports only `node:` modules, the wire protocol and itself)
//   modes/      one file per mode: sequential, async, workers, processes, queue (BullMQ on Redis)
//   measure/    the modes measured: warm-ups, interleaved rounds of timed repetitions, the CPU sampler, the machine
//   analyse/    statistics, paired and load-aware speedups, Amdahl, the findings and the verdict
//   output/     the report as a table, CSV and a Chrome trace
//   compare/    two versions of one function: significance from their rounds, refusal of incomparable reports
//   remote/     `parallelism-profiler worker`: compile here, check the module's hash, join a queue run elsewhere
// profile.ts runs the stages in order; options.ts and errors.ts are shared by all of them.
export { profile, isProfileRunning } from './profile';
export type { ProfileHooks, ProgressEvent } from './profile';
export type { LiveEvent } from '../shared/live/events';
export { DEFAULTS, defaultWorkers, resolveOptions, resolveModes } from './options';
export type { ProfileOptions, VersusOptions } from './options';
export * from './errors';
export { findFunction, listFunctions, qualifiedName } from './locate/locate';
export type { LocatedFunction } from './locate/locate';
export { findFunctionOffThread, listFunctionsOffThread, stopLocateService } from './locate/locateService';
export { bundleFunction } from './bundle/bundle';
export type { BundleResult } from './bundle/bundle';
export { proposeArguments } from './arguments/proposeArguments';
export { startMode } from './modes';
export { CpuSampler } from './measure/sampler';
export { machineInfo } from './measure/machine';
export { machineNow, threadCpuMs } from './runtime/clock';
// A saved report's verdict by today's rules (the review set, reports opened later).
export { analysisInputOf, reanalyse } from './analyse/reanalyse';
export { renderCsv, renderTable, renderModeLine, renderTrace, renderPrediction, terminalText, CSV_COLUMNS, renderComparison, renderComparisonMarkdown } from './output';
export { compareReports, regressionsPast, IncomparableError, DEFAULT_ALPHA, DEFAULT_THRESHOLD } from './compare/compareReports';
export type { CompareOptions } from './compare/compareReports';
export { readReportFile } from './compare/reportFile';
export { differences } from './compare/comparability';
export type { TableOptions, TraceEvent } from './output';
// The CLI makes its output folders the same way the engine makes the profile folder.
export { makeFolder } from './measure/profileFolder';
export { urlHasPassword as redisUrlHasPassword } from './lanes/redisAddress';
export { runRemoteWorker } from './remote/remoteWorker';
export type { RemoteWorkerOptions, RemoteWorkerEnd } from './remote/remoteWorker';

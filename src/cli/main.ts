// `parallelism-profiler`: the engine's command-line face, and the project's main job on a
// machine without VS Code. Exit codes: 0 done, 1 the function failed or timed out (or an output
// could not be written), 2 bad input.
import { CompileError, isBadInput, ProfilerError, renderPrediction, renderTable, profile, type LiveEvent } from '../engine';
import { parseCli, USAGE } from './args';
import { prepareOutputs, writeOutputs } from './outputFiles';
import { CliLiveLine } from './liveLine';
import { compareMain } from './compare';
import { workerMain } from './worker';
import { compareWithBaseline, loadBaseline, showVersus } from './baseline';
import type { Report } from '../shared/report/report';

export async function main(argv: string[], io = { out: process.stdout, err: process.stderr }): Promise<number> {
  // Subcommands by their first word; anything else is a FILE to profile.
  if (argv[0] === 'compare') return compareMain(argv.slice(1), io);
  if (argv[0] === 'worker') return workerMain(argv.slice(1), io);
  let request;
  try {
    request = parseCli(argv);
  } catch (err) {
    io.err.write(`parallelism-profiler: ${(err as Error).message}\n`);
    return 2;
  }
  if (request === 'help') {
    io.out.write(USAGE + '\n');
    return 0;
  }
  let baseline: Report | undefined;
  try {
    prepareOutputs(request);
    if (request.baseline) baseline = loadBaseline(request.baseline);
  } catch (err) {
    io.err.write(describeError(err) + '\n');
    return 2;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    io.err.write(interrupts === 1 ? '\nStopping every thread and process…\n' : '\nExiting now.\n');
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  // On a terminal only: a pipe, a file or a CI log gets the table and nothing else.
  const showProgress = !request.quiet && (io.err as NodeJS.WriteStream).isTTY === true && (io.out as NodeJS.WriteStream).isTTY === true;
  const live = showProgress ? new CliLiveLine(io.err, () => (io.err as NodeJS.WriteStream).columns || 120) : undefined;
  try {
    const report = await profile(request.options, {
      signal: controller.signal,
      onProgress: (e) => {
        if (showProgress && !(live?.active && (e.stage === 'mode' || e.stage === 'sweep'))) io.err.write(`\r\x1b[2K${e.message}`);
      },
      ...(live ? { onLive: (e: LiveEvent) => live.onEvent(e) } : {}),
    });
    live?.clear();
    if (showProgress) io.err.write('\r\x1b[2K');
    io.out.write(renderTable(report, { explain: request.explain }) + '\n');
    if (report.prediction) io.out.write(`\n${renderPrediction(report.prediction)}\n`);
    // The comparison goes into the --json report too, so it is written after it is made.
    const against = baseline && request.baseline ? compareWithBaseline(baseline, report, request.baseline, io)
      : request.versus && report.comparison ? showVersus(report.comparison, request.versus, io) : undefined;
    if (against?.comparison) report.comparison = against.comparison;
    const unwritten = writeOutputs(report, request, io.err);
    if (against?.code === 2) return 2;
    // A skipped mode (the queue mode without a Redis) is said in the table, not an error.
    return report.modes.some((m) => m.status !== 'completed' && m.status !== 'skipped') || unwritten > 0 || against?.code === 1 ? 1 : 0;
  } catch (err) {
    live?.clear();
    if (showProgress) io.err.write('\r\x1b[2K');
    io.err.write(describeError(err) + '\n');
    if (err instanceof ProfilerError && err.code === 'CANCELLED') return 130;
    return isBadInput(err) ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function describeError(err: unknown): string {
  if (err instanceof CompileError) return `Compile error:\n${err.message}`;
  // Located errors (function not found, unsupported form) in the compiler's `file:line:column: message`
  // form, so terminals and editors turn the place into a link.
  if (err instanceof ProfilerError && err.location) {
    const { file, line, column } = err.location;
    return `${file}:${line}:${column}: ${err.message}`;
  }
  if (err instanceof ProfilerError) return `parallelism-profiler: ${err.message}`;
  return `parallelism-profiler: unexpected error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

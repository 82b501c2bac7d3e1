// Command-line flags → profile options. Every mistake is a BadOptionError (exit code 2) that
// says what was expected.
import { parseArgs } from 'node:util';
import { BadOptionError, DEFAULT_THRESHOLD, redisUrlHasPassword, type ProfileOptions, type VersusOptions } from '../engine';
import { percentFlag } from './comparePercent';
import type { ModeName } from '../shared/report/report';

export interface CliRequest {
  options: ProfileOptions;
  json?: string;
  csv?: string;
  trace?: string;
  quiet: boolean;
  /** Every finding in full and every warning, instead of the top three reasons. */
  explain: boolean;

  /** --baseline: compare this run with a saved report at the end. */
  baseline?: BaselineRequest;
  /** --versus: what to do with the comparison the engine makes in the same rounds. */
  versus?: { failOnRegression?: number; markdown?: string };
}

export interface BaselineRequest {
  file: string;
  threshold: number;
  failOnRegression?: number;
  allowDifferentMachine: boolean;
  markdown?: string;
}

export const USAGE = `Usage: parallelism-profiler FILE (--function NAME | --line N) [options]
       parallelism-profiler compare BASE.json NEW.json [options]   (compare --help says more)
       parallelism-profiler worker FILE --function NAME --redis URL [--lanes K]   (worker --help)

Runs a TypeScript or JavaScript function as N tasks sequentially, async-interleaved (Promise.all on
one thread), on a pool of K worker threads and on K child processes; measures wall time, CPU and
per-core utilisation; explains the speedup.

Options:
  --function NAME     the function to profile (Class.method for methods)
  --line N            or the function enclosing line N (1-based)
  --tasks N           how many tasks (default 8)
  --args EXPR         JavaScript expression with i (task index) and n (task count) in scope that
                      yields one task's argument array (default "[]"), e.g. "[i * 1000, 50000]"
  --construct EXPR    for an instance method: a JavaScript expression yielding the constructor's
                      argument array; the instance is built once per lane, before timing
  --workers K         threads and processes for the parallel modes (default: logical cores)
  --modes LIST        comma-separated: sequential,async,workers,processes,queue (default: all but
                      queue, which runs BullMQ jobs through Redis and only when named)
  --redis URL         the queue mode's Redis (redis://host:port, rediss://, unix:///path); default
                      PARALLELISM_PROFILER_REDIS_URL, else a private redis-server for the run. No
                      password here: put it in PARALLELISM_PROFILER_REDIS_PASSWORD
  --queue-threads     the queue mode's BullMQ processors on worker threads (default: child processes)
  --remote-workers M  the queue mode waits for M \`parallelism-profiler worker\` commands (other
                      machines, same project and commit) to join before timing; needs --redis
  --remote-wait SECONDS  how long it waits for them (default 60); then the mode fails, naming who
                      joined and who refused
  --repeat R          measured rounds at least (default 3); a round runs each mode once, in an order
                      that rotates, so load from other programs hits every mode alike
  --warmup W          warm-up repetitions per mode (default 1)
  --precision PCT     after R rounds, add rounds until every speedup's interval is within ±PCT%
                      (default 5; 0 runs exactly R rounds)
  --max-time SECONDS  time budget for the rounds (default: about 3× what the first R rounds took)
  --no-interleave     run each mode's repetitions in a row instead of in rounds (for comparison)
  --sweep             also run the workers mode at 1, 2, 4, … K and 2K workers; fit Amdahl's law
                      (and, with --predict and three or more counts, the Universal Scalability Law)
  --chunk C           workers and processes send C consecutive tasks per message (default 1)
  --predict           predict the speedup on 1–64 cores from this run (runs each parallel mode once
                      more on one lane), check it at K, and measure the best chunk sizes; prints the
                      K table and the recommendation; with the queue mode, also the machines
                      what-if (M machines of K lanes on one Redis)
  --network-latency MS  with --predict and the queue mode: the round trip between a worker machine
                      and Redis the machines what-if assumes (default: the one measured here)
  --timeout SECONDS   upper bound on each mode (default 120)
  --interval MS       CPU sampling interval (default 100)
  --memory MB         heap limit per worker thread and child process (default 512)
  --cpu-profile [DIR] record a V8 CPU profile of every lane during one extra repetition per mode
                      (not counted in the timings): hot functions, what slowed down in parallel;
                      writes each lane's .cpuprofile to DIR (default: a new temp folder). A DIR
                      ending in .ts or .js is taken for FILE: write --cpu-profile=DIR then
  --profile-interval MS  the CPU profile's sampling interval (default 1)
  --json PATH         write the report (JSON)
  --csv PATH          write one row per mode and per task (CSV)
  --trace PATH        write a Chrome trace (Perfetto, chrome://tracing, speedscope)
  --explain           every finding in full, by group, and every warning (default: the top three
                      reasons, one line each with its effect, and a short list about the measurement)
  --quiet             no progress or live line on stderr (shown only on a terminal)
  --versus NAME       run another function (NAME in FILE, FILE2#NAME, or NAME with --versus-file
                      FILE2), or @REV the same function as it was at a git revision (@ alone: the
                      last commit; the project's files read from git, the same installed packages),
                      in the same interleaved rounds, each round pairing its repetition with
                      this one's; per mode this function's time ÷ the other's, with an interval and
                      significance, and the change in speedup (default --repeat 8 then)
  --baseline PATH     compare this run with a saved report (--json) at the end, mode by mode, with
                      significance (see compare --help)
  --threshold PCT     with --versus or --baseline: changes smaller than this are not called faster
                      or slower (default 2); --fail-on-regression PCT: exit 1 when a mode got
                      significantly slower by more than PCT; --markdown PATH: the comparison as a
                      markdown table; --allow-different-machine: a baseline from another machine
  -h, --help          this text

Exit codes: 0 done, 1 the function failed or timed out or an output could not be written,
2 bad input (including an output path that cannot be written: checked before anything runs).`;

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliRequest | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: withCpuProfileValue(argv),
      allowPositionals: true,
      strict: true,
      options: {
        function: { type: 'string' },
        line: { type: 'string' },
        tasks: { type: 'string' },
        args: { type: 'string' },
        construct: { type: 'string' },
        workers: { type: 'string' },
        modes: { type: 'string' },
        repeat: { type: 'string' },
        warmup: { type: 'string' },
        precision: { type: 'string' },
        'max-time': { type: 'string' },
        'no-interleave': { type: 'boolean' },
        sweep: { type: 'boolean' },
        chunk: { type: 'string' },
        predict: { type: 'boolean' },
        'network-latency': { type: 'string' },
        timeout: { type: 'string' },
        interval: { type: 'string' },
        memory: { type: 'string' },
        'cpu-profile': { type: 'string' },
        'profile-interval': { type: 'string' },
        json: { type: 'string' },
        csv: { type: 'string' },
        trace: { type: 'string' },
        quiet: { type: 'boolean' },
        explain: { type: 'boolean' },

        baseline: { type: 'string' },
        versus: { type: 'string' },
        'versus-file': { type: 'string' },
        threshold: { type: 'string' },
        'fail-on-regression': { type: 'string' },
        'allow-different-machine': { type: 'boolean' },
        markdown: { type: 'string' },
        redis: { type: 'string' },
        'queue-threads': { type: 'boolean' },
        'remote-workers': { type: 'string' },
        'remote-wait': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new BadOptionError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length !== 1) {
    throw new BadOptionError(`Give exactly one FILE (got ${parsed.positionals.length}).\n\n${USAGE}`);
  }
  if (v.function === undefined && v.line === undefined) throw new BadOptionError(`Say which function: --function NAME or --line N.\n\n${USAGE}`);
  if (v.function !== undefined && v.line !== undefined) throw new BadOptionError('Give --function or --line, not both.');
  const versus = versusOf(v);
  const baseline = versus ? undefined : baselineOf(v);
  const timeout = num('--timeout', v.timeout);
  const precision = percent('--precision', v.precision);
  const maxTime = num('--max-time', v['max-time']);
  return {
    options: {
      file: parsed.positionals[0],
      functionName: v.function,
      line: int('--line', v.line),
      tasks: int('--tasks', v.tasks),
      args: v.args,
      construct: v.construct,
      workers: int('--workers', v.workers),
      modes: v.modes === undefined ? undefined : (v.modes.split(',').map((s) => s.trim()).filter(Boolean) as ModeName[]),
      // Paired rounds reach significance from six (the signed-rank test); eight leave room for a failed one.
      repeat: int('--repeat', v.repeat) ?? (versus ? 8 : undefined),
      ...(versus ? { versus: versus.options } : {}),
      warmup: int('--warmup', v.warmup),
      ...(precision !== undefined ? { precision } : {}),
      ...(maxTime !== undefined ? { maxTimeMs: maxTime * 1000 } : {}),
      ...(v['no-interleave'] ? { interleave: false } : {}),
      sweep: v.sweep === true,
      chunk: int('--chunk', v.chunk),
      predict: v.predict === true,
      ...(v['network-latency'] !== undefined ? { networkLatencyMs: num('--network-latency', v['network-latency']) } : {}),
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      sampleIntervalMs: int('--interval', v.interval),
      memoryLimitMb: int('--memory', v.memory),
      ...(v['cpu-profile'] !== undefined ? { cpuProfile: true, ...(v['cpu-profile'] ? { cpuProfileDir: v['cpu-profile'] } : {}) } : {}),
      ...(v['profile-interval'] !== undefined ? { cpuProfileIntervalMs: num('--profile-interval', v['profile-interval']) } : {}),
      ...queueOptions(v.redis, v['queue-threads'] === true, env, int('--remote-workers', v['remote-workers']), num('--remote-wait', v['remote-wait'])),
    },
    json: v.json,
    csv: v.csv,
    trace: v.trace,
    quiet: v.quiet === true,
    explain: v.explain === true,

    ...(baseline ? { baseline } : {}),
    ...(versus ? { versus: versus.request } : {}),
  };
}

type CompareFlags = { baseline?: string; versus?: string; 'versus-file'?: string; threshold?: string; 'fail-on-regression'?: string; 'allow-different-machine'?: boolean; markdown?: string };

/** --versus NAME, FILE#NAME, or NAME with --versus-file FILE. */
function versusOf(v: CompareFlags): { options: VersusOptions; request: NonNullable<CliRequest['versus']> } | undefined {
  if (v.versus === undefined) {
    if (v['versus-file'] !== undefined) throw new BadOptionError('--versus-file says where the other function is: add --versus NAME.');
    return undefined;
  }
  if (v.baseline !== undefined) throw new BadOptionError('Give --versus or --baseline, not both: one comparison a run.');
  if (v['allow-different-machine']) throw new BadOptionError('--allow-different-machine is for --baseline: --versus runs both versions on this machine.');
  const threshold = percentFlag('--threshold', v.threshold);
  const fail = percentFlag('--fail-on-regression', v['fail-on-regression']);
  const request = { ...(fail !== undefined ? { failOnRegression: fail } : {}), ...(v.markdown !== undefined ? { markdown: v.markdown } : {}) };
  // @REV: the same function as it was at a git revision; a bare @ is the last commit.
  if (v.versus.startsWith('@')) {
    if (v['versus-file'] !== undefined) throw new BadOptionError('--versus @REVISION compares the profiled file with itself at that revision: drop --versus-file.');
    const revision = v.versus.slice(1) || 'HEAD';
    return { options: { functionName: '', revision, ...(threshold !== undefined ? { threshold } : {}) }, request };
  }
  const hash = v.versus.lastIndexOf('#');
  const file = hash > 0 ? v.versus.slice(0, hash) : v['versus-file'];
  const functionName = (hash > 0 ? v.versus.slice(hash + 1) : v.versus).trim();
  if (hash > 0 && v['versus-file'] !== undefined) throw new BadOptionError('Give the other function\'s file once: --versus FILE#NAME or --versus NAME --versus-file FILE.');
  if (functionName === '') throw new BadOptionError(`--versus needs a function name (got ${JSON.stringify(v.versus)}), e.g. --versus oldCountPrimes or --versus old.ts#countPrimes.`);
  return { options: { functionName, ...(file !== undefined ? { file } : {}), ...(threshold !== undefined ? { threshold } : {}) }, request };
}

function baselineOf(v: CompareFlags): BaselineRequest | undefined {
  if (v.baseline === undefined) {
    const stray = (['threshold', 'fail-on-regression', 'allow-different-machine', 'markdown'] as const).filter((k) => v[k] !== undefined);
    if (stray.length > 0) throw new BadOptionError(`--${stray[0]} is for a comparison: add --versus NAME or --baseline BASE.json (or use \`parallelism-profiler compare BASE.json NEW.json\`).`);
    return undefined;
  }
  const fail = percentFlag('--fail-on-regression', v['fail-on-regression']);
  return {
    file: v.baseline,
    threshold: percentFlag('--threshold', v.threshold) ?? DEFAULT_THRESHOLD,
    ...(fail !== undefined ? { failOnRegression: fail } : {}),
    allowDifferentMachine: v['allow-different-machine'] === true,
    ...(v.markdown !== undefined ? { markdown: v.markdown } : {}),
  };
}

/**
 * `--cpu-profile` takes an optional folder: a bare flag gets an empty value unless the next word is a
 * folder (not another flag, not a source file), so `--cpu-profile src/x.ts --function f` still works.
 */
function withCpuProfileValue(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a !== '--cpu-profile') {
      out.push(a);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('-') && !/\.[cm]?[jt]sx?$/i.test(next)) {
      out.push(`--cpu-profile=${next}`);
      i++;
    } else out.push('--cpu-profile=');
  }
  return out;
}

function int(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text.trim())) throw new BadOptionError(`${flag} must be a whole number (got ${JSON.stringify(text)})`);
  return Number(text);
}

/** A percentage as typed ("5", "2.5", "0") → a share (0.05). */
function percent(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text.trim().replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(x) || x < 0 || x > 100) throw new BadOptionError(`${flag} must be a percentage from 0 to 100 (got ${JSON.stringify(text)})`);
  return x / 100;
}

function num(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || x <= 0) throw new BadOptionError(`${flag} must be a positive number (got ${JSON.stringify(text)})`);
  return x;
}

/**
 * The queue mode's Redis: --redis, else PARALLELISM_PROFILER_REDIS_URL; the password only from
 * PARALLELISM_PROFILER_REDIS_PASSWORD or the environment's URL. A command line is visible to every
 * user of the machine (ps) and kept in shell histories, so a password there is refused, unechoed.
 */
function queueOptions(redis: string | undefined, threads: boolean, env: NodeJS.ProcessEnv, remoteWorkers?: number, remoteWaitSeconds?: number): Pick<ProfileOptions, 'queue'> {
  if (redis !== undefined && redisUrlHasPassword(redis)) {
    throw new BadOptionError('--redis must not carry a password (the command line is visible to other users and kept in shell history): give the URL without it and put the password in PARALLELISM_PROFILER_REDIS_PASSWORD, or the whole URL in PARALLELISM_PROFILER_REDIS_URL.');
  }
  const url = redis ?? (env.PARALLELISM_PROFILER_REDIS_URL || undefined);
  const password = env.PARALLELISM_PROFILER_REDIS_PASSWORD || undefined;
  const remote = {
    ...(remoteWorkers ? { remoteWorkers } : {}),
    ...(remoteWaitSeconds !== undefined ? { remoteWaitMs: Math.round(remoteWaitSeconds * 1000) } : {}),
  };
  if (url === undefined && !threads && Object.keys(remote).length === 0) return {};
  return { queue: { ...(url !== undefined ? { redis: { url, ...(password ? { password } : {}) } } : {}), ...(threads ? { threads: true } : {}), ...remote } };
}

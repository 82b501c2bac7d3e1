// Command-line flags → profile options. Every mistake is a BadOptionError (exit code 2) that
// says what was expected.
import { parseArgs } from 'node:util';
import { BadOptionError, redisUrlHasPassword, type ProfileOptions } from '../engine';
import type { ModeName } from '../shared/report/report';

export interface CliRequest {
  options: ProfileOptions;
  json?: string;
  csv?: string;
  trace?: string;
  quiet: boolean;
}

export const USAGE = `Usage: parallelism-profiler FILE (--function NAME | --line N) [options]

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
                      K table and the recommendation
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
  --quiet             no progress or live line on stderr (shown only on a terminal)
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
        timeout: { type: 'string' },
        interval: { type: 'string' },
        memory: { type: 'string' },
        'cpu-profile': { type: 'string' },
        'profile-interval': { type: 'string' },
        json: { type: 'string' },
        csv: { type: 'string' },
        trace: { type: 'string' },
        quiet: { type: 'boolean' },
        redis: { type: 'string' },
        'queue-threads': { type: 'boolean' },
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
      repeat: int('--repeat', v.repeat),
      warmup: int('--warmup', v.warmup),
      ...(precision !== undefined ? { precision } : {}),
      ...(maxTime !== undefined ? { maxTimeMs: maxTime * 1000 } : {}),
      ...(v['no-interleave'] ? { interleave: false } : {}),
      sweep: v.sweep === true,
      chunk: int('--chunk', v.chunk),
      predict: v.predict === true,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      sampleIntervalMs: int('--interval', v.interval),
      memoryLimitMb: int('--memory', v.memory),
      ...(v['cpu-profile'] !== undefined ? { cpuProfile: true, ...(v['cpu-profile'] ? { cpuProfileDir: v['cpu-profile'] } : {}) } : {}),
      ...(v['profile-interval'] !== undefined ? { cpuProfileIntervalMs: num('--profile-interval', v['profile-interval']) } : {}),
      ...queueOptions(v.redis, v['queue-threads'] === true, env),
    },
    json: v.json,
    csv: v.csv,
    trace: v.trace,
    quiet: v.quiet === true,
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
function queueOptions(redis: string | undefined, threads: boolean, env: NodeJS.ProcessEnv): Pick<ProfileOptions, 'queue'> {
  if (redis !== undefined && redisUrlHasPassword(redis)) {
    throw new BadOptionError('--redis must not carry a password (the command line is visible to other users and kept in shell history): give the URL without it and put the password in PARALLELISM_PROFILER_REDIS_PASSWORD, or the whole URL in PARALLELISM_PROFILER_REDIS_URL.');
  }
  const url = redis ?? (env.PARALLELISM_PROFILER_REDIS_URL || undefined);
  const password = env.PARALLELISM_PROFILER_REDIS_PASSWORD || undefined;
  if (url === undefined && !threads) return {};
  return { queue: { ...(url !== undefined ? { redis: { url, ...(password ? { password } : {}) } } : {}), ...(threads ? { threads: true } : {}) } };
}

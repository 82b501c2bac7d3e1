// One test suite's command for test-all.mjs: its output to a log file (or to ours), its exit code,
// the CPU seconds of the whole tree it waited for, and a guard against a suite that never exits.
// Apart from test-all so a test can run the guard (test/unit/runCommand.test.ts).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

let timesFiles = 0;

/**
 * Runs `cmd` under a bash that prints `times` at the end, so the CPU of the whole tree it waited for
 * is known (the two cores are the limit here: a cut in CI time is a cut in CPU). A suite whose
 * reporter wrote its totals (`summaryFile`) but whose process stays alive (a handle a failed test left
 * open: a CI run once hung here for good) is killed, with every descendant, `graceMs` after the totals
 * appeared, and reported `hung`. Resolves to { code, hung, cpuSeconds }.
 */
export function runCommand(cmd, { cwd, env = {}, log, summaryFile, graceMs = 60_000, timesDir }) {
  const timesFile = path.join(timesDir, `.times-${process.pid}-${timesFiles++}`);
  const wrapped = ['bash', '-c', '"$@"; rc=$?; times > "$PP_TIMES_FILE"; exit $rc', 'bash', ...cmd];
  return new Promise((resolve) => {
    const child = spawn(wrapped[0], wrapped.slice(1), { cwd, stdio: ['ignore', log ? 'pipe' : 'inherit', log ? 'pipe' : 'inherit'], env: { ...process.env, ...env, PP_TIMES_FILE: timesFile } });
    let hung = false;
    let summarisedAt = 0;
    const watch = summaryFile ? setInterval(() => {
      if (!summarisedAt && existsSync(summaryFile)) summarisedAt = Date.now();
      if (summarisedAt && Date.now() - summarisedAt > graceMs) {
        clearInterval(watch);
        hung = true;
        killTree(child.pid);
      }
    }, Math.min(1000, Math.max(50, graceMs / 4))) : undefined;
    const done = (code) => {
      if (watch) clearInterval(watch);
      // `times`: the shell's user and system time, then its children's: "0m12.345s 0m1.234s".
      const lines = existsSync(timesFile) ? readFileSync(timesFile, 'utf8').trim().split('\n') : [];
      const cpuSeconds = [...(lines[1] ?? '').matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
      rmSync(timesFile, { force: true });
      resolve({ code: code ?? 1, hung, cpuSeconds });
    };
    if (log) {
      const out = createWriteStream(log);
      child.stdout.pipe(out, { end: false });
      child.stderr.pipe(out, { end: false });
      child.on('close', (code) => out.end(() => done(code)));
    } else child.on('close', done);
    child.on('error', (err) => {
      console.log(`${cmd.join(' ')}: ${err.message}`);
      resolve({ code: 1, hung, cpuSeconds: 0 });
    });
  });
}

/** SIGKILLs a process and every descendant (read from /proc: Linux, as CI is). */
export function killTree(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  const all = [];
  for (const queue = [pid]; queue.length > 0; ) {
    const p = queue.pop();
    all.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  for (const p of all) {
    try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
}

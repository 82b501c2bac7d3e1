// Byte-level parsers for the /proc files the CPU sampler reads every tick. They scan the bytes a
// read(2) left in a reused Buffer and write numbers into reused arrays: no string, no split, no
// object per tick (a cold tick that built strings and arrays cost ~300 µs of CPU on a loaded VM).

/**
 * Linux reports utime/stime in USER_HZ ticks, fixed at 100 for user space on every mainstream
 * architecture whatever the kernel's HZ; reading sysconf(CLK_TCK) would need a child process.
 */
export const USER_HZ = 100;

const SPACE = 32;
const NEWLINE = 10;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Per-core busy and total ticks from /proc/stat's bytes: core c's go to busy[c] and total[c] while c <
 * busy.length. Returns the number of per-core lines ("cpuN …"), or -1 when the bytes ended before the
 * per-core lines did (the buffer was too small). The aggregate "cpu " line is skipped.
 */
export function parseProcStatBytes(b: Uint8Array, n: number, busy: Float64Array, total: Float64Array): number {
  let cores = 0;
  let i = 0;
  while (i < n) {
    const isCpu = i + 3 < n && b[i] === 99 /* c */ && b[i + 1] === 112 /* p */ && b[i + 2] === 117; /* u */
    if (!isCpu && cores > 0) return cores;
    if (isCpu && isDigit(b[i + 3])) {
      i += 3;
      while (i < n && b[i] !== SPACE) i++;
      // user nice system idle iowait irq softirq steal (guest time is already inside user and nice).
      let all = 0;
      let idle = 0;
      for (let f = 0; f < 8; f++) {
        while (i < n && b[i] === SPACE) i++;
        if (i >= n || !isDigit(b[i])) break;
        let v = 0;
        while (i < n && isDigit(b[i])) v = v * 10 + (b[i++] - 48);
        all += v;
        if (f === 3 || f === 4) idle += v;
      }
      if (i >= n && n === b.length) return -1;
      if (cores < busy.length) {
        busy[cores] = all - idle;
        total[cores] = all;
      }
      cores++;
    }
    while (i < n && b[i] !== NEWLINE) i++;
    i++;
  }
  // Ran off the end: complete only if a line other than the cpu ones was never due (tiny test inputs).
  return n < b.length && cores > 0 ? cores : -1;
}

/** utime + stime (USER_HZ ticks) from /proc/<pid>/stat's bytes, or NaN. */
export function parsePidStatTicks(b: Uint8Array, n: number): number {
  // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
  let i = n - 1;
  while (i >= 0 && b[i] !== 41 /* ) */) i--;
  if (i < 0) return NaN;
  i += 2; // ") " — now at field 3 (state)
  // utime and stime are fields 14 and 15: skip fields 3..13.
  for (let skipped = 0; skipped < 11; skipped++) {
    while (i < n && b[i] !== SPACE) i++;
    i++;
  }
  let utime = 0;
  let digits = 0;
  while (i < n && isDigit(b[i])) {
    utime = utime * 10 + (b[i++] - 48);
    digits++;
  }
  if (digits === 0 || b[i] !== SPACE) return NaN;
  i++;
  let stime = 0;
  digits = 0;
  while (i < n && isDigit(b[i])) {
    stime = stime * 10 + (b[i++] - 48);
    digits++;
  }
  return digits > 0 ? utime + stime : NaN;
}

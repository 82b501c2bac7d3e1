// Which process.kill calls a task may make. Node reads the pid loosely (`pid != (pid | 0)`), so
// process.kill(String(process.ppid)) signals the parent: the guard compares the pid as Node will
// use it, not the value it was given. Signal 0 only asks whether a process exists: always allowed.
// Node's process.kill calls process._kill, which a task can also call directly: both are guarded.

export interface KillGuard {
  /** The pids a task must never signal (besides 0 and negative pids: process groups). */
  protectedPids: () => { self?: number; parent: number };
  /** Ends the lane instead of sending the signal; `what` says what the task called. */
  refuse: (what: string, signal: string | number | undefined) => never;
}

/** The pid Node's process.kill would signal, or undefined when Node would refuse the value anyway. */
export function pidAsNodeReadsIt(pid: unknown): number | undefined {
  // eslint-disable-next-line eqeqeq
  return (pid as number) == ((pid as number) | 0) ? (pid as number) | 0 : undefined;
}

/** What the call would hit, in words, or undefined when it may go ahead. */
export function forbiddenTarget(pid: unknown, signal: unknown, own: { self?: number; parent: number }): string | undefined {
  if (signal === 0) return undefined;
  const n = pidAsNodeReadsIt(pid);
  if (n === undefined) return undefined; // Node throws ERR_INVALID_ARG_TYPE itself
  if (own.self !== undefined && n === own.self) return 'process.pid';
  if (n === own.parent) return 'process.ppid';
  // 0 and negative pids signal a process group, which holds this process too.
  if (n <= 0) return String(n);
  return undefined;
}

export function installKillGuard(guard: KillGuard): void {
  const kill = process.kill.bind(process);
  const proc = process as unknown as { _kill?: (pid: number, signal: number) => unknown };
  const rawKill = proc._kill?.bind(process);
  process.kill = ((pid: number, signal?: string | number) => {
    const target = forbiddenTarget(pid, signal, guard.protectedPids());
    if (target !== undefined) return guard.refuse(`called process.kill(${target}${signal === undefined ? '' : `, ${JSON.stringify(signal)}`})`, signal);
    return kill(pid, signal);
  }) as typeof process.kill;
  if (rawKill) {
    proc._kill = (pid: number, signal: number) => {
      const target = forbiddenTarget(pid, signal, guard.protectedPids());
      if (target !== undefined) return guard.refuse(`called process._kill(${target}, ${JSON.stringify(signal)})`, signal);
      return rawKill(pid, signal);
    };
  }
}

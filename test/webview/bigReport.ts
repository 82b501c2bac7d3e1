// A report at the edge of what the validator allows, to prove the panel stays bounded: 10,000
// tasks per parallel mode, 20,000 CPU samples on 16 cores, a long console flood.

export function hugeReport(base: Record<string, unknown>): Record<string, unknown> {
  const report = structuredClone(base) as { modes: Record<string, unknown>[]; machine: { cores: number }; settings: { tasks: number } };
  const tasks = 10_000;
  const samples = 20_000;
  const cores = 16;
  report.machine.cores = cores;
  report.settings.tasks = tasks;
  // Deterministic "randomness" so a failure can be replayed.
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (const mode of report.modes) {
    const lanes = Number(mode.lanes) || 1;
    const duration = 20_000;
    const per = (duration / tasks) * lanes;
    const list = [];
    for (let i = 0; i < tasks; i++) {
      const lane = i % lanes;
      const start = Math.floor(i / lanes) * per;
      list.push({ index: i, lane, startMs: start, endMs: start + per * (0.6 + 0.4 * rand()), failed: i % 997 === 0 || undefined });
    }
    mode.tasks = list;
    mode.tasksTotal = tasks;
    const t = Array.from({ length: samples }, (_, s) => ((s + 1) * duration) / samples);
    mode.cpu = { intervalMs: duration / samples, t, cores: Array.from({ length: cores }, () => t.map(() => Math.round(rand() * 1000) / 10)), source: '/proc/stat' };
    mode.console = { lines: Array.from({ length: 5000 }, (_, i) => ({ stream: i % 7 ? 'out' : 'err', text: `line ${i} `.repeat(20), task: i % tasks })), droppedLines: 100_000 };
  }
  return report as unknown as Record<string, unknown>;
}

// A running profile's progress in words, the same on the CLI's live line, the status bar and the
// panel: the mode, warm-up or repetition r of R, tasks done of N, elapsed time, an estimate of what is left.
import { formatMs, formatNumber, formatSpeedup, formatSpread, modeLabel, statusLabel } from './format';
import type { LiveFinishedMode, LiveSnapshot } from '../live/state';
import type { LiveSpeedup } from '../live/events';

export interface LiveProgress {
  /** "worker threads ×2", "sweep: worker threads ×4". */
  mode: string;
  /** "starting lanes", "warm-up 1 of 1", "repetition 2 of 3". */
  phase: string;
  /** "5 of 8 tasks" (the repetition running now). */
  tasks: string;
  elapsed: string;
  /** "about 12.0 s left" ("at least", "at most" for interleaved rounds), or "" before anything has run to estimate from. */
  left: string;
}

const ETA_WORDS = { about: 'about', 'at-least': 'at least', 'at-most': 'at most' } as const;

export function liveProgress(s: LiveSnapshot): LiveProgress {
  const cur = s.current;
  const rep = cur?.repetition;
  const lanes = cur && (cur.mode === 'workers' || cur.mode === 'processes' || cur.mode === 'queue') ? ` ×${cur.lanes}` : '';
  const mode = cur ? `${cur.sweep ? 'sweep: ' : ''}${modeLabel(cur.mode)}${lanes}` : 'preparing';
  let phase = 'starting lanes';
  if (rep) {
    if (!rep.warmup && rep.of === 0) phase = `round ${rep.index}`; // interleaved: rounds run until the speedups are stable
    else if (rep.wallMs !== undefined && rep.index === rep.of && !rep.warmup) phase = 'closing lanes';
    else if (rep.warmup && rep.of === 0) phase = `warm-up ${rep.index}`; // warm-ups by evidence: until steady
    else phase = `${rep.warmup ? 'warm-up' : 'repetition'} ${rep.index} of ${rep.of}`;
  }
  const tasks = rep ? `${rep.done.toLocaleString('en-US')} of ${s.tasks.toLocaleString('en-US')} tasks${rep.failed ? ` (${rep.failed} failed)` : ''}` : '';
  return {
    mode,
    phase,
    tasks,
    elapsed: `${formatMs(Math.max(0, s.now - s.startedAt))} elapsed`,
    left: s.etaMs !== undefined ? `${ETA_WORDS[s.etaKind ?? 'about']} ${formatMs(s.etaMs)} left` : '',
  };
}

/**
 * One line: "worker threads ×2 · repetition 2 of 3 · 5 of 8 tasks · 3.20 s elapsed · about 12.0 s left",
 * then, once a round has ended, the speedups so far: "· so far, round 2: worker threads ×2 1.93× [1.88–1.99]".
 */
export function liveLine(s: LiveSnapshot): string {
  const p = liveProgress(s);
  return [p.mode, p.phase, p.tasks, p.elapsed, p.left, soFarText(s)].filter(Boolean).join(' · ');
}

/** "so far, round 2: worker threads ×2 1.93× [1.88–1.99], processes ×2 1.85× [1.80–1.90]"; "" before the first round ends. */
export function soFarText(s: LiveSnapshot): string {
  const f = s.soFar;
  if (!f || f.speedups.length === 0) return '';
  return `${soFarLabel(f.round)}: ${f.speedups.map((x) => `${speedupName(x)} ${speedupSoFar(x)}`).join(', ')}`;
}

/** "so far, round 3": every number shown before the report carries it. */
export function soFarLabel(round: number): string {
  return `so far, round ${round}`;
}

export function speedupName(x: LiveSpeedup): string {
  return `${modeLabel(x.mode)}${x.mode === 'workers' || x.mode === 'processes' ? ` ×${x.lanes}` : ''}`;
}

/** "1.93× [1.88–1.99]", or "1.93×" from one round (no interval yet). */
export function speedupSoFar(x: LiveSpeedup): string {
  return `${formatSpeedup(x.speedup)}${x.low !== undefined && x.high !== undefined ? ` [${formatNumber(x.low)}–${formatNumber(x.high)}]` : ''}`;
}

/** A finished mode: "worker threads ×2: median 1.02 s [0.98–1.10], 1.93× sequential". */
export function finishedLine(f: LiveFinishedMode): string {
  const lanes = f.mode === 'workers' || f.mode === 'processes' || f.mode === 'queue' ? ` ×${f.lanes}` : '';
  const name = `${f.sweep ? 'sweep: ' : ''}${modeLabel(f.mode)}${lanes}`;
  if (f.medianMs === undefined) return `${name}: ${statusLabel(f.status)}`;
  const speed = f.speedup !== undefined && f.mode !== 'sequential' ? `, ${formatSpeedup(f.speedup)} sequential` : '';
  return `${name}: median ${formatSpread({ median: f.medianMs, min: f.minMs ?? NaN, max: f.maxMs ?? NaN })}${speed}`;
}

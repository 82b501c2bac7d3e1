// Grain size: which chunk sizes to try, from the simulator, and the advice once the best two have been
// measured side by side with chunk 1. Candidates follow the field's rules: Python's Pool.map
// (N ÷ (4K)), joblib's auto-batching and oneTBB's grain rule (per-chunk work ≥ 100× the dispatch
// cost), and powers of two between. Pure: the measuring is the orchestrator's.
import type { ChunkAdvice } from '../../../shared/report/report';
import { simulate, type ScheduleModel } from './schedule';

/** The simulated curve, and the sizes worth measuring (none when chunks are not predicted to pay). */
export interface ChunkPlan {
  predicted: ChunkAdvice['predicted'];
  toMeasure: number[];
}

/** A predicted gain below this is within what chunking's own costs and the noise would eat. */
const WORTH_MEASURING = 1.1;
/** A measured gain below this is noise: the advice stays one task a message. */
const WORTH_RECOMMENDING = 1.05;
const GRAIN_FACTOR = 100;

/**
 * Central prediction: the engine's measured share of each message queued on its thread; without that
 * measurement (an older report), halfway between dispatch overlapped across lanes and dispatch one
 * message at a time.
 */
export function centralWallMs(m: ScheduleModel): number {
  if (m.engineMs !== undefined) return simulate({ ...m, serialDispatch: false }).wallMs;
  return (simulate({ ...m, serialDispatch: false }).wallMs + simulate({ ...m, serialDispatch: true }).wallMs) / 2;
}

export function chunkPlan(model: Omit<ScheduleModel, 'chunk' | 'serialDispatch'>): ChunkPlan {
  const n = model.taskMs.length;
  const lanes = Math.max(1, model.lanes);
  const most = Math.max(1, Math.ceil(n / lanes));
  const clamp = (c: number) => Math.min(most, Math.max(1, Math.ceil(c)));
  const meanTask = n > 0 ? model.taskMs.reduce((a, b) => a + b, 0) / n * model.slowdown : 0;
  const why = new Map<number, string>();
  why.set(1, 'one task a message');
  for (let c = 2; c < most; c *= 2) why.set(c, 'power of two');
  const name = (c: number, reason: string) => why.set(c, c === 1 ? `${why.get(1)}; also ${reason}` : reason);
  name(clamp(n / (4 * lanes)), `N ÷ (4K), as Python's Pool.map`);
  name(clamp(meanTask > 0 ? (GRAIN_FACTOR * model.perMessageMs) / meanTask : most), `work per chunk ≥ ${GRAIN_FACTOR}× the dispatch cost, as joblib and oneTBB`);
  const predicted = [...why.keys()].sort((a, b) => a - b).map((chunk) => ({ chunk, wallMs: Math.round(centralWallMs({ ...model, chunk }) * 1000) / 1000, why: why.get(chunk) }));
  const one = predicted.find((p) => p.chunk === 1)!.wallMs;
  const ranked = predicted.filter((p) => p.chunk > 1).sort((a, b) => a.wallMs - b.wallMs || a.chunk - b.chunk);
  const pays = ranked.length > 0 && ranked[0].wallMs > 0 && one / ranked[0].wallMs >= WORTH_MEASURING;
  return { predicted, toMeasure: pays ? ranked.slice(0, 2).map((p) => p.chunk) : [] };
}

/** The fastest measured size, recommended only when it beats chunk 1 by more than noise. */
export function adviseChunk(plan: ChunkPlan, measured: { chunk: number; wallMs: number }[]): ChunkAdvice {
  const one = measured.find((m) => m.chunk === 1);
  const best = measured.filter((m) => m.wallMs > 0).reduce<{ chunk: number; wallMs: number } | undefined>((a, m) => (!a || m.wallMs < a.wallMs ? m : a), undefined);
  const gain = one && best && best.wallMs > 0 ? one.wallMs / best.wallMs : undefined;
  const recommended = best && gain !== undefined && gain >= WORTH_RECOMMENDING ? best.chunk : 1;
  return {
    recommended,
    ...(gain !== undefined && recommended > 1 ? { gain } : {}),
    measured: [...measured].sort((a, b) => a.chunk - b.chunk),
    predicted: plan.predicted,
    ...(recommended > 1 ? { snippet: piscinaSnippet(recommended) } : {}),
  };
}

/** How to send chunks with piscina: the worker maps over its chunk, the caller flattens the results. */
export function piscinaSnippet(chunk: number): string {
  return [
    '// worker.js: one message runs a whole chunk',
    'module.exports = (chunk) => chunk.map((args) => yourFunction(...args));',
    '',
    '// main.js',
    `const CHUNK = ${chunk};`,
    'const chunks = [];',
    'for (let i = 0; i < inputs.length; i += CHUNK) chunks.push(inputs.slice(i, i + CHUNK));',
    'const results = (await Promise.all(chunks.map((c) => pool.run(c)))).flat();',
  ].join('\n');
}

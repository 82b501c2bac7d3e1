// The measurements the prediction needs beyond the profile's modes, and the prediction itself: each
// parallel mode once more on one lane (its per-message and per-byte costs, no parallel load; with
// interleaved rounds these ran in the rounds already, beside the modes), then, when
// the simulator says chunks would pay, the workers mode at K lanes with chunk 1 and the two best
// candidate sizes, side by side. None of these runs is timed into the profile's modes.
import type { ChunkAdvice, ModeName, ModeResult, Prediction, SweepPoint } from '../../shared/report/report';
import { formatSpeedup } from '../../shared/wording/format';
import { adviseChunk } from '../analyse/predict/chunkAdvice';
import { predict, PREDICTED_MODES } from '../analyse/predict/predict';
import { measureMode, type MeasureModeOptions } from './measureMode';
import { CoreMover } from './placement';

/** The modes the prediction measures again on one lane: the core-count what-if's, and the queue for the machines what-if. */
export const ONE_LANE_MODES: readonly ModeName[] = [...PREDICTED_MODES, 'queue'];

export type PredictionRunSettings = Omit<MeasureModeOptions, 'mode' | 'lanes' | 'onProgress' | 'chunk'>;

export interface PredictionRequest {
  run: PredictionRunSettings;
  modes: readonly ModeResult[];
  requested: readonly ModeName[];
  tasks: number;
  workers: number;
  sweep?: readonly SweepPoint[];
  networkLatencyMs?: number;
  /** The parallel modes on one lane when already measured (interleaved with the modes' rounds); else measured here. */
  oneLane?: readonly ModeResult[];
  onProgress?: (message: string, mode: ModeName) => void;
}

export async function runPrediction(r: PredictionRequest): Promise<Prediction | undefined> {
  const oneLane: ModeResult[] = [...(r.oneLane ?? [])];
  const missing = ONE_LANE_MODES.filter((mode) => r.requested.includes(mode) && !oneLane.some((m) => m.mode === mode));
  const placer = missing.length > 0 ? CoreMover.start() : undefined;
  try {
    for (const mode of missing) {
      r.onProgress?.(`Prediction: ${mode} on one lane (its dispatch cost)`, mode);
      const { result } = await measureMode({ ...r.run, mode, lanes: 1, placer, onProgress: (m) => r.onProgress?.(`Prediction: ${m} (one lane)`, mode) });
      oneLane.push(result);
    }
  } finally {
    placer?.close();
  }
  const outcome = predict({ modes: r.modes, oneLane, tasks: r.tasks, cores: r.run.cores, workers: r.workers, sweep: r.sweep, ...(r.networkLatencyMs !== undefined ? { networkLatencyMs: r.networkLatencyMs } : {}) });
  if (!outcome) return undefined;
  const plan = outcome.chunkPlan;
  if (!plan) return outcome.prediction;
  const measured: ChunkAdvice['measured'] = [];
  if (plan.toMeasure.length > 0) {
    // Chunk 1 again, beside the candidates: a ratio holds only when both sides ran under the same load.
    for (const chunk of [1, ...plan.toMeasure]) {
      r.onProgress?.(`Prediction: workers with chunks of ${chunk}`, 'workers');
      const { result } = await measureMode({ ...r.run, mode: 'workers', lanes: r.workers, chunk, onProgress: (m) => r.onProgress?.(`Prediction: ${m} (chunks of ${chunk})`, 'workers') });
      if (result.status === 'completed' && result.wallMs) measured.push({ chunk, wallMs: result.wallMs.median });
    }
  } else {
    const workers = r.modes.find((m) => m.mode === 'workers' && m.status === 'completed' && !m.chunk);
    if (workers?.wallMs) measured.push({ chunk: 1, wallMs: workers.wallMs.median });
  }
  const chunk = adviseChunk(plan, measured);
  const findings = [...outcome.prediction.findings];
  if (chunk.recommended > 1 && chunk.gain) {
    findings.push(`Chunks of ${chunk.recommended} tasks a message measured ${formatSpeedup(chunk.gain)} faster than one task a message on ${r.workers} worker threads (side by side): see the piscina snippet.`);
  } else if (plan.toMeasure.length > 0) {
    findings.push(`Chunks of ${plan.toMeasure.join(' and ')} were predicted to pay but did not measure more than 5% faster than one task a message: keep one task a message.`);
  }
  return { ...outcome.prediction, chunk, findings };
}

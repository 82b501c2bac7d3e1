// The `parallelismProfiler.*` settings as engine options. The defaults live in package.json's
// contributes.configuration; the engine checks every value again.
import * as vscode from 'vscode';
import type { ProfileOptions } from '../engine';
import type { ModeName } from '../shared/report/report';

export type RunSettings = Pick<ProfileOptions, 'tasks' | 'workers' | 'modes' | 'repeat' | 'warmup' | 'timeoutMs' | 'sampleIntervalMs' | 'memoryLimitMb' | 'sweep' | 'interleave' | 'precision' | 'maxTimeMs' | 'chunk' | 'predict' | 'networkLatencyMs' | 'cpuProfile' | 'cpuProfileIntervalMs'>;

export function readSettings(scope?: vscode.Uri): RunSettings {
  const c = vscode.workspace.getConfiguration('parallelismProfiler', scope);
  const workers = c.get<number>('workers', 0);
  return {
    tasks: c.get<number>('tasks', 8),
    // 0 means one per logical core; the engine fills that in.
    workers: workers > 0 ? workers : undefined,
    modes: c.get<ModeName[]>('modes'),
    repeat: c.get<number>('repeat', 3),
    warmup: c.get<number>('warmup', 1),
    timeoutMs: c.get<number>('timeoutSeconds', 120) * 1000,
    sampleIntervalMs: c.get<number>('sampleIntervalMs', 100), // DEFAULTS.sampleIntervalMs; package.json declares the same
    memoryLimitMb: c.get<number>('memoryLimitMb', 512),
    sweep: c.get<boolean>('sweep', false),
    cpuProfile: c.get<boolean>('cpuProfile', false),
    cpuProfileIntervalMs: c.get<number>('cpuProfileIntervalMs', 1), // DEFAULTS.cpuProfileIntervalMs
    interleave: c.get<boolean>('interleave', true),
    precision: c.get<number>('precisionPercent', 5) / 100,
    // 0 means "about three times the minimum rounds", the engine's default.
    maxTimeMs: c.get<number>('maxTimeSeconds', 0) * 1000,
    chunk: c.get<number>('chunk', 1),
    predict: c.get<boolean>('predict', false),
    // Unset (null): the machines what-if uses the round trip measured in the run.
    ...(typeof c.get('networkLatencyMs') === 'number' ? { networkLatencyMs: c.get<number>('networkLatencyMs') } : {}),
  };
}

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration('parallelismProfiler').get<boolean>('codeLens', true);
}

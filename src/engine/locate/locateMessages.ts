// Messages between the engine and the locate worker (locateWorker.ts).
import type { ProfilerErrorCode, SourceLocation } from '../errors';
import type { LocatedFunction } from './functionForms';

export type LocateRequest =
  | { id: number; op: 'list'; file: string; source: string }
  | { id: number; op: 'find'; file: string; source: string; by: { name: string } | { line: number } };

export type LocateReply =
  | { id: number; ok: true; value: LocatedFunction | LocatedFunction[] }
  | { id: number; ok: false; error: { name: string; message: string; code?: ProfilerErrorCode; location?: SourceLocation } };

// Earlier reports of each function, kept per workspace (extension storage) so the panel can
// compare a run with a previous one. Newest first; bounded per function.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryEntry } from '../shared/panel/protocol';
import type { Report } from '../shared/report/report';
import { parseReportText } from '../shared/validation/validate';
import { formatSpeedup } from '../shared/wording/format';
import { qualifiedFunctionName } from '../shared/report/functionName';

const KEEP_PER_FUNCTION = 20;
const INDEX = 'index.json';
const ID = /^[0-9a-f]{16}\/[\w-]+\.json$/;

export class ReportHistory {
  constructor(private readonly root: string) {}

  /** `name` qualified (Class.method): A.run and B.run keep separate histories. */
  static keyOf(file: string, name: string): string {
    return crypto.createHash('sha256').update(`${file}#${name}`).digest('hex').slice(0, 16);
  }

  private dir(key: string): string {
    return path.join(this.root, 'history', key);
  }

  save(report: Report): string {
    const key = ReportHistory.keyOf(report.function.file, qualifiedFunctionName(report.function));
    const dir = this.dir(key);
    fs.mkdirSync(dir, { recursive: true });
    const name = `${report.createdAt.replace(/[:.]/g, '-')}.json`;
    const id = `${key}/${name}`;
    fs.writeFileSync(path.join(dir, name), JSON.stringify(report));
    // A small index, so listing earlier runs never reads and validates every report on the
    // extension host's thread.
    const entries = [{ id, createdAt: report.createdAt, label: labelOf(report) }, ...this.readIndex(key).filter((e) => e.id !== id)];
    for (const old of entries.splice(KEEP_PER_FUNCTION)) fs.rmSync(path.join(this.root, 'history', old.id), { force: true });
    fs.writeFileSync(path.join(dir, INDEX), JSON.stringify(entries));
    return id;
  }

  /** Earlier runs of the report's function, newest first, excluding the report itself. */
  list(report: Report): HistoryEntry[] {
    const key = ReportHistory.keyOf(report.function.file, qualifiedFunctionName(report.function));
    return this.readIndex(key).filter((e) => e.createdAt !== report.createdAt);
  }

  private readIndex(key: string): HistoryEntry[] {
    try {
      const raw: unknown = JSON.parse(fs.readFileSync(path.join(this.dir(key), INDEX), 'utf8'));
      if (!Array.isArray(raw)) return [];
      return raw.filter((e): e is HistoryEntry =>
        typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.createdAt === 'string' && typeof e.label === 'string' && ID.test(e.id));
    } catch {
      return [];
    }
  }

  load(id: string): Report | undefined {
    // Ids come back from the panel: accept only the shape this class makes.
    if (!ID.test(id)) return undefined;
    try {
      const parsed = parseReportText(fs.readFileSync(path.join(this.root, 'history', id), 'utf8'));
      return parsed.ok ? parsed.report : undefined;
    } catch {
      return undefined;
    }
  }
}

function labelOf(r: Report): string {
  const best = r.modes.filter((m) => m.speedup !== undefined && m.mode !== 'sequential').sort((a, b) => (b.speedup ?? 0) - (a.speedup ?? 0))[0];
  const when = new Date(r.createdAt).toLocaleString();
  const result = best ? `, ${best.mode} ${formatSpeedup(best.speedup!)}` : '';
  return `${when}: ${r.settings.tasks} tasks × ${r.settings.workers} workers${result}`;
}

// Earlier reports of each function, kept per workspace (extension storage) so the panel can
// compare a run with a previous one. Newest first; bounded per function.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryEntry } from '../shared/protocol';
import type { Report } from '../shared/report';
import { parseReportText } from '../shared/validate';
import { formatSpeedup } from '../shared/format';

const KEEP_PER_FUNCTION = 20;

export class ReportHistory {
  constructor(private readonly root: string) {}

  static keyOf(file: string, name: string): string {
    return crypto.createHash('sha256').update(`${file}#${name}`).digest('hex').slice(0, 16);
  }

  private dir(key: string): string {
    return path.join(this.root, 'history', key);
  }

  save(report: Report): string {
    const key = ReportHistory.keyOf(report.function.file, report.function.name);
    const dir = this.dir(key);
    fs.mkdirSync(dir, { recursive: true });
    const id = `${key}/${report.createdAt.replace(/[:.]/g, '-')}.json`;
    fs.writeFileSync(path.join(this.root, 'history', id), JSON.stringify(report));
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().reverse();
    for (const old of files.slice(KEEP_PER_FUNCTION)) fs.rmSync(path.join(dir, old), { force: true });
    return id;
  }

  /** Earlier runs of the report's function, newest first, excluding the report itself. */
  list(report: Report): HistoryEntry[] {
    const key = ReportHistory.keyOf(report.function.file, report.function.name);
    let files: string[];
    try {
      files = fs.readdirSync(this.dir(key)).filter((f) => f.endsWith('.json')).sort().reverse();
    } catch {
      return [];
    }
    const entries: HistoryEntry[] = [];
    for (const f of files) {
      const id = `${key}/${f}`;
      const r = this.load(id);
      if (!r || r.createdAt === report.createdAt) continue;
      entries.push({ id, createdAt: r.createdAt, label: labelOf(r) });
    }
    return entries;
  }

  load(id: string): Report | undefined {
    // Ids come back from the panel: accept only the shape this class makes.
    if (!/^[0-9a-f]{16}\/[\w-]+\.json$/.test(id)) return undefined;
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

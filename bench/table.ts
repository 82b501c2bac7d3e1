// One row per measured claim, and the table they print as. A row carries its ratio and its floor
// as numbers, so PASS/MISS is computed in one place and the JSON file holds the same verdicts.

export interface Floor {
  /** 'max': the ratio must be at most `value`; 'min': at least; 'info': no floor (reported only). */
  kind: 'max' | 'min' | 'info';
  value?: number;
}

export interface Row {
  /** e.g. "1. Parallel efficiency". */
  name: string;
  /** The measurement in words and units, e.g. "1.93× on 2 workers (N = 8, 201 ms/task)". */
  measured: string;
  /** The number the floor applies to; undefined when the benchmark could not measure it. */
  ratio: number | undefined;
  floor: Floor;
  /** Why a row MISSed or could not be measured, or a caveat worth printing under the table. */
  note?: string;
  /** Yes/no conditions that must all hold too (a verdict that must match); any false one is a MISS. */
  checks?: Check[];
  /** Raw samples and the numbers behind `measured`, for the JSON file. */
  detail?: Record<string, unknown>;
}

export interface Check {
  what: string;
  ok: boolean;
}

export type Outcome = 'PASS' | 'MISS' | 'INFO' | 'ERROR';

export function outcome(row: Row): Outcome {
  if (row.checks?.some((c) => !c.ok)) return 'MISS';
  if (row.floor.kind === 'info' && row.checks && row.checks.length > 0) return 'PASS';
  if (row.ratio === undefined || !Number.isFinite(row.ratio)) return row.floor.kind === 'info' ? 'INFO' : 'ERROR';
  switch (row.floor.kind) {
    case 'info': return 'INFO';
    case 'max': return row.ratio <= (row.floor.value as number) ? 'PASS' : 'MISS';
    case 'min': return row.ratio >= (row.floor.value as number) ? 'PASS' : 'MISS';
  }
}

export function floorText(f: Floor): string {
  if (f.kind === 'info') return '—';
  return `${f.kind === 'max' ? '≤' : '≥'} ${f.value}`;
}

export function ratioText(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return 'n/a';
  const abs = Math.abs(r);
  return abs >= 100 ? r.toFixed(0) : abs >= 0.1 ? r.toFixed(3) : r.toPrecision(2);
}

/** A plain-text table, column widths fitted to the content; notes listed underneath. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['Benchmark', 'Measured', 'Ratio', 'Floor', 'Result'];
  const body = rows.map((r) => [r.name, r.measured, ratioText(r.ratio), floorText(r.floor), outcome(r)]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c])).join(' | ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)];
  const notes = rows.flatMap((r) => {
    const failed = (r.checks ?? []).filter((c) => !c.ok).map((c) => c.what);
    const text = [r.note, failed.length > 0 ? `failed: ${failed.join('; ')}` : undefined].filter(Boolean).join(' ');
    return text ? [`  ${r.name}: ${text}`] : [];
  });
  if (notes.length > 0) out.push('', 'Notes:', ...notes);
  return out.join('\n');
}

/** The same table as Markdown, for bench/README.md. */
export function renderMarkdown(rows: readonly Row[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = ['| Benchmark | Measured | Ratio | Floor | Result |', '|---|---|---|---|---|'];
  for (const r of rows) out.push(`| ${esc(r.name)} | ${esc(r.measured)} | ${ratioText(r.ratio)} | ${floorText(r.floor)} | ${outcome(r)} |`);
  return out.join('\n');
}

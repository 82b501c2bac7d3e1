import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CSV_COLUMNS, renderCsv, renderModeLine, renderTable, renderTrace, terminalText } from '../../src/engine/output';
import type { TraceEvent } from '../../src/engine/output';
import { formatSpread, modeLabel } from '../../src/shared/wording/format';
import type { Report } from '../../src/shared/report/report';
import { validateReport } from '../../src/shared/validation/validate';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reports');

function load(name: string): Report {
  const result = validateReport(JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')));
  if (!result.ok) throw new Error(`fixture ${name} is invalid:\n${result.errors.join('\n')}`);
  return result.report;
}

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records; throws on anything malformed. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted field at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') { i++; continue; }
    if (text.startsWith('\r\n', i)) { rows.push(row); row = []; i += 2; continue; }
    if (i < text.length) throw new Error(`expected a comma or CRLF at ${i}, got ${JSON.stringify(text[i])}`);
  }
  if (row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}

const ALL = ['complete', 'failed', 'hostile'];

describe('renderTable', () => {
  it('shows every mode with its numbers and the verdict', () => {
    const report = load('complete');
    const text = renderTable(report);
    for (const m of report.modes) {
      const row = text.split('\n').find((l) => l.startsWith(modeLabel(m.mode)));
      assert.ok(row, `no row for ${m.mode}`);
      assert.ok(row.includes(formatSpread(m.wallMs)), `${m.mode}: wall time missing in ${row}`);
    }
    assert.match(text, /worker threads .*1\.95× \[1\.88–2\.01\].* ok$/m);
    assert.match(text, /^Verdict: CPU-bound/m);
    // A report from before issue 23 has no groups or ranks: its findings read as reasons, in order; three by default.
    report.verdict.findings.slice(0, 3).forEach((f, i) => assert.ok(text.includes(`  ${i + 1}. ${f.message}`), f.message));
    assert.ok(!text.includes(`4. ${report.verdict.findings[3]?.message}`));
    assert.match(text, /every finding in full: --explain/);
    const explained = renderTable(report, { explain: true });
    for (const f of report.verdict.findings) assert.ok(explained.includes(`• ${f.message}`), f.message);
    assert.match(text, /Amdahl fit: serial fraction 3\.8%/);
    assert.match(explained, /! child processes: The first measured run/);
    assert.doesNotMatch(text, /\x1b/, 'no colour unless asked');
  });

  it('aligns the columns of the mode table', () => {
    const lines = renderTable(load('complete')).split('\n');
    const header = lines.findIndex((l) => l.startsWith('mode '));
    const block = lines.slice(header, header + 5);
    // The status column starts at the same place on every row.
    const at = block.map((l) => [...l].length - [...l.trimEnd().split('  ').pop()!].length);
    assert.equal(new Set(at).size, 1, block.join('\n'));
  });

  it('reports failed modes, failed tasks and timeouts', () => {
    const text = renderTable(load('failed'));
    assert.match(text, /^worker threads +— .* failed$/m);
    assert.match(text, /^child processes +— .* timed out$/m);
    assert.match(text, /sequential: task 3 failed: TypeError: Cannot read properties of undefined/);
    assert.match(text, /at parseRecord \(\/home\/ada\/project\/src\/parse\.ts:41:23\)/);
    assert.match(text, /worker threads failed: Worker thread 2 exited with code 1/);
  });

  it('keeps hostile text from steering the terminal', () => {
    const text = renderTable(load('hostile'), { color: false });
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(text, /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/);
    assert.ok(text.includes('<script>alert(1)</script>'), 'text stays text: the terminal does not run it');
    assert.ok(text.includes('… (') && text.includes('more characters)'), 'long messages are clipped');
    assert.ok(text.split('\n').every((l) => l.length < 700), 'no line carries a 10 kB message');
  });

  it('names a warning\'s mode once', () => {
    const report = load('complete');
    report.warnings = [
      { kind: 'noisy', mode: 'sequential', message: 'sequential: the runs spread 22% around the median' },
      { kind: 'noisy', mode: 'async', message: 'the runs spread 12%' },
    ];
    const text = renderTable(report);
    assert.match(text, /^ {2}! sequential: the runs spread 22%/m);
    assert.match(text, /^ {2}! async-interleaved: the runs spread 12%/m);
  });

  it('colours only when asked', () => {
    const text = renderTable(load('failed'), { color: true });
    assert.match(text, /\x1b\[31mfailed/);
    assert.match(renderModeLine(load('complete').modes[2]), /^worker threads {2}ok {2}212 ms \[210–218\] {2}1\.95× \[1\.88–2\.01\]$/);
  });

  it('strips control characters and clips long text', () => {
    assert.equal(terminalText('a\x1b[2Jb\r\nc\u202Ed'), 'a\uFFFD[2Jb c\uFFFDd');
    assert.equal(terminalText('x'.repeat(20), 5), 'xxxxx… (15 more characters)');
    assert.equal(terminalText('ab🧵cd', 3), 'ab… (4 more characters)');
  });
});

describe('renderCsv', () => {
  for (const name of ALL) {
    it(`parses back with one row per mode, task and sweep point (${name})`, () => {
      const report = load(name);
      const rows = parseCsv(renderCsv(report));
      assert.deepEqual(rows[0], [...CSV_COLUMNS]);
      assert.ok(rows.every((r) => r.length === CSV_COLUMNS.length), 'every record has every column');
      const col = (c: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(c);
      const body = rows.slice(1);
      const kinds = body.map((r) => r[col('kind')]);
      const taskRows = report.modes.reduce((n, m) => {
        const recorded = new Set((m.tasks ?? []).map((t) => t.index));
        return n + recorded.size + (m.failedTasks ?? []).filter((f) => !recorded.has(f.index)).length;
      }, 0);
      assert.equal(kinds.filter((k) => k === 'mode').length, report.modes.length);
      assert.equal(kinds.filter((k) => k === 'task').length, taskRows);
      assert.equal(kinds.filter((k) => k === 'sweep').length, report.sweep?.length ?? 0);
      const first = body.find((r) => r[col('kind')] === 'mode' && r[col('status')] === 'completed');
      const m = report.modes.find((x) => x.mode === first?.[col('mode')]);
      assert.equal(Number(first?.[col('wall_median_ms')]), m?.wallMs?.median);
    });
  }

  it('neutralises formula cells and keeps hostile text intact', () => {
    const rows = parseCsv(renderCsv(load('hostile')));
    const messages = rows.slice(1).map((r) => r[CSV_COLUMNS.indexOf('message')]).filter((m) => m !== '');
    assert.ok(messages.length >= 4);
    for (const cell of rows.flat()) {
      assert.doesNotMatch(cell, /^[=+\-@\t\r]/, `formula cell left live: ${JSON.stringify(cell.slice(0, 40))}`);
    }
    const shown = messages.map((m) => JSON.stringify(m.slice(0, 60))).join('\n');
    assert.ok(messages.includes("'=cmd|' /C calc'!A0 <script>alert(1)</script>"), shown);
    assert.ok(messages.includes('\'+1+1,"quoted, with comma"\r\nsecond line\x1b[31mred\x1b[0m'));
    assert.ok(messages.includes("'\t=1+2"), shown);
    assert.ok(rows.some((r) => r[CSV_COLUMNS.indexOf('error_name')] === '<b>Error</b>'));
  });

  it('leaves negative numbers as numbers', () => {
    const report = load('complete');
    report.modes[0].tasks![0].dispatchMs = -0.25;
    const rows = parseCsv(renderCsv(report));
    assert.equal(rows[2][CSV_COLUMNS.indexOf('dispatch_ms')], '-0.25');
  });
});

describe('renderTrace', () => {
  for (const name of ALL) {
    describe(name, () => {
      const report = load(name);
      const trace = renderTrace(report);
      const events = trace.traceEvents;

      it('gives every event ph, ts, pid, tid and name, in integer microseconds', () => {
        assert.equal(trace.displayTimeUnit, 'ms');
        for (const e of events) {
          assert.ok(['X', 'M', 'C'].includes(e.ph), JSON.stringify(e));
          assert.equal(typeof e.name, 'string');
          assert.ok(Number.isInteger(e.ts) && e.ts >= 0, `ts ${e.ts}`);
          assert.ok(Number.isInteger(e.pid) && Number.isInteger(e.tid));
          if (e.ph === 'X') assert.ok(Number.isInteger(e.dur) && e.dur! >= 1, `dur ${e.dur}`);
          else assert.equal(e.dur, undefined);
        }
      });

      it('has one slice per recorded task, with its numbers', () => {
        const slices = events.filter((e) => e.ph === 'X');
        assert.equal(slices.length, report.modes.reduce((n, m) => n + (m.tasks?.length ?? 0), 0));
        for (const s of slices) {
          assert.match(s.name, /^task \d+$/);
          assert.equal(s.args?.index, Number(s.name.slice(5)));
          assert.equal(typeof s.args?.failed, 'boolean');
        }
        const failedTasks = report.modes.flatMap((m) => (m.tasks ?? []).filter((t) => t.failed)).length;
        assert.equal(slices.filter((s) => s.args?.failed === true).length, failedTasks);
      });

      it('never overlaps slices on one lane, nor modes on the time axis', () => {
        const byTrack = new Map<string, TraceEvent[]>();
        for (const e of events.filter((x) => x.ph === 'X')) {
          const key = `${e.pid}/${e.tid}`;
          byTrack.set(key, [...(byTrack.get(key) ?? []), e]);
        }
        for (const [key, list] of byTrack) {
          list.sort((a, b) => a.ts - b.ts);
          for (let i = 1; i < list.length; i++) {
            assert.ok(list[i].ts >= list[i - 1].ts + list[i - 1].dur!, `overlap on ${key}: ${list[i - 1].name} and ${list[i].name}`);
          }
        }
        const spans = report.modes.map((_, i) => {
          const own = events.filter((e) => e.pid === i + 1 && e.ph !== 'M');
          return own.length === 0 ? undefined : {
            start: Math.min(...own.map((e) => e.ts)), end: Math.max(...own.map((e) => e.ts + (e.dur ?? 0))),
          };
        }).filter((s) => s !== undefined);
        for (let i = 1; i < spans.length; i++) assert.ok(spans[i]!.start > spans[i - 1]!.end, `mode ${i} overlaps the one before`);
      });

      it('names every process and thread it uses', () => {
        const named = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => `${e.pid}/${e.tid}`));
        const processes = new Set(events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => e.pid));
        for (const e of events) {
          assert.ok(processes.has(e.pid), `pid ${e.pid} unnamed`);
          assert.ok(named.has(`${e.pid}/${e.tid}`), `tid ${e.pid}/${e.tid} unnamed`);
        }
        assert.equal(processes.size, report.modes.length);
        const names = events.filter((e) => e.name === 'process_name').map((e) => String(e.args?.name));
        report.modes.forEach((m, i) => assert.ok(names[i].startsWith(modeLabel(m.mode))));
      });

      it('round-trips through JSON', () => {
        assert.deepEqual(JSON.parse(JSON.stringify(trace)), trace);
      });
    });
  }

  it('draws a counter per core for each sampled mode', () => {
    const report = load('complete');
    const counters = renderTrace(report).traceEvents.filter((e) => e.ph === 'C');
    for (const [i, m] of report.modes.entries()) {
      for (let core = 0; core < m.cpu!.cores.length; core++) {
        const track = counters.filter((e) => e.pid === i + 1 && e.name === `cpu ${core}`);
        // One per sample plus the closing zero.
        assert.equal(track.length, m.cpu!.t.length + 1);
        assert.ok(track.every((e) => typeof e.args?.busy === 'number' && e.args.busy >= 0 && e.args.busy <= 100));
      }
    }
  });

  it('renders a mode of 100,000 tasks and 2 × 100,000 samples without overflowing the stack', () => {
    const report = load('complete');
    const m = report.modes[2];
    m.tasks = Array.from({ length: 100_000 }, (_, i) => ({ index: i, lane: i % 2, startMs: Math.floor(i / 2) * 0.05, endMs: Math.floor(i / 2) * 0.05 + 0.04 }));
    const samples = 100_000;
    m.cpu = { intervalMs: 1, t: Array.from({ length: samples }, (_, i) => i + 1), cores: [0, 1].map(() => new Array<number>(samples).fill(75)) };
    assert.ok(validateReport(report).ok);
    const events = renderTrace(report).traceEvents;
    assert.equal(events.filter((e) => e.ph === 'X' && e.pid === 3).length, 100_000);
    assert.equal(events.filter((e) => e.ph === 'C' && e.pid === 3).length, 2 * (samples + 1));
    const rows = renderCsv(report).split('\r\n');
    assert.ok(rows.length > 100_000);
  });

  it('clips overlapping tasks on one lane instead of writing slices that do not nest', () => {
    const report = load('complete');
    const tasks = report.modes[0].tasks!;
    tasks[1].startMs = tasks[0].startMs + 1; // claims to start while task 0 still runs on the same lane
    tasks[2].startMs = tasks[2].endMs = tasks[1].endMs; // zero length
    const slices = renderTrace(report).traceEvents.filter((e) => e.ph === 'X' && e.pid === 1);
    slices.sort((a, b) => a.ts - b.ts);
    for (let i = 1; i < slices.length; i++) assert.ok(slices[i].ts >= slices[i - 1].ts + slices[i - 1].dur!);
    assert.ok(slices.every((s) => s.dur! >= 1));
  });
});

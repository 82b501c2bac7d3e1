// "Compare with…" on the host (src/extension/comparisonResult.ts) and its two protocol messages: the
// engine's compareReports decides, its refusals reach the panel in its words, and each message the
// host builds passes the panel's own parse (messageParse), which refuses malformed ones.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { compareForPanel, CURRENT_LABEL } from '../../src/extension/comparisonResult';
import { parseFromWebview, parseToWebview } from '../../src/shared/panel/messageParse';
import type { ModeName, Report, RoundRecord } from '../../src/shared/report/report';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/reports');
const LANES: Record<ModeName, number> = { sequential: 1, async: 1, workers: 2, processes: 2, queue: 2 };

/** The complete fixture with 10 rounds; `factor` scales a mode's wall times; a fixed ±1.5% wobble keeps ranks untied. */
function reportWith(factor: (mode: ModeName) => number, edit: (r: Report) => void = () => undefined): Report {
  const r = JSON.parse(readFileSync(path.join(FIXTURES, 'complete.json'), 'utf8')) as Report;
  const rounds: RoundRecord[] = [];
  for (let i = 0; i < 10; i++) {
    const order = r.modes.map((m) => m.mode);
    rounds.push({ order, modes: order.map((mode) => ({ mode, wallMs: (1000 / LANES[mode]) * factor(mode) * (1 + 0.003 * ((i * 7) % 11 - 5)) })) });
  }
  r.rounds = { interleaved: true, rounds, stop: { reason: 'fixed', message: 'fixed', precision: 0, elapsedMs: 1 }, headline: 'measured' };
  edit(r);
  return r;
}

describe('Compare with…: the host\'s comparison for the panel', () => {
  it('compares the panel\'s report (B) with the picked one (A) and the panel accepts the message as sent', () => {
    const picked = reportWith(() => 1);
    const current = reportWith((m) => (m === 'workers' ? 1.3 : 1));
    const out = compareForPanel(current, picked, 'base.json');
    assert.equal(out.message.type, 'comparison');
    const c = out.message.type === 'comparison' ? out.message.comparison : assert.fail('no comparison');
    assert.equal(c.base, 'base.json');
    assert.equal(c.versus, 'base.json');
    assert.equal(c.new, CURRENT_LABEL);
    assert.equal(c.paired, false, 'two reports\' rounds are unpaired samples');
    assert.equal(c.outcome, 'regressed');
    const workers = c.modes.find((m) => m.mode === 'workers')!;
    assert.equal(workers.change, 'slower');
    assert.ok(Math.abs(workers.wall!.ratio - 1.3) < 0.02, `workers ratio ${workers.wall!.ratio}`);
    assert.equal(c.modes.find((m) => m.mode === 'sequential')!.change !== 'slower', true);
    // What the host posts is what the panel gets: through JSON (postMessage's clone) and the panel's parse.
    const parsed = parseToWebview(JSON.parse(JSON.stringify(out.message)));
    assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.errors));
    assert.deepEqual(parsed.message, JSON.parse(JSON.stringify(out.message)));
  });

  it('refuses reports of a different run, naming each field that differs, with no way around it', () => {
    const picked = reportWith(() => 1, (r) => { r.settings.tasks = 16; r.settings.args = '[5]'; });
    const out = compareForPanel(reportWith(() => 1), picked, 'other.json');
    assert.equal(out.message.type, 'comparisonRefused');
    const message = out.message.type === 'comparisonRefused' ? out.message.message : '';
    assert.match(message, /^other\.json and this report did not measure the same thing/);
    assert.match(message, /\n {2}tasks: 16 → \d+/);
    assert.match(message, /\n {2}arguments: "\[5\]" → /);
    assert.equal(out.machineOnly, false, 'a different run is never comparable');
    assert.ok(parseToWebview(out.message).ok);
  });

  it('refuses another machine\'s report unless the user compares anyway, then lists the differences', () => {
    const picked = reportWith(() => 1, (r) => { r.machine.cores = r.machine.cores + 2; });
    const current = reportWith(() => 1);
    const out = compareForPanel(current, picked, 'ci.json');
    assert.equal(out.message.type, 'comparisonRefused');
    assert.match(out.message.type === 'comparisonRefused' ? out.message.message : '', /come from different machines[^]*\n {2}cores: \d+ → \d+/);
    assert.equal(out.machineOnly, true);
    const anyway = compareForPanel(current, picked, 'ci.json', true);
    assert.equal(anyway.message.type, 'comparison');
    assert.deepEqual(anyway.message.type === 'comparison' && anyway.message.comparison.machineDifferences, [`cores: ${picked.machine.cores} → ${current.machine.cores}`]);
  });
});

describe('panel protocol: the comparison messages', () => {
  const good = () => {
    const out = compareForPanel(reportWith(() => 1.1), reportWith(() => 1), 'a.json');
    return JSON.parse(JSON.stringify(out.message)) as { type: 'comparison'; comparison: Record<string, unknown> & { modes: Record<string, unknown>[] } };
  };

  it('host to panel: refuses a comparison a handler could not draw, saying where', () => {
    const bad = good();
    (bad.comparison.modes[0].wall as Record<string, unknown>).ratio = 'twice';
    const parsed = parseToWebview(bad);
    assert.equal(parsed.ok, false);
    assert.equal(!parsed.ok && parsed.type, 'comparison');
    assert.match(JSON.stringify(!parsed.ok && parsed.errors), /comparison\.modes\[0\]\.wall\.ratio/);
    assert.equal(parseToWebview({ type: 'comparison' }).ok, false);
    assert.match(JSON.stringify(parseToWebview({ type: 'comparisonRefused', message: '' })), /comparisonRefused\.message must be text/);
    assert.match(JSON.stringify(parseToWebview({ type: 'comparisonRefused', message: 3 })), /comparisonRefused\.message must be text/);
  });

  it('host to panel: keeps only the schema\'s fields of a comparison', () => {
    const extra = good();
    extra.comparison.injected = { deep: true };
    const parsed = parseToWebview(extra);
    assert.ok(parsed.ok && parsed.message.type === 'comparison');
    assert.equal('injected' in (parsed.message as { comparison: object }).comparison, false);
  });

  it('panel to host: the toolbar\'s Compare with… button', () => {
    assert.deepEqual(parseFromWebview({ type: 'compareWith', extra: 1 }), { ok: true, message: { type: 'compareWith' } });
  });
});

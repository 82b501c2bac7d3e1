// Fuzzing the panel (issue 14 item 18): seeded mutations of a real report (type changes, huge and
// deep values, NaN, `__proto__`, missing and extra fields), made inside the page and handed to the
// panel's message listener as the host would. Nothing throws, nothing is left on "Loading…":
// each report is either drawn or refused with its reasons listed.
import * as assert from 'node:assert/strict';
import { mutateReports } from '../support/reportMutations';
import {
  loadFixture, usePanelBrowser,
} from './harness';

const SEED = 1418;

describe('fuzz: mutated reports through the panel (headless Chromium)', function () {
  this.timeout(60_000);
  const panels = usePanelBrowser();

  for (const name of ['complete', 'hostile']) {
    it(`${name}: 50 mutations (seed ${SEED}) are each drawn or refused with reasons, with no page error`, async () => {
      // Injected before the panel's script, through the debugging protocol (the panel's CSP does not apply to it).
      const { page, log } = await panels.open({ initScript: `window.__mutateReports = ${mutateReports.toString()};` });
      try {
        const outcome = await page.evaluate(async ({ base, seed, count }) => {
          // This runs in the page; the Node tsconfig has no DOM types, so the page's globals are reached untyped.
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const g = globalThis as any;
          const { window, document } = g;
          const reports = (g.__mutateReports as (b: unknown, s: number, c: number) => unknown[])(base, seed, count);
          const result = { drawn: 0, refused: 0, unexplained: [] as number[], threw: [] as string[] };
          for (let i = 0; i < reports.length; i++) {
            try {
              // A MessageEvent built here carries the object itself: no clone on the way, as if the host had sent it.
              window.dispatchEvent(new g.MessageEvent('message', { data: { type: 'report', report: reports[i], history: [] } }));
            } catch (err) {
              result.threw.push(`${i}: ${(err as Error).message}`);
              continue;
            }
            await new Promise((r) => g.requestAnimationFrame(() => r(undefined)));
            const status = document.getElementById('pp-status');
            if (status?.classList.contains('pp-banner-error')) {
              const reasons = [...status.querySelectorAll('li')].map((li: { textContent: string | null }) => li.textContent ?? '');
              if (reasons.length > 0 && reasons.every((r) => r.length > 0)) result.refused++;
              else result.unexplained.push(i);
            } else if ((document.getElementById('pp-content')?.childElementCount ?? 0) > 0 && !document.querySelector('.pp-loading')) {
              result.drawn++;
            } else {
              result.unexplained.push(i);
            }
          }
          return result;
        }, { base: loadFixture(`${name}.json`), seed: SEED, count: 50 });
        assert.deepEqual(outcome.threw, [], 'the panel threw');
        assert.deepEqual(outcome.unexplained, [], 'reports neither drawn nor refused with reasons');
        assert.deepEqual(log.errors, [], 'page errors');
        assert.deepEqual(log.dialogs, [], 'dialogs (a script from a report ran)');
        assert.ok(outcome.drawn > 0 && outcome.refused > 0, JSON.stringify(outcome));
      } finally {
        await page.context().close();
      }
    });
  }
});

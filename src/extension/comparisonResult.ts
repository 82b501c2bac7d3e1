// "Compare with…": the panel's report (B, the new one) against a picked one (A, the base), by the
// engine's compareReports, so the panel gives the CLI's `compare BASE NEW` answer and refuses what it
// refuses, in its words. No `vscode` here: the unit tests call it on real reports.
import { compareReports, differences, IncomparableError } from '../engine';
import type { ToWebview } from '../shared/panel/protocol';
import type { Report } from '../shared/report/report';

export type ComparisonMessage = Extract<ToWebview, { type: 'comparison' } | { type: 'comparisonRefused' }>;

export interface ComparisonOutcome {
  message: ComparisonMessage;
  /** Refused only because the machines differ: comparing anyway is the user's call, as --allow-different-machine is the CLI's. */
  machineOnly: boolean;
}

/** What B is called in the view ("B is this run, A …"). */
export const CURRENT_LABEL = 'this report';

export function compareForPanel(current: Report, picked: Report, pickedLabel: string, allowDifferentMachine = false): ComparisonOutcome {
  try {
    const comparison = compareReports(picked, current, { baseLabel: pickedLabel, newLabel: CURRENT_LABEL, allowDifferentMachine });
    return { message: { type: 'comparison', comparison }, machineOnly: false };
  } catch (err) {
    // Only a refusal is the user's to read; anything else is a bug and stays an error.
    if (!(err instanceof IncomparableError)) throw err;
    const diff = differences(picked, current);
    return { message: { type: 'comparisonRefused', message: err.message }, machineOnly: diff.run.length === 0 && diff.machine.length > 0 };
  }
}

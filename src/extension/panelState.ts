// After a window reload VS Code hands back the state the webview saved. A webview's state is
// written by code running in the webview, so it is read like any report from outside: validated,
// and rebuilt from the known fields, or ignored.
import type { Report } from '../shared/report/report';
import { validateReport } from '../shared/validation/validate';

export function reportFromSavedState(state: unknown): Report | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const saved = (state as { report?: unknown }).report;
  if (saved === undefined) return undefined;
  const result = validateReport(saved);
  return result.ok ? result.report : undefined;
}

// The percentages the comparison flags take (--threshold, --fail-on-regression), read one way everywhere.
import { BadOptionError } from '../engine';

/** "5", "2.5%", "0" → 0.05, 0.025, 0. */
export function percentFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().replace(/%$/, '');
  const x = Number(t);
  if (t === '' || !Number.isFinite(x) || x < 0 || x > 1000) throw new BadOptionError(`${flag} must be a percentage from 0 to 1000 (got ${JSON.stringify(text)})`);
  return x / 100;
}

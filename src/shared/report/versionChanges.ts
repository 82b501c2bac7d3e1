// Where each version's time went, side by side: A's and B's functions and code categories of one
// mode matched up, per task, the biggest changes first. The panel draws these (issue 25); the
// numbers are the reports' own, only joined and ordered here.
// No node, no vscode, no DOM: the webview compiles this file too.
import type { CategoryShare, CodeCategory, HotFunction, ProfiledFunction } from './cpuProfile';

/** One function or category in A and in B: self time per task, ms; undefined where that version's profile did not list it. */
export interface VersionChange<T> {
  item: T;
  base?: number;
  new?: number;
  /** B − A, ms per task (a side not listed counts 0). */
  deltaMs: number;
}

/**
 * The same function in two versions: name, category, package and file name agree. The line is left
 * out, since an edit above the function moves it, and the folder, since a revision is read from a
 * checkout of its own.
 */
export function sameAcrossVersions(a: ProfiledFunction, b: ProfiledFunction): boolean {
  return a.name === b.name && a.category === b.category && (a.library ?? '') === (b.library ?? '') && baseName(a.file) === baseName(b.file);
}

function baseName(file: string | undefined): string {
  if (!file) return '';
  if (file.startsWith('node:')) return file;
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] ?? file;
}

function byChange<T>(list: VersionChange<T>[]): VersionChange<T>[] {
  return list.sort((x, y) => Math.abs(y.deltaMs) - Math.abs(x.deltaMs) || Math.max(y.base ?? 0, y.new ?? 0) - Math.max(x.base ?? 0, x.new ?? 0));
}

/** A's and B's functions by self time per task, matched, the largest change (either way) first. */
export function functionChanges(base: readonly HotFunction[], next: readonly HotFunction[]): VersionChange<ProfiledFunction>[] {
  const out: VersionChange<ProfiledFunction>[] = [];
  const used = new Set<number>();
  for (const b of next) {
    const i = base.findIndex((a, k) => !used.has(k) && sameAcrossVersions(a, b));
    if (i >= 0) used.add(i);
    const a = i >= 0 ? base[i] : undefined;
    out.push({ item: b, ...(a ? { base: a.perTaskMs } : {}), new: b.perTaskMs, deltaMs: b.perTaskMs - (a?.perTaskMs ?? 0) });
  }
  base.forEach((a, k) => {
    if (!used.has(k)) out.push({ item: a, base: a.perTaskMs, deltaMs: -a.perTaskMs });
  });
  return byChange(out.filter((c) => (c.base ?? 0) > 0 || (c.new ?? 0) > 0));
}

export interface CategoryKey { category: CodeCategory; library?: string }

/** A's and B's sampled task time by where the code comes from, per task (each profile's time ÷ `tasks`), the largest change first. */
export function categoryChanges(base: readonly CategoryShare[], next: readonly CategoryShare[], tasks: number): VersionChange<CategoryKey>[] {
  const per = (ms: number) => ms / Math.max(1, tasks);
  const key = (c: CategoryShare) => `${c.category}\u0000${c.library ?? ''}`;
  const keys: CategoryShare[] = [];
  for (const c of [...next, ...base]) if (!keys.some((k) => key(k) === key(c))) keys.push(c);
  return byChange(keys.map((k) => {
    const a = base.find((c) => key(c) === key(k));
    const b = next.find((c) => key(c) === key(k));
    const item: CategoryKey = { category: k.category, ...(k.library !== undefined ? { library: k.library } : {}) };
    return { item, ...(a ? { base: per(a.selfMs) } : {}), ...(b ? { new: per(b.selfMs) } : {}), deltaMs: per(b?.selfMs ?? 0) - per(a?.selfMs ?? 0) };
  }));
}

// Links to source locations: stack frames, the profiled function, compile errors. They post
// openLocation; the host decides whether the file is inside the workspace and may be opened.

import { clip, h, type Child } from '../dom';
import { postToHost } from '../vscodeApi';

/** A button that looks like a link and asks the host to open file:line. */
export function locationLink(file: string, line: number, column?: number, label?: string): HTMLButtonElement {
  const text = label ?? `${shortPath(file)}:${line}${column !== undefined ? `:${column}` : ''}`;
  const el = h('button', { type: 'button', class: 'pp-link', title: `Open ${clip(file, 500)} at line ${line}` }, clip(text, 300));
  el.addEventListener('click', () => {
    postToHost(column !== undefined ? { type: 'openLocation', file, line, column } : { type: 'openLocation', file, line });
  });
  return el;
}

function shortPath(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts.length > 3 ? `…/${parts.slice(-3).join('/')}` : file;
}

// "at fn (/abs/file.ts:12:5)", "at /abs/file.ts:12:5", "file:///abs/file.ts:12:5", "C:\\x\\y.ts:3:1".
const FRAME = /((?:file:\/\/)?(?:\/|[A-Za-z]:[\\/])[^\s()'"<>]*?):(\d+)(?::(\d+))?(?=\)|\s|$)/g;

/** A stack trace as text, with every frame that names a file path turned into a link. */
export function stackWithLinks(stack: string, maxLines = 60): HTMLElement {
  const lines = stack.split('\n');
  const kept = lines.slice(0, maxLines);
  const children: Child[] = [];
  kept.forEach((line, i) => {
    const text = clip(line, 1000);
    let last = 0;
    for (const m of text.matchAll(FRAME)) {
      const start = m.index ?? 0;
      const raw = m[1];
      const file = raw.startsWith('file://') ? decodeFileUrl(raw) : raw;
      children.push(text.slice(last, start));
      children.push(locationLink(file, Number(m[2]), m[3] !== undefined ? Number(m[3]) : undefined, m[0]));
      last = start + m[0].length;
    }
    children.push(text.slice(last));
    if (i < kept.length - 1) children.push('\n');
  });
  if (lines.length > kept.length) children.push(`\n… ${lines.length - kept.length} more lines`);
  return h('pre', { class: 'pp-stack' }, children);
}

function decodeFileUrl(url: string): string {
  let path = url.slice('file://'.length);
  try { path = decodeURIComponent(path); } catch { /* keep it as written */ }
  // file:///C:/x → C:/x
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
}

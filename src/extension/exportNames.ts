// File names the panel's exports suggest, and the checks on a chart image the webview sends.
// A function's name and a chart's name come from a report (possibly a crafted file): neither may
// pick the folder, and neither is trusted to be short or plain.

/** Past this the data URL is refused before it is decoded (a chart PNG is a few hundred kB). */
export const MAX_PNG_DATA_URL_CHARS = 30 * 1024 * 1024;

function safeStem(text: string, fallback: string): string {
  const stem = text.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 60).replace(/[.-]+$/, '');
  return stem || fallback;
}

/** `<function>-parallelism.<ext>` with the name made safe to be a file name (no separators, no leading dots). */
export function exportFileName(functionName: string, format: 'json' | 'csv' | 'trace'): string {
  const ext = format === 'json' ? 'json' : format === 'csv' ? 'csv' : 'trace.json';
  return `${safeStem(functionName, 'function')}-parallelism.${ext}`;
}

/** A chart's PNG name: safe, ending in one `.png` whether or not the panel already added it. */
export function pngFileName(name: string): string {
  return `${safeStem(String(name).replace(/(\.png)+$/i, ''), 'chart')}.png`;
}

/** The PNG's bytes, or why the image was refused (too large, or not a PNG data URL). */
export function pngBytes(dataUrl: unknown): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  if (typeof dataUrl !== 'string') return { ok: false, reason: 'the chart image was not a PNG' };
  if (dataUrl.length > MAX_PNG_DATA_URL_CHARS) {
    return { ok: false, reason: `the chart image is too large (${(dataUrl.length / 1048576).toFixed(0)} MB; the limit is ${MAX_PNG_DATA_URL_CHARS / 1048576} MB)` };
  }
  const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  if (!match) return { ok: false, reason: 'the chart image was not a PNG' };
  return { ok: true, bytes: Buffer.from(match[1], 'base64') };
}

// A source map (v3, as esbuild writes them) decoded once and looked up by generated position, so
// profile frames name the user's `.ts` lines. Small on purpose: only what a frame lookup needs
// (no names, no sourcesContent, no index maps). Pure: the caller reads the files.

export interface SourcePosition {
  source: string;
  /** 0-based, like V8's callFrame lineNumber and columnNumber. */
  line: number;
  column: number;
}

interface RawMap {
  version?: number;
  sources?: unknown;
  sourceRoot?: unknown;
  mappings?: unknown;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) DIGIT[BASE64.charCodeAt(i)] = i;

/** Per generated line, segments as flat runs of [generated column, source index, source line, source column]. */
export class SourceMap {
  private constructor(readonly sources: string[], private readonly lines: Int32Array[]) {}

  /** Undefined when the text is not a v3 map this decoder understands. */
  static parse(text: string): SourceMap | undefined {
    let raw: RawMap;
    try {
      raw = JSON.parse(text) as RawMap;
    } catch {
      return undefined;
    }
    if (raw.version !== 3 || !Array.isArray(raw.sources) || typeof raw.mappings !== 'string') return undefined;
    const root = typeof raw.sourceRoot === 'string' && raw.sourceRoot ? raw.sourceRoot.replace(/\/?$/, '/') : '';
    const sources = raw.sources.map((s) => (typeof s === 'string' ? root + s : ''));
    const lines = decodeMappings(raw.mappings);
    return lines ? new SourceMap(sources, lines) : undefined;
  }

  /** The original position of the last segment at or before (line, column), both 0-based. */
  lookup(line: number, column: number): SourcePosition | undefined {
    const segs = this.lines[line];
    if (!segs || segs.length === 0) return undefined;
    // Binary search on the generated column (segments are in column order within a line).
    let lo = 0;
    let hi = segs.length / 4 - 1;
    let hit = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid * 4] <= column) {
        hit = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (hit < 0) hit = 0; // a frame before the line's first segment: that segment is the nearest
    const at = hit * 4;
    if (segs[at + 1] < 0) return undefined;
    const source = this.sources[segs[at + 1]];
    return source ? { source, line: segs[at + 2], column: segs[at + 3] } : undefined;
  }
}

/** Base64 VLQ, as the v3 spec: 5 bits a digit, continuation in bit 6, sign in the lowest bit. */
function decodeMappings(mappings: string): Int32Array[] | undefined {
  const lines: Int32Array[] = [];
  let source = 0;
  let srcLine = 0;
  let srcCol = 0;
  let name = 0;
  let current: number[] = [];
  let genCol = 0;
  const fields: number[] = [];
  let value = 0;
  let shift = 0;
  const endSegment = (): boolean => {
    if (fields.length === 0) return true;
    if (fields.length !== 1 && fields.length !== 4 && fields.length !== 5) return false;
    genCol += fields[0];
    if (fields.length === 1) {
      current.push(genCol, -1, 0, 0);
    } else {
      source += fields[1];
      srcLine += fields[2];
      srcCol += fields[3];
      if (fields.length === 5) name += fields[4];
      current.push(genCol, source, srcLine, srcCol);
    }
    fields.length = 0;
    return true;
  };
  for (let i = 0; i <= mappings.length; i++) {
    const ch = i < mappings.length ? mappings.charCodeAt(i) : 59; // ';' ends the last line
    if (ch === 44 /* , */ || ch === 59 /* ; */) {
      if (shift !== 0 || !endSegment()) return undefined;
      if (ch === 59) {
        lines.push(sortedSegments(current));
        current = [];
        genCol = 0;
      }
      continue;
    }
    const digit = ch < 128 ? DIGIT[ch] : -1;
    if (digit < 0) return undefined;
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    fields.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
    value = 0;
    shift = 0;
  }
  void name;
  return lines;
}

function sortedSegments(flat: number[]): Int32Array {
  const out = Int32Array.from(flat);
  // esbuild writes each line's segments in column order; sort anyway when a writer did not.
  for (let i = 4; i < out.length; i += 4) {
    if (out[i] < out[i - 4]) return sortFlat(out);
  }
  return out;
}

function sortFlat(a: Int32Array): Int32Array {
  const order = Array.from({ length: a.length / 4 }, (_, i) => i).sort((x, y) => a[x * 4] - a[y * 4]);
  const out = new Int32Array(a.length);
  order.forEach((from, to) => out.set(a.subarray(from * 4, from * 4 + 4), to * 4));
  return out;
}

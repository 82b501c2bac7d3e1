// Names a profile frame the way a user reads it: the user's `.ts` file and line through the source
// map of the script it ran in (found by its sourceMappingURL comment, as Node's --enable-source-maps
// does), and where its code comes from (user, a library, Node, native, GC, the profiler's own lane
// code). Reads each script and map once per run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProfiledFunction } from '../../shared/report/report';
import { specialCategory, type CallFrame } from '../analyse/cpuProfile';
import { SourceMap } from '../analyse/sourceMap';

/** Scripts larger than this are not searched for a map (a generated file of data, say). */
const MAX_SCRIPT_BYTES = 64 * 1024 * 1024;

// The profiler's own code: this build's engine folder (out/src/engine in tsc's layout, dist in
// esbuild's) and piscina, which dispatches tasks inside each worker thread.
const OWN_ROOT = path.basename(__dirname) === 'measure' ? path.resolve(__dirname, '..') : __dirname;

export class FrameResolver {
  private readonly maps = new Map<string, SourceMap | undefined>();

  resolve = (frame: CallFrame): ProfiledFunction => {
    const name = frame.functionName || '(anonymous)';
    const special = specialCategory(frame.functionName);
    if (special) return { name, category: special };
    if (!frame.url) return { name, category: 'native' };
    const line = frame.lineNumber + 1;
    const column = frame.columnNumber + 1;
    if (frame.url.startsWith('node:')) return { name, category: 'node', file: frame.url, line, column };
    const file = scriptPath(frame.url);
    if (!file) return { name, category: 'user', file: frame.url, line, column };
    if (isOwnCode(file)) return { name, category: 'profiler', file, line, column };
    const mapped = this.mapOf(file)?.lookup(frame.lineNumber, frame.columnNumber);
    const source = mapped ? sourcePath(mapped.source, file) : file;
    const library = libraryOf(source);
    return {
      name,
      category: library ? 'library' : 'user',
      ...(library ? { library } : {}),
      file: source,
      line: mapped ? mapped.line + 1 : line,
      column: mapped ? mapped.column + 1 : column,
    };
  };

  /** The frame as it should read in a .cpuprofile opened by a user: their file and line (0-based), as a file URL. */
  mapFrame(frame: CallFrame): CallFrame {
    if (!frame.url || frame.url.startsWith('node:')) return frame;
    const file = scriptPath(frame.url);
    if (!file || isOwnCode(file)) return frame;
    const mapped = this.mapOf(file)?.lookup(frame.lineNumber, frame.columnNumber);
    if (!mapped) return frame;
    return { ...frame, url: pathToFileURL(sourcePath(mapped.source, file)).href, lineNumber: mapped.line, columnNumber: mapped.column };
  }

  private mapOf(file: string): SourceMap | undefined {
    if (this.maps.has(file)) return this.maps.get(file);
    let map: SourceMap | undefined;
    try {
      map = readMapOf(file);
    } catch {
      map = undefined; // no map: the generated position is the best there is
    }
    this.maps.set(file, map);
    return map;
  }
}

function readMapOf(file: string): SourceMap | undefined {
  if (fs.statSync(file).size > MAX_SCRIPT_BYTES) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const m = /\/\/[#@]\s*sourceMappingURL=(\S+)\s*$/.exec(text.slice(-4096));
  const ref = m ? m[1] : undefined;
  if (ref?.startsWith('data:')) {
    const comma = ref.indexOf(',');
    const body = ref.slice(comma + 1);
    return SourceMap.parse(/;base64$/.test(ref.slice(0, comma)) ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body));
  }
  const mapFile = ref ? (ref.startsWith('file:') ? fileURLToPath(ref) : path.resolve(path.dirname(file), decodeURIComponent(ref))) : `${file}.map`;
  if (!fs.existsSync(mapFile)) return undefined;
  return SourceMap.parse(fs.readFileSync(mapFile, 'utf8'));
}

function scriptPath(url: string): string | undefined {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return undefined;
    }
  }
  return path.isAbsolute(url) ? url : undefined;
}

/** A map's source as an absolute path (bundle.ts writes them absolute; other writers may not). */
function sourcePath(source: string, script: string): string {
  if (source.startsWith('file:')) return scriptPath(source) ?? source;
  if (/^[a-z][a-z+.-]*:/i.test(source) && !/^[a-z]:[\\/]/i.test(source)) return source;
  return path.resolve(path.dirname(script), source);
}

function isOwnCode(file: string): boolean {
  return file.startsWith(OWN_ROOT + path.sep) || /[\\/]node_modules[\\/]piscina[\\/]/.test(file);
}

/** The package a file belongs to: the folder after the last node_modules (with its @scope). */
export function libraryOf(file: string): string | undefined {
  const parts = file.split(/[\\/]node_modules[\\/]/);
  if (parts.length < 2) return undefined;
  const rest = parts[parts.length - 1].split(/[\\/]/);
  if (rest.length < 2 || rest[0] === '.cache') return undefined;
  return rest[0].startsWith('@') && rest.length > 2 ? `${rest[0]}/${rest[1]}` : rest[0];
}

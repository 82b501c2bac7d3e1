// Just enough of the ZIP format to read a VSIX: the central directory, stored and deflated
// entries, and the Unix mode each entry carries (so a test sees whether the esbuild binary stays
// executable once VS Code unpacks it). Node has no zip reader, and `unzip` is not everywhere.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly size: number;
  readonly compressedSize: number;
  /** Unix permission bits (e.g. 0o755), or undefined when the archive was not made on Unix. */
  readonly mode: number | undefined;
  read(): Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export function readZip(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error(`${file} is not a zip archive (no end of central directory)`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error(`${file}: bad central directory header at ${at}`);
    const madeOnUnix = zip.readUInt8(at + 5) === 3;
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const external = zip.readUInt32LE(at + 38);
    const localOffset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    entries.push({
      name,
      size,
      compressedSize,
      mode: madeOnUnix ? (external >>> 16) & 0o7777 : undefined,
      read() {
        if (zip.readUInt32LE(localOffset) !== LOCAL_HEADER) throw new Error(`${file}: bad local header for ${name}`);
        const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
        const raw = zip.subarray(start, start + compressedSize);
        if (method === 0) return Buffer.from(raw);
        if (method === 8) return zlib.inflateRawSync(raw);
        throw new Error(`${file}: ${name} uses compression method ${method}`);
      },
    });
  }
  return entries;
}

/** Writes every entry under `dir`, with its Unix mode where the archive has one. */
export function extractZip(file: string, dir: string): void {
  for (const entry of readZip(file)) {
    if (entry.name.endsWith('/')) continue;
    const to = path.resolve(dir, entry.name);
    if (!to.startsWith(path.resolve(dir) + path.sep)) throw new Error(`${file}: ${entry.name} points outside the folder`);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, entry.read());
    if (entry.mode !== undefined && process.platform !== 'win32') fs.chmodSync(to, entry.mode & 0o777);
  }
}

// The structured-clone size of a task's result without serialising it, for the values where that is
// cheap to know: undefined, null, booleans and numbers. v8.serialize costs about 6 µs a call inside a
// lane (a serializer object and a fresh external buffer each time), more than a no-op task, and these
// values are always clonable, so serialising them would buy nothing but the byte count.
import { serialize } from 'node:v8';

/** V8's version header, written before every value. */
const HEADER = serialize(undefined).length - 1;
/** V8's small integers (Smis): 31 bits where pointers are compressed (Electron), 32 bits elsewhere (Node). */
const SMI_BITS = serialize(2 ** 30).length < HEADER + 9 ? 32 : 31;
const SMI_MIN = -(2 ** (SMI_BITS - 1));
const SMI_MAX = 2 ** (SMI_BITS - 1) - 1;

function varintBytes(n: number): number {
  let bytes = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    bytes++;
  }
  return bytes;
}

/**
 * V8's encoding: one tag byte for undefined, null, true and false; a Smi is a tag and a zig-zag varint;
 * any other number a tag and 8 bytes. V8 may keep an integer as a heap number (after arithmetic on
 * doubles), which it writes in the 8-byte form: the count is then low by at most 8 bytes.
 */
function guess(value: unknown): number {
  switch (typeof value) {
    case 'undefined':
    case 'boolean':
      return HEADER + 1;
    case 'number':
      if (Number.isInteger(value) && value >= SMI_MIN && value <= SMI_MAX && !Object.is(value, -0)) {
        const zigzag = value >= 0 ? value * 2 : -value * 2 - 1;
        return HEADER + 1 + varintBytes(zigzag);
      }
      return HEADER + 9;
    case 'object':
      return value === null ? HEADER + 1 : -1;
    default:
      return -1;
  }
}

// Checked against V8 itself when the lane starts: should a V8 release change the format, every value
// is serialised again rather than counted wrong. Literals only: a computed integer may be a heap number.
const SAMPLES: unknown[] = [undefined, null, true, false, 0, 1, -1, 63, 64, -64, -65, 8191, 8192, -8193, 1048576, 1073741823, -1073741824, 2147483647, -2147483648, 0.5, -0, NaN, Infinity, -Infinity, 2147483648, 1e300, -1.5];
const MATCHES = SAMPLES.every((v) => guess(v) === serialize(v).length);

/** The value's serialised size in bytes when it is a primitive sized without serialising; -1 otherwise. */
export function knownCloneSize(value: unknown): number {
  return MATCHES ? guess(value) : -1;
}

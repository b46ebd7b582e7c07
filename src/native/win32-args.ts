/**
 * Argument checks for the Windows layer: the last guard before koffi, which throws on a wrong
 * type and takes a JS Number given for a pointer as an address.
 */

/**
 * A SOCKET as this layer hands them out: 0..INT_MAX, never INVALID_SOCKET. Kernel handles are
 * 32-bit significant on 64-bit Windows (so that 32-bit processes can share them), and the
 * POSIX layer uses the same range, so one check serves both.
 */
export function isSocket(h: unknown): h is number {
  return typeof h === 'number' && Number.isInteger(h) && h >= 0 && h <= 0x7fffffff;
}

export function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff;
}

export function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

/** `len` bytes fit in `buf`. */
export function fits(buf: Uint8Array, len: unknown): len is number {
  return typeof len === 'number' && Number.isInteger(len) && len >= 0 && len <= buf.byteLength;
}

/** Winsock lengths are `int`: a longer buffer is used up to INT_MAX, a partial send or receive. */
export function clampInt(len: number): number {
  return len > 0x7fffffff ? 0x7fffffff : len;
}

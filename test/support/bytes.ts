/** Bytes for tests: text to bytes and back, and the stream pattern that shows a lost byte. */

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** The stream pattern: byte k of a stream is k mod 251, so a lost or repeated byte shows. */
export function pattern(offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (offset + i) % 251;
  return out;
}

/** Index of the first byte of `data` that breaks the pattern from `offset`, or -1. */
export function patternMismatch(data: Uint8Array, offset: number): number {
  for (let i = 0; i < data.length; i++) if (data[i] !== (offset + i) % 251) return i;
  return -1;
}

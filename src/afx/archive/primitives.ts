/**
 * The fixed-size values of MFC's `operator<<` / `operator>>` (afx.inl): little-endian integers
 * and IEEE-754 floats, read and written straight on the buffer with one bounds check each. A
 * writer checks the mode, then the value's C++ range, so a refused value writes nothing.
 */

import { describeValue } from '../../wsa/format.js';
import { CInvalidArgException } from '../exceptions.js';
import type { ArchiveBuffer } from './buffer.js';

/** (UINT)-1, MFC's "none" for schemas and the escape value of counts and string lengths. */
export const UINT_MINUS_1 = 0xffffffff;
export const INT_MAX = 0x7fffffff;
const MAX_U64 = 0xffffffffffffffffn;
const MAX_I64 = 0x7fffffffffffffffn;
const MIN_I64 = -0x8000000000000000n;

export function invalidArg(type: string, value: unknown): never {
  throw new CInvalidArgException(`${type} out of range: ${describeValue(value)}`);
}

// ---------------------------------------------------------------- load

export function loadByte(b: ArchiveBuffer): number {
  const p = b.take(1);
  return b.buf[p]!;
}

export function loadWord(b: ArchiveBuffer): number {
  const p = b.take(2);
  return b.buf[p]! | (b.buf[p + 1]! << 8);
}

export function loadLong(b: ArchiveBuffer): number {
  const p = b.take(4);
  return b.dv.getInt32(p, true);
}

export function loadDWord(b: ArchiveBuffer): number {
  const p = b.take(4);
  return b.dv.getUint32(p, true);
}

export function loadLongLong(b: ArchiveBuffer): bigint {
  const p = b.take(8);
  return b.dv.getBigInt64(p, true);
}

export function loadULongLong(b: ArchiveBuffer): bigint {
  const p = b.take(8);
  return b.dv.getBigUint64(p, true);
}

export function loadFloat(b: ArchiveBuffer): number {
  const p = b.take(4);
  return b.dv.getFloat32(p, true);
}

export function loadDouble(b: ArchiveBuffer): number {
  const p = b.take(8);
  return b.dv.getFloat64(p, true);
}

// ---------------------------------------------------------------- store

export function storeByte(b: ArchiveBuffer, by: number): void {
  if (!b.storeOK) b.requireStoring();
  if (typeof by !== 'number' || (by & 0xff) !== by) invalidArg('BYTE', by);
  // room() first: with m_bDeferFlush it may replace the buffer.
  const p = b.room(1);
  b.buf[p] = by;
}

export function storeWord(b: ArchiveBuffer, w: number): void {
  if (!b.storeOK) b.requireStoring();
  if (typeof w !== 'number' || (w & 0xffff) !== w) invalidArg('WORD', w);
  const p = b.room(2);
  b.buf[p] = w & 0xff;
  b.buf[p + 1] = w >>> 8;
}

export function storeLong(b: ArchiveBuffer, l: number): void {
  if (!b.storeOK) b.requireStoring();
  if (typeof l !== 'number' || (l | 0) !== l) invalidArg('LONG', l);
  const p = b.room(4);
  b.dv.setInt32(p, l, true);
}

export function storeDWord(b: ArchiveBuffer, dw: number): void {
  if (!b.storeOK) b.requireStoring();
  if (typeof dw !== 'number' || dw >>> 0 !== dw) invalidArg('DWORD', dw);
  const p = b.room(4);
  b.dv.setUint32(p, dw, true);
}

/** A bigint, or a safe-integer number (made a bigint); anything else is returned as it is, to be refused. */
function int64(v: bigint | number): unknown {
  return typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v;
}

export function storeLongLong(b: ArchiveBuffer, ll: bigint | number): void {
  if (!b.storeOK) b.requireStoring();
  const v = int64(ll);
  if (typeof v !== 'bigint' || v < MIN_I64 || v > MAX_I64) invalidArg('LONGLONG', ll);
  const p = b.room(8);
  b.dv.setBigInt64(p, v, true);
}

export function storeULongLong(b: ArchiveBuffer, ull: bigint | number): void {
  if (!b.storeOK) b.requireStoring();
  const v = int64(ull);
  if (typeof v !== 'bigint' || v < 0n || v > MAX_U64) invalidArg('ULONGLONG', ull);
  const p = b.room(8);
  b.dv.setBigUint64(p, v, true);
}

export function storeFloat(b: ArchiveBuffer, f: number): void {
  if (!b.storeOK) b.requireStoring();
  if (typeof f !== 'number') invalidArg('float', f);
  const p = b.room(4);
  b.dv.setFloat32(p, f, true);
}

export function storeDouble(b: ArchiveBuffer, d: number): void {
  if (!b.storeOK) b.requireStoring();
  if (typeof d !== 'number') invalidArg('double', d);
  const p = b.room(8);
  b.dv.setFloat64(p, d, true);
}

// The narrower C++ types forward to the unsigned writer of their size, as afx.inl does; their
// own range is checked first, so a refused value writes nothing.

export function storeShort(b: ArchiveBuffer, w: number): void {
  if (typeof w !== 'number' || (w << 16) >> 16 !== w) invalidArg('short', w);
  storeWord(b, w & 0xffff);
}

export function storeChar(b: ArchiveBuffer, ch: number): void {
  if (typeof ch !== 'number' || (ch << 24) >> 24 !== ch) invalidArg('char', ch);
  storeByte(b, ch & 0xff);
}

export function storeWChar(b: ArchiveBuffer, ch: number): void {
  if (typeof ch !== 'number' || (ch & 0xffff) !== ch) invalidArg('wchar_t', ch);
  storeWord(b, ch);
}

export function storeBool(b: ArchiveBuffer, v: boolean): void {
  if (typeof v !== 'boolean') invalidArg('bool', v);
  storeByte(b, v ? 1 : 0);
}

/**
 * MFC's CString codec (`AfxWriteStringLength` / `AfxReadStringLength`, strcore.cpp): a length
 * prefix of 1, 3, 7 or 15 bytes, preceded by the marker `FF FE FF` in the Unicode form, then
 * the characters (UTF-16LE code units, or bytes of the archive's ANSI code page), no
 * terminator.
 */

import { CArchiveException } from '../exceptions.js';
import type { ArchiveBuffer } from './buffer.js';
import type { CodePage } from './codepage.js';
import { INT_MAX, UINT_MINUS_1, invalidArg, loadByte, loadDWord, loadULongLong, loadWord } from './primitives.js';

/** Longest length prefix: marker (3) + FF FFFF FFFFFFFF + QWORD. */
const MAX_PREFIX = 18;
/** Large payloads are read in pieces of this size, so memory follows the data actually present. */
const LARGE_READ_CHUNK = 0x10000;
/** Strings up to this many units are encoded by a JS loop: below it, Buffer#write costs more per call than it saves. */
const SHORT_STRING = 48;
/** Payloads up to this many units are decoded by a JS loop, for the same reason with Buffer#toString (measured: 4x faster at 4 units, even at 8). */
const SHORT_DECODE = 8;

/** The archive's string state: its ANSI code page, and the form of the last CString read. */
export class CStringCodec {
  lastUnicode = false;

  constructor(public codePage: CodePage) {}

  /** The Unicode form: marker, length in UTF-16 code units, the units. */
  storeW(b: ArchiveBuffer, s: string): void {
    if (!b.storeOK) b.requireStoring();
    if (typeof s !== 'string') invalidArg('CString', s);
    const nBytes = s.length * 2;
    putLength(b, s.length, true);
    if (b.cur + nBytes > b.buf.length) {
      b.write(Buffer.from(s, 'utf16le'), nBytes);
      return;
    }
    if (s.length <= SHORT_STRING) {
      const buf = b.buf;
      let p = b.cur;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        buf[p++] = c & 0xff;
        buf[p++] = c >>> 8;
      }
    } else {
      b.buf.write(s, b.cur, 'utf16le');
    }
    b.cur += nBytes;
  }

  /** The ANSI form: length in code-page bytes, the bytes. */
  storeA(b: ArchiveBuffer, s: string): void {
    if (!b.storeOK) b.requireStoring();
    if (typeof s !== 'string') invalidArg('CString', s);
    const cp = this.codePage;
    const nBytes = cp.byteLength(s);
    putLength(b, nBytes, false);
    if (b.cur + nBytes <= b.buf.length) {
      b.cur += cp.write(s, b.buf, b.cur);
    } else {
      const tmp = Buffer.alloc(nBytes);
      cp.write(s, tmp, 0);
      b.write(tmp, nBytes);
    }
  }

  /** Either form; sets lastUnicode. */
  load(b: ArchiveBuffer): string {
    if (!b.loadOK) b.requireLoading();
    // The common short prefixes (one length byte, optionally after the marker) are read in place.
    const buf = b.buf;
    const c = b.cur;
    let len: number;
    let unicode: boolean;
    if (c < b.max && buf[c]! < 0xff) {
      len = buf[c]!;
      unicode = false;
      b.cur = c + 1;
    } else if (b.max - c >= 4 && buf[c + 1] === 0xfe && buf[c + 2] === 0xff && buf[c + 3]! < 0xff) {
      len = buf[c + 3]!;
      unicode = true;
      b.cur = c + 4;
    } else {
      len = this.loadLength(b);
      unicode = this.lastUnicode;
    }
    this.lastUnicode = unicode;
    const nBytes = unicode ? len * 2 : len;
    if (b.max - b.cur < nBytes) {
      if (nBytes > b.buf.length) return this.decode(readLarge(b, nBytes), 0, nBytes, unicode);
      b.fill(nBytes);
    }
    const p = b.cur;
    b.cur = p + nBytes;
    return this.decode(b.buf, p, p + nBytes, unicode);
  }

  /** CStringA: a Unicode payload goes through the code page, as MFC converts it. */
  loadA(b: ArchiveBuffer): string {
    const s = this.load(b);
    if (!this.lastUnicode) return s;
    const cp = this.codePage;
    const tmp = Buffer.alloc(cp.byteLength(s));
    cp.write(s, tmp, 0);
    return cp.decode(tmp, 0, tmp.length);
  }

  /**
   * AfxReadStringLength: the length in characters; sets lastUnicode. The Unicode marker is
   * honoured once; a QWORD length above INT_MAX throws genericException (Win32 MFC).
   */
  private loadLength(b: ArchiveBuffer): number {
    this.lastUnicode = false;
    let by = loadByte(b);
    if (by < 0xff) return by;
    let w = loadWord(b);
    if (w === 0xfffe) {
      this.lastUnicode = true;
      by = loadByte(b);
      if (by < 0xff) return by;
      w = loadWord(b);
    }
    if (w < 0xffff) return w;
    const dw = loadDWord(b);
    if (dw < UINT_MINUS_1) return dw;
    const qw = loadULongLong(b);
    if (qw > BigInt(INT_MAX)) b.fail(CArchiveException.genericException, 'string length above INT_MAX');
    return Number(qw);
  }

  private decode(buf: Buffer, start: number, end: number, unicode: boolean): string {
    if (!unicode) return this.codePage.decode(buf, start, end);
    if (end - start > SHORT_DECODE * 2) return buf.toString('utf16le', start, end);
    let s = '';
    for (let i = start; i < end; i += 2) s += String.fromCharCode(buf[i]! | (buf[i + 1]! << 8));
    return s;
  }
}

/** Writes MFC's length prefix at cur, making room for the longest one first. */
function putLength(b: ArchiveBuffer, nLength: number, bUnicode: boolean): void {
  if (b.cur + MAX_PREFIX > b.buf.length) b.makeRoom(MAX_PREFIX);
  const buf = b.buf;
  const dv = b.dv;
  let p = b.cur;
  if (bUnicode) {
    buf[p] = 0xff;
    buf[p + 1] = 0xfe;
    buf[p + 2] = 0xff;
    p += 3;
  }
  if (nLength < 0xff) {
    buf[p++] = nLength;
  } else if (nLength < 0xfffe) {
    buf[p] = 0xff;
    dv.setUint16(p + 1, nLength, true);
    p += 3;
  } else if (nLength < UINT_MINUS_1) {
    buf[p] = 0xff;
    dv.setUint16(p + 1, 0xffff, true);
    dv.setUint32(p + 3, nLength, true);
    p += 7;
  } else {
    buf[p] = 0xff;
    dv.setUint16(p + 1, 0xffff, true);
    dv.setUint32(p + 3, UINT_MINUS_1, true);
    dv.setBigUint64(p + 7, BigInt(nLength), true);
    p += 15;
  }
  b.cur = p;
}

/** Reads `nBytes` (more than the buffer holds) piecewise, so a lying prefix costs little. */
function readLarge(b: ArchiveBuffer, nBytes: number): Buffer {
  if (b.rerun) b.runShort(nBytes - (b.max - b.cur));
  const parts: Buffer[] = [];
  let left = nBytes;
  while (left > 0) {
    const piece = Buffer.alloc(Math.min(left, LARGE_READ_CHUNK));
    if (b.read(piece, piece.length) !== piece.length) b.fail(CArchiveException.endOfFile);
    parts.push(piece);
    left -= piece.length;
  }
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, nBytes);
}

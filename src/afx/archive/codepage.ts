/**
 * The ANSI code pages a CStringA payload can be written in. MFC converts with the machine's
 * ANSI code page, so the right choice depends on the peer; windows-1252 (Western Windows) is the
 * default, latin1 (28591) keeps every byte 0..255 as the same code unit, and utf-8 (65001) suits
 * peers that set CP_UTF8. Characters a single-byte page cannot hold are written as '?', as
 * WideCharToMultiByte does with its default character (no "best fit" guessing).
 */

import { CInvalidArgException } from '../exceptions.js';

/**
 * An ANSI code page for CStringA payloads and ANSI text lines (MFC converts with the machine's
 * ANSI code page, `CP_ACP`). Get one with {@link resolveCodePage}; give it to an archive with
 * `CArchive.SetCodePage`, or to new archives with {@link setDefaultCodePage}.
 */
export interface CodePage {
  /** The Windows code page number: 1252, 28591 or 65001 for the built-in pages. */
  readonly id: number;
  /** The page's name: `'windows-1252'`, `'latin1'` or `'utf-8'` for the built-in pages. */
  readonly name: string;
  /** Bytes `s` takes in this page (= the CStringA length MFC writes). */
  byteLength(s: string): number;
  /**
   * Encodes `s` at `off`; the caller has checked that byteLength(s) bytes fit. A character a
   * single-byte page cannot hold is written as `?`.
   * @returns The bytes written.
   */
  write(s: string, buf: Buffer, off: number): number;
  /**
   * Decodes the bytes `buf[start..end)`.
   * @returns The string.
   */
  decode(buf: Buffer, start: number, end: number): string;
}

// 0x80..0x9F of windows-1252; the five holes (0x81 0x8D 0x8F 0x90 0x9D) map to the same C1
// code point, as both Windows and the WHATWG encoding standard do.
const CP1252_HIGH = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];
const CP1252_REVERSE = new Map<number, number>(CP1252_HIGH.map((u, i) => [u, 0x80 + i]));
/** Characters latin1 cannot hold. */
const LATIN1_UNSAFE = /[\u0100-\uffff]/;

/** A plain loop beats a regex on the short strings archives mostly carry. */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

const QUESTION = 0x3f;
/** Up to this length one JS loop (check + copy) beats a scan followed by Buffer#write. */
const SHORT_STRING = 48;
/** Up to this many bytes a JS loop builds the string faster than Buffer#toString's per-call cost. */
const SHORT_DECODE = 8;

const cp1252: CodePage = {
  id: 1252,
  name: 'windows-1252',
  byteLength: (s) => s.length,
  write(s, buf, off) {
    if (s.length > SHORT_STRING && isAscii(s)) return buf.write(s, off, s.length, 'latin1');
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) buf[off + i] = c;
      else buf[off + i] = CP1252_REVERSE.get(c) ?? QUESTION;
    }
    return s.length;
  },
  decode(buf, start, end) {
    if (end - start <= SHORT_DECODE) {
      let s = '';
      for (let i = start; i < end; i++) {
        const b = buf[i]!;
        s += String.fromCharCode(b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b);
      }
      return s;
    }
    for (let i = start; i < end; i++) {
      const b = buf[i]!;
      if (b >= 0x80 && b < 0xa0) return decodeCp1252Slow(buf, start, end);
    }
    return buf.toString('latin1', start, end);
  },
};

function decodeCp1252Slow(buf: Buffer, start: number, end: number): string {
  const units = new Uint16Array(end - start);
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    units[i - start] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
  }
  return Buffer.from(units.buffer, units.byteOffset, units.byteLength).toString('utf16le');
}

const latin1: CodePage = {
  id: 28591,
  name: 'latin1',
  byteLength: (s) => s.length,
  write(s, buf, off) {
    if (s.length > SHORT_STRING && (isAscii(s) || !LATIN1_UNSAFE.test(s))) return buf.write(s, off, s.length, 'latin1');
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      buf[off + i] = c <= 0xff ? c : QUESTION;
    }
    return s.length;
  },
  decode(buf, start, end) {
    if (end - start > SHORT_DECODE) return buf.toString('latin1', start, end);
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
    return s;
  },
};

const utf8: CodePage = {
  id: 65001,
  name: 'utf-8',
  byteLength: (s) => Buffer.byteLength(s, 'utf8'),
  write: (s, buf, off) => buf.write(s, off, 'utf8'),
  decode: (buf, start, end) => buf.toString('utf8', start, end),
};

const BY_NAME = new Map<string | number, CodePage>([
  [1252, cp1252],
  ['windows-1252', cp1252],
  ['cp1252', cp1252],
  [28591, latin1],
  ['latin1', latin1],
  ['iso-8859-1', latin1],
  [65001, utf8],
  ['utf-8', utf8],
  ['utf8', utf8],
]);

/**
 * Finds a code page by its Windows number or its name (no MFC counterpart).
 *
 * @param cp - 1252 / `'windows-1252'` / `'cp1252'`, 28591 / `'latin1'` / `'iso-8859-1'`,
 *   65001 / `'utf-8'` / `'utf8'` (names in any case), or a {@link CodePage} object, returned as it
 *   is.
 * @returns The page.
 * @throws {CInvalidArgException} for any other number or name, or an object without
 *   `byteLength`, `write` and `decode` functions.
 */
export function resolveCodePage(cp: number | string | CodePage): CodePage {
  if (typeof cp === 'object' && cp !== null) {
    // An object taken on trust would break every archive made afterwards (the default is global).
    const o = cp as Partial<CodePage>;
    if (typeof o.byteLength === 'function' && typeof o.write === 'function' && typeof o.decode === 'function') return cp;
    throw new CInvalidArgException('unsupported code page: an object needs byteLength, write and decode');
  }
  const found = BY_NAME.get(typeof cp === 'string' ? cp.toLowerCase() : cp);
  if (!found) throw new CInvalidArgException(`unsupported code page ${typeof cp === 'number' || typeof cp === 'string' ? cp : typeof cp} (use 1252, 28591 or 65001)`);
  return found;
}

let defaultPage: CodePage = cp1252;

/**
 * The code page new archives start with (no MFC counterpart): windows-1252 unless
 * {@link setDefaultCodePage} changed it.
 *
 * @returns The page.
 */
export function getDefaultCodePage(): CodePage {
  return defaultPage;
}

/**
 * Sets the code page new archives start with (no MFC counterpart); each archive can still
 * `SetCodePage`. Archives already made keep theirs.
 *
 * @param cp - As for {@link resolveCodePage}.
 * @throws {CInvalidArgException} for an unsupported page, as resolveCodePage.
 */
export function setDefaultCodePage(cp: number | string | CodePage): void {
  defaultPage = resolveCodePage(cp);
}

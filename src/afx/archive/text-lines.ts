/**
 * MFC's text lines (`CArchive::WriteString` / `ReadString`, arcstrm.cpp): TCHARs with no length
 * prefix; a line ends at `"\n"`, `"\r\n"` or `"\r"`. ReadString reads in 128-character pieces as
 * MFC does, so an embedded NUL ends a piece's text as it ends MFC's C string.
 */

import { CArchiveException } from '../exceptions.js';
import type { ArchiveBuffer } from './buffer.js';
import type { CodePage } from './codepage.js';
import { invalidArg, loadByte, loadWord } from './primitives.js';

const PIECE = 128;

export function storeText(b: ArchiveBuffer, cp: CodePage, lpsz: string, unicode: boolean): void {
  if (typeof lpsz !== 'string') invalidArg('string', lpsz);
  // MFC's LPCTSTR ends at the first NUL.
  const nul = lpsz.indexOf('\0');
  const s = nul >= 0 ? lpsz.slice(0, nul) : lpsz;
  let bytes: Buffer;
  if (unicode) {
    bytes = Buffer.from(s, 'utf16le');
  } else {
    bytes = Buffer.alloc(cp.byteLength(s));
    cp.write(s, bytes, 0);
  }
  b.write(bytes, bytes.length);
}

/** ReadString(CString&): null where MFC returns FALSE. */
export function loadLine(b: ArchiveBuffer, cp: CodePage, unicode: boolean): string | null {
  const units: number[] = [];
  for (;;) {
    const piece = loadPiece(b, PIECE, true, unicode);
    if (piece === null) return null;
    let n = piece.indexOf(0);
    if (n < 0) n = piece.length;
    for (let i = 0; i < n; i++) units.push(piece[i]!);
    if (n < PIECE || piece[n - 1] === 0x0a) break;
  }
  if (units.length > 0 && units[units.length - 1] === 0x0a) units.pop();
  return decodeUnits(cp, units, unicode);
}

/** ReadString(LPTSTR, UINT nMax): at most nMax characters of one line. */
export function loadLineMax(b: ArchiveBuffer, cp: CodePage, nMax: number, keepNewline: boolean, unicode: boolean): string | null {
  const piece = loadPiece(b, nMax, keepNewline, unicode);
  if (piece === null) return null;
  let n = piece.indexOf(0);
  if (n < 0) n = piece.length;
  return decodeUnits(cp, piece.slice(0, n), unicode);
}

/** Up to nStop TCHARs, to the end of the line; null at end of file before any character. */
function loadPiece(b: ArchiveBuffer, nStop: number, keepNewline: boolean, unicode: boolean): number[] | null {
  const out: number[] = [];
  try {
    while (out.length < nStop) {
      let ch = unicode ? loadWord(b) : loadByte(b);
      if (ch === 0x0a || ch === 0x0d) {
        // After a "\r" the next character is consumed unseen: MFC assumes it is "\n".
        if (ch === 0x0d) ch = unicode ? loadWord(b) : loadByte(b);
        if (keepNewline) out.push(ch);
        break;
      }
      out.push(ch);
    }
  } catch (e) {
    if (!(e instanceof CArchiveException) || e.m_cause !== CArchiveException.endOfFile) throw e;
    if (out.length === 0) return null;
  }
  return out;
}

function decodeUnits(cp: CodePage, units: number[], unicode: boolean): string {
  if (unicode) {
    let s = '';
    for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
    return s;
  }
  const bytes = Buffer.from(units);
  return cp.decode(bytes, 0, bytes.length);
}

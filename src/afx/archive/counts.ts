/**
 * MFC's collection counts (`CArchive::WriteCount` / `ReadCount`): a WORD below 0xFFFF; else
 * `FFFF` + DWORD below 0xFFFFFFFF; else `FFFF` + `FFFFFFFF` + QWORD (Win64 MFC's form).
 */

import { CArchiveException } from '../exceptions.js';
import type { ArchiveBuffer } from './buffer.js';
import { UINT_MINUS_1, invalidArg, loadDWord, loadULongLong, loadWord, storeDWord, storeULongLong, storeWord } from './primitives.js';

export function storeCount(b: ArchiveBuffer, dwCount: number): void {
  if (!Number.isSafeInteger(dwCount) || dwCount < 0) invalidArg('count', dwCount);
  if (dwCount < 0xffff) return storeWord(b, dwCount);
  storeWord(b, 0xffff);
  if (dwCount < UINT_MINUS_1) return storeDWord(b, dwCount);
  storeDWord(b, UINT_MINUS_1);
  storeULongLong(b, BigInt(dwCount));
}

export function loadCount(b: ArchiveBuffer): number {
  const w = loadWord(b);
  if (w !== 0xffff) return w;
  const dw = loadDWord(b);
  if (dw !== UINT_MINUS_1) return dw;
  const qw = loadULongLong(b);
  // A count is a JS number here: above 2^53 it could not be exact.
  if (qw > BigInt(Number.MAX_SAFE_INTEGER)) b.fail(CArchiveException.genericException, 'count too large');
  return Number(qw);
}

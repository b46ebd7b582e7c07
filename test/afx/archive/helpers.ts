import { CArchive } from '../../../src/afx/CArchive.js';
import { CMemFile } from '../../../src/afx/CMemFile.js';

/** Runs `fn` on a storing archive over a CMemFile and returns the bytes it produced. */
export function store(fn: (ar: CArchive) => void, nBufSize = 4096): Buffer {
  const file = new CMemFile();
  const ar = new CArchive(file, CArchive.store, nBufSize);
  fn(ar);
  ar.Close();
  return Buffer.from(file.Detach());
}

/** A loading archive over a copy of `bytes`. */
export function loader(bytes: Uint8Array | string, nBufSize = 4096): CArchive {
  const data = typeof bytes === 'string' ? hex(bytes) : Uint8Array.from(bytes);
  return new CArchive(new CMemFile(data, data.length), CArchive.load, nBufSize);
}

/** "FF FE 01" -> bytes. */
export function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\s+/g, ''), 'hex');
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
}

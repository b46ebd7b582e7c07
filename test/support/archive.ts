/** Archives for tests: store into and load from memory, bytes as hex, and the CHAT message. */
import { CArchive, CMemFile } from '../../src/index.js';
import { CMsg } from '../../examples/chat/msg.js';

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

/** The CHAT samples' message (examples/chat/msg.ts) with its fields set. */
export function makeMsg(text: string, list: string[] = [], close = false): CMsg {
  const m = new CMsg();
  m.m_strText = text;
  m.m_msgList = list;
  m.m_bClose = close;
  return m;
}

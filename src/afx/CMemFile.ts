/**
 * CMemFile: a file in memory that grows as it is written (MFC afx.h / filemem.cpp semantics).
 * Attach hands it a caller's buffer; with nGrowBytes = 0 that buffer is the whole file, readable
 * from the start and never reallocated (writing past it throws CMemoryException, as in MFC).
 */

import { CFile, checkBuffer } from './CFile.js';
import { CFileException, CInvalidArgException, CMemoryException } from './exceptions.js';

export class CMemFile extends CFile {
  private buffer: Uint8Array;
  private nBufferSize: number;
  private nFileSize: number;
  private nPosition = 0;
  private nGrowBytes: number;

  /** `new CMemFile(nGrowBytes = 1024)` or `new CMemFile(lpBuffer, nBufferSize, nGrowBytes = 0)`. */
  constructor(nGrowBytesOrBuffer: number | Uint8Array = 1024, nBufferSize?: number, nGrowBytes = 0) {
    super();
    this.buffer = new Uint8Array(0);
    this.nBufferSize = 0;
    this.nFileSize = 0;
    this.nGrowBytes = 1024;
    if (nGrowBytesOrBuffer instanceof Uint8Array) {
      this.Attach(nGrowBytesOrBuffer, nBufferSize ?? nGrowBytesOrBuffer.byteLength, nGrowBytes);
    } else {
      if (!Number.isInteger(nGrowBytesOrBuffer) || nGrowBytesOrBuffer < 0) throw new CInvalidArgException('CMemFile: nGrowBytes');
      this.nGrowBytes = nGrowBytesOrBuffer;
    }
    this.m_hFile = 0;
  }

  /**
   * Use `lpBuffer` as the file's memory. nGrowBytes = 0: the file is the buffer's first
   * `nBufferSize` bytes and cannot grow. nGrowBytes > 0: the file starts empty and may grow
   * (into a new allocation; the caller's buffer is then no longer used).
   */
  Attach(lpBuffer: Uint8Array, nBufferSize: number, nGrowBytes = 0): void {
    checkBuffer(lpBuffer, nBufferSize, 'CMemFile::Attach');
    if (!Number.isInteger(nGrowBytes) || nGrowBytes < 0) throw new CInvalidArgException('CMemFile::Attach: nGrowBytes');
    this.buffer = lpBuffer;
    this.nBufferSize = nBufferSize;
    this.nGrowBytes = nGrowBytes;
    this.nFileSize = nGrowBytes === 0 ? nBufferSize : 0;
    this.nPosition = 0;
    this.m_hFile = 0;
  }

  /** Gives the memory back to the caller: a view of the file's bytes (length GetLength()). */
  Detach(): Uint8Array {
    const out = this.buffer.subarray(0, this.nFileSize);
    this.buffer = new Uint8Array(0);
    this.nBufferSize = 0;
    this.nFileSize = 0;
    this.nPosition = 0;
    return out;
  }

  /** Copies up to nCount bytes from the current position; returns the count (0 at the end). */
  override Read(lpBuf: Uint8Array, nCount: number): number {
    checkBuffer(lpBuf, nCount, 'CMemFile::Read');
    if (nCount === 0 || this.nPosition >= this.nFileSize) return 0;
    const n = Math.min(nCount, this.nFileSize - this.nPosition);
    lpBuf.set(this.buffer.subarray(this.nPosition, this.nPosition + n));
    this.nPosition += n;
    return n;
  }

  /** Writes nCount bytes at the current position, growing the file by nGrowBytes steps; CMemoryException when it cannot grow. */
  override Write(lpBuf: Uint8Array, nCount: number): void {
    checkBuffer(lpBuf, nCount, 'CMemFile::Write');
    if (nCount === 0) return;
    const end = this.nPosition + nCount;
    if (end > this.nBufferSize) this.GrowFile(end);
    // Writing after a Seek past the end leaves zeros in the gap, as MFC's GrowFile memsets.
    if (this.nPosition > this.nFileSize) this.buffer.fill(0, this.nFileSize, this.nPosition);
    this.buffer.set(lpBuf.subarray(0, nCount), this.nPosition);
    this.nPosition = end;
    if (end > this.nFileSize) this.nFileSize = end;
  }

  /** Moves the position (CFile.begin / current / end); returns the new position. CFileException badSeek before the start. */
  override Seek(lOff: number, nFrom: number): number {
    if (typeof lOff !== 'number') throw new CFileException(CFileException.badSeek, -1, this.m_strFileName);
    const base = nFrom === CFile.begin ? 0 : nFrom === CFile.current ? this.nPosition : nFrom === CFile.end ? this.nFileSize : NaN;
    const pos = base + lOff;
    if (!Number.isSafeInteger(pos) || pos < 0) throw new CFileException(CFileException.badSeek, -1, this.m_strFileName);
    this.nPosition = pos;
    return pos;
  }

  /** The current position. */
  override GetPosition(): number {
    return this.nPosition;
  }

  /** The file's length in bytes. */
  override GetLength(): number {
    return this.nFileSize;
  }

  /** Truncates or extends the file to dwNewLen bytes. */
  override SetLength(dwNewLen: number): void {
    if (!Number.isSafeInteger(dwNewLen) || dwNewLen < 0) throw new CInvalidArgException('CMemFile::SetLength');
    if (dwNewLen > this.nBufferSize) this.GrowFile(dwNewLen);
    if (dwNewLen > this.nFileSize) this.buffer.fill(0, this.nFileSize, dwNewLen);
    if (dwNewLen < this.nPosition) this.nPosition = dwNewLen;
    this.nFileSize = dwNewLen;
  }

  /** Nothing to flush in memory (MFC: no-op). */
  override Flush(): void {}

  /** Frees the memory (or detaches the caller's buffer), as MFC's CMemFile::Close. */
  override Close(): void {
    this.buffer = new Uint8Array(0);
    this.nBufferSize = 0;
    this.nFileSize = 0;
    this.nPosition = 0;
    this.m_hFile = CFile.hFileNull;
  }

  /** Close without throwing. */
  override Abort(): void {
    this.Close();
  }

  /** MFC answers bufferCheck with bufferDirect; the archive here still copies through its own buffer. */
  override GetBufferPtr(nCommand: number, _nCount = 0): number {
    return nCommand === CFile.bufferCheck ? CFile.bufferDirect : 0;
  }

  /**
   * Reallocates to hold `dwNewLen` bytes. MFC grows in steps of nGrowBytes; this grows at least
   * geometrically too, so that a long run of small writes costs linear, not quadratic, copying.
   */
  protected GrowFile(dwNewLen: number): void {
    if (typeof dwNewLen !== 'number') throw new CMemoryException('CMemFile: file length must be a number');
    if (this.nGrowBytes === 0) throw new CMemoryException('CMemFile: buffer is attached with nGrowBytes = 0 and cannot grow');
    let size = Math.ceil(dwNewLen / this.nGrowBytes) * this.nGrowBytes;
    size = Math.max(size, Math.min(this.nBufferSize * 2, 2 ** 31));
    if (!Number.isSafeInteger(size) || size > 2 ** 32) throw new CMemoryException('CMemFile: file too large');
    // Unzeroed is safe: bytes past nFileSize are never read, and gaps are zeroed when written.
    const grown = Buffer.allocUnsafeSlow(size);
    grown.set(this.buffer.subarray(0, this.nFileSize));
    this.buffer = grown;
    this.nBufferSize = size;
  }
}

/**
 * CMemFile: a file in memory that grows as it is written (MFC afx.h / filemem.cpp semantics).
 * Attach hands it a caller's buffer; with nGrowBytes = 0 that buffer is the whole file, readable
 * from the start and never reallocated (writing past it throws CMemoryException, as in MFC).
 */

import { CFile, checkBuffer } from './CFile.js';
import { CFileException, CInvalidArgException, CMemoryException } from './exceptions.js';

/**
 * MFC's `CMemFile`: a file held in memory, growing in steps of nGrowBytes as it is written. It is
 * open from construction (`m_hFile` = 0) until Close, has no path (GetFilePath() is ''), and
 * serves CArchive like any CFile: `new CArchive(new CMemFile(), CArchive.store)`.
 */
export class CMemFile extends CFile {
  private buffer: Uint8Array;
  private nBufferSize: number;
  private nFileSize: number;
  private nPosition = 0;
  private nGrowBytes: number;

  /**
   * MFC's `CMemFile(UINT nGrowBytes = 1024)` and `CMemFile(BYTE* lpBuffer, UINT nBufferSize,
   * UINT nGrowBytes = 0)`: `new CMemFile(nGrowBytes?)` makes an empty file;
   * `new CMemFile(lpBuffer, nBufferSize?, nGrowBytes?)` attaches a caller's buffer (see Attach).
   *
   * @param nGrowBytesOrBuffer - nGrowBytes, the allocation step in bytes (default 1024, as in
   *   MFC), or the caller's buffer.
   * @param nBufferSize - With a buffer: how many of its bytes to use; defaults to its byteLength
   *   (MFC has no default).
   * @param nGrowBytes - With a buffer: the allocation step; default 0 (the file is the buffer and
   *   cannot grow), as in MFC.
   * @throws {@link CInvalidArgException} when nGrowBytes is not an integer ≥ 0, or nBufferSize is
   *   outside the buffer.
   */
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
   * Uses `lpBuffer` as the file's memory (MFC's `CMemFile::Attach(lpBuffer, nBufferSize,
   * nGrowBytes = 0)`); the bytes are not copied, and the position goes to 0. nGrowBytes = 0: the
   * file is the buffer's first `nBufferSize` bytes and cannot grow past them. nGrowBytes > 0: the
   * file starts empty and is written into the buffer until it outgrows nBufferSize; then it moves
   * to a new allocation and the caller's buffer is no longer used. Replaces whatever memory the
   * file had (MFC ASSERTs that there was none), and reopens a closed CMemFile.
   *
   * @param lpBuffer - The memory.
   * @param nBufferSize - How many of its bytes to use; 0..lpBuffer.byteLength.
   * @param nGrowBytes - The allocation step in bytes; default 0, as in MFC.
   * @throws {@link CInvalidArgException} when lpBuffer is not a `Uint8Array`, nBufferSize is
   *   outside it, or nGrowBytes is not an integer ≥ 0.
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

  /**
   * Gives the memory back to the caller (MFC's `CMemFile::Detach`, which returns the buffer
   * pointer and leaves the length to an earlier GetLength()). The file is then empty, still open,
   * and keeps its nGrowBytes. Never throws.
   *
   * @returns A view (not a copy) of the file's bytes, GetLength() long: of the attached buffer,
   *   or of the file's own allocation once it grew.
   */
  Detach(): Uint8Array {
    const out = this.buffer.subarray(0, this.nFileSize);
    this.buffer = new Uint8Array(0);
    this.nBufferSize = 0;
    this.nFileSize = 0;
    this.nPosition = 0;
    return out;
  }

  /**
   * Copies up to nCount bytes from the current position and advances it (MFC's `CMemFile::Read`).
   *
   * @param lpBuf - Where the bytes go, from index 0.
   * @param nCount - How many bytes at most; 0..lpBuf.byteLength.
   * @returns The byte count, fewer than nCount only at the end of the file; 0 at the end (also
   *   after Close).
   * @throws {@link CInvalidArgException} when lpBuf is not a `Uint8Array` or nCount is outside it.
   */
  override Read(lpBuf: Uint8Array, nCount: number): number {
    checkBuffer(lpBuf, nCount, 'CMemFile::Read');
    if (nCount === 0 || this.nPosition >= this.nFileSize) return 0;
    const n = Math.min(nCount, this.nFileSize - this.nPosition);
    lpBuf.set(this.buffer.subarray(this.nPosition, this.nPosition + n));
    this.nPosition += n;
    return n;
  }

  /**
   * Writes nCount bytes at the current position and advances it, growing the file by nGrowBytes
   * steps (MFC's `CMemFile::Write`). After a Seek past the end, the gap is filled with zeros.
   *
   * Errors: {@link CMemoryException} when the file must grow and cannot: a buffer attached with
   * nGrowBytes = 0, or a size above 4 GiB (nothing is written then).
   *
   * @param lpBuf - The bytes, from index 0.
   * @param nCount - How many; 0..lpBuf.byteLength (0 writes nothing).
   * @throws {@link CInvalidArgException} when lpBuf is not a `Uint8Array` or nCount is outside it.
   */
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

  /**
   * Moves the position (MFC's `CMemFile::Seek`). Seeking past the end is allowed; the file grows
   * only when written there.
   *
   * Errors: {@link CFileException} with `badSeek` when lOff is not a number, nFrom is not
   * begin/current/end, or the new position would be negative or not a safe integer (MFC:
   * badSeek before the start).
   *
   * @param lOff - The offset in bytes, may be negative.
   * @param nFrom - `CFile.begin`, `CFile.current` or `CFile.end`.
   * @returns The new position.
   */
  override Seek(lOff: number, nFrom: number): number {
    if (typeof lOff !== 'number') throw new CFileException(CFileException.badSeek, -1, this.m_strFileName);
    const base = nFrom === CFile.begin ? 0 : nFrom === CFile.current ? this.nPosition : nFrom === CFile.end ? this.nFileSize : NaN;
    const pos = base + lOff;
    if (!Number.isSafeInteger(pos) || pos < 0) throw new CFileException(CFileException.badSeek, -1, this.m_strFileName);
    this.nPosition = pos;
    return pos;
  }

  /**
   * The current position (MFC's `CMemFile::GetPosition`); never throws.
   *
   * @returns The position in bytes from the start; 0 after Close.
   */
  override GetPosition(): number {
    return this.nPosition;
  }

  /**
   * The file's length in bytes (MFC's `CFile::GetLength` on a CMemFile); never throws.
   *
   * @returns The length; 0 after Close or Detach.
   */
  override GetLength(): number {
    return this.nFileSize;
  }

  /**
   * Truncates or extends the file to dwNewLen bytes (MFC's `CMemFile::SetLength`); new bytes are
   * zeros. A position past the new end moves to the end, as in MFC.
   *
   * Errors: {@link CMemoryException} when the file must grow and cannot (nGrowBytes = 0, or above
   * 4 GiB).
   *
   * @param dwNewLen - The new length in bytes.
   * @throws {@link CInvalidArgException} when dwNewLen is not a safe integer ≥ 0.
   */
  override SetLength(dwNewLen: number): void {
    if (!Number.isSafeInteger(dwNewLen) || dwNewLen < 0) throw new CInvalidArgException('CMemFile::SetLength');
    if (dwNewLen > this.nBufferSize) this.GrowFile(dwNewLen);
    if (dwNewLen > this.nFileSize) this.buffer.fill(0, this.nFileSize, dwNewLen);
    if (dwNewLen < this.nPosition) this.nPosition = dwNewLen;
    this.nFileSize = dwNewLen;
  }

  /** Nothing to flush in memory (MFC's `CMemFile::Flush` does nothing either); never throws. */
  override Flush(): void {}

  /**
   * Frees the memory, or lets go of an attached buffer without touching it (MFC's
   * `CMemFile::Close`); the length and position become 0 and `m_hFile` becomes `hFileNull`.
   * Never throws.
   */
  override Close(): void {
    this.buffer = new Uint8Array(0);
    this.nBufferSize = 0;
    this.nFileSize = 0;
    this.nPosition = 0;
    this.m_hFile = CFile.hFileNull;
  }

  /** Closes the file as Close does (MFC's `CMemFile::Abort`); never throws. */
  override Abort(): void {
    this.Close();
  }

  /**
   * MFC's `CMemFile::GetBufferPtr(nCommand, nCount = 0, ppBufStart = NULL, ppBufMax = NULL)`.
   * `bufferCheck` gets `bufferDirect`, as in MFC, but the direct-buffer commands are not
   * implemented: the archive here still copies through its own buffer. The bytes are the same.
   *
   * @param nCommand - A BufferCommand, e.g. `CFile.bufferCheck`.
   * @param _nCount - Bytes wanted for bufferRead / bufferWrite; default 0, as in MFC. Ignored.
   * @returns `CFile.bufferDirect` for bufferCheck; 0 for every other command.
   */
  override GetBufferPtr(nCommand: number, _nCount = 0): number {
    return nCommand === CFile.bufferCheck ? CFile.bufferDirect : 0;
  }

  /**
   * Reallocates to hold `dwNewLen` bytes (MFC's `CMemFile::GrowFile`, which a subclass may
   * override). MFC grows in steps of nGrowBytes; this grows at least geometrically too, so that a
   * long run of small writes costs linear, not quadratic, copying. The file's bytes are copied;
   * its length does not change.
   *
   * Errors: {@link CMemoryException} when nGrowBytes is 0 (an attached buffer that may not grow),
   * dwNewLen is not a number, or the new size would exceed 4 GiB.
   *
   * @param dwNewLen - The size needed, in bytes.
   */
  protected GrowFile(dwNewLen: number): void {
    if (typeof dwNewLen !== 'number') throw new CMemoryException('CMemFile: file length must be a number');
    if (this.nGrowBytes === 0) throw new CMemoryException('CMemFile: buffer is attached with nGrowBytes = 0 and cannot grow');
    let size = Math.ceil(dwNewLen / this.nGrowBytes) * this.nGrowBytes;
    size = Math.max(size, Math.min(this.nBufferSize * 2, 2 ** 31));
    if (!Number.isSafeInteger(size) || size > 2 ** 32) throw new CMemoryException('CMemFile: file too large');
    // Zeroed: Detach hands out a view whose `.buffer` reaches past nFileSize, and unzeroed
    // memory there would show the process's old heap contents.
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.nFileSize));
    this.buffer = grown;
    this.nBufferSize = size;
  }
}

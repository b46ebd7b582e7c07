/**
 * CFile: the byte stream a CArchive talks to, with MFC's constants (afx.h). The base class opens
 * a real disk file through Node's synchronous fs calls, so `CFile` + `CArchive` can read and
 * write MFC document files; CMemFile and CSocketFile override the I/O members.
 */

import * as fs from 'node:fs';
import { CFileException, CInvalidArgException, CNotSupportedException } from './exceptions.js';

/** Checks a caller's (buffer, count) pair before any copy: the count may not exceed the buffer. */
/** A value for an error message: String() throws for a symbol and for a view of a detached buffer. */
export function describeValue(v: unknown): string {
  try {
    return typeof v === 'symbol' ? v.toString() : typeof v === 'bigint' ? `${v}n` : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

export function checkBuffer(lpBuf: unknown, nCount: unknown, what: string): asserts lpBuf is Uint8Array {
  if (!(lpBuf instanceof Uint8Array)) throw new CInvalidArgException(`${what}: buffer must be a Uint8Array`);
  if (typeof nCount !== 'number' || !Number.isInteger(nCount) || nCount < 0 || nCount > lpBuf.byteLength) {
    throw new CInvalidArgException(`${what}: count ${describeValue(nCount)} outside the buffer (${lpBuf.byteLength} bytes)`);
  }
}

const ERRNO_CAUSE: Readonly<Record<string, number>> = {
  EPERM: CFileException.accessDenied,
  EACCES: CFileException.accessDenied,
  EBADF: CFileException.invalidFile,
  EDEADLK: CFileException.sharingViolation,
  EMFILE: CFileException.tooManyOpenFiles,
  ENOENT: CFileException.fileNotFound,
  ENFILE: CFileException.fileNotFound,
  ENOSPC: CFileException.diskFull,
  EINVAL: CFileException.hardIO,
  EIO: CFileException.hardIO,
  ENOTDIR: CFileException.badPath,
  EISDIR: CFileException.accessDenied,
};

function fileError(e: unknown, fileName: string): CFileException {
  const err = e as NodeJS.ErrnoException;
  const cause = (err && typeof err.code === 'string' && ERRNO_CAUSE[err.code]) || CFileException.genericException;
  const osError = err && typeof err.errno === 'number' ? Math.abs(err.errno) : -1;
  return new CFileException(cause, osError, fileName);
}

export class CFile {
  // OpenFlags
  static readonly modeRead = 0x0000;
  static readonly modeWrite = 0x0001;
  static readonly modeReadWrite = 0x0002;
  static readonly shareCompat = 0x0000;
  static readonly shareExclusive = 0x0010;
  static readonly shareDenyWrite = 0x0020;
  static readonly shareDenyRead = 0x0030;
  static readonly shareDenyNone = 0x0040;
  static readonly modeNoInherit = 0x0080;
  static readonly modeCreate = 0x1000;
  static readonly modeNoTruncate = 0x2000;
  static readonly typeText = 0x4000;
  static readonly typeBinary = 0x8000;
  // Attribute / SeekPosition
  static readonly begin = 0;
  static readonly current = 1;
  static readonly end = 2;
  // BufferCommand and its answers (GetBufferPtr)
  static readonly bufferRead = 0;
  static readonly bufferWrite = 1;
  static readonly bufferCommit = 2;
  static readonly bufferCheck = 3;
  static readonly bufferDirect = 0x01;
  static readonly bufferBlocking = 0x02;
  static readonly hFileNull = -1;

  m_hFile: number = CFile.hFileNull;
  m_strFileName = '';
  private position = 0;

  constructor(lpszFileName?: string, nOpenFlags?: number) {
    if (lpszFileName !== undefined) {
      if (!this.Open(lpszFileName, nOpenFlags ?? CFile.modeRead, true)) {
        throw new CFileException(CFileException.genericException, -1, lpszFileName);
      }
    }
  }

  /**
   * MFC's Open returns FALSE on failure; pass `throwOnError` (our stand-in for a
   * CFileException* out-parameter) to get the exception instead.
   */
  Open(lpszFileName: string, nOpenFlags: number, throwOnError = false): boolean {
    if (this.m_hFile !== CFile.hFileNull) throw new CInvalidArgException('Open: file already open');
    if (typeof nOpenFlags !== 'number') throw new CInvalidArgException(`Open: flags ${describeValue(nOpenFlags)}`);
    const access = nOpenFlags & 3;
    let flags = access === CFile.modeWrite ? fs.constants.O_WRONLY : access === CFile.modeReadWrite ? fs.constants.O_RDWR : fs.constants.O_RDONLY;
    if (nOpenFlags & CFile.modeCreate) {
      flags |= fs.constants.O_CREAT;
      if (!(nOpenFlags & CFile.modeNoTruncate)) flags |= fs.constants.O_TRUNC;
    }
    try {
      this.m_hFile = fs.openSync(lpszFileName, flags, 0o666);
    } catch (e) {
      if (throwOnError) throw fileError(e, lpszFileName);
      return false;
    }
    this.m_strFileName = lpszFileName;
    this.position = 0;
    return true;
  }

  Read(lpBuf: Uint8Array, nCount: number): number {
    checkBuffer(lpBuf, nCount, 'CFile::Read');
    this.requireOpen();
    if (nCount === 0) return 0;
    try {
      const n = fs.readSync(this.m_hFile, lpBuf, 0, nCount, this.position);
      this.position += n;
      return n;
    } catch (e) {
      throw fileError(e, this.m_strFileName);
    }
  }

  Write(lpBuf: Uint8Array, nCount: number): void {
    checkBuffer(lpBuf, nCount, 'CFile::Write');
    this.requireOpen();
    let done = 0;
    try {
      while (done < nCount) {
        done += fs.writeSync(this.m_hFile, lpBuf, done, nCount - done, this.position + done);
      }
    } catch (e) {
      throw fileError(e, this.m_strFileName);
    } finally {
      this.position += done;
    }
  }

  /**
   * The event-loop flavours the archive uses in LoadAsync / FlushAsync. A disk or memory file
   * never waits, so the base answers at once; CSocketFile overrides them.
   */
  ReadAsync(lpBuf: Uint8Array, nCount: number, _opts?: { signal?: AbortSignal; timeout?: number }): Promise<number> {
    return new Promise((resolve) => resolve(this.Read(lpBuf, nCount)));
  }

  WriteAsync(lpBuf: Uint8Array, nCount: number, _opts?: { signal?: AbortSignal; timeout?: number }): Promise<void> {
    return new Promise((resolve) => resolve(this.Write(lpBuf, nCount)));
  }

  Seek(lOff: number, nFrom: number): number {
    this.requireOpen();
    if (typeof lOff !== 'number') throw new CFileException(CFileException.badSeek, -1, this.m_strFileName);
    const base = nFrom === CFile.begin ? 0 : nFrom === CFile.current ? this.position : nFrom === CFile.end ? this.GetLength() : NaN;
    const pos = base + lOff;
    if (!Number.isSafeInteger(pos) || pos < 0) throw new CFileException(CFileException.badSeek, -1, this.m_strFileName);
    this.position = pos;
    return pos;
  }

  SeekToBegin(): void {
    this.Seek(0, CFile.begin);
  }

  SeekToEnd(): number {
    return this.Seek(0, CFile.end);
  }

  GetPosition(): number {
    this.requireOpen();
    return this.position;
  }

  GetLength(): number {
    this.requireOpen();
    try {
      return fs.fstatSync(this.m_hFile).size;
    } catch (e) {
      throw fileError(e, this.m_strFileName);
    }
  }

  SetLength(dwNewLen: number): void {
    this.requireOpen();
    try {
      fs.ftruncateSync(this.m_hFile, dwNewLen);
    } catch (e) {
      throw fileError(e, this.m_strFileName);
    }
  }

  Flush(): void {
    if (this.m_hFile === CFile.hFileNull) return;
    try {
      fs.fsyncSync(this.m_hFile);
    } catch (e) {
      throw fileError(e, this.m_strFileName);
    }
  }

  Close(): void {
    const h = this.m_hFile;
    this.m_hFile = CFile.hFileNull;
    this.m_strFileName = '';
    if (h === CFile.hFileNull) return;
    try {
      fs.closeSync(h);
    } catch (e) {
      throw fileError(e, '');
    }
  }

  /** Like Close, but never throws (MFC uses it in cleanup paths). */
  Abort(): void {
    try {
      this.Close();
    } catch {
      // MFC's Abort ignores close errors by design.
    }
  }

  Duplicate(): CFile {
    throw new CNotSupportedException('CFile::Duplicate');
  }

  LockRange(_dwPos: number, _dwCount: number): void {
    throw new CNotSupportedException('CFile::LockRange');
  }

  UnlockRange(_dwPos: number, _dwCount: number): void {
    throw new CNotSupportedException('CFile::UnlockRange');
  }

  /** Plain files support no direct buffer and never block: 0. */
  GetBufferPtr(_nCommand: number, _nCount = 0): number {
    return 0;
  }

  GetFilePath(): string {
    return this.m_strFileName;
  }

  GetFileName(): string {
    const i = Math.max(this.m_strFileName.lastIndexOf('/'), this.m_strFileName.lastIndexOf('\\'));
    return this.m_strFileName.slice(i + 1);
  }

  private requireOpen(): void {
    if (this.m_hFile === CFile.hFileNull) throw new CFileException(CFileException.invalidFile, -1, this.m_strFileName);
  }
}

/**
 * CFile: the byte stream a CArchive talks to, with MFC's constants (afx.h). The base class opens
 * a real disk file through Node's synchronous fs calls, so `CFile` + `CArchive` can read and
 * write MFC document files; CMemFile and CSocketFile override the I/O members.
 */

import * as fs from 'node:fs';
import { CFileException, CInvalidArgException, CNotSupportedException } from './exceptions.js';
import { keepClassName } from './class-name.js';
import { describeValue } from '../wsa/format.js';

/**
 * Checks a caller's (buffer, count) pair before any copy: the count may not exceed the buffer.
 * MFC only ASSERTs here; a release build would read or write past the buffer.
 *
 * @param lpBuf - Must be a `Uint8Array` (a `Buffer` is one).
 * @param nCount - Must be an integer in 0..lpBuf.byteLength.
 * @param what - The member's name for the message, e.g. `'CFile::Read'`.
 * @throws {@link CInvalidArgException} when lpBuf is not a `Uint8Array` or nCount is out of range.
 */
export function checkBuffer(lpBuf: unknown, nCount: unknown, what: string): asserts lpBuf is Uint8Array {
  if (!(lpBuf instanceof Uint8Array)) throw new CInvalidArgException(`${what}: buffer must be a Uint8Array`);
  if (typeof nCount !== 'number' || !Number.isInteger(nCount) || nCount < 0 || nCount > lpBuf.byteLength) {
    throw new CInvalidArgException(`${what}: count ${describeValue(nCount)} outside the buffer (${lpBuf.byteLength} bytes)`);
  }
}

/**
 * Node's error code → `CFileException` cause: MFC's `ErrnoToException` table (filex.cpp), plus
 * ENOTDIR → badPath and EISDIR → accessDenied. Any other code gives genericException.
 */
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

/**
 * The `CFileException` for an error thrown by a Node fs call (MFC's `CFileException::ThrowErrno`):
 * the cause from `ERRNO_CAUSE`, `m_lOsError` = the error's `errno` made positive (-1 when it has
 * none, e.g. Node's own argument checks).
 */
function fileError(e: unknown, fileName: string): CFileException {
  const err = e as NodeJS.ErrnoException;
  const cause = (err && typeof err.code === 'string' && ERRNO_CAUSE[err.code]) || CFileException.genericException;
  const osError = err && typeof err.errno === 'number' ? Math.abs(err.errno) : -1;
  return new CFileException(cause, osError, fileName);
}

/**
 * MFC's `CFile`: an unbuffered binary file on disk, opened with Node's synchronous fs calls, and
 * the base class of {@link CMemFile} and {@link CSocketFile}. Reads and writes go to the position
 * this object keeps (positional I/O), not to the descriptor's shared offset.
 *
 * Failures throw {@link CFileException}, as in MFC. The cause comes from the errno with MFC's
 * `ErrnoToException` table (MFC's CFile maps Win32 codes with `OsErrorToException` instead):
 * EACCES, EPERM, EISDIR → accessDenied; EBADF → invalidFile; EDEADLK → sharingViolation;
 * EMFILE → tooManyOpenFiles; ENOENT, ENFILE → fileNotFound; ENOSPC → diskFull; EINVAL, EIO →
 * hardIO; ENOTDIR → badPath; anything else → genericException. `m_lOsError` is Node's `errno`
 * made positive (the errno value on POSIX, libuv's code on Windows, not a Win32 error), or -1
 * when there is none. Share modes, `modeNoInherit` and `typeText` are accepted and ignored;
 * `Duplicate`, `LockRange` and `UnlockRange` are not supported.
 */
export class CFile {
  // OpenFlags
  /** Open for reading only (afx.h `CFile::modeRead`); the access bits are `nOpenFlags & 3`. */
  static readonly modeRead = 0x0000;
  /** Open for writing only (afx.h `CFile::modeWrite`). */
  static readonly modeWrite = 0x0001;
  /** Open for reading and writing (afx.h `CFile::modeReadWrite`). */
  static readonly modeReadWrite = 0x0002;
  /** Compatibility share mode; MFC maps it to exclusive (afx.h `CFile::shareCompat`). Ignored here. */
  static readonly shareCompat = 0x0000;
  /** Deny other opens for reading and writing (afx.h `CFile::shareExclusive`). Ignored here. */
  static readonly shareExclusive = 0x0010;
  /** Deny other opens for writing (afx.h `CFile::shareDenyWrite`). Ignored here. */
  static readonly shareDenyWrite = 0x0020;
  /** Deny other opens for reading (afx.h `CFile::shareDenyRead`). Ignored here. */
  static readonly shareDenyRead = 0x0030;
  /** Deny nothing (afx.h `CFile::shareDenyNone`). Ignored here: every open shares. */
  static readonly shareDenyNone = 0x0040;
  /** Child processes do not inherit the handle (afx.h `CFile::modeNoInherit`). Ignored here. */
  static readonly modeNoInherit = 0x0080;
  /** Create the file, truncating an existing one to 0 bytes (afx.h `CFile::modeCreate`). */
  static readonly modeCreate = 0x1000;
  /** With modeCreate: keep an existing file's contents (afx.h `CFile::modeNoTruncate`). */
  static readonly modeNoTruncate = 0x2000;
  /** Text mode, for derived classes such as CStdioFile (afx.h `CFile::typeText`). Ignored here. */
  static readonly typeText = 0x4000;
  /** Binary mode (afx.h `CFile::typeBinary`); a CFile is always binary. */
  static readonly typeBinary = 0x8000;
  // Attribute / SeekPosition
  /** Seek from the start of the file (afx.h `CFile::begin`). */
  static readonly begin = 0;
  /** Seek from the current position (afx.h `CFile::current`). */
  static readonly current = 1;
  /** Seek from the end of the file (afx.h `CFile::end`). */
  static readonly end = 2;
  // BufferCommand and its answers (GetBufferPtr)
  /** GetBufferPtr command: get a direct buffer to read from (afx.h `CFile::bufferRead`). */
  static readonly bufferRead = 0;
  /** GetBufferPtr command: get a direct buffer to write into (afx.h `CFile::bufferWrite`). */
  static readonly bufferWrite = 1;
  /** GetBufferPtr command: commit bytes written into the direct buffer (afx.h `CFile::bufferCommit`). */
  static readonly bufferCommit = 2;
  /** GetBufferPtr command: ask which buffering flags the file supports (afx.h `CFile::bufferCheck`). */
  static readonly bufferCheck = 3;
  /** bufferCheck answer bit: the file supports direct buffering (afx.h `CFile::bufferDirect`). */
  static readonly bufferDirect = 0x01;
  /**
   * bufferCheck answer bit: reads may block, so an archive reads only the bytes it needs
   * (afx.h `CFile::bufferBlocking`).
   */
  static readonly bufferBlocking = 0x02;
  /** The value of `m_hFile` when no file is open (MFC's `CFile::hFileNull`, INVALID_HANDLE_VALUE). */
  static readonly hFileNull = -1;

  /** The file descriptor of the open file; `hFileNull` when closed (a CMemFile holds 0 while open). */
  m_hFile: number = CFile.hFileNull;
  /** The path passed to Open, as given (MFC stores the full path); '' when no file is open. */
  m_strFileName = '';
  private position = 0;

  /**
   * Constructs a file (MFC's `CFile()` and `CFile(LPCTSTR lpszFileName, UINT nOpenFlags)`). Without
   * a name the object is closed (`m_hFile` = `hFileNull`); with one it is opened as {@link
   * CFile.Open}
   * does, and a failure throws instead of returning false, as in MFC.
   *
   * Errors: {@link CFileException} with the cause mapped from the OS error as in Open, e.g.
   * `fileNotFound`, `badPath`, `accessDenied`, `tooManyOpenFiles`, `diskFull`, `genericException`.
   *
   * @param lpszFileName - The path to open; omit it for a closed object.
   * @param nOpenFlags - OpenFlags as for Open; defaults to `modeRead` (MFC has no default).
   * @throws {@link CInvalidArgException} when nOpenFlags is given but is not a number.
   */
  constructor(lpszFileName?: string, nOpenFlags?: number) {
    if (lpszFileName !== undefined) {
      if (!this.Open(lpszFileName, nOpenFlags ?? CFile.modeRead, true)) {
        throw new CFileException(CFileException.genericException, -1, lpszFileName);
      }
    }
  }

  /**
   * Opens a disk file (MFC's `CFile::Open(lpszFileName, nOpenFlags, pError = NULL)`). The access
   * bits choose read, write or read-write; `modeCreate` creates the file (mode 0o666 less the
   * umask) and truncates it unless `modeNoTruncate`; without `modeCreate` the file must exist.
   * Share modes, `modeNoInherit`, `typeText` and `typeBinary` are ignored. The position starts at
   * 0.
   *
   * Errors: thrown only with throwOnError: {@link CFileException} with the cause mapped from the
   * OS error: `fileNotFound` (ENOENT, ENFILE), `badPath` (ENOTDIR), `accessDenied` (EACCES, EPERM,
   * EISDIR: a directory opened for writing), `tooManyOpenFiles` (EMFILE), `diskFull` (ENOSPC),
   * `hardIO` (EINVAL, EIO), `genericException` (any other, e.g. ENAMETOOLONG, ELOOP, EROFS).
   *
   * @param lpszFileName - The path; kept as given in `m_strFileName`.
   * @param nOpenFlags - OpenFlags OR'd together, e.g. `CFile.modeCreate | CFile.modeWrite`.
   * @param throwOnError - Stands in for MFC's `CFileException* pError` out-parameter: true throws
   *   the exception instead of returning false. Default false.
   * @returns True when the file is open; false on failure (with throwOnError false).
   * @throws {@link CInvalidArgException} when the object already has a file open (MFC ASSERTs), or
   *   nOpenFlags is not a number. These throw whatever throwOnError says.
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

  /**
   * Reads from the current position and advances it (MFC's `CFile::Read`).
   *
   * Errors: {@link CFileException} with `invalidFile` when no file is open (MFC ASSERTs) or it was
   * opened with `modeWrite` (EBADF); `accessDenied` for a directory (EISDIR); `hardIO` (EIO,
   * EINVAL); `genericException` for other OS errors.
   *
   * @param lpBuf - Where the bytes go, from index 0.
   * @param nCount - How many bytes at most; 0..lpBuf.byteLength (0 returns 0 at once).
   * @returns The byte count, fewer than nCount at the end of the file (or from a pipe or device);
   *   0 at the end.
   * @throws {@link CInvalidArgException} when lpBuf is not a `Uint8Array` or nCount is outside it.
   */
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

  /**
   * Writes all nCount bytes at the current position and advances it (MFC's `CFile::Write`).
   * Writing past the end extends the file.
   *
   * Errors: {@link CFileException} with `invalidFile` when no file is open or it was opened with
   * `modeRead` (EBADF); `diskFull` (ENOSPC); `hardIO` (EIO, EINVAL); `genericException` for other
   * OS errors (e.g. EFBIG). The position then counts the bytes written before the failure.
   *
   * @param lpBuf - The bytes, from index 0.
   * @param nCount - How many; 0..lpBuf.byteLength (0 writes nothing).
   * @throws {@link CInvalidArgException} when lpBuf is not a `Uint8Array` or nCount is outside it.
   */
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
   * Read for event-loop code (no MFC counterpart; {@link CArchive.LoadAsync} uses it). A disk or
   * memory file never waits, so this runs {@link CFile.Read} at once; CSocketFile overrides it.
   *
   * Errors: as Read, as a rejection of the promise.
   *
   * @param lpBuf - Where the bytes go.
   * @param nCount - How many bytes at most; 0..lpBuf.byteLength.
   * @param _opts - `signal` and `timeout`; ignored here (nothing waits).
   * @returns A promise of Read's result.
   */
  ReadAsync(lpBuf: Uint8Array, nCount: number, _opts?: { signal?: AbortSignal; timeout?: number }): Promise<number> {
    return new Promise((resolve) => resolve(this.Read(lpBuf, nCount)));
  }

  /**
   * Write for event-loop code (no MFC counterpart; {@link CArchive.FlushAsync} uses it). A disk or
   * memory file never waits, so this runs {@link CFile.Write} at once; CSocketFile overrides it.
   *
   * Errors: as Write, as a rejection of the promise.
   *
   * @param lpBuf - The bytes.
   * @param nCount - How many; 0..lpBuf.byteLength.
   * @param _opts - `signal` and `timeout`; ignored here (nothing waits).
   * @returns A promise that settles when the bytes are written.
   */
  WriteAsync(lpBuf: Uint8Array, nCount: number, _opts?: { signal?: AbortSignal; timeout?: number }): Promise<void> {
    return new Promise((resolve) => resolve(this.Write(lpBuf, nCount)));
  }

  /**
   * Moves the position (MFC's `CFile::Seek`). Seeking past the end is allowed; a later Write
   * extends the file, a later Read returns 0.
   *
   * Errors: {@link CFileException} with `invalidFile` when no file is open; `badSeek` when lOff is
   * not a number, nFrom is not begin/current/end, or the new position would be negative or not a
   * safe integer (MFC: ERROR_NEGATIVE_SEEK → badSeek); with `CFile.end`, GetLength's errors.
   *
   * @param lOff - The offset in bytes, may be negative.
   * @param nFrom - `CFile.begin`, `CFile.current` or `CFile.end` (no default, as in MFC).
   * @returns The new position from the start of the file.
   */
  Seek(lOff: number, nFrom: number): number {
    this.requireOpen();
    if (typeof lOff !== 'number') throw new CFileException(CFileException.badSeek, -1, this.m_strFileName);
    const base = nFrom === CFile.begin ? 0 : nFrom === CFile.current ? this.position : nFrom === CFile.end ? this.GetLength() : NaN;
    const pos = base + lOff;
    if (!Number.isSafeInteger(pos) || pos < 0) throw new CFileException(CFileException.badSeek, -1, this.m_strFileName);
    this.position = pos;
    return pos;
  }

  /**
   * Moves the position to the start of the file (MFC's `CFile::SeekToBegin`): `Seek(0,
   * CFile.begin)`.
   *
   * Errors: as Seek (on a CFile: {@link CFileException} `invalidFile` when no file is open).
   */
  SeekToBegin(): void {
    this.Seek(0, CFile.begin);
  }

  /**
   * Moves the position to the end of the file (MFC's `CFile::SeekToEnd`): `Seek(0, CFile.end)`.
   *
   * Errors: as Seek (on a CFile: {@link CFileException} `invalidFile` when no file is open, and
   * GetLength's errors).
   *
   * @returns The file's length, which is the new position.
   */
  SeekToEnd(): number {
    return this.Seek(0, CFile.end);
  }

  /**
   * The current position (MFC's `CFile::GetPosition`).
   *
   * Errors: {@link CFileException} with `invalidFile` when no file is open.
   *
   * @returns The position in bytes from the start of the file.
   */
  GetPosition(): number {
    this.requireOpen();
    return this.position;
  }

  /**
   * The file's length in bytes, from fstat (MFC's `CFile::GetLength`).
   *
   * Errors: {@link CFileException} with `invalidFile` when no file is open; the cause mapped from
   * the OS error when fstat fails (`invalidFile` for EBADF, `hardIO` for EIO, `genericException`
   * for most others).
   *
   * @returns The length in bytes.
   */
  GetLength(): number {
    this.requireOpen();
    try {
      return fs.fstatSync(this.m_hFile).size;
    } catch (e) {
      throw fileError(e, this.m_strFileName);
    }
  }

  /**
   * Truncates or extends the file (with zeros) to dwNewLen bytes (MFC's `CFile::SetLength`). As
   * in MFC, which seeks to dwNewLen and sets the end of file there, the position ends at dwNewLen.
   *
   * Errors: {@link CFileException} with `invalidFile` when no file is open; `hardIO` when the file
   * was opened with `modeRead` (EINVAL); `diskFull` (ENOSPC); `genericException` for other OS
   * errors.
   *
   * @param dwNewLen - The new length in bytes.
   * @throws {CInvalidArgException} when dwNewLen is not an integer from 0 to 2^53-1 (the file is
   *   not touched), as CMemFile.SetLength.
   */
  SetLength(dwNewLen: number): void {
    this.requireOpen();
    if (!Number.isSafeInteger(dwNewLen) || dwNewLen < 0) throw new CInvalidArgException(`CFile::SetLength: ${describeValue(dwNewLen)}`);
    try {
      fs.ftruncateSync(this.m_hFile, dwNewLen);
    } catch (e) {
      throw fileError(e, this.m_strFileName);
    }
    this.position = dwNewLen;
  }

  /**
   * Commits the file's data to the device with fsync (MFC's `CFile::Flush`, FlushFileBuffers).
   * Does nothing when no file is open, as in MFC.
   *
   * Errors: {@link CFileException} with the cause mapped from the OS error: `hardIO` (EIO, or
   * EINVAL for a file that cannot be synced), `diskFull` (ENOSPC), `invalidFile` (EBADF),
   * `genericException` for others.
   */
  Flush(): void {
    if (this.m_hFile === CFile.hFileNull) return;
    try {
      fs.fsyncSync(this.m_hFile);
    } catch (e) {
      throw fileError(e, this.m_strFileName);
    }
  }

  /**
   * Closes the file (MFC's `CFile::Close`). `m_hFile` becomes `hFileNull` and `m_strFileName`
   * empty before the descriptor is closed, so the object is closed even when this throws. Closing
   * a closed file does nothing (MFC ASSERTs).
   *
   * Errors: {@link CFileException} (with an empty `m_strFileName`, as in MFC) when close fails:
   * `invalidFile` (EBADF, the descriptor was closed behind the object's back), `hardIO` (EIO),
   * `genericException` for others.
   */
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

  /**
   * Closes the file ignoring every error (MFC's `CFile::Abort`, for cleanup paths such as a catch
   * block). Does nothing when no file is open. Never throws.
   */
  Abort(): void {
    try {
      this.Close();
    } catch {
      // MFC's Abort ignores close errors by design.
    }
  }

  /**
   * MFC's `CFile::Duplicate` (a second CFile on a duplicated handle). Not supported here.
   *
   * @returns Never returns.
   * @throws {@link CNotSupportedException} always.
   */
  Duplicate(): CFile {
    throw new CNotSupportedException('CFile::Duplicate');
  }

  /**
   * MFC's `CFile::LockRange` (LockFile on a byte range). Not supported here.
   *
   * @param _dwPos - Where the range starts.
   * @param _dwCount - How many bytes.
   * @throws {@link CNotSupportedException} always.
   */
  LockRange(_dwPos: number, _dwCount: number): void {
    throw new CNotSupportedException('CFile::LockRange');
  }

  /**
   * MFC's `CFile::UnlockRange` (UnlockFile on a byte range). Not supported here.
   *
   * @param _dwPos - Where the range starts.
   * @param _dwCount - How many bytes.
   * @throws {@link CNotSupportedException} always.
   */
  UnlockRange(_dwPos: number, _dwCount: number): void {
    throw new CNotSupportedException('CFile::UnlockRange');
  }

  /**
   * MFC's `CFile::GetBufferPtr(nCommand, nCount = 0, ppBufStart = NULL, ppBufMax = NULL)`, which
   * CArchive calls with `bufferCheck`. A disk file supports no direct buffer and never blocks, so
   * it answers 0 to every command, as in MFC. The pointer out-parameters have no counterpart.
   *
   * @param _nCommand - A BufferCommand: `bufferCheck`, `bufferRead`, `bufferWrite`, `bufferCommit`.
   * @param _nCount - Bytes wanted for bufferRead / bufferWrite; default 0, as in MFC.
   * @returns 0.
   */
  GetBufferPtr(_nCommand: number, _nCount = 0): number {
    return 0;
  }

  /**
   * The path of the file (MFC's `CFile::GetFilePath`): `m_strFileName`, as passed to Open (MFC
   * returns the full path).
   *
   * @returns The path, or '' when no file is open.
   */
  GetFilePath(): string {
    return this.m_strFileName;
  }

  /**
   * The file's name with its extension, without the directories (MFC's `CFile::GetFileName`):
   * the part of the path after the last `/` or `\`.
   *
   * @returns The name, or '' when no file is open.
   */
  GetFileName(): string {
    const i = Math.max(this.m_strFileName.lastIndexOf('/'), this.m_strFileName.lastIndexOf('\\'));
    return this.m_strFileName.slice(i + 1);
  }

  private requireOpen(): void {
    if (this.m_hFile === CFile.hFileNull) throw new CFileException(CFileException.invalidFile, -1, this.m_strFileName);
  }
}

keepClassName(CFile, 'CFile');

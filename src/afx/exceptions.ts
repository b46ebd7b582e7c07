/**
 * MFC's exception family (afx.h): CException and the subclasses that CFile, CSocketFile,
 * CArchive and the socket classes throw. Each carries MFC's public members (`m_cause`,
 * `m_lOsError`, `m_strFileName`) and a message that names the cause, so that a port can both
 * `switch (e.m_cause)` like MFC code and read a stack trace.
 */

import { numberText } from '../wsa/format.js';
import { wsaErrorName } from '../wsa/errors.js';
import { keepClassName } from './class-name.js';

/**
 * MFC's `CException`, the base of every exception this library throws; it extends `Error`, so
 * `catch (e)` gets a stack trace and `e.message`. `Delete()` exists so that ported `e->Delete()`
 * calls compile.
 */
export class CException extends Error {
  /**
   * Sets `message`, and `name` to the constructed class's name (`new.target.name`).
   *
   * @param message - The readable text; the subclasses build it from the cause.
   */
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /** MFC frees heap exceptions here (`CException::Delete`); JS has a GC, so this does nothing. */
  Delete(): void {}

  /**
   * The readable text of the exception (MFC's `CException::GetErrorMessage`). MFC copies it into
   * a caller's buffer, `GetErrorMessage(lpszError, nMaxError, pnHelpContext = NULL)`, and returns
   * BOOL; here it is returned and there is no help context.
   *
   * @returns `message`, which names the cause, e.g.
   *   `'CFileException fileNotFound [OS error 2] (a.dat)'`.
   */
  GetErrorMessage(): string {
    return this.message;
  }

  /**
   * MFC's `CException::ReportError(nType = MB_OK, nMessageID = 0)` shows the message in a message
   * box and returns the box's result. There is no UI here: nothing is shown, and the message is
   * returned for the caller to report.
   *
   * @returns `message`, as GetErrorMessage.
   */
  ReportError(): string {
    return this.message;
  }
}

/**
 * The values of `CArchiveException::m_cause` (afx.h enum `cause`, MFC14 numbering), as one object;
 * the same values are static members of {@link CArchiveException}.
 */
export const CArchiveCause = {
  /** No error occurred. */
  none: 0,
  /** An unspecified error occurred. */
  genericException: 1,
  /** Tried to write to an archive opened for loading. */
  readOnly: 2,
  /** Reached the end of the file while reading an object. */
  endOfFile: 3,
  /** Tried to read from an archive opened for storing. */
  writeOnly: 4,
  /** Invalid file format: a bad object or class index. */
  badIndex: 5,
  /** Tried to read an object into an object of the wrong type. */
  badClass: 6,
  /** Tried to read an object with a different version of the class. */
  badSchema: 7,
  /** The request does not fit in the archive's buffer (in MFC14's enum, not in its documentation). */
  bufferFull: 8,
} as const;
/** One of the {@link CArchiveCause} values, 0..8. */
export type CArchiveCause = (typeof CArchiveCause)[keyof typeof CArchiveCause];

const ARCHIVE_CAUSE_NAMES = [
  'none',
  'genericException',
  'readOnly',
  'endOfFile',
  'writeOnly',
  'badIndex',
  'badClass',
  'badSchema',
  'bufferFull',
] as const;

const ARCHIVE_CAUSE_TEXT = [
  'no error',
  'unspecified error',
  'tried to write to an archive opened for loading',
  'reached end of file while reading an object',
  'tried to read from an archive opened for storing',
  'invalid file format (bad object or class index)',
  'tried to read an object into an object of the wrong type',
  'tried to read an object with a different version of the class',
  'archive buffer too small for the request',
] as const;

/**
 * MFC's `CArchiveException`: a CArchive operation failed. `m_cause` says why (the static members
 * below, also {@link CArchiveCause}); the message names the cause, explains it, and adds the
 * archive's file name when there is one.
 */
export class CArchiveException extends CException {
  /** No error occurred (afx.h `CArchiveException::none`). */
  static readonly none = 0;
  /**
   * An unspecified error occurred (afx.h `CArchiveException::genericException`); here also, e.g.,
   * objects nested deeper than `m_nMaxDepth`, a closed archive, a second concurrent LoadAsync.
   */
  static readonly genericException = 1;
  /** MFC's `generic` alias of genericException. */
  static readonly generic = 1;
  /** Tried to write to an archive opened for loading (afx.h `CArchiveException::readOnly`). */
  static readonly readOnly = 2;
  /** Reached the end of the file while reading an object (afx.h `CArchiveException::endOfFile`). */
  static readonly endOfFile = 3;
  /** Tried to read from an archive opened for storing (afx.h `CArchiveException::writeOnly`). */
  static readonly writeOnly = 4;
  /** Invalid file format: a bad object or class index (afx.h `CArchiveException::badIndex`). */
  static readonly badIndex = 5;
  /**
   * Tried to read an object into an object of the wrong type, or the stream names an unknown or
   * uncreatable class (afx.h `CArchiveException::badClass`).
   */
  static readonly badClass = 6;
  /**
   * Tried to read an object with a different version of the class, and the class is not
   * VERSIONABLE_SCHEMA (afx.h `CArchiveException::badSchema`).
   */
  static readonly badSchema = 7;
  /**
   * A request larger than the archive's buffer (MFC14 afx.h `CArchiveException::bufferFull`);
   * here also a LoadAsync run that needs more than its `maxBytes`.
   */
  static readonly bufferFull = 8;

  /** Why it failed: one of the cause constants, e.g. `CArchiveException.endOfFile`. */
  m_cause: number;
  /** The archive's file name (`CArchive.m_strFileName`, its file's GetFilePath()); '' when none. */
  m_strFileName: string;

  /**
   * MFC's `CArchiveException(int cause = none, LPCTSTR lpszArchiveName = NULL)`.
   *
   * @param cause - A cause constant; default `none`, as in MFC.
   * @param lpszArchiveName - The archive's file name, or null (the default) for none.
   * @param detail - Extra text for the message (no MFC counterpart), e.g. what was being read.
   */
  constructor(cause: number = CArchiveException.none, lpszArchiveName: string | null = null, detail?: string) {
    const name = archiveCauseName(cause);
    const text = (typeof cause === 'number' ? ARCHIVE_CAUSE_TEXT[cause] : undefined) ?? 'unknown cause';
    const where = lpszArchiveName ? ` (${lpszArchiveName})` : '';
    super(`CArchiveException ${name}: ${text}${detail ? ` — ${detail}` : ''}${where}`);
    this.m_cause = cause;
    this.m_strFileName = lpszArchiveName ?? '';
  }

  /** The cause as MFC spells its enum member, e.g. 'endOfFile' (archiveCauseName of m_cause). */
  get causeName(): string {
    return archiveCauseName(this.m_cause);
  }
}

/**
 * The name of a `CArchiveException` cause as MFC spells its enum member (no MFC counterpart).
 *
 * @param cause - A cause value, 0..8.
 * @returns E.g. `'badSchema'` for 7 (`'genericException'` for 1, never the `generic` alias), or
 *   `'cause N'` for a value outside the enum.
 */
export function archiveCauseName(cause: number): string {
  return (typeof cause === 'number' ? ARCHIVE_CAUSE_NAMES[cause] : undefined) ?? `cause ${numberText(cause)}`;
}

/**
 * The values of `CFileException::m_cause` (afx.h enum `cause`), as one object; the same values are
 * static members of {@link CFileException}.
 */
export const CFileCause = {
  /** No error occurred. */
  none: 0,
  /** An unspecified error occurred. */
  genericException: 1,
  /** The file could not be located. */
  fileNotFound: 2,
  /** All or part of the path is invalid. */
  badPath: 3,
  /** The permitted number of open files was exceeded. */
  tooManyOpenFiles: 4,
  /** The file could not be accessed. */
  accessDenied: 5,
  /** There was an attempt to use an invalid file handle. */
  invalidFile: 6,
  /** The current working directory cannot be removed. */
  removeCurrentDir: 7,
  /** There are no more directory entries. */
  directoryFull: 8,
  /** There was an error trying to set the file pointer. */
  badSeek: 9,
  /** There was a hardware error. */
  hardIO: 10,
  /** SHARE.EXE was not loaded, or a shared region was locked. */
  sharingViolation: 11,
  /** There was an attempt to lock a region that was already locked. */
  lockViolation: 12,
  /** The disk is full. */
  diskFull: 13,
  /** The end of file was reached. */
  endOfFile: 14,
} as const;
/** One of the {@link CFileCause} values, 0..14. */
export type CFileCause = (typeof CFileCause)[keyof typeof CFileCause];

const FILE_CAUSE_NAMES = Object.keys(CFileCause) as ReadonlyArray<keyof typeof CFileCause>;

/**
 * MFC's `CFileException`: a file operation failed. `m_cause` is the portable reason (the static
 * members below, also {@link CFileCause}), `m_lOsError` the OS's own code. {@link CFile} maps
 * Node's errno to the cause as MFC's `ErrnoToException` does; {@link CSocketFile} always uses
 * `genericException` with the WSA code, as MFC does. The message names the cause, the OS error
 * (a WSA code by its name) and the file.
 */
export class CFileException extends CException {
  /** No error occurred (afx.h `CFileException::none`). */
  static readonly none = 0;
  /**
   * An unspecified error occurred (afx.h `CFileException::genericException`); every CSocketFile
   * error, and a CFile OS error with no closer cause.
   */
  static readonly genericException = 1;
  /** MFC 4.0's name of genericException (`CFileException::generic`). */
  static readonly generic = 1;
  /** The file could not be located (afx.h `CFileException::fileNotFound`): ENOENT, ENFILE. */
  static readonly fileNotFound = 2;
  /** All or part of the path is invalid (afx.h `CFileException::badPath`): ENOTDIR. */
  static readonly badPath = 3;
  /** The permitted number of open files was exceeded (afx.h `tooManyOpenFiles`): EMFILE. */
  static readonly tooManyOpenFiles = 4;
  /** The file could not be accessed (afx.h `accessDenied`): EACCES, EPERM, EISDIR. */
  static readonly accessDenied = 5;
  /**
   * There was an attempt to use an invalid file handle (afx.h `CFileException::invalidFile`): a
   * CFile that is not open, or EBADF (e.g. reading a file opened for writing only).
   */
  static readonly invalidFile = 6;
  /** The current working directory cannot be removed (afx.h `removeCurrentDir`). Not raised here. */
  static readonly removeCurrentDir = 7;
  /** There are no more directory entries (afx.h `directoryFull`). Not raised here. */
  static readonly directoryFull = 8;
  /**
   * There was an error trying to set the file pointer (afx.h `CFileException::badSeek`): Seek to a
   * negative position or with a bad `nFrom`.
   */
  static readonly badSeek = 9;
  /** There was a hardware error (afx.h `CFileException::hardIO`): EIO, EINVAL. */
  static readonly hardIO = 10;
  /** SHARE.EXE was not loaded, or a shared region was locked (afx.h `sharingViolation`): EDEADLK. */
  static readonly sharingViolation = 11;
  /** An attempt to lock a region that was already locked (afx.h `lockViolation`). Not raised here. */
  static readonly lockViolation = 12;
  /** The disk is full (afx.h `CFileException::diskFull`): ENOSPC. */
  static readonly diskFull = 13;
  /** The end of file was reached (afx.h `CFileException::endOfFile`). Not raised here. */
  static readonly endOfFile = 14;

  /** Why it failed: one of the cause constants, e.g. `CFileException.fileNotFound`. */
  m_cause: number;
  /**
   * The OS error: Node's errno made positive for a CFile (not a Win32 code as in MFC), the WSA
   * code for a CSocketFile; -1 when there is none.
   */
  m_lOsError: number;
  /** The file's path as the failing member knew it; '' when none (e.g. after Close, as in MFC). */
  m_strFileName: string;

  /**
   * MFC's `CFileException(int cause = none, LONG lOsError = -1, LPCTSTR lpszFileName = NULL)`.
   *
   * @param cause - A cause constant; default `none`, as in MFC.
   * @param lOsError - The OS error code; default -1 (none), as in MFC.
   * @param lpszFileName - The file's path, or null (the default) for none.
   */
  constructor(cause: number = CFileException.none, lOsError = -1, lpszFileName: string | null = null) {
    const name = fileCauseName(cause);
    const os = lOsError === -1 ? '' : ` [${osErrorLabel(lOsError)}]`;
    const where = lpszFileName ? ` (${lpszFileName})` : '';
    super(`CFileException ${name}${os}${where}`);
    this.m_cause = cause;
    this.m_lOsError = lOsError;
    this.m_strFileName = lpszFileName ?? '';
  }

  /** The cause as MFC spells its enum member, e.g. 'fileNotFound' (fileCauseName of m_cause). */
  get causeName(): string {
    return fileCauseName(this.m_cause);
  }
}

/**
 * The name of a `CFileException` cause as MFC spells its enum member (no MFC counterpart).
 *
 * @param cause - A cause value, 0..14.
 * @returns E.g. `'fileNotFound'` for 2 (`'genericException'` for 1, never the `generic` alias),
 *   or `'cause N'` for a value outside the enum.
 */
export function fileCauseName(cause: number): string {
  return (typeof cause === 'number' ? FILE_CAUSE_NAMES[cause] : undefined) ?? `cause ${numberText(cause)}`;
}

/** `m_lOsError` for the message: a WSA code (10000..11999) by its name, else `OS error N`. */
function osErrorLabel(code: number): string {
  if (typeof code !== 'number') return `OS error ${numberText(code)}`;
  return code >= 10000 && code < 12000 ? `${wsaErrorName(code)} ${code}` : `OS error ${code}`;
}

/**
 * MFC's `CNotSupportedException`: a member the object does not support. Thrown here by the
 * CSocketFile members a socket cannot honour (Open, Duplicate, GetPosition, SetLength,
 * GetLength, LockRange, UnlockRange, Abort), CFile's Duplicate / LockRange / UnlockRange, and
 * WriteObject / ReadClass for a class that is not SERIAL, as in MFC.
 */
export class CNotSupportedException extends CException {
  /**
   * @param detail - What was refused, for the message (MFC's constructor takes nothing); default
   *   "operation not supported".
   */
  constructor(detail?: string) {
    super(detail ? `CNotSupportedException: ${detail}` : 'CNotSupportedException: operation not supported');
  }
}

/**
 * MFC's `CInvalidArgException` (MFC 8+): a NULL or out-of-range argument. MFC often only ASSERTs;
 * this library throws it for every argument it refuses (a count outside its buffer, a value
 * outside the C++ type's range, a missing socket, ...).
 */
export class CInvalidArgException extends CException {
  /**
   * @param detail - Which argument and why, for the message (MFC's constructor takes nothing);
   *   default "invalid argument".
   */
  constructor(detail?: string) {
    super(detail ? `CInvalidArgException: ${detail}` : 'CInvalidArgException: invalid argument');
  }
}

/**
 * MFC's `CMemoryException`: memory could not be allocated. Thrown here when a CMemFile cannot
 * grow (a caller's buffer attached with nGrowBytes = 0, or a file above 4 GiB).
 */
export class CMemoryException extends CException {
  /**
   * @param detail - Why, for the message (MFC's constructor takes nothing); default "out of
   *   memory".
   */
  constructor(detail?: string) {
    super(detail ? `CMemoryException: ${detail}` : 'CMemoryException: out of memory');
  }
}

/**
 * MFC's `CResourceException`: a Windows resource could not be found or allocated (MFC's sockets
 * throw it when the socket window or its timer cannot be created). This library has no such
 * resources and does not throw it; it exists so that ported `catch` code compiles.
 */
export class CResourceException extends CException {
  /**
   * @param detail - Why, for the message (MFC's constructor takes nothing); default
   *   "resource unavailable".
   */
  constructor(detail?: string) {
    super(detail ? `CResourceException: ${detail}` : 'CResourceException: resource unavailable');
  }
}

/**
 * Throws a {@link CArchiveException} (MFC's `AfxThrowArchiveException(int cause,
 * LPCTSTR lpszArchiveName = NULL)`).
 *
 * @param cause - A `CArchiveException` cause constant.
 * @param lpszArchiveName - The archive's file name; default null (none), as in MFC.
 * @returns Never returns.
 * @throws {@link CArchiveException} always.
 */
export function AfxThrowArchiveException(cause: number, lpszArchiveName: string | null = null): never {
  throw new CArchiveException(cause, lpszArchiveName);
}

/**
 * Throws a {@link CFileException} (MFC's `AfxThrowFileException(int cause, LONG lOsError = -1,
 * LPCTSTR lpszFileName = NULL)`).
 *
 * @param cause - A `CFileException` cause constant.
 * @param lOsError - The OS error code; default -1 (none), as in MFC.
 * @param lpszFileName - The file's path; default null (none), as in MFC.
 * @returns Never returns.
 * @throws {@link CFileException} always.
 */
export function AfxThrowFileException(cause: number, lOsError = -1, lpszFileName: string | null = null): never {
  throw new CFileException(cause, lOsError, lpszFileName);
}

/**
 * Throws a {@link CNotSupportedException} (MFC's `AfxThrowNotSupportedException()`).
 *
 * @returns Never returns.
 * @throws {@link CNotSupportedException} always.
 */
export function AfxThrowNotSupportedException(): never {
  throw new CNotSupportedException();
}

/**
 * Throws a {@link CInvalidArgException} (MFC's `AfxThrowInvalidArgException()`).
 *
 * @returns Never returns.
 * @throws {@link CInvalidArgException} always.
 */
export function AfxThrowInvalidArgException(): never {
  throw new CInvalidArgException();
}

/**
 * Throws a {@link CMemoryException} (MFC's `AfxThrowMemoryException()`).
 *
 * @returns Never returns.
 * @throws {@link CMemoryException} always.
 */
export function AfxThrowMemoryException(): never {
  throw new CMemoryException();
}

keepClassName(CArchiveException, 'CArchiveException');
keepClassName(CFileException, 'CFileException');

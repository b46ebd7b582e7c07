/**
 * MFC's exception family (afx.h): CException and the subclasses that CFile, CSocketFile,
 * CArchive and the socket classes throw. Each carries MFC's public members (`m_cause`,
 * `m_lOsError`, `m_strFileName`) and a message that names the cause, so that a port can both
 * `switch (e.m_cause)` like MFC code and read a stack trace.
 */

import { describeValue } from '../wsa/format.js';
import { wsaErrorName } from '../wsa/errors.js';
import { keepClassName } from './class-name.js';

/**
 * The stable `code` of every exception this library throws (no MFC counterpart: a Node extra
 * beside MFC's `m_cause`, in the manner of Node's `err.code`). A `CArchiveException` or
 * `CFileException` has its cause's code (`AFX_ARCHIVE_END_OF_FILE`, `AFX_FILE_FILE_NOT_FOUND`,
 * ...); the other classes have one code each (`AFX_NOT_SUPPORTED`, `AFX_INVALID_ARG`, ...). A
 * code never changes once published, unlike a message.
 */
export type AfxExceptionCode =
  | 'AFX_EXCEPTION'
  | CArchiveExceptionCode
  | CFileExceptionCode
  | 'AFX_NOT_SUPPORTED'
  | 'AFX_INVALID_ARG'
  | 'AFX_MEMORY'
  | 'AFX_RESOURCE';

/**
 * MFC's `CException`, the base of every exception this library throws; it extends `Error`, so
 * `catch (e)` gets a stack trace and `e.message`. `Delete()` exists so that ported `e->Delete()`
 * calls compile.
 */
export class CException extends Error {
  /** The stable code (see {@link AfxExceptionCode}); `'AFX_EXCEPTION'` for a plain CException. */
  readonly code: AfxExceptionCode;

  /**
   * Sets `message`, `code`, and `name` to the constructed class's name (`new.target.name`).
   *
   * @param message - The readable text; the subclasses build it from the cause.
   * @param code - The stable code; default `'AFX_EXCEPTION'` (the subclasses pass their own).
   */
  constructor(message: string, code: AfxExceptionCode = 'AFX_EXCEPTION') {
    super(message);
    this.name = new.target.name;
    this.code = code;
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

/** One row of a cause family: MFC's enum value, the stable code, and the text the message gives (archive causes only). */
type CauseRow = readonly [value: number, code: string, text?: string];
type CauseTable = Readonly<Record<string, CauseRow>>;
/** A family's `{ name: value }` object, keeping each member's literal value (and its doc). */
type CauseValues<T extends CauseTable> = { readonly [K in keyof T]: T[K][0] };

/** What a cause family gives its exception class: values, and the name, code and text by value. */
interface CauseFamily<T extends CauseTable, U extends string> {
  /** Spelled out, not CauseValues<T>: TypeDoc then shows CArchiveCause's members, not an alias it cannot document. */
  values: { readonly [K in keyof T]: T[K][0] };
  name(cause: number): string;
  code(cause: number): T[keyof T][1] | U;
  text(cause: number): string | undefined;
}

function causeFamily<T extends CauseTable, U extends string>(table: T, unknownCode: U): CauseFamily<T, U> {
  const values = {} as Record<string, number>;
  const byValue: [string, CauseRow][] = [];
  for (const [name, row] of Object.entries(table)) {
    values[name] = row[0];
    byValue[row[0]] = [name, row];
  }
  // A cause arrives from callers (AfxThrowArchiveException(cause)): anything, not only a number.
  const lookup = (cause: number): [string, CauseRow] | undefined => (typeof cause === 'number' ? byValue[cause] : undefined);
  return {
    values: Object.freeze(values) as CauseValues<T>,
    name: (cause) => lookup(cause)?.[0] ?? `cause ${describeValue(cause)}`,
    code: (cause) => lookup(cause)?.[1][1] ?? unknownCode,
    text: (cause) => lookup(cause)?.[1][2],
  };
}

/**
 * The class statics of a cause family: `CArchiveException.endOfFile` and the rest come from the
 * family's table, so each cause is declared once. The class in between has no members of its own.
 */
function withCauseStatics<T extends CauseTable>(family: CauseFamily<T, string>): (abstract new (message: string, code: AfxExceptionCode) => CException) & CauseValues<T> {
  abstract class WithCauses extends CException {}
  return Object.assign(WithCauses, family.values);
}

/**
 * The causes of `CArchiveException` (afx.h enum `cause`, MFC14 numbering): value, code, text.
 * Each member's doc says when this library raises it.
 */
const ARCHIVE_CAUSES = {
  /** No error occurred. */
  none: [0, 'AFX_ARCHIVE_NONE', 'no error'],
  /**
   * An unspecified error occurred; here also, e.g., objects nested deeper than `m_nMaxDepth`, a
   * closed archive, a second concurrent LoadAsync.
   */
  genericException: [1, 'AFX_ARCHIVE_GENERIC', 'unspecified error'],
  /** Tried to write to an archive opened for loading. */
  readOnly: [2, 'AFX_ARCHIVE_READ_ONLY', 'tried to write to an archive opened for loading'],
  /** Reached the end of the file while reading an object. */
  endOfFile: [3, 'AFX_ARCHIVE_END_OF_FILE', 'reached end of file while reading an object'],
  /** Tried to read from an archive opened for storing. */
  writeOnly: [4, 'AFX_ARCHIVE_WRITE_ONLY', 'tried to read from an archive opened for storing'],
  /** Invalid file format: a bad object or class index. */
  badIndex: [5, 'AFX_ARCHIVE_BAD_INDEX', 'invalid file format (bad object or class index)'],
  /**
   * Tried to read an object into an object of the wrong type, or the stream names an unknown or
   * uncreatable class.
   */
  badClass: [6, 'AFX_ARCHIVE_BAD_CLASS', 'tried to read an object into an object of the wrong type'],
  /** Tried to read an object with a different version of the class, and the class is not VERSIONABLE_SCHEMA. */
  badSchema: [7, 'AFX_ARCHIVE_BAD_SCHEMA', 'tried to read an object with a different version of the class'],
  /**
   * The request does not fit in the archive's buffer (in MFC14's enum, not in its
   * documentation); here also a LoadAsync run that needs more than its `maxBytes`.
   */
  bufferFull: [8, 'AFX_ARCHIVE_BUFFER_FULL', 'archive buffer too small for the request'],
} as const satisfies Record<string, readonly [number, CArchiveExceptionCode, string]>;

const archiveCauses = causeFamily(ARCHIVE_CAUSES, 'AFX_ARCHIVE_UNKNOWN_CAUSE');

/**
 * The values of `CArchiveException::m_cause` (afx.h enum `cause`, MFC14 numbering), as one object;
 * the same values are static members of {@link CArchiveException}.
 */
export const CArchiveCause = archiveCauses.values;
/** One of the {@link CArchiveCause} values, 0..8. */
export type CArchiveCause = (typeof CArchiveCause)[keyof typeof CArchiveCause];
/** The `code` of a {@link CArchiveException}: `'AFX_ARCHIVE_END_OF_FILE'` and so on, one per cause. */
export type CArchiveExceptionCode =
  | 'AFX_ARCHIVE_NONE'
  | 'AFX_ARCHIVE_GENERIC'
  | 'AFX_ARCHIVE_READ_ONLY'
  | 'AFX_ARCHIVE_END_OF_FILE'
  | 'AFX_ARCHIVE_WRITE_ONLY'
  | 'AFX_ARCHIVE_BAD_INDEX'
  | 'AFX_ARCHIVE_BAD_CLASS'
  | 'AFX_ARCHIVE_BAD_SCHEMA'
  | 'AFX_ARCHIVE_BUFFER_FULL'
  | 'AFX_ARCHIVE_UNKNOWN_CAUSE';

/**
 * MFC's `CArchiveException`: a CArchive operation failed. `m_cause` says why (the static members,
 * the same as {@link CArchiveCause}; `generic` is MFC's alias of `genericException`), `code` is
 * the cause's stable code; the message names the cause, explains it, and adds the archive's file
 * name when there is one.
 */
export class CArchiveException extends withCauseStatics(archiveCauses) {
  /** MFC's `generic` alias of genericException. */
  static readonly generic = 1;

  /** The cause's stable code, e.g. `'AFX_ARCHIVE_END_OF_FILE'`; `'AFX_ARCHIVE_UNKNOWN_CAUSE'` outside the enum. */
  declare readonly code: CArchiveExceptionCode;
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
  constructor(cause: number = CArchiveCause.none, lpszArchiveName: string | null = null, detail?: string) {
    const text = archiveCauses.text(cause) ?? 'unknown cause';
    const where = lpszArchiveName ? ` (${lpszArchiveName})` : '';
    super(`CArchiveException ${archiveCauses.name(cause)}: ${text}${detail ? ` — ${detail}` : ''}${where}`, archiveCauses.code(cause));
    this.m_cause = cause;
    this.m_strFileName = lpszArchiveName ?? '';
  }

  /** The cause as MFC spells its enum member, e.g. 'endOfFile' (archiveCauseName of m_cause). */
  get causeName(): string {
    return archiveCauses.name(this.m_cause);
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
  return archiveCauses.name(cause);
}

/**
 * The causes of `CFileException` (afx.h enum `cause`): value and code. Each member's doc
 * says which errno {@link CFile} maps to it (as MFC's `ErrnoToException` does), or that it is
 * not raised here.
 */
const FILE_CAUSES = {
  /** No error occurred. */
  none: [0, 'AFX_FILE_NONE'],
  /** An unspecified error occurred: every CSocketFile error, and a CFile OS error with no closer cause. */
  genericException: [1, 'AFX_FILE_GENERIC'],
  /** The file could not be located: ENOENT, ENFILE. */
  fileNotFound: [2, 'AFX_FILE_NOT_FOUND'],
  /** All or part of the path is invalid: ENOTDIR. */
  badPath: [3, 'AFX_FILE_BAD_PATH'],
  /** The permitted number of open files was exceeded: EMFILE. */
  tooManyOpenFiles: [4, 'AFX_FILE_TOO_MANY_OPEN_FILES'],
  /** The file could not be accessed: EACCES, EPERM, EISDIR. */
  accessDenied: [5, 'AFX_FILE_ACCESS_DENIED'],
  /** An attempt to use an invalid file handle: a CFile that is not open, or EBADF (e.g. reading a file opened for writing only). */
  invalidFile: [6, 'AFX_FILE_INVALID_FILE'],
  /** The current working directory cannot be removed. Not raised here. */
  removeCurrentDir: [7, 'AFX_FILE_REMOVE_CURRENT_DIR'],
  /** There are no more directory entries. Not raised here. */
  directoryFull: [8, 'AFX_FILE_DIRECTORY_FULL'],
  /** An error trying to set the file pointer: Seek to a negative position or with a bad `nFrom`. */
  badSeek: [9, 'AFX_FILE_BAD_SEEK'],
  /** There was a hardware error: EIO, EINVAL. */
  hardIO: [10, 'AFX_FILE_HARD_IO'],
  /** SHARE.EXE was not loaded, or a shared region was locked: EDEADLK. */
  sharingViolation: [11, 'AFX_FILE_SHARING_VIOLATION'],
  /** An attempt to lock a region that was already locked. Not raised here. */
  lockViolation: [12, 'AFX_FILE_LOCK_VIOLATION'],
  /** The disk is full: ENOSPC. */
  diskFull: [13, 'AFX_FILE_DISK_FULL'],
  /** The end of file was reached. Not raised here. */
  endOfFile: [14, 'AFX_FILE_END_OF_FILE'],
} as const satisfies Record<string, readonly [number, CFileExceptionCode]>;

const fileCauses = causeFamily(FILE_CAUSES, 'AFX_FILE_UNKNOWN_CAUSE');

/**
 * The values of `CFileException::m_cause` (afx.h enum `cause`), as one object; the same values are
 * static members of {@link CFileException}.
 */
export const CFileCause = fileCauses.values;
/** One of the {@link CFileCause} values, 0..14. */
export type CFileCause = (typeof CFileCause)[keyof typeof CFileCause];
/** The `code` of a {@link CFileException}: `'AFX_FILE_NOT_FOUND'` and so on, one per cause. */
export type CFileExceptionCode =
  | 'AFX_FILE_NONE'
  | 'AFX_FILE_GENERIC'
  | 'AFX_FILE_NOT_FOUND'
  | 'AFX_FILE_BAD_PATH'
  | 'AFX_FILE_TOO_MANY_OPEN_FILES'
  | 'AFX_FILE_ACCESS_DENIED'
  | 'AFX_FILE_INVALID_FILE'
  | 'AFX_FILE_REMOVE_CURRENT_DIR'
  | 'AFX_FILE_DIRECTORY_FULL'
  | 'AFX_FILE_BAD_SEEK'
  | 'AFX_FILE_HARD_IO'
  | 'AFX_FILE_SHARING_VIOLATION'
  | 'AFX_FILE_LOCK_VIOLATION'
  | 'AFX_FILE_DISK_FULL'
  | 'AFX_FILE_END_OF_FILE'
  | 'AFX_FILE_UNKNOWN_CAUSE';

/**
 * MFC's `CFileException`: a file operation failed. `m_cause` is the portable reason (the static
 * members, the same as {@link CFileCause}; `generic` is MFC 4.0's name of `genericException`),
 * `m_lOsError` the OS's own code, `code` the cause's stable code. {@link CFile} maps Node's errno
 * to the cause as MFC's `ErrnoToException` does; {@link CSocketFile} always uses
 * `genericException` with the WSA code, as MFC does. The message names the cause, the OS error
 * (a WSA code by its name) and the file.
 */
export class CFileException extends withCauseStatics(fileCauses) {
  /** MFC 4.0's name of genericException (`CFileException::generic`). */
  static readonly generic = 1;

  /** The cause's stable code, e.g. `'AFX_FILE_NOT_FOUND'`; `'AFX_FILE_UNKNOWN_CAUSE'` outside the enum. */
  declare readonly code: CFileExceptionCode;
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
  constructor(cause: number = CFileCause.none, lOsError = -1, lpszFileName: string | null = null) {
    const os = lOsError === -1 ? '' : ` [${osErrorLabel(lOsError)}]`;
    const where = lpszFileName ? ` (${lpszFileName})` : '';
    super(`CFileException ${fileCauses.name(cause)}${os}${where}`, fileCauses.code(cause));
    this.m_cause = cause;
    this.m_lOsError = lOsError;
    this.m_strFileName = lpszFileName ?? '';
  }

  /** The cause as MFC spells its enum member, e.g. 'fileNotFound' (fileCauseName of m_cause). */
  get causeName(): string {
    return fileCauses.name(this.m_cause);
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
  return fileCauses.name(cause);
}

/** `m_lOsError` for the message: a WSA code (10000..11999) by its name, else `OS error N`. */
function osErrorLabel(code: number): string {
  if (typeof code !== 'number') return `OS error ${describeValue(code)}`;
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
    super(detail ? `CNotSupportedException: ${detail}` : 'CNotSupportedException: operation not supported', 'AFX_NOT_SUPPORTED');
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
    super(detail ? `CInvalidArgException: ${detail}` : 'CInvalidArgException: invalid argument', 'AFX_INVALID_ARG');
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
    super(detail ? `CMemoryException: ${detail}` : 'CMemoryException: out of memory', 'AFX_MEMORY');
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
    super(detail ? `CResourceException: ${detail}` : 'CResourceException: resource unavailable', 'AFX_RESOURCE');
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

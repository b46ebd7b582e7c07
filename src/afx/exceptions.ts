/**
 * MFC's exception family (afx.h): CException and the subclasses that CFile, CSocketFile,
 * CArchive and the socket classes throw. Each carries MFC's public members (`m_cause`,
 * `m_lOsError`, `m_strFileName`) and a message that names the cause, so that a port can both
 * `switch (e.m_cause)` like MFC code and read a stack trace.
 */

import { numberText } from '../winsock/text.js';
import { wsaErrorName } from '../winsock/errors.js';

/** Base of every MFC exception. `Delete()` exists so that ported `e->Delete()` calls compile. */
export class CException extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  /** MFC frees heap exceptions here; JS has a GC, so this does nothing. */
  Delete(): void {}

  /** MFC's `GetErrorMessage`: the readable text (the return value says whether there was one). */
  GetErrorMessage(): string {
    return this.message;
  }

  ReportError(): string {
    return this.message;
  }
}

/** CArchiveException::cause (afx.h, MFC14 numbering). */
export const CArchiveCause = {
  none: 0,
  genericException: 1,
  readOnly: 2,
  endOfFile: 3,
  writeOnly: 4,
  badIndex: 5,
  badClass: 6,
  badSchema: 7,
  bufferFull: 8,
} as const;
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

export class CArchiveException extends CException {
  static readonly none = 0;
  static readonly genericException = 1;
  /** MFC's `generic` alias of genericException. */
  static readonly generic = 1;
  static readonly readOnly = 2;
  static readonly endOfFile = 3;
  static readonly writeOnly = 4;
  static readonly badIndex = 5;
  static readonly badClass = 6;
  static readonly badSchema = 7;
  static readonly bufferFull = 8;

  m_cause: number;
  m_strFileName: string;

  constructor(cause: number = CArchiveException.none, lpszArchiveName: string | null = null, detail?: string) {
    const name = archiveCauseName(cause);
    const text = (typeof cause === 'number' ? ARCHIVE_CAUSE_TEXT[cause] : undefined) ?? 'unknown cause';
    const where = lpszArchiveName ? ` (${lpszArchiveName})` : '';
    super(`CArchiveException ${name}: ${text}${detail ? ` — ${detail}` : ''}${where}`);
    this.m_cause = cause;
    this.m_strFileName = lpszArchiveName ?? '';
  }

  /** The cause as MFC spells its enum member, e.g. 'endOfFile'. */
  get causeName(): string {
    return archiveCauseName(this.m_cause);
  }
}

export function archiveCauseName(cause: number): string {
  return (typeof cause === 'number' ? ARCHIVE_CAUSE_NAMES[cause] : undefined) ?? `cause ${numberText(cause)}`;
}

/** CFileException::cause (afx.h). */
export const CFileCause = {
  none: 0,
  genericException: 1,
  fileNotFound: 2,
  badPath: 3,
  tooManyOpenFiles: 4,
  accessDenied: 5,
  invalidFile: 6,
  removeCurrentDir: 7,
  directoryFull: 8,
  badSeek: 9,
  hardIO: 10,
  sharingViolation: 11,
  lockViolation: 12,
  diskFull: 13,
  endOfFile: 14,
} as const;
export type CFileCause = (typeof CFileCause)[keyof typeof CFileCause];

const FILE_CAUSE_NAMES = Object.keys(CFileCause) as ReadonlyArray<keyof typeof CFileCause>;

export class CFileException extends CException {
  static readonly none = 0;
  static readonly genericException = 1;
  static readonly generic = 1;
  static readonly fileNotFound = 2;
  static readonly badPath = 3;
  static readonly tooManyOpenFiles = 4;
  static readonly accessDenied = 5;
  static readonly invalidFile = 6;
  static readonly removeCurrentDir = 7;
  static readonly directoryFull = 8;
  static readonly badSeek = 9;
  static readonly hardIO = 10;
  static readonly sharingViolation = 11;
  static readonly lockViolation = 12;
  static readonly diskFull = 13;
  static readonly endOfFile = 14;

  m_cause: number;
  /** The OS error; for sockets the WSA code (CSocketFile), -1 when there is none. */
  m_lOsError: number;
  m_strFileName: string;

  constructor(cause: number = CFileException.none, lOsError = -1, lpszFileName: string | null = null) {
    const name = fileCauseName(cause);
    const os = lOsError === -1 ? '' : ` [${osErrorLabel(lOsError)}]`;
    const where = lpszFileName ? ` (${lpszFileName})` : '';
    super(`CFileException ${name}${os}${where}`);
    this.m_cause = cause;
    this.m_lOsError = lOsError;
    this.m_strFileName = lpszFileName ?? '';
  }

  get causeName(): string {
    return fileCauseName(this.m_cause);
  }
}

export function fileCauseName(cause: number): string {
  return (typeof cause === 'number' ? FILE_CAUSE_NAMES[cause] : undefined) ?? `cause ${numberText(cause)}`;
}

function osErrorLabel(code: number): string {
  if (typeof code !== 'number') return `OS error ${numberText(code)}`;
  return code >= 10000 && code < 12000 ? `${wsaErrorName(code)} ${code}` : `OS error ${code}`;
}

/** Thrown for operations a class refuses (CSocketFile::Seek-like members, non-SERIAL classes). */
export class CNotSupportedException extends CException {
  constructor(detail?: string) {
    super(detail ? `CNotSupportedException: ${detail}` : 'CNotSupportedException: operation not supported');
  }
}

/** MFC 8+: a NULL or out-of-range argument. */
export class CInvalidArgException extends CException {
  constructor(detail?: string) {
    super(detail ? `CInvalidArgException: ${detail}` : 'CInvalidArgException: invalid argument');
  }
}

export class CMemoryException extends CException {
  constructor(detail?: string) {
    super(detail ? `CMemoryException: ${detail}` : 'CMemoryException: out of memory');
  }
}

export class CResourceException extends CException {
  constructor(detail?: string) {
    super(detail ? `CResourceException: ${detail}` : 'CResourceException: resource unavailable');
  }
}

export function AfxThrowArchiveException(cause: number, lpszArchiveName: string | null = null): never {
  throw new CArchiveException(cause, lpszArchiveName);
}

export function AfxThrowFileException(cause: number, lOsError = -1, lpszFileName: string | null = null): never {
  throw new CFileException(cause, lOsError, lpszFileName);
}

export function AfxThrowNotSupportedException(): never {
  throw new CNotSupportedException();
}

export function AfxThrowInvalidArgException(): never {
  throw new CInvalidArgException();
}

export function AfxThrowMemoryException(): never {
  throw new CMemoryException();
}

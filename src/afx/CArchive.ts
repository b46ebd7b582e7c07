/**
 * CArchive: MFC's binary serializer over a CFile, byte-for-byte compatible with MFC's
 * arccore.cpp / arcobj.cpp output (see docs/archive.md for the layouts).
 *
 * Each C++ operator has a named method: `ar << (WORD)x` is `ar.WriteWord(x)`, `ar >> w` is
 * `w = ar.ReadWord()`. Writers return the archive so they chain like `<<`.
 * Values out of a type's range throw CInvalidArgException rather than being truncated.
 */

import { CFile, checkBuffer, describeValue } from './CFile.js';
import { CObject, CRuntimeClass, RUNTIME_CLASS, VERSIONABLE_SCHEMA, requireSerializable, type CObjectCtor } from './CObject.js';
import { CArchiveException, CInvalidArgException } from './exceptions.js';
import { getDefaultCodePage, resolveCodePage, type CodePage } from './archive/codepage.js';
import { NeedMoreData } from './archive/need-more.js';
import { dwBigClassTag, nMaxMapCount, wBigObjectTag, wClassTag, wNewClassTag, wNullTag } from './archive/object-tags.js';
import { keepClassName } from './class-name.js';

const UINT_MINUS_1 = 0xffffffff;
const MAX_U64 = 0xffffffffffffffffn;
const MAX_I64 = 0x7fffffffffffffffn;
const MIN_I64 = -0x8000000000000000n;
const INT_MAX = 0x7fffffff;
/** Large payloads are read in pieces of this size, so memory follows the data actually present. */
const LARGE_READ_CHUNK = 0x10000;
/** Strings up to this many units are copied by a JS loop rather than Buffer#write. */
const SHORT_STRING = 48;
/** Longest CString length prefix: marker (3) + FF FFFF FFFFFFFF + QWORD. */
const MAX_PREFIX = 18;

/**
 * The options of {@link CArchive.FlushAsync} (and the base of {@link LoadAsyncOptions}), passed
 * to the file's `ReadAsync` / `WriteAsync`: over a {@link CSocketFile}, to the socket's
 * `ReceiveAsync` / `SendAsync`.
 */
export interface AsyncIoOptions {
  /** Aborting ends the pending socket call like `CancelBlockingCall`: `CFileException` with `m_lOsError` = `WSAEINTR`. */
  signal?: AbortSignal;
  /** Milliseconds for each socket call; when they pass, `CFileException` with `m_lOsError` = `WSAETIMEDOUT`. */
  timeout?: number;
}

/** The options of {@link CArchive.LoadAsync}: `signal` and `timeout` as in {@link AsyncIoOptions}, plus `maxBytes`. */
export interface LoadAsyncOptions extends AsyncIoOptions {
  /**
   * Most bytes one loader run may need buffered (default 16 MiB). A length prefix asking for
   * more fails with CArchiveException bufferFull instead of buffering without bound.
   */
  maxBytes?: number;
}

type LoadSlot = CObject | CRuntimeClass | null;

interface LoadSnapshot {
  cur: number;
  loadLen: number;
  loadArray: LoadSlot[] | null;
  schemaMap: Map<CRuntimeClass, number> | null;
  objectSchema: number;
}

function invalidArg(type: string, value: unknown): never {
  throw new CInvalidArgException(`${type} out of range: ${describeValue(value)}`);
}

/**
 * MFC's `CArchive`: a buffered binary serializer over a {@link CFile} ({@link CSocketFile},
 * {@link CMemFile}, a disk file), writing and reading MFC's byte format exactly (arccore.cpp,
 * arcobj.cpp, TN002), so that a Node program and an MFC program can exchange archives.
 *
 * Each C++ `operator<<` / `operator>>` is a named method (`ar << (WORD)w` is `ar.WriteWord(w)`,
 * `ar >> w` is `w = ar.ReadWord()`); writers return the archive so they chain like `<<`. All
 * integers and floats are little-endian.
 *
 * Errors: `CArchiveException` with `CArchiveException.readOnly` (a write on a loading archive),
 * `CArchiveException.writeOnly` (a read on a storing archive: the names look inverted, as in
 * MFC), `CArchiveException.endOfFile` (the data ended inside a value), `.badIndex`, `.badClass`,
 * `.badSchema` (object streams), `.bufferFull` (LoadAsync's `maxBytes`), `.genericException`
 * (closed archive, oversized lengths, nesting deeper than `m_nMaxDepth`); a `CFileException`
 * from the file propagates (over a CSocketFile: `genericException` with the WSA code in
 * `m_lOsError`). A value outside its C++ type's range throws `CInvalidArgException` and writes
 * nothing, where MFC would truncate it.
 *
 * @example
 * ```ts
 * const file = new CSocketFile(sock);
 * const arOut = new CArchive(file, CArchive.store);
 * arOut.WriteWord(0).WriteCString('bob: hi').WriteCount(0);
 * arOut.Flush();                      // nothing reaches the socket before
 * ```
 */
export class CArchive {
  /** Mode: the archive stores (afx.h `CArchive::store`, 0). */
  static readonly store = 0;
  /** Mode bit: the archive loads (afx.h `CArchive::load`). */
  static readonly load = 1;
  /** Mode bit: `Delete()` (the destructor) does not flush (afx.h `CArchive::bNoFlushOnDelete`). */
  static readonly bNoFlushOnDelete = 2;
  /** Mode bit: no byte swapping (afx.h `CArchive::bNoByteSwap`); accepted, no effect, as on Win32. */
  static readonly bNoByteSwap = 4;
  /** The smallest buffer: a smaller `nBufSize` gets this many bytes (afx.h `CArchive::nBufSizeMin`). */
  static readonly nBufSizeMin = 128;
  /**
   * The `m_nMaxDepth` of new archives (512, not in MFC): how deep objects may nest inside
   * objects in ReadObject / WriteObject before `genericException`.
   */
  static nMaxObjectDepthDefault = 512;
  /** The default of LoadAsync's `maxBytes` (16 MiB, not in MFC). */
  static nMaxAsyncBytesDefault = 16 * 1024 * 1024;

  /** The constructor's `nMode` (MFC's `m_nMode`): `store` or `load`, OR'd with `bNoFlushOnDelete` / `bNoByteSwap`. */
  m_nMode: number;
  /** The file read or written (MFC's `m_pFile`); `null` after Close, Abort or Delete. */
  m_pFile: CFile | null;
  /** The file's `GetFilePath()` at construction (MFC's `m_strFileName`); named in every `CArchiveException`. */
  m_strFileName: string;
  /** MFC's `m_bForceFlat` (true, as MFC sets it); kept for source compatibility, nothing here reads it. */
  m_bForceFlat = true;
  /**
   * MFC's `m_nObjectSchema`: the schema of the object being loaded, set around each object's
   * Serialize by ReadObject; 0xFFFFFFFF ((UINT)-1) when none is pending.
   */
  m_nObjectSchema = UINT_MINUS_1;
  /**
   * MFC 7+'s `m_bBlocking`: the file reported `CFile.bufferBlocking` (a {@link CSocketFile}
   * does), so the archive asks it only for the bytes it needs and never reads ahead.
   */
  readonly m_bBlocking: boolean;
  /**
   * Whether `CString` (WriteCString) and the text-line functions use the Unicode form, as an
   * `_UNICODE` MFC build does (default true); false gives the ANSI build's form. Not in MFC,
   * where the build decides.
   */
  m_bUnicode = true;
  /**
   * How deep objects may nest inside objects (default `CArchive.nMaxObjectDepthDefault`, 512; not
   * in MFC); deeper, ReadObject / WriteObject throw `CArchiveException.genericException`, so a
   * peer cannot exhaust the stack.
   */
  m_nMaxDepth = CArchive.nMaxObjectDepthDefault;
  /**
   * Storing only (default false; not in MFC): grow the buffer instead of writing to the file when
   * it fills, so that bytes leave only at Flush / FlushAsync (useful on the event loop, where a
   * synchronous `CSocket.Send` blocks).
   */
  m_bDeferFlush = false;

  private readonly nBufSize: number;
  private buf: Buffer;
  private dv: DataView;
  private cur: number;
  private max: number;
  private spare: Buffer | null = null;
  private codePage: CodePage;

  private storeMap: Map<object, number> | null = null;
  private storeCount = 0;
  private loadArray: LoadSlot[] | null = null;
  private schemaMap: Map<CRuntimeClass, number> | null = null;
  private depth = 0;

  private asyncMode = false;
  private asyncShort = 0;
  private asyncEof = false;
  private asyncBusy = false;
  /** Set by the last CString read: whether it carried the Unicode marker. */
  private lastStringUnicode = false;

  /**
   * Makes an archive over a file (MFC's
   * `CArchive(CFile* pFile, UINT nMode, int nBufSize = 4096, void* lpBuf = NULL)`). A loading
   * archive starts with an empty buffer; nothing is read or written until the first call.
   *
   * @param pFile - The file: a {@link CSocketFile}, a {@link CMemFile} or an open {@link CFile}.
   *   The
   *   archive does not own it: Close detaches it without closing it.
   * @param nMode - `CArchive.store` or `CArchive.load`, optionally OR'd with
   *   `CArchive.bNoFlushOnDelete` and `CArchive.bNoByteSwap` (0..7).
   * @param nBufSize - The buffer size in bytes; default 4096, as in MFC. Below
   *   `CArchive.nBufSizeMin` (128) the buffer gets 128 bytes.
   * @param lpBuf - Only `null` (MFC's default): a caller-supplied buffer is not supported.
   * @throws {CInvalidArgException} when `pFile` is not a CFile (MFC 14 throws it for NULL),
   *   `nMode` is not an integer 0..7, `nBufSize` is not an integer 0..0x40000000, or `lpBuf` is
   *   not null.
   */
  constructor(pFile: CFile, nMode: number, nBufSize = 4096, lpBuf: null = null) {
    if (!(pFile instanceof CFile)) throw new CInvalidArgException('CArchive: pFile must be a CFile');
    if (!Number.isInteger(nMode) || nMode < 0 || nMode > 7) throw new CInvalidArgException('CArchive: nMode');
    if (!Number.isInteger(nBufSize) || nBufSize < 0 || nBufSize > 0x40000000) throw new CInvalidArgException('CArchive: nBufSize');
    if (lpBuf !== null) throw new CInvalidArgException('CArchive: a caller-supplied buffer is not supported');
    this.m_pFile = pFile;
    this.m_nMode = nMode;
    this.m_strFileName = pFile.GetFilePath();
    this.nBufSize = Math.max(nBufSize, CArchive.nBufSizeMin);
    this.buf = Buffer.alloc(this.nBufSize);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.m_bBlocking = (pFile.GetBufferPtr(CFile.bufferCheck) & CFile.bufferBlocking) !== 0;
    this.codePage = getDefaultCodePage();
    // A loading archive starts empty; a storing one starts with the whole buffer free.
    this.cur = 0;
    this.max = 0;
  }

  // ---------------------------------------------------------------- state

  /** Whether the archive loads (MFC's `CArchive::IsLoading`: `(m_nMode & load) != 0`). */
  IsLoading(): boolean {
    return (this.m_nMode & CArchive.load) !== 0;
  }

  /** Whether the archive stores (MFC's `CArchive::IsStoring`: `(m_nMode & load) == 0`). */
  IsStoring(): boolean {
    return (this.m_nMode & CArchive.load) === 0;
  }

  /**
   * MFC's `CArchive::IsByteSwapping`: always false, as on Win32/Win64 MFC (the archive is
   * little-endian), so `bNoByteSwap` changes nothing.
   */
  IsByteSwapping(): boolean {
    return false;
  }

  /**
   * Whether no loaded byte is left in the buffer (MFC's `CArchive::IsBufferEmpty`); meaningful
   * when loading. Loop `do { ... } while (!ar.IsBufferEmpty())` in OnReceive, as MFC's samples
   * do: it stays exact here, LoadAsync included.
   */
  IsBufferEmpty(): boolean {
    return this.cur === this.max;
  }

  /** The file this archive reads or writes (MFC's `CArchive::GetFile`); `null` after Close, Abort or Delete. */
  GetFile(): CFile | null {
    return this.m_pFile;
  }

  /**
   * The ANSI code page of this archive's CStringA payloads and ANSI text lines (no MFC
   * counterpart: MFC uses the machine's ANSI code page). New archives start with
   * {@link getDefaultCodePage}, windows-1252 unless `setDefaultCodePage` changed it.
   */
  GetCodePage(): CodePage {
    return this.codePage;
  }

  /**
   * Chooses the ANSI code page of this archive's CStringA payloads and ANSI text lines (no MFC
   * counterpart; windows-1252 by default).
   *
   * @param cp - 1252 / `'windows-1252'` / `'cp1252'`, 28591 / `'latin1'` / `'iso-8859-1'`,
   *   65001 / `'utf-8'` / `'utf8'` (names in any case), or a {@link CodePage} object.
   * @throws {CInvalidArgException} for any other page, or an object without `byteLength`,
   *   `write` and `decode`.
   */
  SetCodePage(cp: number | string | CodePage): void {
    this.codePage = resolveCodePage(cp);
  }

  /**
   * The stored schema of the object being loaded (MFC's `CArchive::GetObjectSchema`), for a
   * `VERSIONABLE_SCHEMA` class's Serialize to read older versions.
   *
   * @returns The schema, once per Serialize: the call resets it to 0xFFFFFFFF ((UINT)-1), as MFC
   *   does. 0xFFFFFFFF too when Serialize was called directly, not through ReadObject.
   */
  GetObjectSchema(): number {
    const n = this.m_nObjectSchema;
    this.m_nObjectSchema = UINT_MINUS_1;
    return n;
  }

  /**
   * Sets the schema GetObjectSchema returns next (MFC's `CArchive::SetObjectSchema`).
   *
   * @param nSchema - 0..0xFFFFFFFF.
   * @throws {CInvalidArgException} for a value that is not an integer in that range.
   */
  SetObjectSchema(nSchema: number): void {
    if (!Number.isInteger(nSchema) || nSchema < 0 || nSchema > UINT_MINUS_1) invalidArg('schema', nSchema);
    this.m_nObjectSchema = nSchema;
  }

  /**
   * MFC's `CArchive::SetStoreParams(UINT nHashSize = 2053, UINT nBlockSize = 128)`: tuning of
   * MFC's store map, accepted and ignored (the map here is a hash map). Call it before the first
   * object, as MFC requires.
   *
   * Errors: `CArchiveException` with `CArchiveException.genericException` on a loading archive or
   * after the first object or class was stored or mapped (MFC asserts).
   *
   * @param nHashSize - Ignored; default 2053, as in MFC.
   * @param nBlockSize - Ignored; default 128, as in MFC.
   */
  SetStoreParams(nHashSize = 2053, nBlockSize = 128): void {
    if (!this.IsStoring() || this.storeMap) throw new CArchiveException(CArchiveException.genericException, this.m_strFileName, 'SetStoreParams after the first object');
    void nHashSize;
    void nBlockSize;
  }

  /**
   * MFC's `CArchive::SetLoadParams(UINT nGrowBy = 1024)`: growth of MFC's load array, accepted
   * and ignored (the array here grows as needed). Call it before the first object, as MFC
   * requires.
   *
   * Errors: `CArchiveException` with `CArchiveException.genericException` on a storing archive or
   * after the first object or class was loaded or mapped (MFC asserts).
   *
   * @param nGrowBy - Ignored; default 1024, as in MFC.
   */
  SetLoadParams(nGrowBy = 1024): void {
    if (!this.IsLoading() || this.loadArray) throw new CArchiveException(CArchiveException.genericException, this.m_strFileName, 'SetLoadParams after the first object');
    void nGrowBy;
  }

  // ---------------------------------------------------------------- buffer and file

  private fail(cause: number, detail?: string): never {
    throw new CArchiveException(cause, this.m_strFileName, detail);
  }

  private requireFile(): CFile {
    if (!this.m_pFile) this.fail(CArchiveException.genericException, 'the archive is closed');
    return this.m_pFile;
  }

  private setBuffer(b: Buffer): void {
    this.buf = b;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** Loading: makes `n` bytes available at cur, or throws endOfFile (NeedMoreData in LoadAsync). */
  private fill(n: number): void {
    if (this.asyncMode) this.runShort(n - (this.max - this.cur));
    const file = this.requireFile();
    if (n > this.buf.length) this.fail(CArchiveException.bufferFull);
    const avail = this.max - this.cur;
    if (this.cur > 0) {
      if (avail > 0) this.buf.copyWithin(0, this.cur, this.max);
      this.cur = 0;
      this.max = avail;
    }
    while (this.max < n) {
      // A blocking file (a socket) is asked only for what is needed, so no read waits for
      // bytes the caller does not want yet (MFC 7+); others may fill the whole buffer.
      const want = this.m_bBlocking ? n - this.max : this.buf.length - this.max;
      const got = file.Read(this.buf.subarray(this.max, this.max + want), want);
      if (!Number.isInteger(got) || got < 0 || got > want) this.fail(CArchiveException.genericException, `file Read returned ${String(got)}`);
      if (got === 0) break;
      this.max += got;
    }
    if (this.max < n) this.fail(CArchiveException.endOfFile);
  }

  /** Inside a LoadAsync run: stop, remember how much is missing, and let LoadAsync fetch it. */
  private runShort(missing: number): never {
    if (this.asyncEof) this.fail(CArchiveException.endOfFile);
    if (missing > this.asyncShort) this.asyncShort = missing;
    throw new NeedMoreData(missing);
  }

  /** Storing: room for `n` more bytes (n <= buffer size), flushing or growing. */
  private makeRoom(n: number): void {
    if (this.m_bDeferFlush) this.growStore(this.cur + n);
    else this.Flush();
  }

  private growStore(needed: number): void {
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const b = Buffer.alloc(size);
    this.buf.copy(b, 0, 0, this.cur);
    this.setBuffer(b);
  }

  // A closed archive has no file: MFC asserts; here every operation fails, even one the buffer
  // could still take (else bytes written after Close would vanish without an error).
  private requireStoring(): void {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
    if (!this.m_pFile) this.fail(CArchiveException.genericException, 'the archive is closed');
  }

  private requireLoading(): void {
    if (!(this.m_nMode & CArchive.load)) this.fail(CArchiveException.writeOnly);
    if (!this.m_pFile) this.fail(CArchiveException.genericException, 'the archive is closed');
  }

  /**
   * Reads raw bytes, no length prefix (MFC's `CArchive::Read`): from the buffer first, then
   * whole buffer-size chunks straight from the file, then the rest through the buffer.
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, with `CArchiveException.genericException` when the archive
   * is closed; a `CFileException` from the file's Read propagates.
   *
   * @param lpBuf - Where the bytes go.
   * @param nMax - How many bytes; 0..lpBuf.byteLength, default lpBuf.byteLength.
   * @returns The count read: `nMax`, fewer only at end of file, which is not an error (use
   *   EnsureRead to require them all).
   * @throws {CInvalidArgException} for a buffer that is not a Uint8Array or `nMax` outside it.
   */
  Read(lpBuf: Uint8Array, nMax: number = lpBuf?.byteLength): number {
    checkBuffer(lpBuf, nMax, 'CArchive::Read');
    this.requireLoading();
    if (nMax === 0) return 0;
    const avail = this.max - this.cur;
    let done = Math.min(nMax, avail);
    lpBuf.set(this.buf.subarray(this.cur, this.cur + done));
    this.cur += done;
    if (done === nMax) return done;
    if (this.asyncMode) {
      if (this.asyncEof) return done;
      this.runShort(nMax - done);
    }
    const file = this.requireFile();
    // Whole buffer-size chunks go straight to the caller, as MFC does.
    let direct = nMax - done;
    direct -= direct % this.buf.length;
    while (direct > 0) {
      const got = file.Read(lpBuf.subarray(done, done + direct), direct);
      if (!Number.isInteger(got) || got < 0 || got > direct) this.fail(CArchiveException.genericException, `file Read returned ${String(got)}`);
      if (got === 0) return done;
      done += got;
      direct -= got;
    }
    const left = nMax - done;
    if (left > 0) {
      this.cur = this.max = 0;
      while (this.max < left) {
        const want = this.m_bBlocking ? left - this.max : this.buf.length - this.max;
        const got = file.Read(this.buf.subarray(this.max, this.max + want), want);
        if (!Number.isInteger(got) || got < 0 || got > want) this.fail(CArchiveException.genericException, `file Read returned ${String(got)}`);
        if (got === 0) break;
        this.max += got;
      }
      const n = Math.min(left, this.max);
      lpBuf.set(this.buf.subarray(0, n), done);
      this.cur = n;
      done += n;
    }
    return done;
  }

  /**
   * Reads exactly `nCount` raw bytes (MFC's `CArchive::EnsureRead`, afx.inl).
   *
   * Errors: `CArchiveException` with `CArchiveException.endOfFile` unless all `nCount` bytes
   * arrive; otherwise those of Read.
   *
   * @param lpBuf - Where the bytes go.
   * @param nCount - How many; 0..lpBuf.byteLength, default lpBuf.byteLength.
   * @throws {CInvalidArgException} for a buffer that is not a Uint8Array or `nCount` outside it.
   */
  EnsureRead(lpBuf: Uint8Array, nCount: number = lpBuf?.byteLength): void {
    if (this.Read(lpBuf, nCount) !== nCount) this.fail(CArchiveException.endOfFile);
  }

  /**
   * Writes raw bytes, no length prefix (MFC's `CArchive::Write`). They go into the buffer; when
   * it fills, it is flushed and whole buffer-size chunks go straight to the file, as in MFC
   * (with `m_bDeferFlush` the buffer grows instead).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer overflows, those of Flush (a
   * `CFileException` from the file, `genericException` when the archive is closed).
   *
   * @param lpBuf - The bytes.
   * @param nMax - How many; 0..lpBuf.byteLength, default lpBuf.byteLength.
   * @throws {CInvalidArgException} for a buffer that is not a Uint8Array or `nMax` outside it.
   */
  Write(lpBuf: Uint8Array, nMax: number = lpBuf?.byteLength): void {
    checkBuffer(lpBuf, nMax, 'CArchive::Write');
    this.requireStoring();
    if (nMax === 0) return;
    const room = this.buf.length - this.cur;
    if (nMax <= room) {
      this.buf.set(lpBuf.subarray(0, nMax), this.cur);
      this.cur += nMax;
      return;
    }
    if (this.m_bDeferFlush) {
      this.growStore(this.cur + nMax);
      this.buf.set(lpBuf.subarray(0, nMax), this.cur);
      this.cur += nMax;
      return;
    }
    this.buf.set(lpBuf.subarray(0, room), this.cur);
    this.cur += room;
    let off = room;
    this.Flush();
    let direct = nMax - off;
    direct -= direct % this.buf.length;
    if (direct > 0) {
      this.requireFile().Write(lpBuf.subarray(off, off + direct), direct);
      off += direct;
    }
    this.buf.set(lpBuf.subarray(off, nMax), 0);
    this.cur = nMax - off;
  }

  /**
   * MFC's `CArchive::Flush`. Storing: writes the buffered bytes to the file; nothing reaches a
   * socket before, so call it after each message. Loading: gives the unread buffered bytes back
   * with the file's `Seek`; over a CSocketFile, whose Seek does nothing, they are lost, as in
   * MFC.
   *
   * Errors: `CArchiveException` with `CArchiveException.genericException` when the archive is
   * closed; a `CFileException` from the file's Write propagates (over a CSocketFile:
   * `genericException`, the WSA code in `m_lOsError`).
   */
  Flush(): void {
    const file = this.requireFile();
    if (this.IsStoring()) {
      if (this.cur > 0) {
        const n = this.cur;
        this.cur = 0;
        file.Write(this.buf.subarray(0, n), n);
      }
    } else {
      if (this.max !== this.cur) file.Seek(-(this.max - this.cur), CFile.current);
      this.cur = this.max = 0;
    }
  }

  /**
   * Flushes, then detaches the file, which stays open (MFC's `CArchive::Close`).
   *
   * Errors: those of Flush; then the file stays attached (call Abort).
   */
  Close(): void {
    this.Flush();
    this.m_pFile = null;
  }

  /**
   * Detaches the file and forgets the buffer's bytes and the object maps, without flushing
   * (MFC's `CArchive::Abort`); never throws. Use it after an exception.
   */
  Abort(): void {
    this.m_pFile = null;
    this.storeMap = null;
    this.loadArray = null;
    this.schemaMap = null;
    this.cur = this.max = 0;
  }

  /**
   * The C++ destructor `CArchive::~CArchive` (`delete pArchive`): Close (so Flush) when a file is
   * attached and the mode lacks `bNoFlushOnDelete`, then Abort. Ported code that let an archive
   * go out of scope should call this.
   *
   * Errors: those of Close; the archive is aborted all the same.
   */
  Delete(): void {
    try {
      if (this.m_pFile && !(this.m_nMode & CArchive.bNoFlushOnDelete)) this.Close();
    } finally {
      this.Abort();
    }
  }

  // ---------------------------------------------------------------- event-loop flavours

  /**
   * Runs `fn(ar)` — a synchronous, MFC-shaped loader such as `msg.Serialize(ar)` — against the
   * buffered bytes. When they run short, the archive rewinds to where this call started (object
   * maps included), awaits more bytes from the file without blocking the event loop, and runs
   * `fn` again. So `fn` must have no side effects outside the archive until it returns: build
   * the result and publish it afterwards. No MFC counterpart: it stands in for the blocking
   * `>>` calls of an MFC `OnReceive`. One LoadAsync runs at a time per archive; bytes after the
   * message stay buffered (IsBufferEmpty stays exact).
   *
   * @param fn - A synchronous loader; it may run several times on the same bytes.
   * @param opts - `signal` and `timeout` for each socket read (see {@link AsyncIoOptions}), and
   *   `maxBytes` (default `CArchive.nMaxAsyncBytesDefault`, 16 MiB): the most one run may buffer.
   * @returns A promise of `fn`'s result; an exception `fn` throws (not from running short)
   *   rejects it.
   *
   * Errors (all as rejections): `CArchiveException` with `CArchiveException.writeOnly` on a
   * storing archive, `.endOfFile` when the peer closes before `fn` has all its bytes (also
   * before the first one: an orderly close between messages), `.bufferFull` when the
   * message needs more than `maxBytes` buffered, `.genericException` when another LoadAsync is
   * running or the archive is closed; `CFileException` from the file's ReadAsync (over a
   * CSocketFile: the WSA code in `m_lOsError`, `WSAEINTR` when aborted or cancelled,
   * `WSAETIMEDOUT` when `timeout` passed), after which the bytes received so far stay buffered.
   * @throws {CInvalidArgException} (as a rejection) when `fn` is not a function or returns a
   *   promise, or `maxBytes` is not a positive integer.
   */
  async LoadAsync<T>(fn: (ar: CArchive) => T, opts: LoadAsyncOptions = {}): Promise<T> {
    this.requireLoading();
    if (typeof fn !== 'function') throw new CInvalidArgException('LoadAsync: fn must be a function');
    if (this.asyncBusy) this.fail(CArchiveException.genericException, 'LoadAsync is already running on this archive');
    const maxBytes = opts.maxBytes ?? CArchive.nMaxAsyncBytesDefault;
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new CInvalidArgException('LoadAsync: maxBytes');
    this.asyncBusy = true;
    this.asyncEof = false;
    try {
      for (;;) {
        const snap = this.snapshot();
        this.asyncMode = true;
        this.asyncShort = 0;
        let result: T | undefined;
        let error: unknown;
        let threw = false;
        try {
          result = fn(this);
        } catch (e) {
          threw = true;
          error = e;
        } finally {
          this.asyncMode = false;
        }
        const short = this.asyncShort;
        if (!threw && result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
          // An async loader would run past the rewind point unseen; refuse it outright
          // (and keep its own rejection from surfacing as an unhandled one).
          (result as unknown as Promise<unknown>).then(undefined, () => undefined);
          throw new CInvalidArgException('LoadAsync: fn must be synchronous (it returned a promise)');
        }
        if (short === 0) {
          if (threw) throw error;
          return result as T;
        }
        this.restore(snap);
        await this.fillAsync(short, maxBytes, opts);
      }
    } finally {
      this.asyncBusy = false;
      this.asyncShort = 0;
    }
  }

  private snapshot(): LoadSnapshot {
    return {
      cur: this.cur,
      loadArray: this.loadArray,
      loadLen: this.loadArray ? this.loadArray.length : 0,
      schemaMap: this.schemaMap ? new Map(this.schemaMap) : null,
      objectSchema: this.m_nObjectSchema,
    };
  }

  private restore(s: LoadSnapshot): void {
    this.cur = s.cur;
    this.loadArray = s.loadArray;
    if (this.loadArray) this.loadArray.length = s.loadLen;
    this.schemaMap = s.schemaMap ? new Map(s.schemaMap) : null;
    this.m_nObjectSchema = s.objectSchema;
    this.depth = 0;
  }

  /** Buffers at least `short` more bytes beyond max (fewer only at end of file). */
  private async fillAsync(short: number, maxBytes: number, opts: AsyncIoOptions): Promise<void> {
    const file = this.requireFile();
    const need = this.max - this.cur + short;
    if (need > maxBytes) this.fail(CArchiveException.bufferFull, `a loader run needs ${need} bytes buffered, above maxBytes ${maxBytes}`);
    if (this.cur > 0) {
      this.buf.copyWithin(0, this.cur, this.max);
      this.max -= this.cur;
      this.cur = 0;
    }
    while (this.max < need) {
      if (this.max === this.buf.length) {
        // A length prefix is only a claim: grow with the bytes that have arrived (at most double
        // them), never to the claimed size up front.
        const b = Buffer.alloc(Math.max(this.buf.length + 1, Math.min(this.buf.length * 2, maxBytes)));
        this.buf.copy(b, 0, 0, this.max);
        this.setBuffer(b);
      }
      const want = this.buf.length - this.max;
      const got = await file.ReadAsync(this.buf.subarray(this.max), want, opts);
      if (!Number.isInteger(got) || got < 0 || got > want) this.fail(CArchiveException.genericException, `file ReadAsync returned ${String(got)}`);
      if (got === 0) {
        this.asyncEof = true;
        return;
      }
      this.max += got;
    }
  }

  /**
   * Flush on the event loop (no MFC counterpart): storing, sends the buffered bytes with the
   * file's WriteAsync (`SendAsync` over a CSocketFile); what is written meanwhile goes to a
   * second buffer. Loading: the same as Flush.
   *
   * Errors (as rejections): `CArchiveException` with `CArchiveException.genericException` when
   * the archive is closed; `CFileException` from the file's WriteAsync (over a CSocketFile: the
   * WSA code in `m_lOsError`, `WSAEINTR` when aborted or cancelled, `WSAETIMEDOUT`), and then
   * the bytes of that send are not kept.
   *
   * @param opts - `signal` and `timeout`, passed to WriteAsync.
   * @returns A promise that resolves once the bytes are sent.
   */
  async FlushAsync(opts: AsyncIoOptions = {}): Promise<void> {
    const file = this.requireFile();
    if (!this.IsStoring()) {
      this.Flush();
      return;
    }
    if (this.cur === 0) return;
    const out = this.buf;
    const n = this.cur;
    // Writes made while the send is pending go to a second buffer.
    this.setBuffer(this.spare && this.spare.length >= this.nBufSize ? this.spare : Buffer.alloc(this.nBufSize));
    this.spare = null;
    this.cur = 0;
    try {
      await file.WriteAsync(out.subarray(0, n), n, opts);
    } finally {
      if (!this.spare && out.length === this.nBufSize) this.spare = out;
    }
  }

  // ---------------------------------------------------------------- primitives: store

  /**
   * Writes a BYTE, 1 byte (MFC's `CArchive::operator<<(BYTE)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param by - An integer 0..255.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteByte(by: number): this {
    if ((this.m_nMode & CArchive.load) || !this.m_pFile) this.requireStoring();
    if (typeof by !== 'number' || (by & 0xff) !== by) invalidArg('BYTE', by);
    if (this.cur + 1 > this.buf.length) this.makeRoom(1);
    this.buf[this.cur++] = by;
    return this;
  }

  /**
   * Writes a WORD, 2 bytes little-endian (MFC's `operator<<(WORD)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param w - An integer 0..0xFFFF.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteWord(w: number): this {
    if ((this.m_nMode & CArchive.load) || !this.m_pFile) this.requireStoring();
    if (typeof w !== 'number' || (w & 0xffff) !== w) invalidArg('WORD', w);
    if (this.cur + 2 > this.buf.length) this.makeRoom(2);
    this.dv.setUint16(this.cur, w, true);
    this.cur += 2;
    return this;
  }

  /**
   * Writes a LONG, 4 bytes little-endian (MFC's `operator<<(LONG)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param l - An integer -2^31..2^31-1.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteLong(l: number): this {
    if ((this.m_nMode & CArchive.load) || !this.m_pFile) this.requireStoring();
    if (typeof l !== 'number' || (l | 0) !== l) invalidArg('LONG', l);
    if (this.cur + 4 > this.buf.length) this.makeRoom(4);
    this.dv.setInt32(this.cur, l, true);
    this.cur += 4;
    return this;
  }

  /**
   * Writes a DWORD, 4 bytes little-endian (MFC's `operator<<(DWORD)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param dw - An integer 0..0xFFFFFFFF.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteDWord(dw: number): this {
    if ((this.m_nMode & CArchive.load) || !this.m_pFile) this.requireStoring();
    if (typeof dw !== 'number' || dw >>> 0 !== dw) invalidArg('DWORD', dw);
    if (this.cur + 4 > this.buf.length) this.makeRoom(4);
    this.dv.setUint32(this.cur, dw, true);
    this.cur += 4;
    return this;
  }

  /**
   * Writes a LONGLONG, 8 bytes little-endian (MFC's `operator<<(LONGLONG)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param ll - A bigint -2^63..2^63-1, or a safe-integer number.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteLongLong(ll: bigint | number): this {
    if ((this.m_nMode & CArchive.load) || !this.m_pFile) this.requireStoring();
    const v = typeof ll === 'number' && Number.isSafeInteger(ll) ? BigInt(ll) : ll;
    if (typeof v !== 'bigint' || v < MIN_I64 || v > MAX_I64) invalidArg('LONGLONG', ll);
    if (this.cur + 8 > this.buf.length) this.makeRoom(8);
    this.dv.setBigInt64(this.cur, v, true);
    this.cur += 8;
    return this;
  }

  /**
   * Writes a ULONGLONG, 8 bytes little-endian (MFC's `operator<<(ULONGLONG)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param ull - A bigint 0..2^64-1, or a non-negative safe-integer number.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteULongLong(ull: bigint | number): this {
    if ((this.m_nMode & CArchive.load) || !this.m_pFile) this.requireStoring();
    const v = typeof ull === 'number' && Number.isSafeInteger(ull) ? BigInt(ull) : ull;
    if (typeof v !== 'bigint' || v < 0n || v > MAX_U64) invalidArg('ULONGLONG', ull);
    if (this.cur + 8 > this.buf.length) this.makeRoom(8);
    this.dv.setBigUint64(this.cur, v, true);
    this.cur += 8;
    return this;
  }

  /**
   * Writes a float, 4 bytes IEEE-754 single little-endian (MFC's `operator<<(float)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param f - Any number (NaN and infinities included), rounded to single precision.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a non-number outside that range (nothing is written).
   */
  WriteFloat(f: number): this {
    this.requireStoring();
    if (typeof f !== 'number') invalidArg('float', f);
    if (this.cur + 4 > this.buf.length) this.makeRoom(4);
    this.dv.setFloat32(this.cur, f, true);
    this.cur += 4;
    return this;
  }

  /**
   * Writes a double, 8 bytes IEEE-754 little-endian (MFC's `operator<<(double)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param d - Any number.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a non-number outside that range (nothing is written).
   */
  WriteDouble(d: number): this {
    this.requireStoring();
    if (typeof d !== 'number') invalidArg('double', d);
    if (this.cur + 8 > this.buf.length) this.makeRoom(8);
    this.dv.setFloat64(this.cur, d, true);
    this.cur += 8;
    return this;
  }

  /**
   * Writes an int, 4 bytes little-endian (MFC's `operator<<(int)`, forwarded as LONG as 32-bit MFC
   * does).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param i - An integer -2^31..2^31-1.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteInt(i: number): this {
    return this.WriteLong(i);
  }

  /**
   * Writes an unsigned int, 4 bytes little-endian (MFC's `operator<<(unsigned)`, forwarded as LONG;
   * here written as a DWORD, the same bytes).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param u - An integer 0..0xFFFFFFFF.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteUInt(u: number): this {
    return this.WriteDWord(u);
  }

  /**
   * Writes a short, 2 bytes little-endian two's complement (MFC's `operator<<(short)`, forwarded as
   * WORD).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param w - An integer -32768..32767.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteShort(w: number): this {
    if (typeof w !== 'number' || (w << 16) >> 16 !== w) invalidArg('short', w);
    return this.WriteWord(w & 0xffff);
  }

  /**
   * Writes a char, 1 byte two's complement (MFC's `operator<<(char)`, forwarded as BYTE; MSVC's
   * char is signed).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param ch - An integer -128..127.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteChar(ch: number): this {
    if (typeof ch !== 'number' || (ch << 24) >> 24 !== ch) invalidArg('char', ch);
    return this.WriteByte(ch & 0xff);
  }

  /**
   * Writes a wchar_t, one UTF-16 code unit in 2 bytes little-endian (MFC's `operator<<(wchar_t)`,
   * forwarded as WORD).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param ch - An integer 0..0xFFFF (`s.charCodeAt(i)`).
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a value outside that range (nothing is written).
   */
  WriteWChar(ch: number): this {
    if (typeof ch !== 'number' || (ch & 0xffff) !== ch) invalidArg('wchar_t', ch);
    return this.WriteWord(ch);
  }

  /**
   * Writes a bool, 1 byte: 1 or 0 (MFC's `operator<<(bool)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush (a `CFileException`
   * from the file).
   *
   * @param b - A boolean.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a non-boolean outside that range (nothing is written).
   */
  WriteBool(b: boolean): this {
    if (typeof b !== 'boolean') invalidArg('bool', b);
    return this.WriteByte(b ? 1 : 0);
  }

  // ---------------------------------------------------------------- primitives: load

  /**
   * Reads a BYTE, 1 byte (MFC's `CArchive::operator>>(BYTE&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns 0..255.
   */
  ReadByte(): number {
    if (!(this.m_nMode & CArchive.load) || !this.m_pFile) this.requireLoading();
    if (this.max - this.cur < 1) this.fill(1);
    return this.buf[this.cur++]!;
  }

  /**
   * Reads a WORD, 2 bytes little-endian (MFC's `operator>>(WORD&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns 0..0xFFFF.
   */
  ReadWord(): number {
    if (!(this.m_nMode & CArchive.load) || !this.m_pFile) this.requireLoading();
    if (this.max - this.cur < 2) this.fill(2);
    const v = this.dv.getUint16(this.cur, true);
    this.cur += 2;
    return v;
  }

  /**
   * Reads a LONG, 4 bytes little-endian (MFC's `operator>>(LONG&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns -2^31..2^31-1.
   */
  ReadLong(): number {
    if (!(this.m_nMode & CArchive.load) || !this.m_pFile) this.requireLoading();
    if (this.max - this.cur < 4) this.fill(4);
    const v = this.dv.getInt32(this.cur, true);
    this.cur += 4;
    return v;
  }

  /**
   * Reads a DWORD, 4 bytes little-endian (MFC's `operator>>(DWORD&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns 0..0xFFFFFFFF.
   */
  ReadDWord(): number {
    if (!(this.m_nMode & CArchive.load) || !this.m_pFile) this.requireLoading();
    if (this.max - this.cur < 4) this.fill(4);
    const v = this.dv.getUint32(this.cur, true);
    this.cur += 4;
    return v;
  }

  /**
   * Reads a LONGLONG, 8 bytes little-endian (MFC's `operator>>(LONGLONG&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns A bigint -2^63..2^63-1.
   */
  ReadLongLong(): bigint {
    this.requireLoading();
    if (this.max - this.cur < 8) this.fill(8);
    const v = this.dv.getBigInt64(this.cur, true);
    this.cur += 8;
    return v;
  }

  /**
   * Reads a ULONGLONG, 8 bytes little-endian (MFC's `operator>>(ULONGLONG&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns A bigint 0..2^64-1.
   */
  ReadULongLong(): bigint {
    this.requireLoading();
    if (this.max - this.cur < 8) this.fill(8);
    const v = this.dv.getBigUint64(this.cur, true);
    this.cur += 8;
    return v;
  }

  /**
   * Reads a float, 4 bytes IEEE-754 single little-endian (MFC's `operator>>(float&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns The value as a number.
   */
  ReadFloat(): number {
    this.requireLoading();
    if (this.max - this.cur < 4) this.fill(4);
    const v = this.dv.getFloat32(this.cur, true);
    this.cur += 4;
    return v;
  }

  /**
   * Reads a double, 8 bytes IEEE-754 little-endian (MFC's `operator>>(double&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns The value.
   */
  ReadDouble(): number {
    this.requireLoading();
    if (this.max - this.cur < 8) this.fill(8);
    const v = this.dv.getFloat64(this.cur, true);
    this.cur += 8;
    return v;
  }

  /**
   * Reads an int, 4 bytes little-endian (MFC's `operator>>(int&)`, forwarded as LONG).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns -2^31..2^31-1.
   */
  ReadInt(): number {
    return this.ReadLong();
  }

  /**
   * Reads an unsigned int, 4 bytes little-endian (MFC's `operator>>(unsigned&)`, forwarded as LONG;
   * read here as a DWORD, the same bytes).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns 0..0xFFFFFFFF.
   */
  ReadUInt(): number {
    return this.ReadDWord();
  }

  /**
   * Reads a short, 2 bytes little-endian two's complement (MFC's `operator>>(short&)`, forwarded as
   * WORD).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns -32768..32767.
   */
  ReadShort(): number {
    return (this.ReadWord() << 16) >> 16;
  }

  /**
   * Reads a char, 1 byte two's complement (MFC's `operator>>(char&)`; MSVC's char is signed).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns -128..127.
   */
  ReadChar(): number {
    return (this.ReadByte() << 24) >> 24;
  }

  /**
   * Reads a wchar_t, one UTF-16 code unit in 2 bytes little-endian (MFC's `operator>>(wchar_t&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns The code unit 0..0xFFFF (`String.fromCharCode` makes it a string).
   */
  ReadWChar(): number {
    return this.ReadWord();
  }

  /**
   * Reads a bool, 1 byte (MFC's `operator>>(bool&)`).
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends inside
   * the value; a `CFileException` from the file propagates (over a CSocketFile: the WSA code in
   * `m_lOsError`).
   *
   * @returns True for any non-zero byte.
   */
  ReadBool(): boolean {
    return this.ReadByte() !== 0;
  }

  // ---------------------------------------------------------------- counts

  /**
   * Writes a collection's element count (MFC's `CArchive::WriteCount`, which every MFC
   * collection's Serialize uses). Format: a count below 0xFFFF is a WORD; up to 0xFFFFFFFE it is
   * `FFFF` + DWORD; above that `FFFF` + `FFFFFFFF` + QWORD (Win64 MFC's form), so 2, 6 or 14
   * bytes.
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush.
   *
   * @param dwCount - A safe integer, 0 or more.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} for a negative, fractional or unsafe count.
   */
  WriteCount(dwCount: number): this {
    if (!Number.isSafeInteger(dwCount) || dwCount < 0) invalidArg('count', dwCount);
    if (dwCount < 0xffff) return this.WriteWord(dwCount);
    this.WriteWord(0xffff);
    if (dwCount < UINT_MINUS_1) return this.WriteDWord(dwCount);
    this.WriteDWord(UINT_MINUS_1);
    return this.WriteULongLong(BigInt(dwCount));
  }

  /**
   * Reads a count written by WriteCount (MFC's `CArchive::ReadCount`): a WORD; if it is 0xFFFF,
   * a DWORD follows; if that is 0xFFFFFFFF, a QWORD follows.
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends,
   * `CArchiveException.genericException` for a QWORD count above `Number.MAX_SAFE_INTEGER`; a
   * `CFileException` from the file propagates.
   *
   * @returns The count.
   */
  ReadCount(): number {
    const w = this.ReadWord();
    if (w !== 0xffff) return w;
    const dw = this.ReadDWord();
    if (dw !== UINT_MINUS_1) return dw;
    const qw = this.ReadULongLong();
    if (qw > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(CArchiveException.genericException, 'count too large');
    return Number(qw);
  }

  // ---------------------------------------------------------------- CString

  /** Writes MFC's length prefix (AfxWriteStringLength) at cur; room for MAX_PREFIX is ensured. */
  private putLength(nLength: number, bUnicode: boolean): void {
    const dv = this.dv;
    let p = this.cur;
    if (bUnicode) {
      this.buf[p] = 0xff;
      dv.setUint16(p + 1, 0xfffe, true);
      p += 3;
    }
    if (nLength < 0xff) {
      this.buf[p++] = nLength;
    } else if (nLength < 0xfffe) {
      this.buf[p] = 0xff;
      dv.setUint16(p + 1, nLength, true);
      p += 3;
    } else if (nLength < UINT_MINUS_1) {
      this.buf[p] = 0xff;
      dv.setUint16(p + 1, 0xffff, true);
      dv.setUint32(p + 3, nLength, true);
      p += 7;
    } else {
      this.buf[p] = 0xff;
      dv.setUint16(p + 1, 0xffff, true);
      dv.setUint32(p + 3, UINT_MINUS_1, true);
      dv.setBigUint64(p + 7, BigInt(nLength), true);
      p += 15;
    }
    this.cur = p;
  }

  /**
   * Writes a CString (MFC's `operator<<(const CString&)`): the Unicode form of an `_UNICODE`
   * build (as WriteCStringW) unless `opts.unicode` is false or, without `opts.unicode`,
   * `m_bUnicode` is false; then the ANSI form (as WriteCStringA).
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush.
   *
   * @param s - The string.
   * @param opts - `unicode`: the form for this call; default `m_bUnicode`.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} when `s` is not a string.
   */
  WriteCString(s: string, opts?: { unicode?: boolean }): this {
    return (opts?.unicode ?? this.m_bUnicode) ? this.WriteCStringW(s) : this.WriteCStringA(s);
  }

  /**
   * Writes a CStringW (MFC's `operator<<(const CStringW&)`, `AfxWriteStringLength` then the
   * characters): the Unicode marker `FF FE FF`, the length in UTF-16 code units (a surrogate
   * pair counts 2), then the units as UTF-16LE, no terminator. The length takes 1 byte below
   * 255, `FF` + WORD below 0xFFFE, `FF FFFF` + DWORD below 0xFFFFFFFF, else
   * `FF FFFF FFFFFFFF` + QWORD. `"abc"` is `FF FE FF 03 61 00 62 00 63 00`.
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush.
   *
   * @param s - The string.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} when `s` is not a string.
   */
  WriteCStringW(s: string): this {
    if ((this.m_nMode & CArchive.load) || !this.m_pFile) this.requireStoring();
    if (typeof s !== 'string') invalidArg('CString', s);
    const nBytes = s.length * 2;
    if (this.cur + MAX_PREFIX > this.buf.length) this.makeRoom(MAX_PREFIX);
    this.putLength(s.length, true);
    if (this.cur + nBytes <= this.buf.length) {
      if (s.length <= SHORT_STRING) {
        // Below this length a plain loop beats Buffer#write's per-call overhead.
        const b = this.buf;
        let p = this.cur;
        for (let i = 0; i < s.length; i++) {
          const c = s.charCodeAt(i);
          b[p++] = c & 0xff;
          b[p++] = c >>> 8;
        }
      } else {
        this.buf.write(s, this.cur, 'utf16le');
      }
      this.cur += nBytes;
    } else {
      this.Write(Buffer.from(s, 'utf16le'), nBytes);
    }
    return this;
  }

  /**
   * Writes a CStringA (MFC's `operator<<(const CStringA&)`): the length in bytes of the
   * archive's code page (see GetCodePage), with the prefix of WriteCStringW but no marker, then
   * those bytes, no terminator. A character the page cannot hold is written as `?`. `"abc"` is
   * `03 61 62 63`.
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush.
   *
   * @param s - The string.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} when `s` is not a string.
   */
  WriteCStringA(s: string): this {
    if ((this.m_nMode & CArchive.load) || !this.m_pFile) this.requireStoring();
    if (typeof s !== 'string') invalidArg('CString', s);
    const cp = this.codePage;
    const nBytes = cp.byteLength(s);
    if (this.cur + MAX_PREFIX > this.buf.length) this.makeRoom(MAX_PREFIX);
    this.putLength(nBytes, false);
    if (this.cur + nBytes <= this.buf.length) {
      this.cur += cp.write(s, this.buf, this.cur);
    } else {
      const tmp = Buffer.alloc(nBytes);
      cp.write(s, tmp, 0);
      this.Write(tmp, nBytes);
    }
    return this;
  }

  /**
   * AfxReadStringLength: the length in characters; sets lastStringUnicode. The Unicode marker
   * is honoured once; a QWORD length above INT_MAX throws genericException (Win32 MFC).
   */
  private readLength(): number {
    this.lastStringUnicode = false;
    let b = this.ReadByte();
    if (b < 0xff) return b;
    let w = this.ReadWord();
    if (w === 0xfffe) {
      this.lastStringUnicode = true;
      b = this.ReadByte();
      if (b < 0xff) return b;
      w = this.ReadWord();
    }
    if (w < 0xffff) return w;
    const dw = this.ReadDWord();
    if (dw < UINT_MINUS_1) return dw;
    const qw = this.ReadULongLong();
    if (qw > BigInt(INT_MAX)) this.fail(CArchiveException.genericException, 'string length above INT_MAX');
    return Number(qw);
  }

  /**
   * Reads a CString in either stored form (MFC's `operator>>(CString&)`, `AfxReadStringLength`):
   * a length byte; `FF` then a WORD; a WORD 0xFFFE is the Unicode marker (honoured once: after
   * it, 0xFFFE is an ordinary length); a WORD 0xFFFF means a DWORD follows, a DWORD 0xFFFFFFFF
   * a QWORD. LastCStringWasUnicode tells which form it was.
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive,
   * `genericException` on a closed one, `CArchiveException.endOfFile` when the data ends,
   * `CArchiveException.genericException` for a QWORD length above INT_MAX (as Win32 MFC); a
   * `CFileException` from the file propagates.
   *
   * @returns The string: a Unicode payload exactly, an ANSI payload decoded with the archive's
   *   code page.
   */
  ReadCString(): string {
    if (!(this.m_nMode & CArchive.load) || !this.m_pFile) this.requireLoading();
    // Fast path for the common short prefixes (one length byte, optionally after the marker).
    const b = this.buf;
    let len: number;
    let unicode: boolean;
    const c = this.cur;
    if (c < this.max && b[c]! < 0xff) {
      len = b[c]!;
      unicode = false;
      this.cur = c + 1;
    } else if (this.max - c >= 4 && b[c + 1] === 0xfe && b[c + 2] === 0xff && b[c + 3]! < 0xff) {
      len = b[c + 3]!;
      unicode = true;
      this.cur = c + 4;
    } else {
      len = this.readLength();
      unicode = this.lastStringUnicode;
    }
    this.lastStringUnicode = unicode;
    const nBytes = unicode ? len * 2 : len;
    if (this.max - this.cur < nBytes) {
      if (nBytes <= this.buf.length) this.fill(nBytes);
      else return this.decodeString(this.readLarge(nBytes), 0, nBytes, unicode);
    }
    const s = this.decodeString(this.buf, this.cur, this.cur + nBytes, unicode);
    this.cur += nBytes;
    return s;
  }

  /**
   * Reads a CStringW (MFC's `operator>>(CStringW&)`): the same as ReadCString, since JS strings
   * are UTF-16; an ANSI payload is decoded with the archive's code page.
   *
   * Errors: those of ReadCString.
   *
   * @returns The string.
   */
  ReadCStringW(): string {
    return this.ReadCString();
  }

  /**
   * Reads a CStringA (MFC's `operator>>(CStringA&)`): either form; a Unicode payload goes
   * through the archive's code page as MFC converts it, so characters the page cannot hold
   * come back as `?`.
   *
   * Errors: those of ReadCString.
   *
   * @returns The string.
   */
  ReadCStringA(): string {
    const s = this.ReadCString();
    if (!this.lastStringUnicode) return s;
    const cp = this.codePage;
    const tmp = Buffer.alloc(cp.byteLength(s));
    cp.write(s, tmp, 0);
    return cp.decode(tmp, 0, tmp.length);
  }

  /**
   * Whether the last CString read (ReadCString / ReadCStringW / ReadCStringA) carried the
   * Unicode marker (no MFC counterpart).
   *
   * @returns True for the Unicode form, false for the ANSI form or before any read.
   */
  LastCStringWasUnicode(): boolean {
    return this.lastStringUnicode;
  }

  private decodeString(b: Buffer, start: number, end: number, unicode: boolean): string {
    return unicode ? b.toString('utf16le', start, end) : this.codePage.decode(b, start, end);
  }

  /** Reads `nBytes` (more than the buffer holds) piecewise, so a lying prefix costs little. */
  private readLarge(nBytes: number): Buffer {
    if (this.asyncMode) this.runShort(nBytes - (this.max - this.cur));
    const parts: Buffer[] = [];
    let left = nBytes;
    while (left > 0) {
      const piece = Buffer.alloc(Math.min(left, LARGE_READ_CHUNK));
      if (this.Read(piece, piece.length) !== piece.length) this.fail(CArchiveException.endOfFile);
      parts.push(piece);
      left -= piece.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, nBytes);
  }

  // ---------------------------------------------------------------- text lines

  /**
   * Writes text (MFC's `CArchive::WriteString(LPCTSTR)`): the characters only, no length, no
   * terminator, no newline added (include `"\r\n"` yourself). The characters are TCHARs: 2 bytes
   * UTF-16LE in the Unicode form, code-page bytes in the ANSI form. Writing stops at an embedded
   * NUL, as MFC's `LPCTSTR` does.
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `genericException` on a closed one; when the buffer fills, those of Flush.
   *
   * @param lpsz - The text.
   * @param opts - `unicode`: the TCHAR width for this call; default `m_bUnicode`.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} when `lpsz` is not a string.
   */
  WriteString(lpsz: string, opts?: { unicode?: boolean }): this {
    this.requireStoring();
    if (typeof lpsz !== 'string') invalidArg('string', lpsz);
    const nul = lpsz.indexOf('\0');
    const s = nul >= 0 ? lpsz.slice(0, nul) : lpsz;
    if (opts?.unicode ?? this.m_bUnicode) {
      this.Write(Buffer.from(s, 'utf16le'));
    } else {
      const tmp = Buffer.alloc(this.codePage.byteLength(s));
      this.codePage.write(s, tmp, 0);
      this.Write(tmp);
    }
    return this;
  }

  /**
   * Reads one text line (MFC's `CArchive::ReadString(CString&)`). Lines end at `"\n"`, `"\r\n"`,
   * or `"\r"`; after a `"\r"` the next character is always consumed (MFC assumes it is `"\n"`).
   * Read in 128-character pieces like MFC, so an embedded NUL ends the piece's text as it ends
   * MFC's C string.
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive; end of
   * file is not an error here; a `CFileException` from the file propagates.
   *
   * @param opts - `unicode`: the TCHAR width for this call; default `m_bUnicode`.
   * @returns The line without its line end (`""` for an empty line), or `null` where MFC returns
   *   FALSE: end of file before any character, or a last line of exactly a multiple of 128
   *   characters with no line end.
   */
  ReadString(opts?: { unicode?: boolean }): string | null {
    this.requireLoading();
    const unicode = opts?.unicode ?? this.m_bUnicode;
    const units: number[] = [];
    const nMaxSize = 128;
    let ok = true;
    for (;;) {
      const piece = this.readLinePiece(nMaxSize, true, unicode);
      if (piece === null) {
        ok = false;
        break;
      }
      let n = piece.indexOf(0);
      if (n < 0) n = piece.length;
      for (let i = 0; i < n; i++) units.push(piece[i]!);
      if (n < nMaxSize || piece[n - 1] === 0x0a) break;
    }
    if (!ok) return null;
    if (units.length > 0 && units[units.length - 1] === 0x0a) units.pop();
    return this.decodeUnits(units, unicode);
  }

  /**
   * Reads at most `nMax` characters of one line (MFC's `CArchive::ReadString(LPTSTR lpsz, UINT
   * nMax)`); line ends as in ReadString. An embedded NUL ends the text, as in MFC's buffer.
   *
   * Errors: `CArchiveException` with `CArchiveException.writeOnly` on a storing archive; a
   * `CFileException` from the file propagates.
   *
   * @param nMax - The most characters to read, 0..INT_MAX.
   * @param keepNewline - Plays MFC's negative `nMax`: the character that ends the line (`"\n"`,
   *   or the one after a `"\r"`) is kept at the end of the text; default false.
   * @param opts - `unicode`: the TCHAR width for this call; default `m_bUnicode`.
   * @returns The text, or `null` where MFC returns NULL: end of file before any character.
   * @throws {CInvalidArgException} when `nMax` is not an integer 0..INT_MAX.
   */
  ReadStringMax(nMax: number, keepNewline = false, opts?: { unicode?: boolean }): string | null {
    this.requireLoading();
    if (!Number.isInteger(nMax) || nMax < 0 || nMax > INT_MAX) invalidArg('nMax', nMax);
    const unicode = opts?.unicode ?? this.m_bUnicode;
    const piece = this.readLinePiece(nMax, keepNewline, unicode);
    if (piece === null) return null;
    let n = piece.indexOf(0);
    if (n < 0) n = piece.length;
    return this.decodeUnits(piece.slice(0, n), unicode);
  }

  private readLinePiece(nStop: number, keepNewline: boolean, unicode: boolean): number[] | null {
    const out: number[] = [];
    try {
      while (out.length < nStop) {
        let ch = unicode ? this.ReadWord() : this.ReadByte();
        if (ch === 0x0a || ch === 0x0d) {
          if (ch === 0x0d) ch = unicode ? this.ReadWord() : this.ReadByte();
          if (keepNewline) out.push(ch);
          break;
        }
        out.push(ch);
      }
    } catch (e) {
      if (!(e instanceof CArchiveException) || e.m_cause !== CArchiveException.endOfFile) throw e;
      if (out.length === 0) return null;
    }
    return out;
  }

  private decodeUnits(units: number[], unicode: boolean): string {
    if (unicode) {
      let s = '';
      for (let i = 0; i < units.length; i += 4096) s += String.fromCharCode(...units.slice(i, i + 4096));
      return s;
    }
    const b = Buffer.from(units);
    return this.codePage.decode(b, 0, b.length);
  }

  // ---------------------------------------------------------------- objects

  private checkCount(count: number): void {
    if (count >= nMaxMapCount) this.fail(CArchiveException.badIndex, 'too many objects and classes');
  }

  private ensureStoreMap(): Map<object, number> {
    if (!this.storeMap) {
      this.storeMap = new Map();
      this.storeCount = 1;
    }
    return this.storeMap;
  }

  private ensureLoadArray(): LoadSlot[] {
    if (!this.loadArray) this.loadArray = [null];
    return this.loadArray;
  }

  /**
   * Registers `pOb` under the next PID without writing or reading anything (MFC's
   * `CArchive::MapObject`, TN002), so that later WriteObject / ReadObject calls refer to it by
   * PID. Do it at the same point when storing and when loading. `MapObject(null)` only
   * initialises the map.
   *
   * Errors: `CArchiveException` with `CArchiveException.badIndex` when the map already holds
   * 0x3FFFFFFE objects and classes (MFC's `nMaxMapCount`).
   *
   * @param pOb - A CObject, or null.
   * @throws {CInvalidArgException} when `pOb` is neither a CObject nor null.
   */
  MapObject(pOb: CObject | null): void {
    // A non-object mapped here would come back from ReadObject as if it were one.
    if (pOb !== null && pOb !== undefined && !(pOb instanceof CObject)) throw new CInvalidArgException('MapObject: a CObject or null expected');
    if (this.IsStoring()) {
      const map = this.ensureStoreMap();
      if (pOb) {
        this.checkCount(this.storeCount);
        map.set(pOb, this.storeCount++);
      }
    } else {
      const arr = this.ensureLoadArray();
      if (pOb) {
        this.checkCount(arr.length);
        arr.push(pOb);
      }
    }
  }

  /**
   * Writes an object pointer (MFC's `operator<<(CObject*)` / `CArchive::WriteObject`, TN002):
   * null is the WORD `0000`; an object already written is its PID, a WORD below 0x7FFF, else
   * `wBigObjectTag` `7FFF` + DWORD PID; a new object is its class (as WriteClass: `FFFF` + class
   * description the first time, then `0x8000 | class PID`), then its own Serialize. The object
   * gets its PID before Serialize runs, so it may refer to itself.
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `CArchiveException.badIndex` past 0x3FFFFFFE objects and classes,
   * `CArchiveException.genericException` for objects nested deeper than `m_nMaxDepth`; those of
   * Flush when the buffer fills; exceptions from the object's Serialize propagate.
   *
   * @param pOb - A CObject of an `IMPLEMENT_SERIAL` class, or null.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} when `pOb` is neither a CObject nor null.
   * @throws {CNotSupportedException} when its class (the nearest registered one up its
   *   prototype chain) is not serializable (`IMPLEMENT_DYNAMIC`, `IMPLEMENT_DYNCREATE`, or
   *   CObject itself), as in MFC.
   */
  WriteObject(pOb: CObject | null): this {
    this.requireStoring();
    const map = this.ensureStoreMap();
    if (pOb === null || pOb === undefined) return this.WriteWord(wNullTag);
    if (!(pOb instanceof CObject)) throw new CInvalidArgException('WriteObject: a CObject or null expected');
    const pid = map.get(pOb);
    if (pid !== undefined) {
      if (pid < wBigObjectTag) return this.WriteWord(pid);
      this.WriteWord(wBigObjectTag);
      return this.WriteDWord(pid);
    }
    this.WriteClass(pOb.GetRuntimeClass());
    this.checkCount(this.storeCount);
    map.set(pOb, this.storeCount++);
    this.enter();
    try {
      pOb.Serialize(this);
    } finally {
      this.depth--;
    }
    return this;
  }

  private enter(): void {
    if (this.depth >= this.m_nMaxDepth) {
      this.fail(CArchiveException.genericException, `objects nested deeper than m_nMaxDepth (${this.m_nMaxDepth})`);
    }
    this.depth++;
  }

  /**
   * Writes a class reference (MFC's `CArchive::WriteClass`, TN002). The first time: the WORD
   * `wNewClassTag` `FFFF`, then `CRuntimeClass::Store` (WORD schema, low 16 bits; WORD name
   * length; the ASCII name), and the class takes the next PID. Afterwards: the WORD
   * `0x8000 | PID`, or for a PID of 0x7FFF or more `7FFF` + DWORD `0x80000000 | PID`.
   *
   * Errors: `CArchiveException` with `CArchiveException.readOnly` on a loading archive,
   * `CArchiveException.badIndex` past 0x3FFFFFFE objects and classes; those of Flush when the
   * buffer fills.
   *
   * @param pClassRef - The class (its constructor) or its CRuntimeClass.
   * @returns This archive, to chain further writes.
   * @throws {CInvalidArgException} when the class is not registered.
   * @throws {CNotSupportedException} when it is not serializable, as in MFC.
   */
  WriteClass(pClassRef: CRuntimeClass | CObjectCtor): this {
    this.requireStoring();
    const cls = RUNTIME_CLASS(pClassRef);
    requireSerializable(cls);
    const map = this.ensureStoreMap();
    const pid = map.get(cls);
    if (pid !== undefined) {
      if (pid < wBigObjectTag) return this.WriteWord(wClassTag | pid);
      this.WriteWord(wBigObjectTag);
      return this.WriteDWord((dwBigClassTag | pid) >>> 0);
    }
    this.WriteWord(wNewClassTag);
    cls.Store(this);
    this.checkCount(this.storeCount);
    map.set(cls, this.storeCount++);
    return this;
  }

  /**
   * Reads a class reference (MFC's `CArchive::ReadClass(pClassRefRequested, pSchema, pObTag)`):
   * a WORD tag (`7FFF` + DWORD for a big one); `FFFF` is a new class description, looked up by
   * name among the registered classes; `0x8000 | PID` a class read before.
   *
   * Errors: `CArchiveException` with `CArchiveException.genericException` on a storing archive
   * (as MFC); `.badClass` for an unknown or malformed class name (64 bytes or more), a class that
   * cannot be created (where MFC fails later with `CMemoryException`), or one not derived from
   * the requested class; `.badSchema` for a stored schema other than the class's without
   * `VERSIONABLE_SCHEMA`; `.badIndex` for an object reference without `out`, a class PID that is
   * 0, past the map or names an object, or past 0x3FFFFFFE entries; `.endOfFile` when the data
   * ends; a `CFileException` from the file propagates.
   *
   * @param pClassRefRequested - The class the result must derive from; default null (any).
   * @param out - Plays `pSchema` and `pObTag`: receives `schema`, and accepts an object
   *   reference (then `obTag` is set). Without it, the schema goes to `m_nObjectSchema`.
   * @returns The class, or null when the tag was an object reference and `out` was given.
   * @throws {CInvalidArgException} when `out` is not an object or the requested class is not
   *   registered.
   * @throws {CNotSupportedException} when the requested class is not serializable.
   */
  ReadClass(pClassRefRequested: CRuntimeClass | CObjectCtor | null = null, out?: { schema?: number; obTag?: number }): CRuntimeClass | null {
    if (!this.IsLoading()) this.fail(CArchiveException.genericException, 'ReadClass on a storing archive');
    if (out !== undefined && (out === null || typeof out !== 'object')) throw new CInvalidArgException('ReadClass: out must be an object');
    const requested = pClassRefRequested ? RUNTIME_CLASS(pClassRefRequested) : null;
    if (requested) requireSerializable(requested);
    const arr = this.ensureLoadArray();
    const wTag = this.ReadWord();
    const obTag = wTag === wBigObjectTag ? this.ReadDWord() : (((wTag & wClassTag) << 16) | (wTag & 0x7fff)) >>> 0;
    if ((obTag & dwBigClassTag) === 0) {
      if (!out) this.fail(CArchiveException.badIndex, 'object reference where a class was expected');
      out.obTag = obTag;
      return null;
    }
    let cls: CRuntimeClass;
    let schema: number;
    if (wTag === wNewClassTag) {
      const stored = { schema: 0 };
      const loaded = CRuntimeClass.Load(this, stored);
      if (!loaded) this.fail(CArchiveException.badClass, 'unknown or malformed class name');
      // A class nobody can create is refused here, where MFC would fail later with
      // CMemoryException: bytes from a peer should yield an archive error.
      if (!loaded.m_pfnCreateObject) this.fail(CArchiveException.badClass, `${loaded.m_lpszClassName} cannot be created`);
      cls = loaded;
      schema = stored.schema;
      if (cls.schemaNumber !== schema) {
        if (!(cls.m_wSchema & VERSIONABLE_SCHEMA)) this.fail(CArchiveException.badSchema, `${cls.m_lpszClassName} schema ${schema}, expected ${cls.schemaNumber}`);
        (this.schemaMap ??= new Map()).set(cls, schema);
      }
      this.checkCount(arr.length);
      arr.push(cls);
    } else {
      const index = (obTag & 0x7fffffff) >>> 0;
      const slot = index === 0 || index >= arr.length ? undefined : arr[index];
      if (!(slot instanceof CRuntimeClass)) this.fail(CArchiveException.badIndex, `class index ${index}`);
      cls = slot;
      schema = this.schemaMap?.get(cls) ?? cls.schemaNumber;
    }
    if (requested && !cls.IsDerivedFrom(requested)) {
      this.fail(CArchiveException.badClass, `${cls.m_lpszClassName} is not a ${requested.m_lpszClassName}`);
    }
    if (out) out.schema = schema;
    else this.m_nObjectSchema = schema;
    return cls;
  }

  /**
   * Stores or loads a class reference (MFC's `CArchive::SerializeClass`): storing, WriteClass;
   * loading, ReadClass with the schema going to `m_nObjectSchema`.
   *
   * Errors: those of WriteClass or ReadClass.
   *
   * @param pClassRef - The class (its constructor) or its CRuntimeClass; when loading, the
   *   class read must derive from it.
   */
  SerializeClass(pClassRef: CRuntimeClass | CObjectCtor): void {
    if (this.IsStoring()) this.WriteClass(pClassRef);
    else this.ReadClass(pClassRef);
  }

  /**
   * Reads an object pointer (MFC's `operator>>(CObject*&)` / `CArchive::ReadObject`, TN002; the
   * format is WriteObject's): null, an object already read, or a new object, created with its
   * class's constructor, given the next PID before its Serialize runs (so it may refer to
   * itself), then Serialize'd with its stored schema available through GetObjectSchema.
   *
   * Errors: those of ReadClass (`CArchiveException` with `.genericException` on a storing
   * archive, `.badClass`, `.badSchema`, `.badIndex`, `.endOfFile`); also `.badIndex` for an
   * object PID past the map or naming a class, `.badClass` for an object that is not a kind of
   * the requested class, `.genericException` for objects nested deeper than `m_nMaxDepth`;
   * exceptions from the object's Serialize propagate.
   *
   * @param pClassRefRequested - The class the object must be a kind of; default null (any
   *   CObject). Passing `CFoo` plays the typed `operator>>(CArchive&, CFoo*&)` that
   *   `IMPLEMENT_SERIAL` defines, and types the result.
   * @returns The object, or null.
   * @throws {CInvalidArgException} when the requested class is not registered.
   * @throws {CNotSupportedException} when the requested class is not serializable.
   */
  ReadObject<T extends CObject = CObject>(pClassRefRequested: CRuntimeClass | CObjectCtor<T> | null = null): T | null {
    const requested = pClassRefRequested ? RUNTIME_CLASS(pClassRefRequested) : null;
    const out: { schema?: number; obTag?: number } = {};
    const cls = this.ReadClass(requested, out);
    const arr = this.loadArray!;
    if (cls === null) {
      const tag = out.obTag!;
      if (tag >= arr.length) this.fail(CArchiveException.badIndex, `object index ${tag}`);
      const pOb = arr[tag]!;
      if (pOb instanceof CRuntimeClass) this.fail(CArchiveException.badIndex, `index ${tag} names a class`);
      if (pOb && requested && !pOb.IsKindOf(requested)) this.fail(CArchiveException.badClass, `object ${tag} is not a ${requested.m_lpszClassName}`);
      return pOb as T | null;
    }
    const pOb = cls.CreateObject();
    if (!pOb) this.fail(CArchiveException.badClass, `${cls.m_lpszClassName} cannot be created`);
    this.checkCount(arr.length);
    arr.push(pOb);
    const saved = this.m_nObjectSchema;
    this.m_nObjectSchema = out.schema!;
    this.enter();
    try {
      pOb.Serialize(this);
    } finally {
      this.depth--;
      this.m_nObjectSchema = saved;
    }
    return pOb as T;
  }
}

keepClassName(CArchive, 'CArchive');

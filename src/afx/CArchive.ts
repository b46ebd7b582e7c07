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
import { NeedMoreData } from './archive/needMore.js';
import { dwBigClassTag, nMaxMapCount, wBigObjectTag, wClassTag, wNewClassTag, wNullTag } from './archive/objectTags.js';

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

export interface AsyncIoOptions {
  signal?: AbortSignal;
  timeout?: number;
}

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

export class CArchive {
  // Mode
  static readonly store = 0;
  static readonly load = 1;
  static readonly bNoFlushOnDelete = 2;
  static readonly bNoByteSwap = 4;
  // Buffer geometry (afx.h)
  static readonly nBufSizeMin = 128;
  /** Default nesting bound for objects inside objects (ReadObject/WriteObject); see docs. */
  static nMaxObjectDepthDefault = 512;
  /** Default for LoadAsync's maxBytes. */
  static nMaxAsyncBytesDefault = 16 * 1024 * 1024;

  m_nMode: number;
  m_pFile: CFile | null;
  m_strFileName: string;
  m_bForceFlat = true;
  /** (UINT)-1 when no schema is pending; set around each object's Serialize while loading. */
  m_nObjectSchema = UINT_MINUS_1;
  /** The file blocks (CSocketFile): fill only the bytes needed, never read ahead. */
  readonly m_bBlocking: boolean;
  /** CString and the text-line functions default to the Unicode (TCHAR = wchar_t) form. */
  m_bUnicode = true;
  /** Nesting limit for objects; beyond it ReadObject/WriteObject throw genericException. */
  m_nMaxDepth = CArchive.nMaxObjectDepthDefault;
  /**
   * Storing only: grow the buffer instead of writing to the file when it fills, so that bytes
   * leave only at Flush/FlushAsync (useful on the event loop, where a synchronous Send blocks).
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

  /** True when the archive loads (MFC: `(m_nMode & load) != 0`). */
  IsLoading(): boolean {
    return (this.m_nMode & CArchive.load) !== 0;
  }

  /** True when the archive stores (MFC: `(m_nMode & load) == 0`). */
  IsStoring(): boolean {
    return (this.m_nMode & CArchive.load) === 0;
  }

  /** Always false on Win32/Win64 MFC, so bNoByteSwap changes nothing. */
  IsByteSwapping(): boolean {
    return false;
  }

  /** True when no loaded byte is left in the buffer: loop `do { ... } while (!ar.IsBufferEmpty())` in OnReceive, as MFC's samples do. */
  IsBufferEmpty(): boolean {
    return this.cur === this.max;
  }

  /** The CFile this archive reads or writes (null after Close/Abort). */
  GetFile(): CFile | null {
    return this.m_pFile;
  }

  /** The ANSI code page for CStringA payloads and ANSI text lines (default: getDefaultCodePage()). */
  GetCodePage(): CodePage {
    return this.codePage;
  }

  /** Chooses the ANSI code page of this archive's CStrings (windows-1252 by default; 28591 latin1, 65001 utf-8). */
  SetCodePage(cp: number | string | CodePage): void {
    this.codePage = resolveCodePage(cp);
  }

  /** The schema of the object being loaded, once per Serialize; then resets to -1 (0xFFFFFFFF) as MFC does. */
  GetObjectSchema(): number {
    const n = this.m_nObjectSchema;
    this.m_nObjectSchema = UINT_MINUS_1;
    return n;
  }

  /** Sets the schema GetObjectSchema returns next. */
  SetObjectSchema(nSchema: number): void {
    if (!Number.isInteger(nSchema) || nSchema < 0 || nSchema > UINT_MINUS_1) invalidArg('schema', nSchema);
    this.m_nObjectSchema = nSchema;
  }

  /** Tuning knobs of MFC's maps; accepted for source compatibility (the maps here are hash maps). */
  SetStoreParams(nHashSize = 2053, nBlockSize = 128): void {
    if (!this.IsStoring() || this.storeMap) throw new CArchiveException(CArchiveException.genericException, this.m_strFileName, 'SetStoreParams after the first object');
    void nHashSize;
    void nBlockSize;
  }

  /** MFC's SetLoadParams(nGrowBy = 1024): accepted for ports (the load map grows as needed); genericException after the first object, which MFC also forbids. */
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

  private requireStoring(): void {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
  }

  private requireLoading(): void {
    if (!(this.m_nMode & CArchive.load)) this.fail(CArchiveException.writeOnly);
  }

  /** Raw bytes in (no length prefix). Returns the count read, short only at end of file. */
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

  /** Read that throws endOfFile unless all `nCount` bytes arrive (afx.inl EnsureRead). */
  EnsureRead(lpBuf: Uint8Array, nCount: number = lpBuf?.byteLength): void {
    if (this.Read(lpBuf, nCount) !== nCount) this.fail(CArchiveException.endOfFile);
  }

  /** Raw bytes out (no length prefix). */
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
   * Storing: sends the buffered bytes to the file. Loading: gives unread buffered bytes back with
   * Seek; over a CSocketFile, whose Seek does nothing, they are lost (as in MFC).
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

  /** Flush, then detach the file (which stays open). */
  Close(): void {
    this.Flush();
    this.m_pFile = null;
  }

  /** Detaches the file and forgets the object maps; never flushes, never throws. */
  Abort(): void {
    this.m_pFile = null;
    this.storeMap = null;
    this.loadArray = null;
    this.schemaMap = null;
    this.cur = this.max = 0;
  }

  /**
   * The C++ destructor (`delete pArchive`): closes (so flushes) unless bNoFlushOnDelete, then
   * aborts. Ported code that let an archive go out of scope should call this.
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
   * the result and publish it afterwards. See docs/archive.md.
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

  /** Storing: sends the buffered bytes with the file's WriteAsync (SendAsync over a socket). */
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

  /** MFC `ar << BYTE`. Throws CArchiveException readOnly on a loading archive, CInvalidArgException outside 0..255. */
  WriteByte(by: number): this {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
    if (typeof by !== 'number' || (by & 0xff) !== by) invalidArg('BYTE', by);
    if (this.cur + 1 > this.buf.length) this.makeRoom(1);
    this.buf[this.cur++] = by;
    return this;
  }

  /** MFC `ar << WORD`: 2 bytes little-endian. Throws readOnly, or CInvalidArgException outside 0..65535. */
  WriteWord(w: number): this {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
    if (typeof w !== 'number' || (w & 0xffff) !== w) invalidArg('WORD', w);
    if (this.cur + 2 > this.buf.length) this.makeRoom(2);
    this.dv.setUint16(this.cur, w, true);
    this.cur += 2;
    return this;
  }

  /** MFC `ar << LONG`: 4 bytes little-endian. Throws readOnly, or CInvalidArgException outside the 32-bit signed range. */
  WriteLong(l: number): this {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
    if (typeof l !== 'number' || (l | 0) !== l) invalidArg('LONG', l);
    if (this.cur + 4 > this.buf.length) this.makeRoom(4);
    this.dv.setInt32(this.cur, l, true);
    this.cur += 4;
    return this;
  }

  /** MFC `ar << DWORD`: 4 bytes little-endian. Throws readOnly, or CInvalidArgException outside 0..0xFFFFFFFF. */
  WriteDWord(dw: number): this {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
    if (typeof dw !== 'number' || dw >>> 0 !== dw) invalidArg('DWORD', dw);
    if (this.cur + 4 > this.buf.length) this.makeRoom(4);
    this.dv.setUint32(this.cur, dw, true);
    this.cur += 4;
    return this;
  }

  /** LONGLONG: a bigint (or a safe-integer number) in -2^63 .. 2^63-1. */
  WriteLongLong(ll: bigint | number): this {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
    const v = typeof ll === 'number' && Number.isSafeInteger(ll) ? BigInt(ll) : ll;
    if (typeof v !== 'bigint' || v < MIN_I64 || v > MAX_I64) invalidArg('LONGLONG', ll);
    if (this.cur + 8 > this.buf.length) this.makeRoom(8);
    this.dv.setBigInt64(this.cur, v, true);
    this.cur += 8;
    return this;
  }

  /** ULONGLONG: a bigint (or a non-negative safe-integer number) in 0 .. 2^64-1. */
  WriteULongLong(ull: bigint | number): this {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
    const v = typeof ull === 'number' && Number.isSafeInteger(ull) ? BigInt(ull) : ull;
    if (typeof v !== 'bigint' || v < 0n || v > MAX_U64) invalidArg('ULONGLONG', ull);
    if (this.cur + 8 > this.buf.length) this.makeRoom(8);
    this.dv.setBigUint64(this.cur, v, true);
    this.cur += 8;
    return this;
  }

  /** float: rounded to IEEE-754 single (any number, NaN and infinities included). */
  WriteFloat(f: number): this {
    this.requireStoring();
    if (typeof f !== 'number') invalidArg('float', f);
    if (this.cur + 4 > this.buf.length) this.makeRoom(4);
    this.dv.setFloat32(this.cur, f, true);
    this.cur += 4;
    return this;
  }

  /** MFC `ar << double`: IEEE-754 double, little-endian. Throws readOnly on a loading archive. */
  WriteDouble(d: number): this {
    this.requireStoring();
    if (typeof d !== 'number') invalidArg('double', d);
    if (this.cur + 8 > this.buf.length) this.makeRoom(8);
    this.dv.setFloat64(this.cur, d, true);
    this.cur += 8;
    return this;
  }

  /** int: 4 bytes, forwarded as LONG (32-bit MFC). */
  WriteInt(i: number): this {
    return this.WriteLong(i);
  }

  /** unsigned: 4 bytes, forwarded as LONG; takes 0 .. 2^32-1. */
  WriteUInt(u: number): this {
    return this.WriteDWord(u);
  }

  /** short: 2 bytes, forwarded as WORD; takes -32768 .. 32767. */
  WriteShort(w: number): this {
    if (typeof w !== 'number' || (w << 16) >> 16 !== w) invalidArg('short', w);
    return this.WriteWord(w & 0xffff);
  }

  /** char (signed on MSVC): 1 byte, forwarded as BYTE; takes -128 .. 127. */
  WriteChar(ch: number): this {
    if (typeof ch !== 'number' || (ch << 24) >> 24 !== ch) invalidArg('char', ch);
    return this.WriteByte(ch & 0xff);
  }

  /** wchar_t: one UTF-16 code unit, 2 bytes; takes 0 .. 0xFFFF. */
  WriteWChar(ch: number): this {
    if (typeof ch !== 'number' || (ch & 0xffff) !== ch) invalidArg('wchar_t', ch);
    return this.WriteWord(ch);
  }

  /** bool: 1 byte, 1 or 0. */
  WriteBool(b: boolean): this {
    if (typeof b !== 'boolean') invalidArg('bool', b);
    return this.WriteByte(b ? 1 : 0);
  }

  // ---------------------------------------------------------------- primitives: load

  /** MFC `ar >> BYTE`: one byte. Throws CArchiveException endOfFile when the data ends, writeOnly on a storing archive. */
  ReadByte(): number {
    if (!(this.m_nMode & CArchive.load)) this.fail(CArchiveException.writeOnly);
    if (this.max - this.cur < 1) this.fill(1);
    return this.buf[this.cur++]!;
  }

  /** MFC `ar >> WORD`: 2 bytes little-endian, unsigned. Throws endOfFile / writeOnly. */
  ReadWord(): number {
    if (!(this.m_nMode & CArchive.load)) this.fail(CArchiveException.writeOnly);
    if (this.max - this.cur < 2) this.fill(2);
    const v = this.dv.getUint16(this.cur, true);
    this.cur += 2;
    return v;
  }

  /** MFC `ar >> LONG`: 4 bytes little-endian, signed. Throws endOfFile / writeOnly. */
  ReadLong(): number {
    if (!(this.m_nMode & CArchive.load)) this.fail(CArchiveException.writeOnly);
    if (this.max - this.cur < 4) this.fill(4);
    const v = this.dv.getInt32(this.cur, true);
    this.cur += 4;
    return v;
  }

  /** MFC `ar >> DWORD`: 4 bytes little-endian, unsigned. Throws endOfFile / writeOnly. */
  ReadDWord(): number {
    if (!(this.m_nMode & CArchive.load)) this.fail(CArchiveException.writeOnly);
    if (this.max - this.cur < 4) this.fill(4);
    const v = this.dv.getUint32(this.cur, true);
    this.cur += 4;
    return v;
  }

  /** MFC `ar >> LONGLONG`: 8 bytes little-endian, as a bigint. Throws endOfFile / writeOnly. */
  ReadLongLong(): bigint {
    this.requireLoading();
    if (this.max - this.cur < 8) this.fill(8);
    const v = this.dv.getBigInt64(this.cur, true);
    this.cur += 8;
    return v;
  }

  /** MFC `ar >> ULONGLONG`: 8 bytes little-endian, as a bigint. Throws endOfFile / writeOnly. */
  ReadULongLong(): bigint {
    this.requireLoading();
    if (this.max - this.cur < 8) this.fill(8);
    const v = this.dv.getBigUint64(this.cur, true);
    this.cur += 8;
    return v;
  }

  /** MFC `ar >> float`: IEEE-754 single, little-endian. Throws endOfFile / writeOnly. */
  ReadFloat(): number {
    this.requireLoading();
    if (this.max - this.cur < 4) this.fill(4);
    const v = this.dv.getFloat32(this.cur, true);
    this.cur += 4;
    return v;
  }

  /** MFC `ar >> double`: IEEE-754 double, little-endian. Throws endOfFile / writeOnly. */
  ReadDouble(): number {
    this.requireLoading();
    if (this.max - this.cur < 8) this.fill(8);
    const v = this.dv.getFloat64(this.cur, true);
    this.cur += 8;
    return v;
  }

  /** MFC `ar >> int`: 4 bytes (forwarded as LONG). Throws endOfFile / writeOnly. */
  ReadInt(): number {
    return this.ReadLong();
  }

  /** MFC `ar >> unsigned`: 4 bytes (forwarded as LONG), unsigned. Throws endOfFile / writeOnly. */
  ReadUInt(): number {
    return this.ReadDWord();
  }

  /** MFC `ar >> short`: 2 bytes little-endian, signed. Throws endOfFile / writeOnly. */
  ReadShort(): number {
    return (this.ReadWord() << 16) >> 16;
  }

  /** char: signed, -128 .. 127. */
  ReadChar(): number {
    return (this.ReadByte() << 24) >> 24;
  }

  /** wchar_t: the UTF-16 code unit as a number (String.fromCharCode makes it a string). */
  ReadWChar(): number {
    return this.ReadWord();
  }

  /** MFC `ar >> bool`: one byte, non-zero is true. Throws endOfFile / writeOnly. */
  ReadBool(): boolean {
    return this.ReadByte() !== 0;
  }

  // ---------------------------------------------------------------- counts

  /** WriteCount: WORD below 0xFFFF, else 0xFFFF + DWORD, else (Win64) + QWORD. */
  WriteCount(dwCount: number): this {
    if (!Number.isSafeInteger(dwCount) || dwCount < 0) invalidArg('count', dwCount);
    if (dwCount < 0xffff) return this.WriteWord(dwCount);
    this.WriteWord(0xffff);
    if (dwCount < UINT_MINUS_1) return this.WriteDWord(dwCount);
    this.WriteDWord(UINT_MINUS_1);
    return this.WriteULongLong(BigInt(dwCount));
  }

  /** ReadCount; a QWORD count beyond Number.MAX_SAFE_INTEGER throws genericException. */
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

  /** `ar << CString`: Unicode form (CStringW) unless `unicode: false` or m_bUnicode is false. */
  WriteCString(s: string, opts?: { unicode?: boolean }): this {
    return (opts?.unicode ?? this.m_bUnicode) ? this.WriteCStringW(s) : this.WriteCStringA(s);
  }

  /** `ar << CStringW`: FF FE FF, the length in UTF-16 units, then UTF-16LE. */
  WriteCStringW(s: string): this {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
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

  /** `ar << CStringA`: the length in bytes of the archive's code page, then those bytes. */
  WriteCStringA(s: string): this {
    if (this.m_nMode & CArchive.load) this.fail(CArchiveException.readOnly);
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

  /** `ar >> CString`: either stored form; an ANSI payload is decoded with the archive's code page. */
  ReadCString(): string {
    if (!(this.m_nMode & CArchive.load)) this.fail(CArchiveException.writeOnly);
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

  /** `ar >> CStringW`: identical to ReadCString (JS strings are UTF-16). */
  ReadCStringW(): string {
    return this.ReadCString();
  }

  /** `ar >> CStringA`: a Unicode payload goes through the code page, as MFC converts it. */
  ReadCStringA(): string {
    const s = this.ReadCString();
    if (!this.lastStringUnicode) return s;
    const cp = this.codePage;
    const tmp = Buffer.alloc(cp.byteLength(s));
    cp.write(s, tmp, 0);
    return cp.decode(tmp, 0, tmp.length);
  }

  /** Whether the CString just read carried the Unicode marker (no MFC counterpart). */
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
   * MFC's WriteString: the characters only — no terminator, no newline added (include "\r\n"
   * yourself). TCHAR width follows `unicode` (default m_bUnicode). Stops at an embedded NUL, as
   * MFC's LPCTSTR does.
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
   * MFC's ReadString(CString&): one text line without its line end, or null where MFC returns
   * FALSE (end of file before any character). Lines end at "\n", "\r\n", or "\r" — after a
   * "\r" the next character is always consumed (MFC assumes it is "\n"). Read in 128-character
   * pieces like MFC, so an embedded NUL ends the piece's text as it ends MFC's C string.
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
   * MFC's ReadString(LPTSTR, UINT nMax): at most nMax characters of one line. `keepNewline`
   * plays MFC's negative nMax (the character after the line end is stored). Null = FALSE.
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
   * Registers `pOb` under the next PID without writing anything; do it at the same point when
   * storing and loading (TN002). MapObject(null) just initialises the map.
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

  /** `ar << pOb`: NULL tag, a back-reference, or class + new object + its Serialize. */
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

  /** Writes a class reference: a new class description once, its tag afterwards. */
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
   * ReadClass(pClassRefRequested, pSchema, pObTag). Pass `out` to receive the schema and to
   * accept an object reference (then null is returned and out.obTag is set); without `out`
   * the schema goes to m_nObjectSchema and an object reference is badIndex.
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

  /** Storing: WriteClass; loading: ReadClass with the schema going to m_nObjectSchema. */
  SerializeClass(pClassRef: CRuntimeClass | CObjectCtor): void {
    if (this.IsStoring()) this.WriteClass(pClassRef);
    else this.ReadClass(pClassRef);
  }

  /**
   * `ar >> pOb`: null, an object already read, or a new object (created, mapped before its
   * Serialize so it can refer to itself, then Serialize'd with its schema available through
   * GetObjectSchema). `pClassRefRequested` plays IMPLEMENT_SERIAL's typed operator>>.
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

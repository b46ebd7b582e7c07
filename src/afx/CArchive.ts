/**
 * CArchive: MFC's binary serializer over a CFile, byte-for-byte compatible with MFC's
 * arccore.cpp / arcobj.cpp output (see docs/archive.md for the layouts). This file is the MFC
 * surface; the work is done in archive/: the buffer engine (buffer.ts), the fixed-size values
 * (primitives.ts), counts (counts.ts), CStrings (cstring.ts), text lines (text-lines.ts), the
 * object graph (object-graph.ts) and LoadAsync's rerun engine (load-async.ts).
 */

import { CFile, checkBuffer } from './CFile.js';
import { CObject, CRuntimeClass, type CObjectCtor } from './CObject.js';
import { CArchiveException, CInvalidArgException } from './exceptions.js';
import { ArchiveBuffer } from './archive/buffer.js';
import { getDefaultCodePage, resolveCodePage, type CodePage } from './archive/codepage.js';
import { loadCount, storeCount } from './archive/counts.js';
import { CStringCodec } from './archive/cstring.js';
import { loadAsync } from './archive/load-async.js';
import { ObjectGraph } from './archive/object-graph.js';
import {
  INT_MAX, UINT_MINUS_1, invalidArg, loadByte, loadDWord, loadDouble, loadFloat, loadLong, loadLongLong, loadULongLong, loadWord,
  storeBool, storeByte, storeChar, storeDWord, storeDouble, storeFloat, storeLong, storeLongLong, storeShort,
  storeULongLong, storeWChar, storeWord,
} from './archive/primitives.js';
import { loadLine, loadLineMax, storeText } from './archive/text-lines.js';
import { keepClassName } from './class-name.js';

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

/**
 * MFC's `CArchive`: a buffered binary serializer over a {@link CFile} ({@link CSocketFile},
 * {@link CMemFile}, a disk file), writing and reading MFC's byte format exactly (arccore.cpp,
 * arcobj.cpp, TN002), so that a Node program and an MFC program can exchange archives.
 *
 * Each C++ `operator<<` / `operator>>` is a named method (`ar << (WORD)w` is `ar.WriteWord(w)`,
 * `ar >> w` is `w = ar.ReadWord()`); writers return the archive so they chain like `<<`. All
 * integers and floats are little-endian. A member's doc gives the C++ operator or member it
 * plays and the range of its arguments; the errors below hold for every member.
 *
 * Errors. Every member throws `CArchiveException` (the asynchronous ones reject with it):
 * - `readOnly`: a write on a loading archive; `writeOnly`: a read on a storing archive (the
 *   names look inverted, as in MFC); `genericException`: a read, write or flush on a closed
 *   archive (after Close, Abort or Delete), even one the buffer could take.
 * - `endOfFile`: the data ended inside a value. Not an error for Read (it returns fewer bytes)
 *   nor for ReadString / ReadStringMax (they return null); LoadAsync rejects with it when the
 *   peer closes before the loader has all its bytes, also between messages.
 * - `badIndex`, `badClass`, `badSchema`: a malformed object stream (the object members say
 *   when); `badIndex` also past 0x3FFFFFFE objects and classes (MFC's `nMaxMapCount`).
 * - `bufferFull`: a LoadAsync run that needs more than its `maxBytes` buffered.
 * - `genericException` also for: a count (ReadCount) above `Number.MAX_SAFE_INTEGER`, a CString
 *   length above INT_MAX (as Win32 MFC), objects nested deeper than `m_nMaxDepth`, a second
 *   LoadAsync while one runs, SetStoreParams / SetLoadParams in the wrong mode or after the
 *   first object (MFC asserts), ReadClass on a storing archive (as MFC), and a file whose Read
 *   returned a count it was not asked for.
 *
 * A `CFileException` from the file propagates: a writer that fills the buffer flushes it, so
 * any writer may raise Flush's. Over a {@link CSocketFile} it is `genericException` with the
 * WSA code in `m_lOsError` (`WSAEINTR` when an async call is aborted or cancelled,
 * `WSAETIMEDOUT` when its `timeout` passed). An exception from an object's Serialize, or from
 * LoadAsync's loader, propagates unchanged.
 *
 * An argument outside the range its member's doc gives (a value outside its C++ type, a
 * count outside its buffer, a non-string where a string is due) throws `CInvalidArgException`
 * and writes nothing, where MFC would truncate it; a class that is not `IMPLEMENT_SERIAL`
 * passed to the object members throws `CNotSupportedException`, as in MFC.
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

  private readonly io: ArchiveBuffer;
  private readonly str: CStringCodec;
  private readonly graph = new ObjectGraph();

  /**
   * Makes an archive over a file (MFC's
   * `CArchive(CFile* pFile, UINT nMode, int nBufSize = 4096, void* lpBuf = NULL)`). A loading
   * archive starts with an empty buffer; nothing is read or written until the first call.
   *
   * @param pFile - The file: a {@link CSocketFile}, a {@link CMemFile} or an open {@link CFile}.
   *   The archive does not own it: Close detaches it without closing it.
   * @param nMode - `CArchive.store` or `CArchive.load`, optionally OR'd with
   *   `CArchive.bNoFlushOnDelete` and `CArchive.bNoByteSwap` (0..7).
   * @param nBufSize - The buffer size in bytes, 0..0x40000000; default 4096, as in MFC. Below
   *   `CArchive.nBufSizeMin` (128) the buffer gets 128 bytes.
   * @param lpBuf - Only `null` (MFC's default): a caller-supplied buffer is not supported.
   * @throws {CInvalidArgException} when `pFile` is not a CFile (MFC 14 throws it for NULL), or
   *   another argument is outside its range.
   */
  constructor(pFile: CFile, nMode: number, nBufSize = 4096, lpBuf: null = null) {
    if (!(pFile instanceof CFile)) throw new CInvalidArgException('CArchive: pFile must be a CFile');
    if (!Number.isInteger(nMode) || nMode < 0 || nMode > 7) throw new CInvalidArgException('CArchive: nMode');
    if (!Number.isInteger(nBufSize) || nBufSize < 0 || nBufSize > 0x40000000) throw new CInvalidArgException('CArchive: nBufSize');
    if (lpBuf !== null) throw new CInvalidArgException('CArchive: a caller-supplied buffer is not supported');
    this.m_strFileName = pFile.GetFilePath();
    this.m_bBlocking = (pFile.GetBufferPtr(CFile.bufferCheck) & CFile.bufferBlocking) !== 0;
    this.io = new ArchiveBuffer(this, pFile, nMode, Math.max(nBufSize, CArchive.nBufSizeMin));
    this.str = new CStringCodec(getDefaultCodePage());
  }

  /** The constructor's `nMode` (MFC's `m_nMode`): `store` or `load`, OR'd with `bNoFlushOnDelete` / `bNoByteSwap`. */
  get m_nMode(): number {
    return this.io.mode;
  }

  /** Setting it takes effect at the next call, as in MFC, where it is a plain member. */
  set m_nMode(nMode: number) {
    this.io.mode = nMode;
  }

  /** The file read or written (MFC's `m_pFile`); `null` after Close, Abort or Delete. */
  get m_pFile(): CFile | null {
    return this.io.file;
  }

  /** Setting it takes effect at the next call, as in MFC, where it is a plain member. */
  set m_pFile(pFile: CFile | null) {
    this.io.file = pFile;
  }

  // ---------------------------------------------------------------- state

  /** Whether the archive loads (MFC's `CArchive::IsLoading`: `(m_nMode & load) != 0`). */
  IsLoading(): boolean {
    return (this.io.mode & CArchive.load) !== 0;
  }

  /** Whether the archive stores (MFC's `CArchive::IsStoring`: `(m_nMode & load) == 0`). */
  IsStoring(): boolean {
    return (this.io.mode & CArchive.load) === 0;
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
    return this.io.cur === this.io.max;
  }

  /** The file this archive reads or writes (MFC's `CArchive::GetFile`); `null` after Close, Abort or Delete. */
  GetFile(): CFile | null {
    return this.io.file;
  }

  /**
   * The ANSI code page of this archive's CStringA payloads and ANSI text lines (no MFC
   * counterpart: MFC uses the machine's ANSI code page). New archives start with
   * {@link getDefaultCodePage}, windows-1252 unless `setDefaultCodePage` changed it.
   */
  GetCodePage(): CodePage {
    return this.str.codePage;
  }

  /**
   * Chooses the ANSI code page of this archive's CStringA payloads and ANSI text lines (no MFC
   * counterpart; windows-1252 by default).
   *
   * @param cp - 1252 / `'windows-1252'` / `'cp1252'`, 28591 / `'latin1'` / `'iso-8859-1'`,
   *   65001 / `'utf-8'` / `'utf8'` (names in any case), or a {@link CodePage} object with
   *   `byteLength`, `write` and `decode`.
   */
  SetCodePage(cp: number | string | CodePage): void {
    this.str.codePage = resolveCodePage(cp);
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
   * @param nSchema - An integer 0..0xFFFFFFFF.
   */
  SetObjectSchema(nSchema: number): void {
    if (!Number.isInteger(nSchema) || nSchema < 0 || nSchema > UINT_MINUS_1) invalidArg('schema', nSchema);
    this.m_nObjectSchema = nSchema;
  }

  /**
   * MFC's `CArchive::SetStoreParams(UINT nHashSize = 2053, UINT nBlockSize = 128)`: tuning of
   * MFC's store map, accepted and ignored (the map here is a hash map). Storing only, before the
   * first object or class is stored or mapped, as MFC requires.
   *
   * @param nHashSize - Ignored; default 2053, as in MFC.
   * @param nBlockSize - Ignored; default 128, as in MFC.
   */
  SetStoreParams(nHashSize = 2053, nBlockSize = 128): void {
    if (!this.IsStoring() || this.graph.storeMap) this.io.fail(CArchiveException.genericException, 'SetStoreParams after the first object');
    void nHashSize;
    void nBlockSize;
  }

  /**
   * MFC's `CArchive::SetLoadParams(UINT nGrowBy = 1024)`: growth of MFC's load array, accepted
   * and ignored (the array here grows as needed). Loading only, before the first object or
   * class is loaded or mapped, as MFC requires.
   *
   * @param nGrowBy - Ignored; default 1024, as in MFC.
   */
  SetLoadParams(nGrowBy = 1024): void {
    if (!this.IsLoading() || this.graph.loadArray) this.io.fail(CArchiveException.genericException, 'SetLoadParams after the first object');
    void nGrowBy;
  }

  // ---------------------------------------------------------------- buffer and file

  /**
   * Reads raw bytes, no length prefix (MFC's `CArchive::Read`): from the buffer first, then
   * whole buffer-size chunks straight from the file, then the rest through the buffer.
   *
   * @param lpBuf - Where the bytes go (a Uint8Array).
   * @param nMax - How many bytes, 0..lpBuf.byteLength; default lpBuf.byteLength.
   * @returns The count read: `nMax`, fewer only at end of file (EnsureRead requires them all).
   */
  Read(lpBuf: Uint8Array, nMax: number = lpBuf?.byteLength): number {
    checkBuffer(lpBuf, nMax, 'CArchive::Read');
    return this.io.read(lpBuf, nMax);
  }

  /**
   * Reads exactly `nCount` raw bytes (MFC's `CArchive::EnsureRead`, afx.inl): fewer is endOfFile.
   *
   * @param lpBuf - Where the bytes go (a Uint8Array).
   * @param nCount - How many, 0..lpBuf.byteLength; default lpBuf.byteLength.
   */
  EnsureRead(lpBuf: Uint8Array, nCount: number = lpBuf?.byteLength): void {
    if (this.Read(lpBuf, nCount) !== nCount) this.io.fail(CArchiveException.endOfFile);
  }

  /**
   * Writes raw bytes, no length prefix (MFC's `CArchive::Write`). They go into the buffer; when
   * it fills, it is flushed and whole buffer-size chunks go straight to the file, as in MFC
   * (with `m_bDeferFlush` the buffer grows instead).
   *
   * @param lpBuf - The bytes (a Uint8Array).
   * @param nMax - How many, 0..lpBuf.byteLength; default lpBuf.byteLength.
   */
  Write(lpBuf: Uint8Array, nMax: number = lpBuf?.byteLength): void {
    checkBuffer(lpBuf, nMax, 'CArchive::Write');
    this.io.write(lpBuf, nMax);
  }

  /**
   * MFC's `CArchive::Flush`. Storing: writes the buffered bytes to the file; nothing reaches a
   * socket before, so call it after each message. Loading: gives the unread buffered bytes back
   * with the file's `Seek`; over a CSocketFile, whose Seek does nothing, they are lost, as in
   * MFC.
   */
  Flush(): void {
    this.io.flush();
  }

  /** Flushes, then detaches the file, which stays open (MFC's `CArchive::Close`). If Flush throws, the file stays attached (call Abort). */
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
    this.graph.reset();
    this.io.reset();
  }

  /**
   * The C++ destructor `CArchive::~CArchive` (`delete pArchive`): Close (so Flush) when a file is
   * attached and the mode lacks `bNoFlushOnDelete`, then Abort, even when Close threw. Ported
   * code that let an archive go out of scope should call this.
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
   * message stay buffered (IsBufferEmpty stays exact), and so do the bytes received before a
   * `CFileException`.
   *
   * @param fn - A synchronous loader (one that returns a promise is refused); it may run several
   *   times on the same bytes.
   * @param opts - `signal` and `timeout` for each socket read (see {@link AsyncIoOptions}), and
   *   `maxBytes`, a positive integer (default `CArchive.nMaxAsyncBytesDefault`, 16 MiB): the
   *   most one run may buffer.
   * @returns A promise of `fn`'s result; an exception `fn` throws (not from running short)
   *   rejects it.
   */
  async LoadAsync<T>(fn: (ar: CArchive) => T, opts: LoadAsyncOptions = {}): Promise<T> {
    this.io.requireLoading();
    return loadAsync(this, this.io, this.graph, fn, opts, CArchive.nMaxAsyncBytesDefault);
  }

  /**
   * Flush on the event loop (no MFC counterpart): storing, sends the buffered bytes with the
   * file's WriteAsync (`SendAsync` over a CSocketFile); what is written meanwhile goes to a
   * second buffer, and the bytes of a send that fails are not kept. Loading: the same as Flush.
   *
   * @param opts - `signal` and `timeout`, passed to WriteAsync.
   * @returns A promise that resolves once the bytes are sent.
   */
  async FlushAsync(opts: AsyncIoOptions = {}): Promise<void> {
    return this.io.flushAsync(opts);
  }

  // ---------------------------------------------------------------- fixed-size values: store

  /** `ar << (BYTE)by`, 1 byte. @param by - An integer 0..255. @returns This archive, to chain. */
  WriteByte(by: number): this {
    storeByte(this.io, by);
    return this;
  }

  /** `ar << (WORD)w`, 2 bytes. @param w - An integer 0..0xFFFF. @returns This archive, to chain. */
  WriteWord(w: number): this {
    storeWord(this.io, w);
    return this;
  }

  /** `ar << (LONG)l`, 4 bytes. @param l - An integer -2^31..2^31-1. @returns This archive, to chain. */
  WriteLong(l: number): this {
    storeLong(this.io, l);
    return this;
  }

  /** `ar << (DWORD)dw`, 4 bytes. @param dw - An integer 0..0xFFFFFFFF. @returns This archive, to chain. */
  WriteDWord(dw: number): this {
    storeDWord(this.io, dw);
    return this;
  }

  /** `ar << (LONGLONG)ll`, 8 bytes. @param ll - A bigint -2^63..2^63-1, or a safe-integer number. @returns This archive, to chain. */
  WriteLongLong(ll: bigint | number): this {
    storeLongLong(this.io, ll);
    return this;
  }

  /** `ar << (ULONGLONG)ull`, 8 bytes. @param ull - A bigint 0..2^64-1, or a non-negative safe-integer number. @returns This archive, to chain. */
  WriteULongLong(ull: bigint | number): this {
    storeULongLong(this.io, ull);
    return this;
  }

  /** `ar << (float)f`, 4 bytes IEEE-754 single. @param f - Any number (NaN and infinities included), rounded to single precision. @returns This archive, to chain. */
  WriteFloat(f: number): this {
    storeFloat(this.io, f);
    return this;
  }

  /** `ar << (double)d`, 8 bytes IEEE-754. @param d - Any number. @returns This archive, to chain. */
  WriteDouble(d: number): this {
    storeDouble(this.io, d);
    return this;
  }

  /** `ar << (int)i`, 4 bytes (MFC forwards it as LONG). @param i - An integer -2^31..2^31-1. @returns This archive, to chain. */
  WriteInt(i: number): this {
    return this.WriteLong(i);
  }

  /** `ar << (unsigned)u`, 4 bytes (the bytes of a DWORD). @param u - An integer 0..0xFFFFFFFF. @returns This archive, to chain. */
  WriteUInt(u: number): this {
    return this.WriteDWord(u);
  }

  /** `ar << (short)w`, 2 bytes two's complement (MFC forwards it as WORD). @param w - An integer -32768..32767. @returns This archive, to chain. */
  WriteShort(w: number): this {
    storeShort(this.io, w);
    return this;
  }

  /** `ar << (char)ch`, 1 byte two's complement (MSVC's char is signed). @param ch - An integer -128..127. @returns This archive, to chain. */
  WriteChar(ch: number): this {
    storeChar(this.io, ch);
    return this;
  }

  /** `ar << (wchar_t)ch`, one UTF-16 code unit in 2 bytes. @param ch - An integer 0..0xFFFF (`s.charCodeAt(i)`). @returns This archive, to chain. */
  WriteWChar(ch: number): this {
    storeWChar(this.io, ch);
    return this;
  }

  /** `ar << (bool)b`, 1 byte: 1 or 0. @param b - A boolean. @returns This archive, to chain. */
  WriteBool(b: boolean): this {
    storeBool(this.io, b);
    return this;
  }

  // ---------------------------------------------------------------- fixed-size values: load

  /** `ar >> (BYTE&)`, 1 byte. @returns 0..255. */
  ReadByte(): number {
    return loadByte(this.io);
  }

  /** `ar >> (WORD&)`, 2 bytes. @returns 0..0xFFFF. */
  ReadWord(): number {
    return loadWord(this.io);
  }

  /** `ar >> (LONG&)`, 4 bytes. @returns -2^31..2^31-1. */
  ReadLong(): number {
    return loadLong(this.io);
  }

  /** `ar >> (DWORD&)`, 4 bytes. @returns 0..0xFFFFFFFF. */
  ReadDWord(): number {
    return loadDWord(this.io);
  }

  /** `ar >> (LONGLONG&)`, 8 bytes. @returns A bigint -2^63..2^63-1. */
  ReadLongLong(): bigint {
    return loadLongLong(this.io);
  }

  /** `ar >> (ULONGLONG&)`, 8 bytes. @returns A bigint 0..2^64-1. */
  ReadULongLong(): bigint {
    return loadULongLong(this.io);
  }

  /** `ar >> (float&)`, 4 bytes IEEE-754 single. @returns The value as a number. */
  ReadFloat(): number {
    return loadFloat(this.io);
  }

  /** `ar >> (double&)`, 8 bytes IEEE-754. @returns The value. */
  ReadDouble(): number {
    return loadDouble(this.io);
  }

  /** `ar >> (int&)`, 4 bytes (MFC forwards it as LONG). @returns -2^31..2^31-1. */
  ReadInt(): number {
    return this.ReadLong();
  }

  /** `ar >> (unsigned&)`, 4 bytes (read as a DWORD, the same bytes). @returns 0..0xFFFFFFFF. */
  ReadUInt(): number {
    return this.ReadDWord();
  }

  /** `ar >> (short&)`, 2 bytes two's complement. @returns -32768..32767. */
  ReadShort(): number {
    return (this.ReadWord() << 16) >> 16;
  }

  /** `ar >> (char&)`, 1 byte two's complement (MSVC's char is signed). @returns -128..127. */
  ReadChar(): number {
    return (this.ReadByte() << 24) >> 24;
  }

  /** `ar >> (wchar_t&)`, one UTF-16 code unit in 2 bytes. @returns The code unit 0..0xFFFF (`String.fromCharCode` makes it a string). */
  ReadWChar(): number {
    return this.ReadWord();
  }

  /** `ar >> (bool&)`, 1 byte. @returns True for any non-zero byte. */
  ReadBool(): boolean {
    return this.ReadByte() !== 0;
  }

  // ---------------------------------------------------------------- counts

  /**
   * Writes a collection's element count (MFC's `CArchive::WriteCount`, which every MFC
   * collection's Serialize uses): a WORD below 0xFFFF; up to 0xFFFFFFFE `FFFF` + DWORD; above
   * that `FFFF` + `FFFFFFFF` + QWORD (Win64 MFC's form), so 2, 6 or 14 bytes.
   *
   * @param dwCount - A safe integer, 0 or more.
   * @returns This archive, to chain further writes.
   */
  WriteCount(dwCount: number): this {
    storeCount(this.io, dwCount);
    return this;
  }

  /**
   * Reads a count written by WriteCount (MFC's `CArchive::ReadCount`).
   *
   * @returns The count, 0..`Number.MAX_SAFE_INTEGER`.
   */
  ReadCount(): number {
    return loadCount(this.io);
  }

  // ---------------------------------------------------------------- CString

  /**
   * `ar << (const CString&)s`: the Unicode form of an `_UNICODE` build (as WriteCStringW) unless
   * `opts.unicode` is false or, without `opts.unicode`, `m_bUnicode` is false; then the ANSI
   * form (as WriteCStringA).
   *
   * @param s - A string.
   * @param opts - `unicode`: the form for this call; default `m_bUnicode`.
   * @returns This archive, to chain further writes.
   */
  WriteCString(s: string, opts?: { unicode?: boolean }): this {
    return (opts?.unicode ?? this.m_bUnicode) ? this.WriteCStringW(s) : this.WriteCStringA(s);
  }

  /**
   * `ar << (const CStringW&)s` (`AfxWriteStringLength` then the characters): the Unicode marker
   * `FF FE FF`, the length in UTF-16 code units (a surrogate pair counts 2), then the units as
   * UTF-16LE, no terminator. The length takes 1 byte below 255, `FF` + WORD below 0xFFFE,
   * `FF FFFF` + DWORD below 0xFFFFFFFF, else `FF FFFF FFFFFFFF` + QWORD. `"abc"` is
   * `FF FE FF 03 61 00 62 00 63 00`.
   *
   * @param s - A string.
   * @returns This archive, to chain further writes.
   */
  WriteCStringW(s: string): this {
    this.str.storeW(this.io, s);
    return this;
  }

  /**
   * `ar << (const CStringA&)s`: the length in bytes of the archive's code page (see
   * GetCodePage), with the prefix of WriteCStringW but no marker, then those bytes, no
   * terminator. A character the page cannot hold is written as `?`. `"abc"` is `03 61 62 63`.
   *
   * @param s - A string.
   * @returns This archive, to chain further writes.
   */
  WriteCStringA(s: string): this {
    this.str.storeA(this.io, s);
    return this;
  }

  /**
   * `ar >> (CString&)` in either stored form (`AfxReadStringLength`): a length byte; `FF` then a
   * WORD; a WORD 0xFFFE is the Unicode marker (honoured once: after it, 0xFFFE is an ordinary
   * length); a WORD 0xFFFF means a DWORD follows, a DWORD 0xFFFFFFFF a QWORD.
   * LastCStringWasUnicode tells which form it was.
   *
   * @returns The string: a Unicode payload exactly, an ANSI payload decoded with the archive's
   *   code page.
   */
  ReadCString(): string {
    return this.str.load(this.io);
  }

  /**
   * `ar >> (CStringW&)`: the same as ReadCString, since JS strings are UTF-16; an ANSI payload
   * is decoded with the archive's code page.
   *
   * @returns The string.
   */
  ReadCStringW(): string {
    return this.ReadCString();
  }

  /**
   * `ar >> (CStringA&)`: either form; a Unicode payload goes through the archive's code page as
   * MFC converts it, so characters the page cannot hold come back as `?`.
   *
   * @returns The string.
   */
  ReadCStringA(): string {
    return this.str.loadA(this.io);
  }

  /**
   * Whether the last CString read (ReadCString / ReadCStringW / ReadCStringA) carried the
   * Unicode marker (no MFC counterpart).
   *
   * @returns True for the Unicode form, false for the ANSI form or before any read.
   */
  LastCStringWasUnicode(): boolean {
    return this.str.lastUnicode;
  }

  // ---------------------------------------------------------------- text lines

  /**
   * Writes text (MFC's `CArchive::WriteString(LPCTSTR)`): the characters only, no length, no
   * terminator, no newline added (include `"\r\n"` yourself). The characters are TCHARs: 2 bytes
   * UTF-16LE in the Unicode form, code-page bytes in the ANSI form. Writing stops at an embedded
   * NUL, as MFC's `LPCTSTR` does.
   *
   * @param lpsz - A string.
   * @param opts - `unicode`: the TCHAR width for this call; default `m_bUnicode`.
   * @returns This archive, to chain further writes.
   */
  WriteString(lpsz: string, opts?: { unicode?: boolean }): this {
    this.io.requireStoring();
    storeText(this.io, this.str.codePage, lpsz, opts?.unicode ?? this.m_bUnicode);
    return this;
  }

  /**
   * Reads one text line (MFC's `CArchive::ReadString(CString&)`). Lines end at `"\n"`, `"\r\n"`,
   * or `"\r"`; after a `"\r"` the next character is always consumed (MFC assumes it is `"\n"`).
   * Read in 128-character pieces like MFC, so an embedded NUL ends the piece's text as it ends
   * MFC's C string.
   *
   * @param opts - `unicode`: the TCHAR width for this call; default `m_bUnicode`.
   * @returns The line without its line end (`""` for an empty line), or `null` where MFC returns
   *   FALSE: end of file before any character, or a last line of exactly a multiple of 128
   *   characters with no line end.
   */
  ReadString(opts?: { unicode?: boolean }): string | null {
    this.io.requireLoading();
    return loadLine(this.io, this.str.codePage, opts?.unicode ?? this.m_bUnicode);
  }

  /**
   * Reads at most `nMax` characters of one line (MFC's `CArchive::ReadString(LPTSTR lpsz, UINT
   * nMax)`); line ends as in ReadString. An embedded NUL ends the text, as in MFC's buffer.
   *
   * @param nMax - The most characters to read, an integer 0..INT_MAX.
   * @param keepNewline - Plays MFC's negative `nMax`: the character that ends the line (`"\n"`,
   *   or the one after a `"\r"`) is kept at the end of the text; default false.
   * @param opts - `unicode`: the TCHAR width for this call; default `m_bUnicode`.
   * @returns The text, or `null` where MFC returns NULL: end of file before any character.
   */
  ReadStringMax(nMax: number, keepNewline = false, opts?: { unicode?: boolean }): string | null {
    this.io.requireLoading();
    if (!Number.isInteger(nMax) || nMax < 0 || nMax > INT_MAX) invalidArg('nMax', nMax);
    return loadLineMax(this.io, this.str.codePage, nMax, keepNewline, opts?.unicode ?? this.m_bUnicode);
  }

  // ---------------------------------------------------------------- objects

  /**
   * Registers `pOb` under the next PID without writing or reading anything (MFC's
   * `CArchive::MapObject`, TN002), so that later WriteObject / ReadObject calls refer to it by
   * PID. Do it at the same point when storing and when loading. `MapObject(null)` only
   * initialises the map.
   *
   * @param pOb - A CObject, or null.
   */
  MapObject(pOb: CObject | null): void {
    this.graph.mapObject(this, pOb);
  }

  /**
   * `ar << (CObject*)pOb` (MFC's `CArchive::WriteObject`, TN002): null is the WORD `0000`; an
   * object already written is its PID, a WORD below 0x7FFF, else `wBigObjectTag` `7FFF` + DWORD
   * PID; a new object is its class (as WriteClass), then its own Serialize. The object gets its
   * PID before Serialize runs, so it may refer to itself.
   *
   * @param pOb - A CObject of an `IMPLEMENT_SERIAL` class (the nearest registered class up its
   *   prototype chain decides), or null.
   * @returns This archive, to chain further writes.
   */
  WriteObject(pOb: CObject | null): this {
    this.io.requireStoring();
    this.graph.writeObject(this, pOb);
    return this;
  }

  /**
   * Writes a class reference (MFC's `CArchive::WriteClass`, TN002). The first time: the WORD
   * `wNewClassTag` `FFFF`, then `CRuntimeClass::Store` (WORD schema, low 16 bits; WORD name
   * length; the ASCII name), and the class takes the next PID. Afterwards: the WORD
   * `0x8000 | PID`, or for a PID of 0x7FFF or more `7FFF` + DWORD `0x80000000 | PID`.
   *
   * @param pClassRef - A registered `IMPLEMENT_SERIAL` class (its constructor) or its CRuntimeClass.
   * @returns This archive, to chain further writes.
   */
  WriteClass(pClassRef: CRuntimeClass | CObjectCtor): this {
    this.io.requireStoring();
    this.graph.writeClass(this, pClassRef);
    return this;
  }

  /**
   * Reads a class reference (MFC's `CArchive::ReadClass(pClassRefRequested, pSchema, pObTag)`):
   * a WORD tag (`7FFF` + DWORD for a big one); `FFFF` is a new class description, looked up by
   * name among the registered classes; `0x8000 | PID` a class read before. `badClass`: an
   * unknown or malformed class name (64 bytes or more), a class that cannot be created (where
   * MFC fails later with `CMemoryException`), or one not derived from the requested class;
   * `badSchema`: a stored schema other than the class's without `VERSIONABLE_SCHEMA`;
   * `badIndex`: an object reference without `out`, or a class PID that is 0, past the map or
   * names an object.
   *
   * @param pClassRefRequested - A registered `IMPLEMENT_SERIAL` class the result must derive
   *   from; default null (any).
   * @param out - An object playing `pSchema` and `pObTag`: receives `schema`, and accepts an
   *   object reference (then `obTag` is set). Without it, the schema goes to `m_nObjectSchema`.
   * @returns The class, or null when the tag was an object reference and `out` was given.
   */
  ReadClass(pClassRefRequested: CRuntimeClass | CObjectCtor | null = null, out?: { schema?: number; obTag?: number }): CRuntimeClass | null {
    if (!this.IsLoading()) this.io.fail(CArchiveException.genericException, 'ReadClass on a storing archive');
    return this.graph.readClass(this, pClassRefRequested, out);
  }

  /**
   * Stores or loads a class reference (MFC's `CArchive::SerializeClass`): storing, WriteClass;
   * loading, ReadClass with the schema going to `m_nObjectSchema`.
   *
   * @param pClassRef - The class (its constructor) or its CRuntimeClass; when loading, the
   *   class read must derive from it.
   */
  SerializeClass(pClassRef: CRuntimeClass | CObjectCtor): void {
    if (this.IsStoring()) this.WriteClass(pClassRef);
    else this.ReadClass(pClassRef);
  }

  /**
   * `ar >> (CObject*&)pOb` (MFC's `CArchive::ReadObject`, TN002; the format is WriteObject's):
   * null, an object already read, or a new object, created with its class's constructor, given
   * the next PID before its Serialize runs (so it may refer to itself), then Serialize'd with
   * its stored schema available through GetObjectSchema. The errors of ReadClass; also
   * `badIndex` for an object PID past the map or naming a class, `badClass` for an object that
   * is not a kind of the requested class.
   *
   * @param pClassRefRequested - A registered `IMPLEMENT_SERIAL` class the object must be a kind
   *   of; default null (any CObject). Passing `CFoo` plays the typed
   *   `operator>>(CArchive&, CFoo*&)` that `IMPLEMENT_SERIAL` defines, and types the result.
   * @returns The object, or null.
   */
  ReadObject<T extends CObject = CObject>(pClassRefRequested: CRuntimeClass | CObjectCtor<T> | null = null): T | null {
    return this.graph.readObject(this, pClassRefRequested) as T | null;
  }
}

keepClassName(CArchive, 'CArchive');

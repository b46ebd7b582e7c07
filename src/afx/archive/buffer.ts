/**
 * The buffer engine under CArchive: one buffer, read from or written to the file in MFC's
 * pattern (arccore.cpp's FillBuffer / Flush / Read / Write). Every other archive module reads
 * and writes through `take` / `room` here, so the bounds check, the mode check and the check of
 * what the file returned are each written once.
 *
 * The mode check is one boolean per direction (`loadOK`, `storeOK`). A reader has nothing else
 * to check, so `take` folds it into the bounds check; a writer tests `storeOK` before it looks
 * at the value, so that a write on a loading archive is readOnly whatever the value.
 */

import { CFile } from '../CFile.js';
import { CArchiveException } from '../exceptions.js';
import { NeedMoreData } from './need-more.js';

/** `CArchive.load`, the mode bit (CArchive imports this module, so the value is repeated here). */
const LOAD = 1;

/** The archive's public members the engine consults (CArchive has them under MFC's names). */
export interface ArchiveOwner {
  readonly m_strFileName: string;
  readonly m_bBlocking: boolean;
  readonly m_bDeferFlush: boolean;
}

export class ArchiveBuffer {
  buf: Buffer;
  dv: DataView;
  /** Loading: the next unread byte; storing: the next free byte. */
  cur = 0;
  /** Loading: the end of the bytes read from the file (0 when storing). */
  max = 0;
  /** FlushAsync's second buffer, kept for the next send. */
  spare: Buffer | null = null;

  // `load` in the mode (or not) and a file attached; CArchive's m_nMode / m_pFile accessors set
  // `mode` / `file`, which keep these current.
  loadOK: boolean;
  storeOK: boolean;
  #file: CFile | null;
  #mode: number;

  // LoadAsync's rerun state (load-async.ts): while `rerun` is set, running short raises
  // NeedMoreData instead of reading the file; `eof` once the file reported its end.
  busy = false;
  rerun = false;
  short = 0;
  eof = false;

  constructor(
    private readonly ar: ArchiveOwner,
    file: CFile,
    mode: number,
    readonly nBufSize: number,
  ) {
    this.buf = Buffer.alloc(nBufSize);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.#file = file;
    this.#mode = mode;
    this.loadOK = (mode & LOAD) !== 0;
    this.storeOK = !this.loadOK;
  }

  get file(): CFile | null {
    return this.#file;
  }

  set file(f: CFile | null) {
    this.#file = f;
    this.#sync();
  }

  get mode(): number {
    return this.#mode;
  }

  set mode(m: number) {
    this.#mode = m;
    this.#sync();
  }

  #sync(): void {
    const loading = (this.#mode & LOAD) !== 0;
    this.loadOK = loading && this.#file !== null;
    this.storeOK = !loading && this.#file !== null;
  }

  /**
   * What a file's Read / ReadAsync returned, checked once for every caller: a count the file
   * invents would move the buffer past its bytes.
   */
  fileCount(got: unknown, want: number, call: string): number {
    if (!Number.isInteger(got) || (got as number) < 0 || (got as number) > want) {
      this.fail(CArchiveException.genericException, `file ${call} returned ${String(got)}`);
    }
    return got as number;
  }

  fail(cause: number, detail?: string): never {
    throw new CArchiveException(cause, this.ar.m_strFileName, detail);
  }

  requireFile(): CFile {
    if (!this.#file) this.fail(CArchiveException.genericException, 'the archive is closed');
    return this.#file;
  }

  // A closed archive has no file: MFC asserts; here every operation fails, even one the buffer
  // could still take (else bytes written after Close would vanish without an error).
  requireLoading(): void {
    if (!(this.#mode & LOAD)) this.fail(CArchiveException.writeOnly);
    this.requireFile();
  }

  requireStoring(): void {
    if (this.#mode & LOAD) this.fail(CArchiveException.readOnly);
    this.requireFile();
  }

  setBuffer(b: Buffer): void {
    this.buf = b;
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  /** Loading: the offset of `n` readable bytes, consumed; the one bounds and mode check of every reader. */
  take(n: number): number {
    if (!this.loadOK || this.max - this.cur < n) this.fill(n);
    const p = this.cur;
    this.cur = p + n;
    return p;
  }

  /** Storing: the offset of `n` writable bytes, claimed (the caller checked the mode and the value). */
  room(n: number): number {
    if (this.cur + n > this.buf.length) this.makeRoom(n);
    const p = this.cur;
    this.cur = p + n;
    return p;
  }

  /** Loading: makes `n` bytes available at cur, or throws endOfFile (NeedMoreData in LoadAsync). */
  fill(n: number): void {
    this.requireLoading();
    if (this.rerun) this.runShort(n - (this.max - this.cur));
    const file = this.requireFile();
    if (n > this.buf.length) this.fail(CArchiveException.bufferFull);
    const avail = this.max - this.cur;
    if (this.cur > 0) {
      if (avail > 0) this.buf.copyWithin(0, this.cur, this.max);
      this.cur = 0;
      this.max = avail;
    }
    this.readFile(file, n);
    if (this.max < n) this.fail(CArchiveException.endOfFile);
  }

  /** Reads from the file into the buffer at max until `n` bytes are buffered or the file ends. */
  private readFile(file: CFile, n: number): void {
    while (this.max < n) {
      // A blocking file (a socket) is asked only for what is needed, so no read waits for
      // bytes the caller does not want yet (MFC 7+); others may fill the whole buffer.
      const want = this.ar.m_bBlocking ? n - this.max : this.buf.length - this.max;
      const got = this.fileCount(file.Read(this.buf.subarray(this.max, this.max + want), want), want, 'Read');
      if (got === 0) break;
      this.max += got;
    }
  }

  /** Inside a LoadAsync run: stop, remember how much is missing, and let LoadAsync fetch it. */
  runShort(missing: number): never {
    if (this.eof) this.fail(CArchiveException.endOfFile);
    if (missing > this.short) this.short = missing;
    throw new NeedMoreData(missing);
  }

  /** Storing: room for `n` more bytes (n <= buffer size), flushing or growing. */
  makeRoom(n: number): void {
    if (this.ar.m_bDeferFlush) this.growStore(this.cur + n);
    else this.flush();
  }

  growStore(needed: number): void {
    if (needed <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needed) size *= 2;
    const b = Buffer.alloc(size);
    this.buf.copy(b, 0, 0, this.cur);
    this.setBuffer(b);
  }

  /** CArchive::Read: the buffer first, then whole buffer-size chunks straight from the file, then the rest through the buffer. */
  read(lpBuf: Uint8Array, nMax: number): number {
    this.requireLoading();
    if (nMax === 0) return 0;
    let done = Math.min(nMax, this.max - this.cur);
    lpBuf.set(this.buf.subarray(this.cur, this.cur + done));
    this.cur += done;
    if (done === nMax) return done;
    if (this.rerun) {
      if (this.eof) return done;
      this.runShort(nMax - done);
    }
    const file = this.requireFile();
    let direct = nMax - done;
    direct -= direct % this.buf.length;
    while (direct > 0) {
      const got = this.fileCount(file.Read(lpBuf.subarray(done, done + direct), direct), direct, 'Read');
      if (got === 0) return done;
      done += got;
      direct -= got;
    }
    const left = nMax - done;
    if (left > 0) {
      this.cur = this.max = 0;
      this.readFile(file, left);
      const n = Math.min(left, this.max);
      lpBuf.set(this.buf.subarray(0, n), done);
      this.cur = n;
      done += n;
    }
    return done;
  }

  /** CArchive::Write: into the buffer; when it fills, flush and send whole buffer-size chunks straight to the file. */
  write(lpBuf: Uint8Array, nMax: number): void {
    this.requireStoring();
    if (nMax === 0) return;
    const room = this.buf.length - this.cur;
    if (nMax <= room || this.ar.m_bDeferFlush) {
      this.growStore(this.cur + nMax);
      this.buf.set(lpBuf.subarray(0, nMax), this.cur);
      this.cur += nMax;
      return;
    }
    this.buf.set(lpBuf.subarray(0, room), this.cur);
    this.cur += room;
    let off = room;
    this.flush();
    let direct = nMax - off;
    direct -= direct % this.buf.length;
    if (direct > 0) {
      this.requireFile().Write(lpBuf.subarray(off, off + direct), direct);
      off += direct;
    }
    this.buf.set(lpBuf.subarray(off, nMax), 0);
    this.cur = nMax - off;
  }

  /** CArchive::Flush: storing, the buffered bytes go to the file; loading, the unread ones are given back with Seek. */
  flush(): void {
    const file = this.requireFile();
    if (!(this.#mode & LOAD)) {
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

  /** Storing: sends the buffered bytes with WriteAsync; writes made meanwhile go to a second buffer. */
  async flushAsync(opts: { signal?: AbortSignal; timeout?: number }): Promise<void> {
    const file = this.requireFile();
    if (this.#mode & LOAD) {
      this.flush();
      return;
    }
    if (this.cur === 0) return;
    const out = this.buf;
    const n = this.cur;
    this.setBuffer(this.spare && this.spare.length >= this.nBufSize ? this.spare : Buffer.alloc(this.nBufSize));
    this.spare = null;
    this.cur = 0;
    try {
      await file.WriteAsync(out.subarray(0, n), n, opts);
    } finally {
      if (!this.spare && out.length === this.nBufSize) this.spare = out;
    }
  }

  /** Forgets the buffered bytes (Abort). */
  reset(): void {
    this.cur = this.max = 0;
  }
}

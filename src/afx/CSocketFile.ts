/**
 * CSocketFile: the CFile face of a stream socket, so that a CArchive can serialize over it
 * (MFC sockcore.cpp semantics). Socket errors become CFileException(genericException) carrying
 * the WSA code in m_lOsError; the members a socket cannot honour throw CNotSupportedException.
 */

import { CFile, checkBuffer } from './CFile.js';
import { CFileException, CInvalidArgException, CNotSupportedException } from './exceptions.js';
import { WSAENOTSOCK } from '../wsa/errors.js';

const SOCKET_ERROR = -1;

/**
 * The options of {@link CSocketFile.ReadAsync} and {@link CSocketFile.WriteAsync}, passed on
 * unchanged to the socket's `ReceiveAsync` / `SendAsync` (CSocket's `BlockingOptions`).
 */
export interface SocketIoOptions {
  /** Aborting ends the socket call like `CancelBlockingCall`: the file throws `CFileException` with `m_lOsError` = `WSAEINTR`. */
  signal?: AbortSignal;
  /** Milliseconds; when they pass, the socket call ends with `WSAETIMEDOUT`, which the file throws as `CFileException`. */
  timeout?: number;
}

/**
 * What CSocketFile needs of a CSocket (MFC's `CSocket*`): MFC's return values, a byte count,
 * 0 when the peer closed, or `SOCKET_ERROR` (-1) with the code from `GetLastError()`.
 * {@link CSocket} satisfies it.
 */
export interface CSocketFileSocket {
  /**
   * Blocks until some bytes arrive and receives at most `nBufLen` of them (`CSocket::Receive`).
   * @returns The byte count, 0 at orderly close, or `SOCKET_ERROR`.
   */
  Receive(lpBuf: Uint8Array, nBufLen: number, nFlags?: number): number;
  /**
   * Sends all `nBufLen` bytes, blocking as long as needed (`CSocket::Send`).
   * @returns `nBufLen`, or `SOCKET_ERROR`.
   */
  Send(lpBuf: Uint8Array, nBufLen: number, nFlags?: number): number;
  /** The WSA code of the socket's last failed call (`CAsyncSocket::GetLastError`). */
  GetLastError(): number;
  /** The awaitable `Receive`: resolves with the byte count, 0 at orderly close, or `SOCKET_ERROR` (it does not reject). */
  ReceiveAsync(lpBuf: Uint8Array, nBufLen: number, nFlags?: number, opts?: SocketIoOptions): Promise<number>;
  /** The awaitable `Send`: resolves with `nBufLen` once every byte is sent, or `SOCKET_ERROR` (it does not reject). */
  SendAsync(lpBuf: Uint8Array, nBufLen: number, nFlags?: number, opts?: SocketIoOptions): Promise<number>;
}

/**
 * MFC's `CSocketFile`: a CFile over a connected stream CSocket, for use with {@link CArchive}
 * (sockcore.cpp semantics).
 *
 * `Read` and `Write` go to the socket's `Receive` and `Send`; `Close` forgets the socket
 * without closing it; `Flush` and `Seek` do nothing. `Open`, `Duplicate`, `GetPosition`,
 * `SetLength`, `GetLength`, `LockRange`, `UnlockRange` and `Abort` throw
 * `CNotSupportedException`, as in MFC.
 *
 * Errors: a failed socket call throws `CFileException` with `CFileException.genericException`
 * and the socket's WSA code in `m_lOsError`, as MFC's `AfxThrowFileException(genericException,
 * nError)` does. After `Close()` the code is `WSAENOTSOCK`, where MFC would dereference NULL.
 */
export class CSocketFile extends CFile {
  /** The attached socket (MFC's `m_pSocket`); `null` after Close, which does not close the socket. */
  m_pSocket: CSocketFileSocket | null;
  /**
   * MFC's `m_bArchiveCompatible` (the constructor's `bArchiveCompatible`, default true): Read
   * returns after one Receive with whatever arrived; when false, Read loops until `nCount` bytes.
   */
  m_bArchiveCompatible: boolean;

  /**
   * Makes a file over a connected socket (MFC's
   * `CSocketFile(CSocket* pSocket, BOOL bArchiveCompatible = TRUE)`).
   *
   * @param pSocket - The connected stream socket, normally a {@link CSocket}; the file does not own
   *   it.
   * @param bArchiveCompatible - True (MFC's default) for use under a CArchive: each Read is one
   *   `Receive`. False: Read waits until `nCount` bytes or the peer closes.
   * @throws {CInvalidArgException} when `pSocket` is null or has no `Receive` / `Send`
   *   (MFC 14 throws it for a NULL socket).
   */
  constructor(pSocket: CSocketFileSocket, bArchiveCompatible = true) {
    super();
    if (pSocket === null || pSocket === undefined || typeof pSocket.Receive !== 'function' || typeof pSocket.Send !== 'function') {
      throw new CInvalidArgException('CSocketFile: a CSocket is required');
    }
    this.m_pSocket = pSocket;
    this.m_bArchiveCompatible = bArchiveCompatible;
  }

  private socket(): CSocketFileSocket {
    // MFC dereferences NULL here; a closed CSocketFile answers as a closed socket would.
    if (!this.m_pSocket) throw new CFileException(CFileException.genericException, WSAENOTSOCK);
    return this.m_pSocket;
  }

  private failed(sock: CSocketFileSocket): never {
    throw new CFileException(CFileException.genericException, sock.GetLastError());
  }

  /**
   * Receives bytes from the socket (MFC's `CSocketFile::Read`).
   *
   * Errors: `CFileException` with `CFileException.genericException` and the WSA code in
   * `m_lOsError` when `Receive` fails, e.g. `WSAECONNRESET`, `WSAEINTR` (the blocking call was
   * cancelled), `WSAEINPROGRESS` (another call of the socket is waiting), `WSAENOTSOCK` (after
   * Close).
   *
   * @param lpBuf - Where the bytes go.
   * @param nCount - How many bytes at most; 0..lpBuf.byteLength (0 returns 0 at once).
   * @returns Archive-compatible (the default): the bytes one `Receive` got, 1..nCount, or 0 when
   *   the peer closed. Otherwise: `nCount`, fewer only when the peer closed first.
   * @throws {CInvalidArgException} for a buffer that is not a Uint8Array or a count outside it.
   */
  override Read(lpBuf: Uint8Array, nCount: number): number {
    if (lpBuf === null || lpBuf === undefined) throw new CInvalidArgException('CSocketFile::Read: NULL buffer');
    checkBuffer(lpBuf, nCount, 'CSocketFile::Read');
    const sock = this.socket();
    if (nCount === 0) return 0;
    if (this.m_bArchiveCompatible) {
      const n = sock.Receive(lpBuf, nCount, 0);
      if (n === SOCKET_ERROR) this.failed(sock);
      return n;
    }
    let total = 0;
    while (total < nCount) {
      const n = sock.Receive(lpBuf.subarray(total), nCount - total, 0);
      if (n === SOCKET_ERROR) this.failed(sock);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /**
   * Sends all `nCount` bytes, blocking until they are sent (MFC's `CSocketFile::Write` over
   * `CSocket::Send`).
   *
   * Errors: `CFileException` with `CFileException.genericException` and the WSA code in
   * `m_lOsError` when `Send` fails, e.g. `WSAECONNRESET`, `WSAECONNABORTED`, `WSAESHUTDOWN`,
   * `WSAEINTR` (cancelled), `WSAENOTSOCK` (after Close).
   *
   * @param lpBuf - The bytes to send.
   * @param nCount - How many; 0..lpBuf.byteLength (0 sends nothing).
   * @throws {CInvalidArgException} for a buffer that is not a Uint8Array or a count outside it.
   */
  override Write(lpBuf: Uint8Array, nCount: number): void {
    if (lpBuf === null || lpBuf === undefined) throw new CInvalidArgException('CSocketFile::Write: NULL buffer');
    checkBuffer(lpBuf, nCount, 'CSocketFile::Write');
    const sock = this.socket();
    if (nCount === 0) return;
    if (sock.Send(lpBuf, nCount, 0) === SOCKET_ERROR) this.failed(sock);
  }

  /**
   * Read on the event loop, over the socket's `ReceiveAsync`, with the same archive-compatible
   * rule (no MFC counterpart; {@link CArchive.LoadAsync} uses it).
   *
   * Errors: the promise rejects with `CFileException` (`CFileException.genericException`, the
   * WSA code in `m_lOsError`) when `ReceiveAsync` fails, including `WSAEINTR` (aborted or
   * cancelled), `WSAETIMEDOUT` (`opts.timeout` passed) and `WSAENOTSOCK` (after Close).
   *
   * @param lpBuf - Where the bytes go.
   * @param nCount - How many bytes at most; 0..lpBuf.byteLength.
   * @param opts - `signal` and `timeout`, passed to each `ReceiveAsync`.
   * @returns As Read: one Receive's bytes (archive-compatible), or `nCount` bytes; 0 when the
   *   peer closed.
   * @throws {CInvalidArgException} (as a rejection) for a buffer that is not a Uint8Array or a
   *   count outside it.
   */
  override async ReadAsync(lpBuf: Uint8Array, nCount: number, opts?: SocketIoOptions): Promise<number> {
    checkBuffer(lpBuf, nCount, 'CSocketFile::ReadAsync');
    const sock = this.socket();
    if (nCount === 0) return 0;
    if (this.m_bArchiveCompatible) {
      const n = await sock.ReceiveAsync(lpBuf, nCount, 0, opts);
      if (n === SOCKET_ERROR) this.failed(sock);
      return n;
    }
    let total = 0;
    while (total < nCount) {
      const n = await sock.ReceiveAsync(lpBuf.subarray(total), nCount - total, 0, opts);
      if (n === SOCKET_ERROR) this.failed(sock);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /**
   * Write on the event loop, over the socket's `SendAsync` (no MFC counterpart;
   * {@link CArchive.FlushAsync} uses it). Resolves once all `nCount` bytes are sent.
   *
   * Errors: the promise rejects with `CFileException` (`CFileException.genericException`, the
   * WSA code in `m_lOsError`) when `SendAsync` fails, including `WSAEINTR` (aborted or
   * cancelled), `WSAETIMEDOUT` and `WSAENOTSOCK` (after Close).
   *
   * @param lpBuf - The bytes to send.
   * @param nCount - How many; 0..lpBuf.byteLength.
   * @param opts - `signal` and `timeout`, passed to `SendAsync`.
   * @throws {CInvalidArgException} (as a rejection) for a buffer that is not a Uint8Array or a
   *   count outside it.
   */
  override async WriteAsync(lpBuf: Uint8Array, nCount: number, opts?: SocketIoOptions): Promise<void> {
    checkBuffer(lpBuf, nCount, 'CSocketFile::WriteAsync');
    const sock = this.socket();
    if (nCount === 0) return;
    if ((await sock.SendAsync(lpBuf, nCount, 0, opts)) === SOCKET_ERROR) this.failed(sock);
  }

  /**
   * Forgets the socket without closing it (MFC's `CSocketFile::Close`: `m_pSocket = NULL`).
   * Later reads and writes throw `CFileException` with `m_lOsError` = `WSAENOTSOCK`.
   */
  override Close(): void {
    this.m_pSocket = null;
  }

  /** Does nothing, as MFC's `CSocketFile::Flush`: a socket has nothing to flush. */
  override Flush(): void {}

  /**
   * Does nothing and returns 0 (MFC's `CSocketFile::Seek`). A loading archive's Flush
   * "un-reads" with Seek, so over a socket those buffered bytes are lost, exactly as in MFC.
   *
   * @returns 0.
   */
  override Seek(_lOff: number, _nFrom: number): number {
    return 0;
  }

  /**
   * MFC 7+'s `CSocketFile::GetBufferPtr`: for `CFile.bufferCheck` reports
   * `CFile.bufferBlocking`, so that a CArchive asks the socket only for the bytes it needs.
   *
   * @returns `CFile.bufferBlocking` for `bufferCheck`; 0 for any other command.
   */
  override GetBufferPtr(nCommand: number, _nCount = 0): number {
    return nCommand === CFile.bufferCheck ? CFile.bufferBlocking : 0;
  }

  /**
   * Not supported, as in MFC: a CSocketFile is made from a connected CSocket.
   * @throws {CNotSupportedException} always.
   */
  override Open(_lpszFileName: string, _nOpenFlags: number): boolean {
    throw new CNotSupportedException('CSocketFile::Open');
  }

  /**
   * Not supported, as MFC's `CSocketFile::Duplicate`: a socket has no handle to duplicate.
   * @throws {CNotSupportedException} always.
   */
  override Duplicate(): CFile {
    throw new CNotSupportedException('CSocketFile::Duplicate');
  }

  /**
   * Not supported, as MFC's `CSocketFile::GetPosition`: a socket has no position.
   * @throws {CNotSupportedException} always.
   */
  override GetPosition(): number {
    throw new CNotSupportedException('CSocketFile::GetPosition');
  }

  /**
   * Not supported, as MFC's `CSocketFile::SetLength`: a socket has no length.
   * @throws {CNotSupportedException} always.
   */
  override SetLength(_dwNewLen: number): void {
    throw new CNotSupportedException('CSocketFile::SetLength');
  }

  /**
   * Not supported, as MFC's `CSocketFile::GetLength`: a socket has no length.
   * @throws {CNotSupportedException} always.
   */
  override GetLength(): number {
    throw new CNotSupportedException('CSocketFile::GetLength');
  }

  /**
   * Not supported, as MFC's `CSocketFile::LockRange`: a socket has no byte ranges to lock.
   * @throws {CNotSupportedException} always.
   */
  override LockRange(_dwPos: number, _dwCount: number): void {
    throw new CNotSupportedException('CSocketFile::LockRange');
  }

  /**
   * Not supported, as MFC's `CSocketFile::UnlockRange`: a socket has no byte ranges to lock.
   * @throws {CNotSupportedException} always.
   */
  override UnlockRange(_dwPos: number, _dwCount: number): void {
    throw new CNotSupportedException('CSocketFile::UnlockRange');
  }

  /**
   * Not supported, as MFC's `CSocketFile::Abort`; use Close, which never throws.
   * @throws {CNotSupportedException} always.
   */
  override Abort(): void {
    throw new CNotSupportedException('CSocketFile::Abort');
  }
}

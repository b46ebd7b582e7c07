/**
 * CSocketFile: the CFile face of a stream socket, so that a CArchive can serialize over it
 * (MFC sockcore.cpp semantics). Socket errors become CFileException(genericException) carrying
 * the WSA code in m_lOsError; the members a socket cannot honour throw CNotSupportedException.
 */

import { CFile, checkBuffer } from './CFile.js';
import { CFileException, CInvalidArgException, CNotSupportedException } from './exceptions.js';
import { WSAENOTSOCK } from '../winsock/errors.js';

const SOCKET_ERROR = -1;

export interface SocketIoOptions {
  signal?: AbortSignal;
  timeout?: number;
}

/** What CSocketFile needs of a CSocket: MFC's return values (count, 0 at close, -1 + GetLastError). */
export interface CSocketFileSocket {
  Receive(lpBuf: Uint8Array, nBufLen: number, nFlags?: number): number;
  /** Sends everything or fails. */
  Send(lpBuf: Uint8Array, nBufLen: number, nFlags?: number): number;
  GetLastError(): number;
  ReceiveAsync(lpBuf: Uint8Array, nBufLen: number, nFlags?: number, opts?: SocketIoOptions): Promise<number>;
  SendAsync(lpBuf: Uint8Array, nBufLen: number, nFlags?: number, opts?: SocketIoOptions): Promise<number>;
}

/**
 * MFC's CSocketFile: a CFile over a connected CSocket, for use with CArchive. Seek, length,
 * position, lock and duplicate throw CNotSupportedException; I/O errors throw
 * CFileException(genericException) with `m_lOsError` = the socket's WSA code.
 */
export class CSocketFile extends CFile {
  /** The attached socket; `null` after Close (MFC does not close the socket). */
  m_pSocket: CSocketFileSocket | null;
  /** MFC `bArchiveCompatible` (default TRUE): Read returns after one Receive instead of filling the buffer. */
  m_bArchiveCompatible: boolean;

  /**
   * MFC `CSocketFile(CSocket* pSocket, BOOL bArchiveCompatible = TRUE)`.
   * @throws CInvalidArgException when `pSocket` is not a socket.
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
   * Archive-compatible: one Receive, whatever arrived (0 at orderly close). Otherwise loops
   * until nCount bytes or the peer closes.
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
   * Sends all `nCount` bytes (MFC Write over CSocket::Send).
   * @throws CFileException genericException, `m_lOsError` = WSA code (e.g. WSAECONNRESET, WSAENOTSOCK after Close);
   * CInvalidArgException for a null buffer or a count beyond its byteLength.
   */
  override Write(lpBuf: Uint8Array, nCount: number): void {
    if (lpBuf === null || lpBuf === undefined) throw new CInvalidArgException('CSocketFile::Write: NULL buffer');
    checkBuffer(lpBuf, nCount, 'CSocketFile::Write');
    const sock = this.socket();
    if (nCount === 0) return;
    if (sock.Send(lpBuf, nCount, 0) === SOCKET_ERROR) this.failed(sock);
  }

  /** Read on the event loop (ReceiveAsync), with the same archive-compatible rule. */
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

  /** Write on the event loop (SendAsync); same errors as Write, rejected instead of thrown. */
  override async WriteAsync(lpBuf: Uint8Array, nCount: number, opts?: SocketIoOptions): Promise<void> {
    checkBuffer(lpBuf, nCount, 'CSocketFile::WriteAsync');
    const sock = this.socket();
    if (nCount === 0) return;
    if ((await sock.SendAsync(lpBuf, nCount, 0, opts)) === SOCKET_ERROR) this.failed(sock);
  }

  /** Drops the socket without closing it (MFC). */
  override Close(): void {
    this.m_pSocket = null;
  }

  /** No-op, as in MFC: a socket has nothing to flush. */
  override Flush(): void {}

  /**
   * Does nothing and returns 0. A loading archive's Flush "un-reads" with Seek, so over a
   * socket those buffered bytes are lost, exactly as in MFC.
   */
  override Seek(_lOff: number, _nFrom: number): number {
    return 0;
  }

  /** Reports bufferBlocking (MFC 7+), so that CArchive asks only for the bytes it needs. */
  override GetBufferPtr(nCommand: number, _nCount = 0): number {
    return nCommand === CFile.bufferCheck ? CFile.bufferBlocking : 0;
  }

  /** Throws CNotSupportedException (MFC): a CSocketFile is made from a connected CSocket. */
  override Open(_lpszFileName: string, _nOpenFlags: number): boolean {
    throw new CNotSupportedException('CSocketFile::Open');
  }

  /** Throws CNotSupportedException (MFC). */
  override Duplicate(): CFile {
    throw new CNotSupportedException('CSocketFile::Duplicate');
  }

  /** Throws CNotSupportedException (MFC). */
  override GetPosition(): number {
    throw new CNotSupportedException('CSocketFile::GetPosition');
  }

  /** Throws CNotSupportedException (MFC). */
  override SetLength(_dwNewLen: number): void {
    throw new CNotSupportedException('CSocketFile::SetLength');
  }

  /** Throws CNotSupportedException (MFC). */
  override GetLength(): number {
    throw new CNotSupportedException('CSocketFile::GetLength');
  }

  /** Throws CNotSupportedException (MFC). */
  override LockRange(_dwPos: number, _dwCount: number): void {
    throw new CNotSupportedException('CSocketFile::LockRange');
  }

  /** Throws CNotSupportedException (MFC). */
  override UnlockRange(_dwPos: number, _dwCount: number): void {
    throw new CNotSupportedException('CSocketFile::UnlockRange');
  }

  /** Throws CNotSupportedException, as MFC's CSocketFile does. */
  override Abort(): void {
    throw new CNotSupportedException('CSocketFile::Abort');
  }
}

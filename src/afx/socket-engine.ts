/**
 * The engine under CAsyncSocket: the socket's record, its last error, the argument checks and
 * the raw attempts (`kTry…`: checks, the native call, the notification re-enabling; a count or
 * -code, no last error). CAsyncSocket is MFC's surface over it, CSocket waits over the same
 * attempts, and `kCount` / `kOk` are the one place a raw result becomes MFC's SOCKET_ERROR /
 * FALSE plus the last error. Everything here is symbol-keyed or #private: a port's subclass may
 * use any name.
 */
import { api, type SockAddr } from '../native/index.js';
import * as sink from '../notify/sink.js';
import { kDispatch, SocketRecord, SockState, type NotifyTarget } from '../notify/sink.js';
import { AF_INET, AF_INET6, AF_UNSPEC, FD_ACCEPT, FD_OOB, FD_READ, FD_WRITE, INVALID_SOCKET, MSG_OOB, SOCKET_ERROR } from '../wsa/constants.js';
import {
  WSAEAFNOSUPPORT, WSAECONNABORTED, WSAEFAULT, WSAEINVAL, WSAENOTSOCK, WSAEWOULDBLOCK,
} from '../wsa/errors.js';
import { WSASetLastError } from '../winsock/last-error.js';
import { emptySockAddr, formatAddress, isValidPort, parseAddress } from '../wsa/address.js';
import {
  kAcceptCheck, kAcceptNow, kCheckBuffer, kCheckHandle, kCount, kFail, kFailCount, kFamily, kHandleError, kLastError, kOk,
  kRecord, kResolveHost, kResolveTarget, kSetError, kTryAccept, kTryReceive, kTryReceiveFrom, kTrySend, kTrySendTo,
} from './socket-keys.js';
import { canStore, isAddressOut, isInt, store, viewLength } from './socket-args.js';
import type { SocketAddress } from './CAsyncSocket.js';

/** @internal */
export abstract class SocketEngine implements NotifyTarget {
  /** The attached handle: CAsyncSocket's public `m_hSocket`. */
  abstract m_hSocket: number;

  /**
   * This object's last error: exact even when other sockets' calls interleave.
   *
   * @internal
   */
  protected [kLastError] = 0;
  /**
   * The address family of the attached socket (AF_INET / AF_INET6), known from Socket/Attach.
   *
   * @internal
   */
  protected [kFamily] = AF_INET;
  /** This socket's state, for life: the sink's registration and the emulation state. */
  readonly #rec = new SocketRecord(this);
  /**
   * The socket's record (CSocket reads its blocking state there).
   *
   * @internal
   */
  protected get [kRecord](): SocketRecord {
    return this.#rec;
  }
  /** @internal */
  protected [kSetError](code: number): void {
    this[kLastError] = code;
    WSASetLastError(code);
  }
  /**
   * A raw result (count or -code) as a count member returns it: the one place a raw result
   * becomes MFC's SOCKET_ERROR plus the last error.
   *
   * @internal
   */
  protected [kCount](rc: number): number {
    if (rc >= 0) return rc;
    this[kSetError](-rc);
    return SOCKET_ERROR;
  }
  /** @internal */
  protected [kOk](rc: number): boolean {
    return this[kCount](rc) !== SOCKET_ERROR;
  }
  /** @internal */
  protected [kFail](code: number): false {
    this[kCount](-code);
    return false;
  }
  /** @internal */
  protected [kFailCount](code: number): number {
    return this[kCount](-code);
  }
  /** @internal */
  protected [kHandleError](): number {
    if (this.#rec.broken) return WSAECONNABORTED;
    return this.m_hSocket === INVALID_SOCKET ? WSAENOTSOCK : 0;
  }
  /** @internal */
  protected [kCheckHandle](): boolean {
    const bad = this[kHandleError]();
    return bad === 0 || this[kFail](bad);
  }
  /** @internal */
  protected [kCheckBuffer](lpBuf: unknown, nBufLen: unknown, nFlags: unknown = 0): number {
    const size = viewLength(lpBuf);
    if (size < 0) return WSAEFAULT;
    if (!isInt(nBufLen) || nBufLen < 0) return WSAEINVAL;
    if (nBufLen > size) return WSAEFAULT;
    if (!isInt(nFlags)) return WSAEINVAL;
    return 0;
  }
  /** @internal */
  protected [kTryAccept](rConnectedSocket: SocketEngine, peer: SocketAddress | null | undefined): number {
    const bad = this[kAcceptCheck](rConnectedSocket, peer);
    return bad !== 0 ? -bad : this[kAcceptNow](rConnectedSocket, peer);
  }
  /** @internal */
  protected [kAcceptCheck](into: SocketEngine, peer: SocketAddress | null | undefined): number {
    const bad = this[kHandleError]();
    if (bad !== 0) return bad;
    // A real object (its private fields exist), not frozen: it must take the connection.
    if (typeof into !== 'object' || into === null || !(#rec in into) || into.m_hSocket !== INVALID_SOCKET ||
        !canStore(into, ['m_hSocket', kLastError, kFamily])) {
      return WSAEINVAL;
    }
    // Winsock's accept fails WSAEFAULT for an unusable addr before taking the connection.
    return peer != null && !isAddressOut(peer) ? WSAEFAULT : 0;
  }
  /** @internal */
  protected [kAcceptNow](into: SocketEngine, peer: SocketAddress | null | undefined): number {
    const sa = peer != null ? emptySockAddr(AF_INET6) : null;
    const h = api().accept(this.m_hSocket, sa);
    sink.reenable(this.#rec, FD_ACCEPT);
    if (h < 0) return h;
    into.m_hSocket = h;
    into[kFamily] = this[kFamily];
    const rec = into.#rec;
    sink.attach(rec, h, SockState.Connected);
    sink.select(rec, this.#rec.lEvent);
    if (sa !== null && peer != null) {
      const address = formatAddress(sa);
      // Checked before the accept: only a setter or Proxy that throws anyway ends here.
      if (!store(() => { peer.address = address; peer.port = sa.port; })) return -WSAEFAULT;
    }
    return 0;
  }
  /** @internal */
  protected [kResolveHost](host: unknown, port: unknown): SockAddr | null {
    if (!isValidPort(port) || typeof host !== 'string' || host.length === 0) {
      this[kSetError](WSAEINVAL);
      return null;
    }
    let sa = parseAddress(host, port);
    if (sa === null) {
      const found = api().resolve(host, this[kFamily]);
      if (typeof found === 'number' || found.length === 0) {
        this[kSetError](WSAEINVAL);
        return null;
      }
      sa = found[0]!;
      sa.port = port;
    }
    if (sa.family !== this[kFamily]) {
      this[kSetError](WSAEAFNOSUPPORT);
      return null;
    }
    return sa;
  }
  /** SendTo's destination: MFC's rule that no address means INADDR_BROADCAST (IPv4 only). @internal */
  protected [kResolveTarget](host: string | null | undefined, port: number): SockAddr | null {
    if (host != null) return this[kResolveHost](host, port);
    if (!isValidPort(port) || this[kFamily] !== AF_INET) {
      this[kSetError](WSAEINVAL);
      return null;
    }
    return parseAddress('255.255.255.255', port);
  }
  /** @internal */
  protected [kTrySend](lpBuf: Uint8Array, nBufLen: number, nFlags: number): number {
    const bad = this[kHandleError]() || this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) return -bad;
    const rc = api().send(this.m_hSocket, lpBuf, nBufLen, nFlags);
    if (rc === -WSAEWOULDBLOCK) sink.reenable(this.#rec, FD_WRITE);
    return rc;
  }
  /** @internal */
  protected [kTryReceive](lpBuf: Uint8Array, nBufLen: number, nFlags: number): number {
    const handle = this[kHandleError]();
    if (handle !== 0) return -handle;
    const r = this.#rec;
    let bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) {
      // recv's length is an int that Winsock reads as a buffer size: -1 is a buffer beyond the
      // address space (WSAEFAULT), and the failed call still re-enables FD_READ (sock.c,
      // test_read_events).
      if (bad === WSAEINVAL && isInt(nBufLen) && nBufLen < 0) bad = WSAEFAULT;
      sink.reenable(r, nFlags === MSG_OOB ? FD_OOB : FD_READ);
      return -bad;
    }
    const rc = api().recv(this.m_hSocket, lpBuf, nBufLen, nFlags);
    sink.reenable(r, nFlags & MSG_OOB ? FD_OOB : FD_READ);
    return rc;
  }
  /** @internal */
  protected [kTrySendTo](lpBuf: Uint8Array, nBufLen: number, sa: SockAddr, nFlags: number): number {
    const rc = api().sendto(this.m_hSocket, lpBuf, nBufLen, nFlags, sa);
    if (rc === -WSAEWOULDBLOCK) sink.reenable(this.#rec, FD_WRITE);
    return rc;
  }
  /** @internal */
  protected [kTryReceiveFrom](lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags: number): number {
    const from = emptySockAddr(AF_INET6);
    // A connected stream has no source to report: Winsock leaves the caller's address as it
    // was (sock.c, test_tcp_sendto_recvfrom). The family stays AF_UNSPEC unless one is filled in.
    from.family = AF_UNSPEC;
    const rc = api().recvfrom(this.m_hSocket, lpBuf, nBufLen, nFlags, from);
    sink.reenable(this.#rec, nFlags & MSG_OOB ? FD_OOB : FD_READ);
    if (rc < 0 || from.family === AF_UNSPEC) return rc;
    const address = formatAddress(from);
    return store(() => { rSocketAddress.address = address; rSocketAddress.port = from.port; }) ? rc : -WSAEFAULT;
  }

  /** Delivers one notification to its `On…` member (MFC's private DoCallBack). @internal */
  abstract [kDispatch](event: number, nErrorCode: number): void;
}

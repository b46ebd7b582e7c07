/**
 * CAsyncSocket: MFC's non-blocking socket, its methods, defaults and return values, over the
 * OS socket API. Methods never throw: they return MFC's BOOL / count (SOCKET_ERROR = -1) and
 * set the last error, which `GetLastError()` reads (on the instance, exact even across awaits;
 * statically, the thread's WSAGetLastError).
 */
import { api, type SockAddr } from '../native/index.js';
import * as sink from '../notify/sink.js';
import { SockState, type NotifyTarget } from '../notify/sink.js';
import {
  AF_INET, AF_INET6, FD_ACCEPT, FD_ALL_EVENTS, FD_CLOSE, FD_CONNECT, FD_OOB, FD_READ, FD_WRITE,
  INVALID_SOCKET, MSG_OOB, PF_INET, SD_BOTH, SO_ACCEPTCONN, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, FIONBIO,
  SOCKET_ERROR, SOL_SOCKET,
} from '../winsock/constants.js';
import {
  WSA_INVALID_HANDLE, WSAEAFNOSUPPORT, WSAECONNRESET, WSAEFAULT, WSAEINVAL, WSAENOTCONN, WSAENOTSOCK, WSAESHUTDOWN,
  WSAEWOULDBLOCK,
} from '../winsock/errors.js';
import { WSAGetLastError, WSASetLastError } from '../winsock/lastError.js';
import { emptySockAddr, formatAddress, isValidPort, parseAddress } from '../winsock/address.js';
import { ensureStarted } from '../winsock/startup.js';
import {
  kCheckBuffer, kCheckHandle, kEvents, kFail, kFailCount, kFamily, kLastError, kOk, kResolveHost,
  kResolveTarget, kSetError,
} from './socketKeys.js';
import { keepClassName } from './className.js';

/** An MFC out-parameter pair `(CString& rSocketAddress, UINT& rSocketPort)`, filled in place. */
export interface SocketAddress {
  address: string;
  port: number;
}

/** An MFC `int*` / `DWORD*` out-parameter, filled in place. */
export interface IntRef {
  value: number;
}

function isBuffer(b: unknown): b is Uint8Array {
  return b instanceof Uint8Array;
}

function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

/**
 * MFC's CAsyncSocket: a non-blocking socket whose events arrive as the overridable
 * notifications OnAccept, OnConnect, OnReceive, OnSend, OnClose and OnOutOfBandData, delivered
 * on Node's event loop (MFC's message pump), FIFO and never nested. Subclass it and override
 * the notifications you need; Winsock starts on first use (no AfxSocketInit needed).
 *
 * Every method returns MFC's value (BOOL as boolean, counts with SOCKET_ERROR = -1) and never
 * throws; GetLastError() gives the WSA code (WSAEWOULDBLOCK when a call would have to wait).
 */
export class CAsyncSocket implements NotifyTarget {
  /** ShutDown's nHow: no more receives (SD_RECEIVE, 0). */
  static readonly receives = 0;
  /** ShutDown's nHow: no more sends (SD_SEND, 1), MFC's default. */
  static readonly sends = 1;
  /** ShutDown's nHow: neither (SD_BOTH, 2). */
  static readonly both = 2;

  /** The attached socket handle, or INVALID_SOCKET (-1). */
  m_hSocket: number = INVALID_SOCKET;

  /** This object's last error: exact even when other sockets' calls interleave. */
  protected [kLastError] = 0;
  /** The address family of the attached socket (AF_INET / AF_INET6), known from Socket/Attach. */
  protected [kFamily] = AF_INET;
  /** The events selected by AsyncSelect. */
  protected [kEvents] = 0;
  /**
   * Directions this side shut down (bit 1 receives, bit 2 sends). Winsock fails later calls
   * in that direction with WSAESHUTDOWN; Linux would say EPIPE (WSAECONNRESET) or return 0.
   */
  #shutDown = 0;
  /** This socket was seen connected (a peer, a transfer): a later failure is a broken link. */
  #connected = false;

  /**
   * Linux answers a send on a stream socket that never connected with EPIPE, which reads as
   * WSAECONNRESET; Winsock says WSAENOTCONN. Only a socket never seen connected, with no peer
   * now, gets the Winsock answer: a reset connection keeps WSAECONNRESET.
   */
  #neverConnected(): boolean {
    if (this.#connected || sink.getState(this.m_hSocket) === SockState.Connected) return false;
    return api().getpeername(this.m_hSocket, emptySockAddr(AF_INET6)) < 0;
  }

  /* ------------------------------------------------------------------ errors */

  /** The last error of this socket's calls (the thread's WSAGetLastError is set too). */
  GetLastError(): number {
    return this[kLastError];
  }

  /** The calling thread's last Windows Sockets error (MFC's static CAsyncSocket::GetLastError). */
  static GetLastError(): number {
    return WSAGetLastError();
  }

  /** Sets this socket's and the thread's last error. */
  protected [kSetError](code: number): void {
    this[kLastError] = code;
    WSASetLastError(code);
  }

  /** Records `-rc` as the error when rc < 0; returns whether the call succeeded. */
  protected [kOk](rc: number): boolean {
    if (rc < 0) {
      this[kSetError](-rc);
      return false;
    }
    return true;
  }

  protected [kFail](code: number): false {
    this[kSetError](code);
    return false;
  }

  protected [kFailCount](code: number): number {
    this[kSetError](code);
    return SOCKET_ERROR;
  }

  /** Whether a socket is attached; sets WSAENOTSOCK when not. */
  protected [kCheckHandle](): boolean {
    if (this.m_hSocket === INVALID_SOCKET) {
      this[kSetError](WSAENOTSOCK);
      return false;
    }
    return true;
  }

  /** Validates (buffer, length) before native code sees them: 0, or the WSA code to fail with. */
  protected [kCheckBuffer](lpBuf: unknown, nBufLen: unknown, nFlags: unknown = 0): number {
    if (!isBuffer(lpBuf)) return WSAEFAULT;
    if (!isInt(nBufLen) || nBufLen < 0) return WSAEINVAL;
    if (nBufLen > lpBuf.byteLength) return WSAEFAULT;
    if (!isInt(nFlags)) return WSAEINVAL;
    return 0;
  }

  /* ------------------------------------------------------------------ construction */

  /**
   * Creates a socket and binds it, as MFC does (a client socket too: port 0 = ephemeral).
   * The family follows `lpszSocketAddress`: an IPv6 literal makes an IPv6 socket, anything
   * else IPv4 (MFC's only family). Errors: those of Socket and Bind; the socket is closed if
   * Bind fails.
   */
  Create(nSocketPort = 0, nSocketType = SOCK_STREAM, lEvent = FD_ALL_EVENTS, lpszSocketAddress?: string | null): boolean {
    let family = PF_INET;
    if (lpszSocketAddress != null) {
      const sa = typeof lpszSocketAddress === 'string' ? parseAddress(lpszSocketAddress) : null;
      if (sa === null) return this[kFail](WSAEINVAL);
      family = sa.family;
    }
    if (!this.Socket(nSocketType, lEvent, 0, family)) return false;
    if (!this.Bind(nSocketPort, lpszSocketAddress)) {
      const err = this[kLastError];
      this.Close();
      this[kSetError](err);
      return false;
    }
    return true;
  }

  /** Creates the socket (no bind) and selects `lEvent`. */
  Socket(nSocketType = SOCK_STREAM, lEvent = FD_ALL_EVENTS, nProtocolType = 0, nAddressFormat = PF_INET): boolean {
    if (this.m_hSocket !== INVALID_SOCKET) return this[kFail](WSAEINVAL);
    if (!isInt(nSocketType) || !isInt(lEvent) || !isInt(nProtocolType) || !isInt(nAddressFormat)) {
      return this[kFail](WSAEINVAL);
    }
    ensureStarted();
    const h = api().socket(nAddressFormat, nSocketType, nProtocolType);
    if (!this[kOk](h)) return false;
    this.m_hSocket = h;
    this[kFamily] = nAddressFormat;
    sink.attach(h, this, nSocketType === SOCK_DGRAM ? SockState.Datagram : SockState.Idle);
    return this.AsyncSelect(lEvent);
  }

  /**
   * Attaches an existing socket handle (from Detach, another thread, or another library).
   * INVALID_SOCKET fails with WSA_INVALID_HANDLE (MFC 14); a descriptor that is not a
   * socket with WSAENOTSOCK; a handle another object already holds with WSAEINVAL.
   */
  Attach(hSocket: number, lEvent = FD_ALL_EVENTS): boolean {
    if (hSocket === INVALID_SOCKET) return this[kFail](WSA_INVALID_HANDLE);
    if (!isInt(hSocket) || hSocket < 0) return this[kFail](WSAENOTSOCK);
    if (this.m_hSocket !== INVALID_SOCKET) return this[kFail](WSAEINVAL);
    ensureStarted();
    const n = api();
    const val = new Uint8Array(4);
    const len = new Uint32Array([4]);
    if (!this[kOk](n.getsockopt(hSocket, SOL_SOCKET, SO_TYPE, val, len))) return false;
    const type = new DataView(val.buffer).getInt32(0, true);
    const existing = sink.lookup(hSocket);
    if (existing !== undefined && existing !== this) return this[kFail](WSAEINVAL);
    const self = emptySockAddr(AF_INET6);
    if (!this[kOk](n.getsockname(hSocket, self))) return false;
    // Every attached socket is non-blocking at the OS level, as WSAAsyncSelect makes it.
    if (!this[kOk](n.ioctl(hSocket, FIONBIO, new Uint32Array([1])))) return false;
    let state = SockState.Idle;
    if (type === SOCK_DGRAM) state = SockState.Datagram;
    else {
      len[0] = 4;
      if (n.getsockopt(hSocket, SOL_SOCKET, SO_ACCEPTCONN, val, len) >= 0 && new DataView(val.buffer).getInt32(0, true) !== 0) {
        state = SockState.Listening;
      } else if (n.getpeername(hSocket, emptySockAddr(AF_INET6)) >= 0) {
        state = SockState.Connected;
      }
    }
    this.m_hSocket = hSocket;
    this[kFamily] = self.family;
    sink.attach(hSocket, this, state);
    return this.AsyncSelect(lEvent);
  }

  /**
   * Detaches the handle from this object without closing it; returns it (INVALID_SOCKET when
   * none is attached). Pending notifications for it are dropped.
   */
  Detach(): number {
    const h = this.m_hSocket;
    if (h === INVALID_SOCKET) return INVALID_SOCKET;
    this[kEvents] = 0;
    this.#shutDown = 0;
    this.#connected = false;
    sink.detach(h);
    this.m_hSocket = INVALID_SOCKET;
    return h;
  }

  /** The object attached to `hSocket` on this thread, or null (MFC's per-thread handle map). */
  static FromHandle(hSocket: number): CAsyncSocket | null {
    const t = sink.lookup(hSocket);
    return t instanceof CAsyncSocket ? t : null;
  }

  /* ------------------------------------------------------------------ attributes */

  /** The peer's address and port (`out` is filled). */
  GetPeerName(out: SocketAddress): boolean {
    return this.#nameCall(out, false);
  }

  /** The local address and port (`out` is filled). */
  GetSockName(out: SocketAddress): boolean {
    return this.#nameCall(out, true);
  }

  #nameCall(out: SocketAddress, local: boolean): boolean {
    if (!this[kCheckHandle]()) return false;
    if (out === null || typeof out !== 'object') return this[kFail](WSAEFAULT);
    const sa = emptySockAddr(AF_INET6);
    const rc = local ? api().getsockname(this.m_hSocket, sa) : api().getpeername(this.m_hSocket, sa);
    if (!this[kOk](rc)) return false;
    if (!local) this.#connected = true;
    out.address = formatAddress(sa);
    out.port = sa.port;
    return true;
  }

  /**
   * getsockopt: MFC's argument order (option name first, level last). `lpOptionValue`
   * receives the value in Winsock's layout; `lpOptionLen.value` is its size in and out.
   */
  GetSockOpt(nOptionName: number, lpOptionValue: Uint8Array, lpOptionLen: IntRef, nLevel = SOL_SOCKET): boolean {
    if (!this[kCheckHandle]()) return false;
    if (lpOptionLen === null || typeof lpOptionLen !== 'object') return this[kFail](WSAEFAULT);
    const bad = this[kCheckBuffer](lpOptionValue, lpOptionLen.value);
    if (bad !== 0) return this[kFail](WSAEFAULT);
    const len = new Uint32Array([lpOptionLen.value]);
    if (!this[kOk](api().getsockopt(this.m_hSocket, nLevel, nOptionName, lpOptionValue, len))) return false;
    lpOptionLen.value = len[0]!;
    return true;
  }

  /** setsockopt with MFC's argument order (option name first, level last). */
  SetSockOpt(nOptionName: number, lpOptionValue: Uint8Array, nOptionLen: number, nLevel = SOL_SOCKET): boolean {
    if (!this[kCheckHandle]()) return false;
    const bad = this[kCheckBuffer](lpOptionValue, nOptionLen);
    if (bad !== 0) return this[kFail](bad);
    return this[kOk](api().setsockopt(this.m_hSocket, nLevel, nOptionName, lpOptionValue, nOptionLen));
  }

  /** ioctlsocket: FIONBIO, FIONREAD, SIOCATMARK; `lpArgument.value` is in and out. */
  IOCtl(lCommand: number, lpArgument: IntRef): boolean {
    if (!this[kCheckHandle]()) return false;
    if (lpArgument === null || typeof lpArgument !== 'object' || !isInt(lpArgument.value)) return this[kFail](WSAEFAULT);
    // Winsock refuses to make a socket blocking while WSAAsyncSelect events are selected.
    if (lCommand === FIONBIO && lpArgument.value === 0 && this[kEvents] !== 0) return this[kFail](WSAEINVAL);
    const arg = new Uint32Array([lpArgument.value >>> 0]);
    if (!this[kOk](api().ioctl(this.m_hSocket, lCommand, arg))) return false;
    lpArgument.value = arg[0]!;
    return true;
  }

  /* ------------------------------------------------------------------ operations */

  /**
   * Selects the notifications to receive (WSAAsyncSelect); 0 stops them. A fresh selection
   * re-enables every event, as Winsock does.
   */
  AsyncSelect(lEvent = FD_ALL_EVENTS): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!isInt(lEvent) || (lEvent & ~FD_ALL_EVENTS) !== 0) return this[kFail](WSAEINVAL);
    this[kEvents] = lEvent;
    sink.select(this.m_hSocket, lEvent);
    return true;
  }

  /**
   * Binds to `nSocketPort` on `lpszSocketAddress` (a numeric IPv4 / IPv6 address; null = any).
   * MFC does no name lookup here: a host name fails with WSAEINVAL.
   */
  Bind(nSocketPort: number, lpszSocketAddress?: string | null): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!isValidPort(nSocketPort)) return this[kFail](WSAEINVAL);
    let sa: SockAddr | null;
    if (lpszSocketAddress == null) {
      sa = emptySockAddr(this[kFamily]);
      sa.port = nSocketPort;
    } else {
      sa = typeof lpszSocketAddress === 'string' ? parseAddress(lpszSocketAddress, nSocketPort) : null;
      if (sa === null) return this[kFail](WSAEINVAL);
      if (sa.family !== this[kFamily]) return this[kFail](WSAEAFNOSUPPORT);
    }
    return this[kOk](api().bind(this.m_hSocket, sa));
  }

  /** Listens for connections; FD_ACCEPT then reports each one. */
  Listen(nConnectionBacklog = 5): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!isInt(nConnectionBacklog)) return this[kFail](WSAEINVAL);
    if (!this[kOk](api().listen(this.m_hSocket, nConnectionBacklog))) return false;
    sink.setState(this.m_hSocket, SockState.Listening);
    return true;
  }

  /**
   * Accepts a pending connection into `rConnectedSocket` (which must hold no socket), filling
   * `peer` when given. The new socket inherits this socket's selected events (WSAAsyncSelect's
   * rule). Non-blocking: false + WSAEWOULDBLOCK when nothing is pending.
   */
  Accept(rConnectedSocket: CAsyncSocket, peer?: SocketAddress | null): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!(rConnectedSocket instanceof CAsyncSocket) || rConnectedSocket.m_hSocket !== INVALID_SOCKET) {
      return this[kFail](WSAEINVAL);
    }
    const sa = peer != null ? emptySockAddr(AF_INET6) : null;
    const h = api().accept(this.m_hSocket, sa);
    sink.reenable(this.m_hSocket, FD_ACCEPT);
    if (!this[kOk](h)) {
      rConnectedSocket[kSetError](this[kLastError]);
      return false;
    }
    rConnectedSocket.m_hSocket = h;
    rConnectedSocket.#connected = true;
    rConnectedSocket[kFamily] = this[kFamily];
    rConnectedSocket[kEvents] = this[kEvents];
    sink.attach(h, rConnectedSocket, SockState.Connected);
    sink.select(h, this[kEvents]);
    if (sa !== null && peer != null) {
      peer.address = formatAddress(sa);
      peer.port = sa.port;
    }
    return true;
  }

  /**
   * Connects to `lpszHostAddress` (a numeric address, or a host name resolved synchronously as
   * MFC's gethostbyname does; a failed lookup is WSAEINVAL, as in MFC). Non-blocking: false +
   * WSAEWOULDBLOCK, then OnConnect(nErrorCode) when the attempt completes.
   */
  Connect(lpszHostAddress: string, nHostPort: number): boolean {
    if (!this[kCheckHandle]()) return false;
    const sa = this[kResolveHost](lpszHostAddress, nHostPort);
    if (sa === null) return false;
    return this.ConnectHelper(sa);
  }

  /** Resolves text to an address of this socket's family; sets the error and returns null on failure. */
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

  /** SendTo's destination: MFC's rule that no address means INADDR_BROADCAST (IPv4 only). */
  protected [kResolveTarget](host: string | null | undefined, port: number): SockAddr | null {
    if (host != null) return this[kResolveHost](host, port);
    if (!isValidPort(port) || this[kFamily] !== AF_INET) {
      this[kSetError](WSAEINVAL);
      return null;
    }
    return parseAddress('255.255.255.255', port);
  }

  /** The connect itself (MFC's virtual ConnectHelper; CSocket makes it block). */
  protected ConnectHelper(sa: SockAddr): boolean {
    const h = this.m_hSocket;
    const rc = api().connect(h, sa);
    const datagram = sink.getState(h) === SockState.Datagram;
    if (rc === 0) {
      if (!datagram) {
        sink.setState(h, SockState.Connected);
        if (this[kEvents] & FD_CONNECT) sink.postSoon(h, FD_CONNECT, 0);
      }
      return true;
    }
    if (rc === -WSAEWOULDBLOCK && !datagram) sink.setState(h, SockState.Connecting);
    return this[kOk](rc);
  }

  /** Sends up to nBufLen bytes of lpBuf; returns the count sent or SOCKET_ERROR. */
  Send(lpBuf: Uint8Array, nBufLen: number, nFlags = 0): number {
    if (!this[kCheckHandle]()) return SOCKET_ERROR;
    const bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) return this[kFailCount](bad);
    if (this.#shutDown & 2) return this[kFailCount](WSAESHUTDOWN);
    let rc = api().send(this.m_hSocket, lpBuf, nBufLen, nFlags);
    if (rc >= 0) this.#connected = true;
    else if (rc === -WSAECONNRESET && this.#neverConnected()) rc = -WSAENOTCONN;
    if (rc === -WSAEWOULDBLOCK) sink.reenable(this.m_hSocket, FD_WRITE);
    return this[kOk](rc) ? rc : SOCKET_ERROR;
  }

  /** Receives up to nBufLen bytes into lpBuf; returns the count, 0 at orderly close, or SOCKET_ERROR. */
  Receive(lpBuf: Uint8Array, nBufLen: number, nFlags = 0): number {
    if (!this[kCheckHandle]()) return SOCKET_ERROR;
    const bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) return this[kFailCount](bad);
    if (this.#shutDown & 1) return this[kFailCount](WSAESHUTDOWN);
    const rc = api().recv(this.m_hSocket, lpBuf, nBufLen, nFlags);
    if (rc >= 0) this.#connected = true;
    sink.reenable(this.m_hSocket, nFlags & MSG_OOB ? FD_OOB : FD_READ);
    return this[kOk](rc) ? rc : SOCKET_ERROR;
  }

  /**
   * Sends a datagram to `lpszHostAddress:nHostPort`. As in MFC, a null address on an IPv4
   * socket means INADDR_BROADCAST, and a host name is resolved synchronously.
   */
  SendTo(lpBuf: Uint8Array, nBufLen: number, nHostPort: number, lpszHostAddress?: string | null, nFlags = 0): number {
    if (!this[kCheckHandle]()) return SOCKET_ERROR;
    const bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) return this[kFailCount](bad);
    const sa = this[kResolveTarget](lpszHostAddress, nHostPort);
    if (sa === null) return SOCKET_ERROR;
    return this.SendToHelper(lpBuf, nBufLen, sa, nFlags);
  }

  /** The sendto itself (MFC's virtual SendToHelper; CSocket makes it block). */
  protected SendToHelper(lpBuf: Uint8Array, nBufLen: number, sa: SockAddr, nFlags: number): number {
    if (this.#shutDown & 2) return this[kFailCount](WSAESHUTDOWN);
    const rc = api().sendto(this.m_hSocket, lpBuf, nBufLen, nFlags, sa);
    if (rc === -WSAEWOULDBLOCK) sink.reenable(this.m_hSocket, FD_WRITE);
    return this[kOk](rc) ? rc : SOCKET_ERROR;
  }

  /** Receives a datagram and fills `rSocketAddress` with its sender. */
  ReceiveFrom(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags = 0): number {
    if (!this[kCheckHandle]()) return SOCKET_ERROR;
    const bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) return this[kFailCount](bad);
    if (rSocketAddress === null || typeof rSocketAddress !== 'object') return this[kFailCount](WSAEFAULT);
    return this.ReceiveFromHelper(lpBuf, nBufLen, rSocketAddress, nFlags);
  }

  /** The recvfrom itself (MFC's virtual ReceiveFromHelper; CSocket makes it block). */
  protected ReceiveFromHelper(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags: number): number {
    if (this.#shutDown & 1) return this[kFailCount](WSAESHUTDOWN);
    const from = emptySockAddr(AF_INET6);
    const rc = api().recvfrom(this.m_hSocket, lpBuf, nBufLen, nFlags, from);
    sink.reenable(this.m_hSocket, nFlags & MSG_OOB ? FD_OOB : FD_READ);
    if (!this[kOk](rc)) return SOCKET_ERROR;
    rSocketAddress.address = formatAddress(from);
    rSocketAddress.port = from.port;
    return rc;
  }

  /** Disables sends, receives or both (`CAsyncSocket.sends` by default, as MFC). */
  ShutDown(nHow: number = CAsyncSocket.sends): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!isInt(nHow) || nHow < 0 || nHow > SD_BOTH) return this[kFail](WSAEINVAL);
    if (!this[kOk](api().shutdown(this.m_hSocket, nHow))) return false;
    this.#shutDown |= nHow === SD_BOTH ? 3 : nHow === CAsyncSocket.receives ? 1 : 2;
    return true;
  }

  /** Closes the socket. Notifications not yet delivered are dropped. Safe to call twice. */
  Close(): void {
    const h = this.m_hSocket;
    if (h === INVALID_SOCKET) return;
    this.m_hSocket = INVALID_SOCKET;
    this[kEvents] = 0;
    this.#shutDown = 0;
    this.#connected = false;
    sink.detach(h);
    api().close(h);
  }

  /* ------------------------------------------------------------------ notifications */

  /** Called by the notification sink: MFC's DoCallBack. */
  dispatchNotification(event: number, nErrorCode: number): void {
    switch (event) {
      case FD_READ: this.OnReceive(nErrorCode); break;
      case FD_WRITE: this.OnSend(nErrorCode); break;
      case FD_OOB: this.OnOutOfBandData(nErrorCode); break;
      case FD_ACCEPT: this.OnAccept(nErrorCode); break;
      case FD_CONNECT: this.OnConnect(nErrorCode); break;
      case FD_CLOSE: this.OnClose(nErrorCode); break;
      default: break;
    }
  }

  /** A connection is waiting: call Accept. */
  protected OnAccept(nErrorCode: number): void {}
  /** A connect attempt completed; nErrorCode is 0 or why it failed. */
  protected OnConnect(nErrorCode: number): void {}
  /** Data can be received: call Receive (which re-enables this notification). */
  protected OnReceive(nErrorCode: number): void {}
  /** Data can be sent. */
  protected OnSend(nErrorCode: number): void {}
  /** The peer closed the connection (nErrorCode 0) or it broke (WSAECONNRESET, ...). */
  protected OnClose(nErrorCode: number): void {}
  /** Urgent data can be read with MSG_OOB. */
  protected OnOutOfBandData(nErrorCode: number): void {}
}

keepClassName(CAsyncSocket, 'CAsyncSocket');

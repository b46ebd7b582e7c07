/**
 * CAsyncSocket: MFC's non-blocking socket, its methods, defaults and return values, over the
 * OS socket API. Methods never throw: they return MFC's BOOL / count (SOCKET_ERROR = -1) and
 * set the last error, which `GetLastError()` reads (on the instance, exact even across awaits;
 * statically, the thread's WSAGetLastError).
 */
import { api, type SockAddr } from '../native/index.js';
import * as sink from '../notify/sink.js';
import { kDispatch, SockState, type NotifyTarget } from '../notify/sink.js';
import {
  AF_INET, AF_INET6, AF_UNSPEC, FD_ACCEPT, FD_ALL_EVENTS, FD_CLOSE, FD_CONNECT, FD_OOB, FD_READ, FD_WRITE, INVALID_SOCKET, PF_INET,
  SD_BOTH, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, FIONBIO, SOCKET_ERROR, SOL_SOCKET,
} from '../wsa/constants.js';
import { WSA_INVALID_HANDLE, WSAEAFNOSUPPORT, WSAEFAULT, WSAEINVAL, WSAENOTSOCK, WSAEWOULDBLOCK } from '../wsa/errors.js';
import { WSAGetLastError } from '../winsock/last-error.js';
import { emptySockAddr, formatAddress, isValidPort, parseAddress } from '../wsa/address.js';
import { ensureStarted } from '../winsock/startup.js';
import {
  kAcceptCheck, kAcceptNow, kCheckBuffer, kCheckHandle, kCount, kFail, kFailCount, kFamily, kHandleError, kLastError, kOk, kRecord,
  kResolveHost, kResolveTarget, kSetError, kTryReceive, kTryReceiveFrom, kTrySend, kTrySendTo,
} from './socket-keys.js';
import { isAddressOut, isInt, isULong, readRef, store, viewLength } from './socket-args.js';
import { SocketEngine } from './socket-engine.js';
import { keepClassName } from './class-name.js';
import { finishLingeringClose } from './lingering-close.js';

/** An MFC out-parameter pair `(CString& rSocketAddress, UINT& rSocketPort)`, filled in place. */
export interface SocketAddress {
  /** The numeric address: dotted IPv4 (`"127.0.0.1"`, MFC's `inet_ntoa`) or IPv6 (`"::1"`). */
  address: string;
  /** The port number, in host byte order (MFC's `ntohs` result). */
  port: number;
}

/** An MFC `int*` / `DWORD*` out-parameter, filled in place. */
export interface IntRef {
  /** The value: what the call reads on entry (a size, an argument), replaced by its result. */
  value: number;
}

/**
 * MFC's CAsyncSocket: a non-blocking socket whose events arrive as the overridable
 * notifications OnAccept, OnConnect, OnReceive, OnSend, OnClose and OnOutOfBandData, delivered
 * on Node's event loop (MFC's message pump), FIFO and never nested. Subclass it and override
 * the notifications you need; Winsock starts on first use (no AfxSocketInit needed).
 *
 * Every method returns MFC's value (BOOL as boolean, counts with SOCKET_ERROR = -1) and never
 * throws; on failure GetLastError() gives the WSA code. Errors every member shares, not
 * repeated per member:
 *  - `WSAENOTSOCK`: no socket is attached (CSocket: `WSAECONNABORTED` once a cancelled partial
 *    Send reset the stream; then only Close and Detach work);
 *  - `WSAEFAULT`: a buffer that is not a Uint8Array, a length beyond it, an out-parameter
 *    (`SocketAddress`, `IntRef`) that is not a writable object (it is then left unchanged);
 *  - `WSAEINVAL`: an argument that is not an integer, a negative or fractional length, a port
 *    outside 0..65535, `lEvent` bits outside 0x3F, a non-numeric address where MFC takes only
 *    numbers, a name that does not resolve (MFC's answer);
 *  - `WSAEAFNOSUPPORT`: an address of the other family;
 *  - `WSAEOPNOTSUPP`: a flag Winsock does not define, `MSG_OOB` on a datagram socket;
 *  - `WSAEWOULDBLOCK`: the call would have to wait (the matching notification says when to
 *    try again);
 *  - `WSAESHUTDOWN`: the direction was shut down by this side; `WSAENOTCONN`: a stream socket
 *    never connected; `WSAECONNRESET`: the connection was reset (kept for every later recv);
 *  - and the OS's own codes in their Winsock form (`WSAEADDRINUSE`, `WSAEMFILE`, ...).
 */
export class CAsyncSocket extends SocketEngine implements NotifyTarget {
  /** ShutDown's nHow: no more receives (afxsock.h `CAsyncSocket::receives`, SD_RECEIVE = 0). */
  static readonly receives = 0;
  /** ShutDown's nHow: no more sends (afxsock.h `CAsyncSocket::sends`, SD_SEND = 1), the default. */
  static readonly sends = 1;
  /** ShutDown's nHow: neither sends nor receives (afxsock.h `CAsyncSocket::both`, SD_BOTH = 2). */
  static readonly both = 2;

  /**
   * The attached socket handle (MFC's `m_hSocket`), or `INVALID_SOCKET` (-1; MFC's is `~0`) when
   * none is attached. Read it freely; change it only through Create, Socket, Attach, Detach and
   * Close.
   */
  m_hSocket: number = INVALID_SOCKET;

  /* ------------------------------------------------------------------ errors */

  /**
   * The last error of this socket's calls (MFC has only the static form). Exact even when other
   * sockets' calls or `await`s interleave; every failing call also sets the thread's
   * `WSAGetLastError`.
   *
   * @returns The WSA code of this object's last failed call, 0 when none failed yet. A call that
   *   succeeds leaves it as it was, as Winsock leaves `WSAGetLastError`.
   */
  GetLastError(): number {
    return this[kLastError];
  }

  /**
   * The calling thread's last Windows Sockets error (MFC's static `CAsyncSocket::GetLastError`,
   * which is `WSAGetLastError()`). A thread is a JS realm here: each Worker has its own.
   *
   * @returns The WSA code of the thread's last failed socket call, whatever the socket.
   */
  static GetLastError(): number {
    return WSAGetLastError();
  }

  /* ------------------------------------------------------------------ construction */

  /**
   * Creates a socket and binds it (MFC's `CAsyncSocket::Create`: Socket, then Bind), so a client
   * socket is bound too (port 0: an ephemeral port). The family follows `lpszSocketAddress`: an
   * IPv6 literal makes an IPv6 socket, anything else IPv4 (MFC's only family).
   *
   * Errors: Socket's and Bind's; when only the AsyncSelect fails (`lEvent`), the socket stays
   * created, as in MFC.
   *
   * @param nSocketPort - The local port, 0..65535; default 0 (the system picks one), as in MFC.
   * @param nSocketType - `SOCK_STREAM` (default, as in MFC) or `SOCK_DGRAM`.
   * @param lEvent - The notifications to select; default all six,
   *   `FD_READ | FD_WRITE | FD_OOB | FD_ACCEPT | FD_CONNECT | FD_CLOSE` (0x3F), as in MFC.
   * @param lpszSocketAddress - A numeric IPv4 or IPv6 address to bind to; default null (any
   *   address), as in MFC. No name lookup.
   * @returns true on success. When Bind fails the socket is closed and Bind's error kept, as
   *   MFC does.
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

  /**
   * Creates the socket without binding it and selects `lEvent` (MFC's `CAsyncSocket::Socket`,
   * which Create calls).
   *
   * Errors: `WSAEINVAL` (this object already holds a socket), `WSAEAFNOSUPPORT` (a family other
   * than `PF_INET` / `PF_INET6`), `WSAESOCKTNOSUPPORT`, `WSAEPROTONOSUPPORT`, `WSAEMFILE`,
   * `WSAENOBUFS`, `WSAEACCES` (a raw socket without the privilege).
   *
   * @param nSocketType - `SOCK_STREAM` (default, as in MFC), `SOCK_DGRAM` or `SOCK_RAW`.
   * @param nProtocolType - The protocol; default 0 (the type's usual one), as in MFC.
   * @param nAddressFormat - `PF_INET` (default, as in MFC) or `PF_INET6`.
   * @returns true on success. When only the AsyncSelect fails, the socket stays created
   *   (`m_hSocket` set), as in MFC.
   */
  Socket(nSocketType = SOCK_STREAM, lEvent = FD_ALL_EVENTS, nProtocolType = 0, nAddressFormat = PF_INET): boolean {
    if (this.m_hSocket !== INVALID_SOCKET) return this[kFail](WSAEINVAL);
    if (!isInt(nSocketType) || !isInt(lEvent) || !isInt(nProtocolType) || !isInt(nAddressFormat)) {
      return this[kFail](WSAEINVAL);
    }
    ensureStarted();
    const h = api().socket(nAddressFormat, nSocketType, nProtocolType);
    if (!this[kOk](h)) return false;
    this.m_hSocket = h;
    // Winsock takes AF_UNSPEC with a protocol as IPv4, and type 0 from the protocol (sock.c,
    // test_WSASocket): the created socket says what it is.
    this[kFamily] = nAddressFormat === AF_UNSPEC ? AF_INET : nAddressFormat;
    let type = nSocketType;
    if (type !== SOCK_STREAM && type !== SOCK_DGRAM) {
      const val = new Uint8Array(4);
      if (api().getsockopt(h, SOL_SOCKET, SO_TYPE, val, new Uint32Array([4])) === 0) type = new DataView(val.buffer).getInt32(0, true);
    }
    sink.attach(this[kRecord], h, type === SOCK_DGRAM ? SockState.Datagram : SockState.Idle);
    return this.AsyncSelect(lEvent);
  }

  /**
   * Attaches an existing socket handle to this object and selects `lEvent` (MFC's
   * `CAsyncSocket::Attach`): a handle from Detach, from another thread, or from another library.
   * The socket is made non-blocking, as WSAAsyncSelect makes it; whether it listens, is connected
   * or is a datagram socket is read from the OS. An unbound socket is accepted, as in MFC.
   *
   * Errors: `WSA_INVALID_HANDLE` (`INVALID_SOCKET`, as MFC 14), `WSAENOTSOCK` (a negative or
   * non-integer number, or a descriptor that is not a socket), `WSAEINVAL` (this object already
   * holds a socket; another object holds `hSocket`; bad `lEvent`: the handle then stays attached).
   */
  Attach(hSocket: number, lEvent = FD_ALL_EVENTS): boolean {
    if (hSocket === INVALID_SOCKET) return this[kFail](WSA_INVALID_HANDLE);
    if (!isInt(hSocket) || hSocket < 0) return this[kFail](WSAENOTSOCK);
    if (this.m_hSocket !== INVALID_SOCKET) return this[kFail](WSAEINVAL);
    const existing = sink.lookup(hSocket);
    if (existing !== undefined && existing !== this) return this[kFail](WSAEINVAL);
    ensureStarted();
    const d = api().describe(hSocket);
    if (typeof d === 'number') return this[kOk](d);
    // Non-blocking from now on, as WSAAsyncSelect makes it.
    if (!this[kOk](api().ioctl(hSocket, FIONBIO, new Uint32Array([1])))) return false;
    this.m_hSocket = hSocket;
    this[kFamily] = d.family;
    const state = d.type === SOCK_DGRAM ? SockState.Datagram
      : d.listening ? SockState.Listening : d.connected ? SockState.Connected : SockState.Idle;
    sink.attach(this[kRecord], hSocket, state);
    return this.AsyncSelect(lEvent);
  }

  /**
   * Detaches the handle from this object without closing the socket (MFC's
   * `CAsyncSocket::Detach`). Its notifications stop and those not yet delivered are dropped;
   * Attach it to another object (on this thread or another) to use it again.
   *
   * @returns The handle, or `INVALID_SOCKET` when none was attached (no error is set).
   */
  Detach(): number {
    const h = this.m_hSocket;
    if (h === INVALID_SOCKET) return INVALID_SOCKET;
    sink.detach(this[kRecord]);
    this.m_hSocket = INVALID_SOCKET;
    return h;
  }

  /**
   * The object attached to `hSocket` on this thread (MFC's `CAsyncSocket::FromHandle`, a lookup
   * in the per-thread handle map; here each JS realm, each Worker, has its own map).
   *
   * @returns The CAsyncSocket (or subclass) holding it, or null when no object of this thread
   *   does.
   */
  static FromHandle(hSocket: number): CAsyncSocket | null {
    const t = sink.lookup(hSocket);
    return t instanceof CAsyncSocket ? t : null;
  }

  /* ------------------------------------------------------------------ attributes */

  /**
   * Gets the address of the peer this socket is connected to (MFC's
   * `CAsyncSocket::GetPeerName(CString&, UINT&)`).
   *
   * @returns true on success; `WSAENOTCONN` when not connected.
   */
  GetPeerName(out: SocketAddress): boolean {
    return this.#nameCall(out, false);
  }

  /**
   * Gets the local address and port of the socket (MFC's
   * `CAsyncSocket::GetSockName(CString&, UINT&)`).
   *
   * @returns true on success; `WSAEINVAL` when the socket is not bound (possible after Socket,
   *   never after Create, which binds).
   */
  GetSockName(out: SocketAddress): boolean {
    return this.#nameCall(out, true);
  }

  #nameCall(out: SocketAddress, local: boolean): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!isAddressOut(out)) return this[kFail](WSAEFAULT);
    const sa = emptySockAddr(AF_INET6);
    const rc = local ? api().getsockname(this.m_hSocket, sa) : api().getpeername(this.m_hSocket, sa);
    if (!this[kOk](rc)) return false;
    const address = formatAddress(sa);
    return store(() => { out.address = address; out.port = sa.port; }) || this[kFail](WSAEFAULT);
  }

  /**
   * Gets a socket option (MFC's `CAsyncSocket::GetSockOpt`: `getsockopt` with MFC's argument
   * order, option name first, level last). The value comes in Winsock's layout on every
   * platform (`LINGER` as two u16, for instance).
   *
   * Errors: `WSAEFAULT` (`lpOptionLen.value` is not a size within `lpOptionValue`, or too small
   * for the option), `WSAENOPROTOOPT` (an option unknown at that level), `WSAEINVAL` (an
   * unknown level).
   *
   * @param nOptionName - The option, e.g. `SO_RCVBUF`.
   * @param lpOptionValue - Receives the value.
   * @param lpOptionLen - `value`: how many bytes of `lpOptionValue` may be used (at most its
   *   byteLength); on return, the value's size.
   */
  GetSockOpt(nOptionName: number, lpOptionValue: Uint8Array, lpOptionLen: IntRef, nLevel = SOL_SOCKET): boolean {
    if (!this[kCheckHandle]()) return false;
    const size = readRef(lpOptionLen);
    if (size === undefined || this[kCheckBuffer](lpOptionValue, size) !== 0) return this[kFail](WSAEFAULT);
    const len = new Uint32Array([size]);
    if (!this[kOk](api().getsockopt(this.m_hSocket, nLevel, nOptionName, lpOptionValue, len))) return false;
    return store(() => { lpOptionLen.value = len[0]!; }) || this[kFail](WSAEFAULT);
  }

  /**
   * Sets a socket option (MFC's `CAsyncSocket::SetSockOpt`: `setsockopt` with MFC's argument
   * order, option name first, level last). The value is given in Winsock's layout on every
   * platform.
   *
   * Errors: `WSAEFAULT` (`nOptionLen` too small for the option, negative, or beyond
   * `lpOptionValue`), `WSAEINVAL` (an unknown level, a value the option refuses),
   * `WSAENOPROTOOPT` (an option unknown at that level), `WSAENOBUFS` (length -1 for an option
   * that is not a 4-byte SOL_SOCKET one; for one that is, -1 means 4, as on Windows).
   *
   * @param nOptionName - The option, e.g. `SO_REUSEADDR`.
   * @param lpOptionValue - The value.
   * @param nOptionLen - How many bytes of `lpOptionValue` hold it; 0..lpOptionValue.byteLength,
   *   or -1.
   */
  SetSockOpt(nOptionName: number, lpOptionValue: Uint8Array, nOptionLen: number, nLevel = SOL_SOCKET): boolean {
    if (!this[kCheckHandle]()) return false;
    // Winsock's optlen is an int, checked by setsockopt itself (-1 has its own answer there),
    // which the native layer reproduces: only what is not an integer is refused here.
    if (viewLength(lpOptionValue) < 0) return this[kFail](WSAEFAULT);
    if (!isInt(nOptionLen)) return this[kFail](WSAEINVAL);
    return this[kOk](api().setsockopt(this.m_hSocket, nLevel, nOptionName, lpOptionValue, nOptionLen));
  }

  /**
   * Controls the socket's mode (MFC's `CAsyncSocket::IOCtl`, `ioctlsocket`).
   *
   * Errors: `WSAEFAULT` (`lpArgument.value` not an integer; with `FIONBIO`, not a `u_long`,
   * 0..2**32-1: nothing is changed), `WSAEINVAL` (an unknown command; `FIONBIO` with 0 while
   * notifications are selected, which Winsock refuses too: call `AsyncSelect(0)` first).
   *
   * @param lCommand - `FIONBIO` (`value` nonzero: non-blocking), `FIONREAD` (`value` set to the
   *   number of bytes waiting to be read) or `SIOCATMARK` (`value` set to nonzero when no urgent
   *   data waits, Winsock's sense).
   * @param lpArgument - `value`: the argument in, the result out.
   */
  IOCtl(lCommand: number, lpArgument: IntRef): boolean {
    if (!this[kCheckHandle]()) return false;
    // Read once: a getter may answer differently each time.
    const value = readRef(lpArgument);
    if (value === undefined || !isInt(value)) return this[kFail](WSAEFAULT);
    // FIONBIO's argument is a u_long: 2**32 must not truncate to 0 (blocking) past the guard.
    if (lCommand === FIONBIO && !isULong(value)) return this[kFail](WSAEFAULT);
    // Winsock refuses to make a socket blocking while WSAAsyncSelect events are selected.
    if (lCommand === FIONBIO && value === 0 && this[kRecord].lEvent !== 0) return this[kFail](WSAEINVAL);
    const arg = new Uint32Array([value >>> 0]);
    if (!this[kOk](api().ioctl(this.m_hSocket, lCommand, arg))) return false;
    return store(() => { lpArgument.value = arg[0]!; }) || this[kFail](WSAEFAULT);
  }

  /* ------------------------------------------------------------------ operations */

  /**
   * Selects the notifications this socket receives (MFC's `CAsyncSocket::AsyncSelect`,
   * `WSAAsyncSelect`); 0 stops them all. A new selection re-enables every selected event, as
   * Winsock does. A CSocket's blocking and awaitable calls do not depend on it.
   *
   * @param lEvent - A combination of `FD_READ`, `FD_WRITE`, `FD_OOB`, `FD_ACCEPT`, `FD_CONNECT`
   *   and `FD_CLOSE`; default all six (0x3F), as in MFC.
   */
  AsyncSelect(lEvent = FD_ALL_EVENTS): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!isInt(lEvent) || (lEvent & ~FD_ALL_EVENTS) !== 0) return this[kFail](WSAEINVAL);
    sink.select(this[kRecord], lEvent);
    return true;
  }

  /**
   * Binds the socket to a local address and port (MFC's `CAsyncSocket::Bind(UINT, LPCTSTR)`).
   * As in MFC there is no name lookup: the address must be numeric.
   *
   * Errors: `WSAEINVAL` (also: already bound), `WSAEADDRINUSE`, `WSAEADDRNOTAVAIL` (no local
   * interface has that address), `WSAEACCES` (a privileged port).
   *
   * @param nSocketPort - The port, 0..65535; 0 lets the system pick one.
   * @param lpszSocketAddress - A numeric IPv4 or IPv6 address of the socket's family; default
   *   null (any address), as in MFC.
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

  /**
   * Listens for incoming connections (MFC's `CAsyncSocket::Listen`); OnAccept then reports them.
   *
   * Errors: `WSAEINVAL` (also: a connected socket), `WSAEOPNOTSUPP` (a datagram socket),
   * `WSAEADDRINUSE`.
   *
   * @param nConnectionBacklog - The length of the queue of pending connections; default 5, as in
   *   MFC.
   */
  Listen(nConnectionBacklog = 5): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!isInt(nConnectionBacklog)) return this[kFail](WSAEINVAL);
    if (!this[kOk](api().listen(this.m_hSocket, nConnectionBacklog))) return false;
    sink.setState(this[kRecord], SockState.Listening);
    return true;
  }

  /**
   * Accepts a pending connection into `rConnectedSocket` (MFC's `CAsyncSocket::Accept`). The new
   * socket inherits this socket's selected notifications (WSAAsyncSelect's rule). It does not
   * wait: call it from OnAccept.
   *
   * Errors: `WSAEINVAL` (`rConnectedSocket` is not a CAsyncSocket, is frozen or already holds a
   * socket; this socket is not listening), `WSAEFAULT` (a bad `peer`: the pending connection
   * stays queued), `WSAEOPNOTSUPP` (a datagram socket), `WSAEMFILE`, `WSAECONNABORTED`.
   *
   * @param rConnectedSocket - An object that holds no socket (a new CAsyncSocket or subclass);
   *   it receives the connection.
   * @param peer - When given, filled with the peer's address and port (MFC's `lpSockAddr`);
   *   default null, as in MFC.
   * @returns true on success. When the accept itself failed, `rConnectedSocket` gets the error
   *   too.
   */
  Accept(rConnectedSocket: CAsyncSocket, peer?: SocketAddress | null): boolean {
    const bad = this[kAcceptCheck](rConnectedSocket, peer);
    if (bad !== 0) return this[kFail](bad);
    const rc = this[kAcceptNow](rConnectedSocket, peer);
    if (rc < 0 && rConnectedSocket.m_hSocket === INVALID_SOCKET) rConnectedSocket[kSetError](-rc);
    return this[kOk](rc);
  }

  /**
   * Connects to a peer (MFC's `CAsyncSocket::Connect(LPCTSTR, UINT)`). A host name is resolved
   * synchronously, as MFC's `gethostbyname` does, to its first address of the socket's family.
   * A stream socket does not wait: the call returns false with `WSAEWOULDBLOCK`, then OnConnect
   * reports the outcome. A datagram socket only records its default peer. On a CSocket the call
   * waits instead (CSocket overrides ConnectHelper).
   *
   * Errors: `WSAEWOULDBLOCK` (the attempt is under way: wait for OnConnect), `WSAEINVAL` (also:
   * an empty host, a listening socket), `WSAEALREADY` (an attempt is already under way),
   * `WSAEISCONN` (already connected), `WSAECONNREFUSED`, `WSAENETUNREACH`, `WSAEADDRNOTAVAIL`.
   *
   * @returns true when connected at once (OnConnect(0) still follows when `FD_CONNECT` is
   *   selected); false otherwise.
   */
  Connect(lpszHostAddress: string, nHostPort: number): boolean {
    if (!this[kCheckHandle]()) return false;
    const sa = this[kResolveHost](lpszHostAddress, nHostPort);
    if (sa === null) return false;
    return this.ConnectHelper(sa);
  }

  /**
   * The connect itself (MFC's virtual `ConnectHelper`, which Connect calls with the resolved
   * address; CSocket overrides it to wait).
   */
  protected ConnectHelper(sa: SockAddr): boolean {
    const r = this[kRecord];
    const rc = api().connect(this.m_hSocket, sa);
    const datagram = r.state === SockState.Datagram;
    if (rc === 0) {
      if (!datagram) {
        sink.setState(r, SockState.Connected);
        if (r.lEvent & FD_CONNECT) sink.postSoon(r, FD_CONNECT, 0);
      } else {
        // Winsock posts FD_WRITE again when a datagram socket connects (sock.c, test_connect_events).
        sink.reenable(r, FD_WRITE);
      }
      return true;
    }
    if (rc === -WSAEWOULDBLOCK && !datagram) sink.setState(r, SockState.Connecting);
    return this[kOk](rc);
  }

  /**
   * Sends data on a connected socket (MFC's `CAsyncSocket::Send`). It does not wait: it sends
   * what fits in the send buffer now.
   *
   * Errors: also `WSAENOTCONN` for a datagram socket without a default peer (as Winsock's send
   * says), `WSAEMSGSIZE` (a datagram too large).
   *
   * @returns The number of bytes sent (possibly fewer than nBufLen), or `SOCKET_ERROR`. After
   *   `WSAEWOULDBLOCK`, OnSend says when to try again.
   */
  Send(lpBuf: Uint8Array, nBufLen: number, nFlags = 0): number {
    return this[kCount](this[kTrySend](lpBuf, nBufLen, nFlags));
  }

  /**
   * Receives data from the socket (MFC's `CAsyncSocket::Receive`). It does not wait. Each call
   * re-enables OnReceive (OnOutOfBandData with `MSG_OOB`), as Winsock's recv does.
   *
   * Errors: `WSAEFAULT` also for a negative nBufLen, as Winsock's recv; `WSAEMSGSIZE` (a datagram
   * longer than nBufLen: the buffer holds its start, the rest is lost).
   *
   * @returns The byte count, 0 when the peer closed the connection, or `SOCKET_ERROR`.
   */
  Receive(lpBuf: Uint8Array, nBufLen: number, nFlags = 0): number {
    return this[kCount](this[kTryReceive](lpBuf, nBufLen, nFlags));
  }

  /**
   * Sends a datagram to a given address (MFC's `CAsyncSocket::SendTo(const void*, int, UINT,
   * LPCTSTR, int)`). As in MFC, no address means `INADDR_BROADCAST` (IPv4 only), and a host
   * name is resolved synchronously. It does not wait; on a CSocket it waits while the send
   * buffer is full (CSocket overrides SendToHelper).
   *
   * Errors: `WSAEINVAL` also for no address on an IPv6 socket, `WSAEACCES` (a broadcast without
   * `SO_BROADCAST`), `WSAEMSGSIZE` (a datagram too large).
   *
   * @param lpszHostAddress - A numeric IPv4 / IPv6 address or a host name; default null
   *   (255.255.255.255: set `SO_BROADCAST` first), as in MFC.
   * @returns The number of bytes sent, or `SOCKET_ERROR`.
   */
  SendTo(lpBuf: Uint8Array, nBufLen: number, nHostPort: number, lpszHostAddress?: string | null, nFlags = 0): number {
    const bad = this[kHandleError]() || this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) return this[kFailCount](bad);
    const sa = this[kResolveTarget](lpszHostAddress, nHostPort);
    if (sa === null) return SOCKET_ERROR;
    return this.SendToHelper(lpBuf, nBufLen, sa, nFlags);
  }

  /**
   * The sendto itself (MFC's virtual `SendToHelper`, which SendTo calls with the resolved
   * address; CSocket overrides it to wait).
   */
  protected SendToHelper(lpBuf: Uint8Array, nBufLen: number, sa: SockAddr, nFlags: number): number {
    return this[kCount](this[kTrySendTo](lpBuf, nBufLen, sa, nFlags));
  }

  /**
   * Receives a datagram and its sender's address (MFC's `CAsyncSocket::ReceiveFrom(void*, int,
   * CString&, UINT&, int)`). It does not wait; on a CSocket it waits for a datagram (CSocket
   * overrides ReceiveFromHelper). Each call re-enables OnReceive.
   *
   * Errors: `WSAEMSGSIZE` (a datagram longer than nBufLen: the buffer holds its start, the rest
   * is lost).
   *
   * @returns The byte count (0 for an empty datagram), or `SOCKET_ERROR` (`rSocketAddress`
   *   unchanged).
   */
  ReceiveFrom(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags = 0): number {
    const bad = this[kHandleError]() || this[kCheckBuffer](lpBuf, nBufLen, nFlags) || (isAddressOut(rSocketAddress) ? 0 : WSAEFAULT);
    if (bad !== 0) return this[kFailCount](bad);
    return this.ReceiveFromHelper(lpBuf, nBufLen, rSocketAddress, nFlags);
  }

  /**
   * The recvfrom itself (MFC's virtual `ReceiveFromHelper`, which ReceiveFrom calls; CSocket
   * overrides it to wait).
   */
  protected ReceiveFromHelper(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags: number): number {
    return this[kCount](this[kTryReceiveFrom](lpBuf, nBufLen, rSocketAddress, nFlags));
  }

  /**
   * Disables sends, receives or both on the socket (MFC's `CAsyncSocket::ShutDown`). Later calls
   * in a disabled direction fail with `WSAESHUTDOWN`, as on Winsock.
   *
   * Errors: `WSAEINVAL` (nHow not 0, 1 or 2), `WSAENOTCONN` (a stream socket that is not
   * connected).
   *
   * @param nHow - `CAsyncSocket.receives` (0), `CAsyncSocket.sends` (1, the default, as in MFC)
   *   or `CAsyncSocket.both` (2).
   */
  ShutDown(nHow: number = CAsyncSocket.sends): boolean {
    if (!this[kCheckHandle]()) return false;
    if (!isInt(nHow) || nHow < 0 || nHow > SD_BOTH) return this[kFail](WSAEINVAL);
    if (!this[kOk](api().shutdown(this.m_hSocket, nHow))) return false;
    sink.shutdownLocal(this[kRecord], nHow);
    return true;
  }

  /**
   * Closes the socket and releases its handle (MFC's `CAsyncSocket::Close`); `m_hSocket` becomes
   * `INVALID_SOCKET`. Notifications not yet delivered are dropped (MFC's dead map). With no
   * socket attached it does nothing, so a second call is harmless. It sets no error.
   *
   * It never holds the thread. With SO_LINGER on and a time set, while sent data is still
   * unacknowledged, Winsock refuses to close a non-blocking socket (WSAEWOULDBLOCK) and MFC
   * forgets the handle anyway, leaking the socket; afxsock finishes that close in the
   * background instead: gracefully once the peer has the data, with a reset when the linger
   * time runs out first.
   */
  Close(): void {
    const h = this.m_hSocket;
    if (h === INVALID_SOCKET) return;
    this.m_hSocket = INVALID_SOCKET;
    sink.detach(this[kRecord]);
    if (api().close(h) === -WSAEWOULDBLOCK) finishLingeringClose(h);
  }

  /* ------------------------------------------------------------------ notifications */

  /**
   * Delivers one notification to its `On…` member (MFC's private `DoCallBack`), for the sink.
   *
   * @internal
   */
  [kDispatch](event: number, nErrorCode: number): void {
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

  /*
   * The notifications (MFC's overridables; the defaults do nothing). Each is posted once, then
   * not again until its re-enabling call: Accept for OnAccept, Receive / ReceiveFrom for
   * OnReceive, `Receive(…, MSG_OOB)` for OnOutOfBandData, a Send or SendTo that failed
   * WSAEWOULDBLOCK for OnSend. `nErrorCode` is 0 but for OnConnect and OnClose.
   */

  /** A connection waits on this listening socket (`FD_ACCEPT`): call Accept. @param nErrorCode - 0. */
  protected OnAccept(nErrorCode: number): void {}
  /**
   * A connect attempt completed (`FD_CONNECT`). Never called for a CSocket, whose Connect
   * waits, as in MFC.
   *
   * @param nErrorCode - 0 when connected; else why not (`WSAECONNREFUSED`, `WSAETIMEDOUT`, ...).
   */
  protected OnConnect(nErrorCode: number): void {}
  /** Data can be received (`FD_READ`); the end of a stream is OnClose's. @param nErrorCode - 0. */
  protected OnReceive(nErrorCode: number): void {}
  /**
   * Data can be sent (`FD_WRITE`): once after the socket connected (or was created, for a
   * datagram socket), then after a send that would block, once room is back.
   *
   * @param nErrorCode - 0.
   */
  protected OnSend(nErrorCode: number): void {}
  /**
   * The connection ended (`FD_CLOSE`), once: bytes that arrived before can still be read until
   * Receive returns 0. Not called for a CSocket whose waiting call saw the close (MFC swallows
   * that `FD_CLOSE` too).
   *
   * @param nErrorCode - 0 for an orderly close; `WSAECONNABORTED` after a reset (Winsock's
   *   code), or another error such as `WSAETIMEDOUT`.
   */
  protected OnClose(nErrorCode: number): void {}
  /** Urgent data can be read with `Receive(lpBuf, nBufLen, MSG_OOB)` (`FD_OOB`). @param nErrorCode - 0. */
  protected OnOutOfBandData(nErrorCode: number): void {}
}

keepClassName(CAsyncSocket, 'CAsyncSocket');

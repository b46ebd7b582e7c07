/**
 * SocketApi over Linux libc. Winsock numbers in, Winsock codes out: constants and option
 * layouts are translated in linux-options.ts, errno in linux-errno.ts, addresses in
 * sockaddr.ts. Every argument is checked (arg-guard.ts, then the Linux-only rules here) before it
 * reaches native code: koffi takes a JS number given for a pointer as an address and checks no
 * length against its buffer.
 */
import { isMainThread } from 'node:worker_threads';
import type { Poller, SockAddr, SocketApi, SocketDescription, WakeToken } from './types.js';
import { describeSocket } from './describe.js';
import { loadKoffi } from './koffi.js';
import { loadLibc, type Libc } from './linux-libc.js';
import * as L from './linux-constants.js';
import * as W from '../wsa/constants.js';
import {
  WSAEACCES, WSAEADDRINUSE, WSAEAFNOSUPPORT, WSAEALREADY, WSAECONNABORTED, WSAECONNREFUSED, WSAECONNRESET, WSAEDESTADDRREQ, WSAEHOSTUNREACH, WSAEINPROGRESS, WSAEINTR, WSAEINVAL, WSAEISCONN,
  WSAEMSGSIZE, WSAENETUNREACH, WSAENOTCONN, WSAENOTSOCK, WSAEOPNOTSUPP, WSAESHUTDOWN, WSAETIMEDOUT, WSAEWOULDBLOCK,
} from '../wsa/errors.js';
import { errnoToWsa } from './linux-errno.js';
import { decodeSockAddr, encodeSockAddr, SOCKADDR_STORAGE_SIZE } from './sockaddr.js';
import { LinuxOptions } from './linux-options.js';
import { resolveSocketParams } from './socket-params.js';
import {
  acceptError, backlogError, clampBacklog, getOptionError, ioctlError, isSocket, nameOutError, setOptionLength,
  shutdownError, transferError, waitLimit,
} from './arg-guard.js';
import { EpollPoller } from './linux-poller.js';
import { EventfdWait } from './linux-wait.js';
import { LinuxResolver } from './linux-resolve.js';

/** Longest single native wait in a Worker (see waitInSlices). */
const WORKER_WAIT_SLICE_MS = 200;
/** linux/tcp_states.h: TCP_TIME_WAIT 6, TCP_CLOSE 7, TCP_CLOSE_WAIT 8, TCP_LAST_ACK 9, TCP_CLOSING 11. */
const PEER_CLOSED_STATES = new Set([6, 7, 8, 9, 11]);

/** Errors that end a connect attempt: Winsock keeps them in SO_ERROR, Linux hands them out once. */
const CONNECT_FAILURES = new Set([WSAECONNREFUSED, WSAETIMEDOUT, WSAENETUNREACH, WSAEHOSTUNREACH]);

/**
 * What Winsock keeps per socket and Linux does not (wine-mirror/wine dlls/ws2_32/tests/sock.c
 * states each): the failure of the last connect (SO_ERROR keeps it), that the connection was
 * reset (every recv after says WSAECONNRESET; Linux says it once, then end of file), that a
 * non-blocking connect is under way (Linux's connect answers 0 once it completed, Winsock
 * WSAEISCONN), the peer's address once the socket shut down (Linux forgets it when the TCP
 * connection is fully closed), the directions this side shut down, and whether the socket was
 * ever connected. It belongs to the descriptor, not to an object above: it survives a Detach
 * and Attach, as Winsock's does, and ends with close.
 */
interface FdState {
  connecting: boolean;
  connectError: number;
  /** The connection broke (a reset, or another error read from SO_ERROR). */
  reset: boolean;
  /** What a recv says from now on once the connection broke (0: nothing kept). */
  resetCode: number;
  /**
   * Directions shut down here (SHUT_RECEIVES, SHUT_SENDS): Winsock fails later calls in them
   * with WSAESHUTDOWN, where Linux's recv says end of file (or returns data still queued) and
   * its send EPIPE.
   */
  shut: number;
  /**
   * Seen connected (accepted, connected, a peer named, a transfer). Linux answers a send on a
   * stream socket that never connected with EPIPE, which reads as WSAECONNRESET; Winsock says
   * WSAENOTCONN. A connection that was made and broke keeps WSAECONNRESET.
   */
  everConnected: boolean;
  peer: SockAddr | null;
  /** Where the connect under way goes: Winsock names it as the peer already. */
  target: SockAddr | null;
  /** SYN_SENT not yet seen over: checked (one getsockopt) until it is, then never again. */
  synPending: boolean;
}

/** FdState.shut's bits. */
const SHUT_RECEIVES = 1;
const SHUT_SENDS = 2;

/** Winsock MSG_* (already checked by arg-guard.ts) to Linux's. */
function msgFlags(flags: number): number {
  let f = 0;
  if (flags & W.MSG_OOB) f |= L.MSG_OOB;
  if (flags & W.MSG_PEEK) f |= L.MSG_PEEK;
  if (flags & W.MSG_DONTROUTE) f |= L.MSG_DONTROUTE;
  if (flags & W.MSG_WAITALL) f |= L.MSG_WAITALL;
  return f;
}

class LinuxSocketApi implements SocketApi {
  readonly platform = 'linux' as const;
  private readonly libc: Libc;
  private readonly options: LinuxOptions;
  private readonly waiter: EventfdWait;
  private readonly resolver: LinuxResolver;
  private pollerInstance: EpollPoller | undefined;
  /** Reusable native sockaddr and length: one thread per module instance, no re-entrancy. */
  private readonly sa = new Uint8Array(SOCKADDR_STORAGE_SIZE);
  private readonly saLen = new Uint32Array(1);
  private readonly intArg = new Int32Array(1);
  /** struct linger { int l_onoff; int l_linger; } */
  private readonly lingerArg = new Int32Array(2);
  /** The start of `struct tcp_info`, enough for its state byte. */
  private readonly tcpInfo = new Uint8Array(8);
  private readonly oobPeek = new Uint8Array(1);
  private readonly epipe: number;
  /**
   * Linux SOCK_* type per descriptor, so that a receive knows a datagram socket without a
   * getsockopt per call: set by socket and accept, learnt once for others; forgotten by close
   * and by describe (what Attach asks of a number that may have been reused).
   */
  private readonly types = new Map<number, number>();
  /**
   * Winsock state per descriptor (FdState), made fresh by socket and accept, which are the only
   * ways this layer gets a new descriptor number, and forgotten by close; a foreign descriptor
   * starts empty.
   */
  private readonly fds = new Map<number, FdState>();

  constructor() {
    L.assertSupportedAbi();
    this.libc = loadLibc();
    this.options = new LinuxOptions(this.libc);
    const errno = loadKoffi().os.errno as Record<string, number | undefined>;
    this.waiter = new EventfdWait(this.libc, errno);
    this.epipe = errno.EPIPE ?? 32;
    this.resolver = new LinuxResolver(this.libc);
  }

  private fail(): number {
    return -errnoToWsa(this.libc.errno());
  }

  /** A handle this layer may pass on: a descriptor number, and not one of its own internals. */
  private usable(h: unknown): h is number {
    if (!isSocket(h)) return false;
    if (this.pollerInstance !== undefined && h === this.pollerInstance.descriptor) return false;
    return h !== this.waiter.descriptor;
  }

  socket(af: number, type: number, protocol: number): number {
    const p = resolveSocketParams(af, type, protocol);
    if (typeof p === 'number') return p;
    const family = p.family === W.AF_INET6 ? L.AF_INET6 : L.AF_INET;
    const t = p.type === W.SOCK_STREAM ? L.SOCK_STREAM : p.type === W.SOCK_DGRAM ? L.SOCK_DGRAM : L.SOCK_RAW;
    protocol = p.protocol;
    const fd = this.libc.socket(family, t | L.SOCK_NONBLOCK | L.SOCK_CLOEXEC, protocol) as number;
    if (fd < 0) return this.fail();
    this.types.set(fd, t);
    this.fds.delete(fd);
    this.options.fresh(fd);
    if (family === L.AF_INET6) {
      // Winsock's IPv6 sockets are IPv6-only unless told otherwise (sock.c, test_ipv6only);
      // Linux's follow the bindv6only sysctl, 0 by default.
      this.intArg[0] = 1;
      this.libc.setsockopt(fd, L.IPPROTO_IPV6, L.IPV6_V6ONLY, this.intArg, 4);
    }
    return fd;
  }

  bind(h: number, sa: SockAddr): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const len = encodeSockAddr(sa, this.sa, L.AF_INET6);
    if (len < 0) return len;
    if ((this.libc.bind(h, this.sa, len) as number) === 0) return 0;
    const code = this.fail();
    // A socket with SO_REUSEADDR that still cannot share the address, or one whose address an
    // SO_EXCLUSIVEADDRUSE socket holds, was refused the access: Winsock says WSAEACCES (sock.c,
    // test_reuseaddr), Linux EADDRINUSE. Only this process's exclusive sockets are known.
    if (code === -WSAEADDRINUSE) {
      this.saLen[0] = 4;
      if ((this.libc.getsockopt(h, L.SOL_SOCKET, L.SO_REUSEADDR, this.intArg, this.saLen) as number) === 0 && this.intArg[0] !== 0) {
        return -WSAEACCES;
      }
      if (this.options.heldExclusively(h, sa)) return -WSAEACCES;
    }
    return code;
  }

  private fd(h: number): FdState {
    let st = this.fds.get(h);
    if (st === undefined) {
      st = {
        connecting: false, connectError: 0, reset: false, resetCode: 0, shut: 0, everConnected: false, peer: null, target: null,
        synPending: false,
      };
      this.fds.set(h, st);
    }
    return st;
  }

  listen(h: number, backlog: number): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = backlogError(backlog);
    if (bad < 0) return bad;
    // Linux binds an unbound socket to a port of its choosing; Winsock refuses (sock.c, test_listen).
    this.saLen[0] = SOCKADDR_STORAGE_SIZE;
    if ((this.libc.getsockname(h, this.sa, this.saLen) as number) === 0 &&
        isUnbound(this.sa, Math.min(this.saLen[0]!, SOCKADDR_STORAGE_SIZE)) && !this.isDatagram(h)) {
      return -WSAEINVAL;
    }
    return (this.libc.listen(h, clampBacklog(backlog)) as number) < 0 ? this.fail() : 0;
  }

  accept(h: number, peer: SockAddr | null): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = acceptError(peer);
    if (bad < 0) return bad;
    this.saLen[0] = SOCKADDR_STORAGE_SIZE;
    const fd = this.libc.accept4(h, this.sa, this.saLen, L.SOCK_NONBLOCK | L.SOCK_CLOEXEC) as number;
    if (fd < 0) return this.fail();
    this.types.set(fd, L.SOCK_STREAM);
    this.fds.delete(fd);
    this.fd(fd).everConnected = true;
    this.options.inherit(h, fd);
    if (peer) decodeSockAddr(this.sa, Math.min(this.saLen[0]!, SOCKADDR_STORAGE_SIZE), peer, L.AF_INET6);
    return fd;
  }

  connect(h: number, sa: SockAddr): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const len = encodeSockAddr(sa, this.sa, L.AF_INET6);
    if (len < 0) return len;
    const st = this.fd(h);
    const wasConnecting = st.connecting;
    st.connecting = false;
    if ((this.libc.connect(h, this.sa, len) as number) === 0) {
      st.connectError = 0;
      st.everConnected = true;
      // Linux's connect says 0 once for a non-blocking attempt that completed meanwhile.
      return wasConnecting && !this.isDatagram(h) ? -WSAEISCONN : 0;
    }
    const code = this.fail();
    // A non-blocking connect under way is EINPROGRESS on Linux and WSAEWOULDBLOCK on Winsock.
    if (code === -WSAEINPROGRESS) {
      st.connecting = true;
      st.connectError = 0;
      st.target = { ...sa, addr: sa.addr.slice() };
      st.synPending = true;
      return -WSAEWOULDBLOCK;
    }
    if (code === -WSAEALREADY) st.connecting = true;
    if (CONNECT_FAILURES.has(-code)) st.connectError = -code;
    // Linux says EISCONN for a listening socket; Winsock's connect documents WSAEINVAL.
    if (code === -WSAEISCONN && this.isListening(h)) return -WSAEINVAL;
    return code;
  }

  send(h: number, buf: Uint8Array, len: number, flags: number): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = transferError(buf, len, flags);
    if (bad < 0) return bad;
    const st = this.fds.get(h);
    if (st !== undefined && (st.shut & SHUT_SENDS) !== 0) return -WSAESHUTDOWN;
    const f = msgFlags(flags);
    let n = this.libc.send(h, buf, len, f | L.MSG_NOSIGNAL) as number;
    if (n >= 0) return this.connected(h, st, n);
    let code = this.fail();
    if (code === -WSAECONNREFUSED && this.isDatagram(h)) {
      // Linux hands the ICMP "port unreachable" of an earlier datagram to the next send, which
      // then sends nothing; Winsock's sends all succeed (sock.c, test_UDP). The error is taken
      // now, so the datagram goes out on a second try.
      n = this.libc.send(h, buf, len, f | L.MSG_NOSIGNAL) as number;
      if (n >= 0) return n;
      code = this.fail();
    }
    // A datagram socket without a default peer: Linux says EDESTADDRREQ, Winsock's send
    // WSAENOTCONN (sock.c, test_connect_udp).
    if (code === -WSAEDESTADDRREQ && this.isDatagram(h)) return -WSAENOTCONN;
    // As recv: a send on a socket still connecting is WSAENOTCONN, not a wait.
    if (code === -WSAEWOULDBLOCK && this.stillConnecting(h)) return -WSAENOTCONN;
    if (code === -WSAECONNRESET) {
      // ECONNRESET is a reset connection, so one that was made; EPIPE a socket with no
      // connection to send on (errno is still the send's: nothing was called since).
      if (this.libc.errno() !== this.epipe) this.connected(h, st, 0);
      else if (this.neverConnected(h)) return -WSAENOTCONN;
    }
    return code;
  }

  /** A transfer's count, noting that the socket is (or was) connected. */
  private connected(h: number, st: FdState | undefined, n: number): number {
    if (st === undefined) this.fd(h).everConnected = true;
    else st.everConnected = true;
    return n;
  }

  /** See FdState.everConnected: a stream socket with no peer now that was never seen with one. */
  private neverConnected(h: number): boolean {
    const st = this.fds.get(h);
    if (st !== undefined && (st.everConnected || st.reset)) return false;
    if (this.isDatagram(h)) return false;
    this.saLen[0] = SOCKADDR_STORAGE_SIZE;
    return (this.libc.getpeername(h, this.sa, this.saLen) as number) < 0;
  }

  recv(h: number, buf: Uint8Array, len: number, flags: number): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = transferError(buf, len, flags);
    if (bad < 0) return bad;
    const st = this.fds.get(h);
    if (st !== undefined && (st.shut & SHUT_RECEIVES) !== 0) return -WSAESHUTDOWN;
    const f = msgFlags(flags);
    if (this.isDatagram(h)) return this.recvDatagram(h, buf, len, f, null);
    const n = this.libc.recv(h, buf, len, f) as number;
    return this.streamResult(h, st, n, len, f);
  }

  /**
   * A stream recv's result with Winsock's memory of a reset: after WSAECONNRESET every recv
   * says it again (sock.c, test_tcp_reset), where Linux says end of file.
   */
  private streamResult(h: number, st: FdState | undefined, n: number, len: number, f: number): number {
    if (n >= 0) this.connected(h, st, n);
    if (n < 0) {
      const code = this.fail();
      if (code === -WSAECONNRESET) {
        const kept = this.fd(h);
        kept.reset = true;
        kept.resetCode ||= WSAECONNRESET;
      }
      // Linux makes a recv on a socket still connecting wait; Winsock says it is not connected.
      if (code === -WSAEWOULDBLOCK && this.stillConnecting(h)) return -WSAENOTCONN;
      return code;
    }
    if (n === 0 && len > 0 && !(f & L.MSG_OOB)) {
      if (st?.reset === true) return -(st.resetCode || WSAECONNRESET);
      // The peer's FIN came first and then its RST (data sent to a peer that had closed): Linux
      // reports end of file and leaves the reset in SO_ERROR; Winsock says the connection was
      // aborted (sock.c, test_shutdown), on every recv from then on.
      this.saLen[0] = 4;
      if ((this.libc.getsockopt(h, L.SOL_SOCKET, L.SO_ERROR, this.intArg, this.saLen) as number) === 0 &&
          errnoToWsa(this.intArg[0]!) === WSAECONNRESET) {
        const kept = this.fd(h);
        kept.reset = true;
        kept.resetCode = WSAECONNABORTED;
        return -WSAECONNABORTED;
      }
    }
    return n;
  }

  sendto(h: number, buf: Uint8Array, len: number, flags: number, to: SockAddr): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = transferError(buf, len, flags);
    if (bad < 0) return bad;
    if (((this.fds.get(h)?.shut ?? 0) & SHUT_SENDS) !== 0) return -WSAESHUTDOWN;
    const f = msgFlags(flags);
    const alen = encodeSockAddr(to, this.sa, L.AF_INET6);
    if (alen < 0) return alen;
    let n = this.libc.sendto(h, buf, len, f | L.MSG_NOSIGNAL, this.sa, alen) as number;
    if (n >= 0) return n;
    let code = this.fail();
    if (this.isDatagram(h)) {
      if (code === -WSAECONNREFUSED) {
        // See send: an earlier datagram's ICMP error, not this one's.
        n = this.libc.sendto(h, buf, len, f | L.MSG_NOSIGNAL, this.sa, alen) as number;
        if (n >= 0) return n;
        code = this.fail();
      }
      // Winsock sends a datagram to port 0, which no socket can receive (sock.c, test_UDP);
      // Linux refuses it with EINVAL. Nothing can tell the two apart but the implicit bind.
      if (code === -WSAEINVAL && to.port === 0) return this.sentNowhere(h, to, len);
    }
    return code;
  }

  /** A datagram to port 0: bound as a send would bind the socket, then reported sent. */
  private sentNowhere(h: number, to: SockAddr, len: number): number {
    this.saLen[0] = SOCKADDR_STORAGE_SIZE;
    if ((this.libc.getsockname(h, this.sa, this.saLen) as number) === 0 && isUnbound(this.sa, Math.min(this.saLen[0]!, SOCKADDR_STORAGE_SIZE))) {
      const any: SockAddr = { family: to.family, addr: new Uint8Array(to.family === W.AF_INET6 ? 16 : 4), port: 0, flowinfo: 0, scopeId: 0 };
      const blen = encodeSockAddr(any, this.sa, L.AF_INET6);
      if (blen > 0 && (this.libc.bind(h, this.sa, blen) as number) < 0) return this.fail();
    }
    return len;
  }

  recvfrom(h: number, buf: Uint8Array, len: number, flags: number, from: SockAddr | null): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = transferError(buf, len, flags, from ?? null);
    if (bad < 0) return bad;
    const st = this.fds.get(h);
    if (st !== undefined && (st.shut & SHUT_RECEIVES) !== 0) return -WSAESHUTDOWN;
    const f = msgFlags(flags);
    if (this.isDatagram(h)) return this.recvDatagram(h, buf, len, f, from ?? null);
    this.saLen[0] = SOCKADDR_STORAGE_SIZE;
    const n = this.streamResult(h, st, this.libc.recvfrom(h, buf, len, f, this.sa, this.saLen) as number, len, f);
    if (n < 0) return n;
    // A connected stream reports no source (length 0): `from` is left as it was.
    if (from) decodeSockAddr(this.sa, Math.min(this.saLen[0]!, SOCKADDR_STORAGE_SIZE), from, L.AF_INET6);
    return n;
  }

  private isDatagram(h: number): boolean {
    let t = this.types.get(h);
    if (t === undefined) {
      this.saLen[0] = 4;
      if ((this.libc.getsockopt(h, L.SOL_SOCKET, L.SO_TYPE, this.intArg, this.saLen) as number) < 0) return false;
      t = this.intArg[0]!;
      this.types.set(h, t);
    }
    return t === L.SOCK_DGRAM;
  }

  /**
   * A datagram receive with Winsock's rules, which Linux does not follow by itself: MSG_OOB is
   * WSAEOPNOTSUPP (Linux would wait for a datagram), and a datagram longer than the buffer fills
   * it and fails with WSAEMSGSIZE (Linux truncates it silently; MSG_TRUNC reports its real size).
   */
  private recvDatagram(h: number, buf: Uint8Array, len: number, f: number, from: SockAddr | null): number {
    if (f & L.MSG_OOB) return -WSAEOPNOTSUPP;
    this.saLen[0] = SOCKADDR_STORAGE_SIZE;
    const n = this.libc.recvfrom(h, buf, len, f | L.MSG_TRUNC, this.sa, this.saLen) as number;
    if (n < 0) return this.fail();
    if (from) decodeSockAddr(this.sa, Math.min(this.saLen[0]!, SOCKADDR_STORAGE_SIZE), from, L.AF_INET6);
    return n > len ? -WSAEMSGSIZE : n;
  }

  shutdown(h: number, how: number): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = shutdownError(how);
    if (bad < 0) return bad;
    const mode = how === W.SD_RECEIVE ? L.SHUT_RD : how === W.SD_SEND ? L.SHUT_WR : L.SHUT_RDWR;
    const stream = !this.isDatagram(h);
    let peer: SockAddr | null = null;
    if (stream) {
      // Linux records the shutdown even when it fails with ENOTCONN, so it would cut a later
      // connection, and shuts a listener down; Winsock fails both with WSAENOTCONN and changes
      // nothing (sock.c, test_shutdown).
      peer = { family: 0, addr: new Uint8Array(16), port: 0, flowinfo: 0, scopeId: 0 };
      const named = this.getpeername(h, peer);
      if (named === -WSAENOTCONN && this.fds.get(h)?.peer == null) return -WSAENOTCONN;
      if (named < 0) peer = null;
    }
    const bits = how === W.SD_RECEIVE ? SHUT_RECEIVES : how === W.SD_SEND ? SHUT_SENDS : SHUT_RECEIVES | SHUT_SENDS;
    if ((this.libc.shutdown(h, mode) as number) === 0) {
      const st = this.fd(h);
      st.shut |= bits;
      if (peer !== null) st.peer = peer;
      return 0;
    }
    const code = this.fail();
    // Winsock's WSAENOTCONN "applies only to a connection-oriented socket": an unconnected
    // datagram socket shuts down fine there (Linux refuses it with ENOTCONN).
    if (code === -WSAENOTCONN && this.isDatagram(h)) {
      this.fd(h).shut |= bits;
      return 0;
    }
    return code;
  }

  /** An urgent byte waits to be read with MSG_OOB (Linux keeps at most one, out of line). */
  private urgentWaiting(h: number): boolean {
    if (this.isDatagram(h)) return false;
    const n = this.libc.recv(h, this.oobPeek, 1, L.MSG_OOB | L.MSG_PEEK) as number;
    // EWOULDBLOCK: the urgent pointer arrived ahead of its byte; that byte is urgent data too.
    return n === 1 || (n < 0 && this.fail() === -WSAEWOULDBLOCK);
  }

  private isListening(h: number): boolean {
    this.saLen[0] = 4;
    return (this.libc.getsockopt(h, L.SOL_SOCKET, L.SO_ACCEPTCONN, this.intArg, this.saLen) as number) === 0 && this.intArg[0] !== 0;
  }

  close(h: number): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    // closesocket() refuses what is not a socket; close() would happily take stdout.
    this.saLen[0] = 4;
    if ((this.libc.getsockopt(h, L.SOL_SOCKET, L.SO_TYPE, this.intArg, this.saLen) as number) < 0) return this.fail();
    if (this.lingersOnClose(h)) return -WSAEWOULDBLOCK;
    this.pollerInstance?.forget(h);
    this.options.forget(h);
    this.types.delete(h);
    this.fds.delete(h);
    // Linux releases the descriptor even when close() reports EINTR: never retry.
    const rc = this.libc.close(h) as number;
    if (rc < 0) {
      const code = this.fail();
      return code === -WSAEINTR ? 0 : code;
    }
    return 0;
  }

  /**
   * Winsock's closesocket refuses a non-blocking socket whose SO_LINGER is {on, n > 0} while
   * sent data is still unacknowledged: it fails WSAEWOULDBLOCK and leaves the socket open and
   * connected. Linux's close() would instead hold the thread for up to n seconds, whatever
   * O_NONBLOCK says. A blocking socket lingers on both.
   */
  private lingersOnClose(h: number): boolean {
    this.saLen[0] = 8;
    if ((this.libc.getsockopt(h, L.SOL_SOCKET, L.SO_LINGER, this.lingerArg, this.saLen) as number) < 0) return false;
    if (this.lingerArg[0] === 0 || this.lingerArg[1] === 0) return false;
    const flags = this.libc.fcntl(h, L.F_GETFL) as number;
    if (flags < 0 || (flags & L.O_NONBLOCK) === 0) return false;
    if ((this.libc.ioctl(h, L.TIOCOUTQ, 'void *', this.intArg) as number) < 0) return false;
    return this.intArg[0]! > 0;
  }

  getsockopt(h: number, level: number, name: number, val: Uint8Array, len: Uint32Array): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = getOptionError(level, name, val, len);
    if (bad < 0) return bad;
    const rc = this.options.get(h, level, name, val, len);
    if (rc === 0 && level === W.SOL_SOCKET && name === W.SO_ERROR) {
      // Winsock keeps a failed connect's error in SO_ERROR; Linux clears it once read.
      const view = new DataView(val.buffer, val.byteOffset, 4);
      const code = this.noteError(h, view.getInt32(0, true));
      const kept = this.fds.get(h)?.connectError ?? 0;
      view.setInt32(0, code !== 0 ? code : kept, true);
    }
    return rc;
  }

  setsockopt(h: number, level: number, name: number, val: Uint8Array, len: number): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const n = setOptionLength(level, name, val, len);
    if (n < 0) return n;
    return this.options.set(h, level, name, val, n);
  }

  getsockname(h: number, out: SockAddr): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = nameOutError(out);
    if (bad < 0) return bad;
    this.saLen[0] = SOCKADDR_STORAGE_SIZE;
    if ((this.libc.getsockname(h, this.sa, this.saLen) as number) < 0) return this.fail();
    const len = Math.min(this.saLen[0]!, SOCKADDR_STORAGE_SIZE);
    if (isUnbound(this.sa, len)) return -WSAEINVAL;
    return decodeSockAddr(this.sa, len, out, L.AF_INET6) ? 0 : -WSAEAFNOSUPPORT;
  }

  getpeername(h: number, out: SockAddr): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = nameOutError(out);
    if (bad < 0) return bad;
    this.saLen[0] = SOCKADDR_STORAGE_SIZE;
    if ((this.libc.getpeername(h, this.sa, this.saLen) as number) < 0) {
      const code = this.fail();
      // A connection both sides shut down is closed for Linux, which then names no peer;
      // Winsock still does (sock.c, test_shutdown).
      // A connect under way already has its peer on Winsock (sock.c, test_connecting_socket).
      const target = this.fds.get(h)?.target;
      if (code === -WSAENOTCONN && target != null && this.stillConnecting(h)) {
        Object.assign(out, { ...target, addr: target.addr.slice() });
        return 0;
      }
      const kept = this.fds.get(h)?.peer;
      if (code === -WSAENOTCONN && kept != null && !this.fds.get(h)!.reset) {
        Object.assign(out, { ...kept, addr: kept.addr.slice() });
        return 0;
      }
      return code;
    }
    if (!decodeSockAddr(this.sa, Math.min(this.saLen[0]!, SOCKADDR_STORAGE_SIZE), out, L.AF_INET6)) return -WSAEAFNOSUPPORT;
    this.fd(h).everConnected = true;
    return 0;
  }

  describe(h: number): SocketDescription | number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    // Its FdState stays: a Detach and Attach keeps what Winsock keeps with the socket. (A
    // number closed behind this layer and reused would keep the old socket's state: only
    // close, socket and accept tell this layer that a number changed hands.)
    this.types.delete(h);
    return describeSocket(this, h);
  }

  ioctl(h: number, cmd: number, arg: Uint32Array): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const bad = ioctlError(cmd, arg);
    if (bad < 0) return bad;
    const req = cmd === W.FIONBIO ? L.FIONBIO : cmd === W.FIONREAD ? L.FIONREAD : L.SIOCATMARK;
    this.intArg[0] = cmd === W.FIONBIO ? (arg[0] !== 0 ? 1 : 0) : 0;
    if ((this.libc.ioctl(h, req, 'void *', this.intArg) as number) < 0) return this.fail();
    // Winsock's SIOCATMARK is TRUE exactly when no urgent byte waits to be read out of band
    // (sock.c, test_fionread_siocatmark); Linux's says "the read pointer is at the mark", which
    // is another question (and its negation, Wine's answer, is wrong before the mark is reached).
    // FIONREAD leaves the out-of-line urgent byte out on both.
    if (cmd === W.FIONREAD) arg[0] = Math.max(this.intArg[0]!, 0);
    else if (cmd === W.SIOCATMARK) arg[0] = this.urgentWaiting(h) ? 0 : 1;
    return 0;
  }

  socketError(h: number): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    this.saLen[0] = 4;
    if ((this.libc.getsockopt(h, L.SOL_SOCKET, L.SO_ERROR, this.intArg, this.saLen) as number) < 0) return this.fail();
    return this.noteError(h, errnoToWsa(this.intArg[0]!));
  }

  /** Records what a pending error read from SO_ERROR means for the socket's later calls. */
  private noteError(h: number, code: number): number {
    if (code === 0) return 0;
    const st = this.fd(h);
    if (CONNECT_FAILURES.has(code) && st.connecting) {
      st.connecting = false;
      st.connectError = code;
    } else if (code === WSAECONNRESET || (st.everConnected && !this.isDatagram(h))) {
      // The connection broke (a reset, a timeout): Linux clears SO_ERROR once read and then
      // reports end of file; Winsock's recv keeps saying the error.
      st.reset = true;
      st.resetCode ||= code;
    }
    return code;
  }

  /** The TCP state byte of `struct tcp_info`, or -1. */
  private tcpState(h: number): number {
    this.tcpInfo.fill(0);
    this.saLen[0] = this.tcpInfo.length;
    if ((this.libc.getsockopt(h, L.IPPROTO_TCP, L.TCP_INFO, this.tcpInfo, this.saLen) as number) < 0) return -1;
    return this.tcpInfo[0]!;
  }

  /** A connect of this layer's is still sending SYNs (TCP_SYN_SENT, linux/tcp_states.h). */
  private stillConnecting(h: number): boolean {
    const st = this.fds.get(h);
    if (st === undefined || !st.synPending) return false;
    if (this.tcpState(h) === 2) return true;
    st.synPending = false;
    return false;
  }

  peerClosed(h: number): number {
    if (!this.usable(h)) return -1;
    this.tcpInfo.fill(0);
    this.saLen[0] = this.tcpInfo.length;
    if ((this.libc.getsockopt(h, L.IPPROTO_TCP, L.TCP_INFO, this.tcpInfo, this.saLen) as number) < 0) return -1;
    // The peer's FIN has arrived in CLOSE_WAIT, LAST_ACK, CLOSING and TIME_WAIT; CLOSE is a
    // reset (or both sides done). ESTABLISHED, FIN_WAIT1/2: the peer has not closed.
    return PEER_CLOSED_STATES.has(this.tcpInfo[0]!) ? 1 : 0;
  }

  poller(): Poller {
    this.pollerInstance ??= new EpollPoller(this.libc);
    return this.pollerInstance;
  }

  waitSync(h: number, events: number, timeoutMs: number): number {
    if (!this.usable(h)) return -WSAENOTSOCK;
    const limit = waitLimit(events, timeoutMs);
    if (limit === null) return -WSAEINVAL;
    // A Worker's event loop cannot run during the wait anyway, and a Worker stopped meanwhile
    // (process.exit, terminate) runs no JavaScript again: its koffi poll handle must already be
    // closed then, or the thread's teardown crashes the process (see EpollPoller.park).
    const parked = !isMainThread && this.pollerInstance !== undefined;
    if (parked) this.pollerInstance!.park();
    try {
      if (isMainThread) return this.waiter.wait(h, events, limit);
      return this.waitInSlices(h, events, limit);
    } finally {
      if (parked) this.pollerInstance!.unpark();
    }
  }

  /**
   * A Worker waits in slices of at most WORKER_WAIT_SLICE_MS: Node stops a Worker (at
   * process.exit or terminate) only when it returns to JavaScript, so a longer native wait would
   * hold the whole process's exit for the rest of it.
   */
  private waitInSlices(h: number, events: number, limit: number): number {
    const forever = limit === -1;
    const end = forever ? 0 : Date.now() + limit;
    for (;;) {
      const left = forever ? WORKER_WAIT_SLICE_MS : Math.max(0, end - Date.now());
      const rc = this.waiter.wait(h, events, Math.min(left, WORKER_WAIT_SLICE_MS));
      if (rc !== 0 || (!forever && Date.now() >= end)) return rc;
    }
  }

  wakeToken(): WakeToken { return this.waiter.token(); }
  signalWake(token: WakeToken): void { this.waiter.signalToken(token); }
  drainWake(): void { this.waiter.drain(); }

  resolve(host: string, family: number): SockAddr[] | number {
    return this.resolver.resolve(host, family);
  }
}

/**
 * Linux answers getsockname on an unbound IP socket with the wildcard address and port 0;
 * Winsock fails it with WSAEINVAL. Binding to port 0 picks a port at once on Linux, so a zero
 * port with a wildcard address can only mean "not bound".
 */
function isUnbound(sa: Uint8Array, len: number): boolean {
  if (len < 4 || sa[2] !== 0 || sa[3] !== 0) return false;
  const fam = new Uint16Array(sa.buffer, sa.byteOffset, 1)[0];
  if (fam === L.AF_INET) return len >= 8 && sa[4] === 0 && sa[5] === 0 && sa[6] === 0 && sa[7] === 0;
  if (fam === L.AF_INET6) return len >= 24 && sa.subarray(8, 24).every((b) => b === 0);
  return false;
}

export function createLinuxApi(): SocketApi {
  return new LinuxSocketApi();
}

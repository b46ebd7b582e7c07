/**
 * The contract between afxsock and the operating system's socket API.
 *
 * Conventions, the same for every method and every platform:
 *  - Numbers in, numbers out. Constants (AF_*, SOCK_*, SOL_*, SO_*, MSG_*, FIONBIO, ...) are
 *    Winsock's values from `src/wsa/constants.ts`; each implementation translates them to the
 *    host's own. Option values use Winsock's layouts (LINGER = two u16, SO_RCVTIMEO = u32 ms,
 *    BOOL options = i32) and are converted where the host differs.
 *  - A result >= 0 is success (a handle, a byte count, 0). A result < 0 is `-code`, where `code`
 *    is the Windows Sockets error (10035 = WSAEWOULDBLOCK...), translated once, here.
 *  - Every socket this layer creates or accepts is non-blocking and close-on-exec.
 *  - No call may crash the process whatever it is given: lengths are checked against the real
 *    buffer (`-WSAEFAULT`), handles and integers are validated (`-WSAENOTSOCK`, `-WSAEINVAL`).
 *    Callers above check too; this layer is the last guard before memory is touched.
 */

import type { SockAddr } from '../wsa/sockaddr.js';
export type { SockAddr };

/** Readiness bits, as reported by the poller and the synchronous wait. */
export const POLL_READ = 1;
export const POLL_WRITE = 2;
/** The peer closed (FIN) or the connection broke: read or check SO_ERROR to learn which. */
export const POLL_HUP = 4;
/** An error is pending on the socket: read SO_ERROR or retry the call. */
export const POLL_ERR = 8;
/** Only from `waitSync`: the thread's wake descriptor was signalled. */
export const POLL_WAKE = 16;
/** Urgent (out-of-band) data is pending (Linux EPOLLPRI; not reported on Windows). */
export const POLL_OOB = 32;

/**
 * A level-triggered readiness watcher on Node's event loop (koffi.node.poll underneath).
 * The poller owns every poll handle: nothing else may create one.
 */
export interface Poller {
  /**
   * Watch `h` for `events` (POLL_READ | POLL_WRITE | POLL_HUP; 0 = stop watching, keep the
   * registration). POLL_HUP alone asks only for peer close / breakage (Linux EPOLLRDHUP,
   * libuv's `disconnect`), so FD_CLOSE can be watched while FD_READ is disabled without the
   * level-triggered readable state spinning the loop.
   * The first call registers `h` and its callback; later calls only change the interest.
   * While interest is non-zero, `cb` runs on the event loop each time `h` is ready for any
   * of it (level-triggered: the caller narrows the interest after a notification).
   * `revents` may include POLL_HUP / POLL_ERR, and may be a stale hint (treat readiness as a
   * hint and accept WSAEWOULDBLOCK). Returns 0 or -code.
   */
  watch(h: number, events: number, cb: (h: number, revents: number) => void): number;
  /** Forget `h` entirely. Must be called before the socket is closed. Idempotent. */
  forget(h: number): void;
  /** Whether a watch on `h` keeps the process alive (default true, like a net.Socket). */
  setRef(h: number, ref: boolean): void;
}

/**
 * Something any thread can signal to wake a `waitSync` of the thread that owns it.
 * Plain data, so it can cross `postMessage`.
 */
export interface WakeToken {
  /** Linux: an eventfd number (descriptors are process-wide). Windows: a UDP port on 127.0.0.1. */
  readonly kind: 'eventfd' | 'udp';
  readonly value: number;
}

/** getaddrinfo's answer: the canonical name when asked for (null if none) and the addresses. */
export interface Resolved {
  canon: string | null;
  addrs: SockAddr[];
}

/**
 * Name resolution on each platform: the SocketApi's `resolve`, and the lookup Worker's host
 * calls. Errors are -code (WSAHOST_NOT_FOUND, WSATRY_AGAIN, ...).
 */
export interface Resolver {
  resolve(host: string, family: number): SockAddr[] | number;
  /** getaddrinfo, with AI_CANONNAME when `canonical`; the list may be empty. */
  lookup(host: string, family: number, canonical: boolean): Resolved | number;
  /** getnameinfo with a name required (NI_NAMEREQD): the host's name, or -code. */
  hostName(sa: SockAddr): string | number;
}

/** What a socket handle is (SocketApi.describe): what Attach learns about a handle it did not create. */
export interface SocketDescription {
  /** AF_INET or AF_INET6. */
  family: number;
  /** SOCK_STREAM, SOCK_DGRAM, ... (Winsock's values). */
  type: number;
  /** A stream socket that listens. */
  listening: boolean;
  /** A stream socket with a peer (connected, or a connect under way). */
  connected: boolean;
}

export interface SocketApi {
  readonly platform: 'linux' | 'win32';

  /** A new non-blocking, close-on-exec socket. */
  socket(af: number, type: number, protocol: number): number;
  bind(h: number, sa: SockAddr): number;
  listen(h: number, backlog: number): number;
  /** Accepts one connection (non-blocking, close-on-exec); fills `peer` when given. */
  accept(h: number, peer: SockAddr | null): number;
  /** Non-blocking connect: 0, or -WSAEWOULDBLOCK while it completes (EINPROGRESS is mapped). */
  connect(h: number, sa: SockAddr): number;
  /** Sends `len` bytes from `buf[0..len)`; Linux adds MSG_NOSIGNAL. */
  send(h: number, buf: Uint8Array, len: number, flags: number): number;
  recv(h: number, buf: Uint8Array, len: number, flags: number): number;
  sendto(h: number, buf: Uint8Array, len: number, flags: number, to: SockAddr): number;
  recvfrom(h: number, buf: Uint8Array, len: number, flags: number, from: SockAddr | null): number;
  /** how: SD_RECEIVE 0, SD_SEND 1, SD_BOTH 2. */
  shutdown(h: number, how: number): number;
  /**
   * closesocket / close. The caller has already forgotten `h` in the poller. -WSAEWOULDBLOCK
   * leaves `h` open: a non-blocking socket with SO_LINGER {on, n > 0} and sent data still
   * unacknowledged, as on Winsock.
   */
  close(h: number): number;
  /**
   * Reads an option into `val` in Winsock's layout; `len[0]` is the buffer size in and the
   * value's size out. Returns 0 or -code.
   */
  getsockopt(h: number, level: number, name: number, val: Uint8Array, len: Uint32Array): number;
  setsockopt(h: number, level: number, name: number, val: Uint8Array, len: number): number;
  getsockname(h: number, out: SockAddr): number;
  getpeername(h: number, out: SockAddr): number;
  /** ioctlsocket with FIONBIO / FIONREAD / SIOCATMARK; `arg[0]` is in and out (u32). */
  ioctl(h: number, cmd: number, arg: Uint32Array): number;
  /**
   * What `h` is, for a handle from elsewhere (a Detach, another library). Changes nothing:
   * whatever this layer keeps for the socket (Linux: its shutdown directions, its reset) stays
   * with it. -WSAENOTSOCK for a descriptor that is not a socket, -WSAEAFNOSUPPORT for one that
   * is not IPv4 or IPv6.
   */
  describe(h: number): SocketDescription | number;
  /** The pending error (SO_ERROR) as a Winsock code; 0 if none; -code if the call failed. */
  socketError(h: number): number;
  /**
   * Whether the peer of a connected stream socket has closed or reset the connection (1), has
   * not (0), or this back end cannot tell (-1). For what readiness cannot say: after a local
   * receive shutdown Linux reports end of stream whatever the peer did.
   */
  peerClosed(h: number): number;

  /** The event-loop poller (created on first use). */
  poller(): Poller;

  /**
   * Block this thread until `h` is ready for `events` (POLL_READ | POLL_WRITE), this thread's
   * wake descriptor is signalled, or `timeoutMs` passes (-1 = no limit). Returns the ready bits
   * (POLL_* including POLL_WAKE), 0 on timeout, or -code. Does not drain the wake.
   */
  waitSync(h: number, events: number, timeoutMs: number): number;
  /** This thread's wake descriptor, created on first use. */
  wakeToken(): WakeToken;
  /** Signal a wake descriptor, from any thread. */
  signalWake(token: WakeToken): void;
  /** Empty this thread's wake descriptor after a wake. */
  drainWake(): void;

  /**
   * Synchronous name resolution (getaddrinfo). `family` AF_UNSPEC / AF_INET / AF_INET6.
   * Returns the addresses in the resolver's order, or -code (WSAHOST_NOT_FOUND, ...).
   */
  resolve(host: string, family: number): SockAddr[] | number;
}

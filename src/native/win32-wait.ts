/**
 * The synchronous wait on Windows: WSAPoll on [socket, wake], where the wake is a non-blocking
 * UDP socket bound to 127.0.0.1:0, one per thread (a module instance is one thread: the main
 * thread or one Worker). Any thread wakes it by sending one datagram to its port; a datagram
 * sent before the wait begins stays readable, so no wake is lost.
 */
import { isMainThread } from 'node:worker_threads';
import { POLL_ERR, POLL_HUP, POLL_READ, POLL_WAKE, POLL_WRITE, type WakeToken } from './types.js';
import { WSAENOTSOCK } from '../wsa/errors.js';
import { AF_INET, IPPROTO_UDP, SOCK_DGRAM } from '../wsa/constants.js';
import { SOCKADDR_IN_SIZE, encodeSockAddr, decodeSockAddr } from './sockaddr.js';
import type { Ws2 } from './win32-lib.js';
import { announceWakePort, processExiting } from './win32-exit-wakes.js';

const POLLRDNORM = 0x0100;
const POLLWRNORM = 0x0010;
const POLLERR = 0x0001;
const POLLHUP = 0x0002;
const POLLNVAL = 0x0004;
/** sizeof(WSAPOLLFD) on x64: SOCKET, short events, short revents, padding. */
const POLLFD_SIZE = 16;
const WINDOWS_AF_INET6 = 23;
const LOOPBACK = new Uint8Array([127, 0, 0, 1]);

export interface WaitDeps {
  ws2: Ws2;
  /** A new non-blocking, non-inheritable socket, or -code. */
  openSocket(af: number, type: number, protocol: number): number;
  lastError(): number;
  /** Whether `h` is a live socket (a cheap getsockopt). */
  isOpen(h: number): boolean;
  /** Runs once, in a Worker, when the main thread has begun to exit. */
  onExiting(): void;
}

export interface Waiter {
  waitSync(h: number, events: number, timeoutMs: number): number;
  /**
   * The readiness of `h` right now (WSAPoll with no wait): POLL_READ / POLL_WRITE / POLL_HUP /
   * POLL_ERR, or -1 if it cannot be told. Lets the poller drop the stale notifications libuv's
   * AFD poll delivers after the state changed (see `confirmed` in win32-poller.ts).
   */
  probe(h: number): number;
  wakeToken(): WakeToken;
  signalWake(token: WakeToken): void;
  drainWake(): void;
}

export function createWin32Waiter(deps: WaitDeps): Waiter {
  const { ws2 } = deps;
  const fds = Buffer.alloc(POLLFD_SIZE * 2);
  const one = new Uint8Array(1);
  const drainBuf = new Uint8Array(64);
  const toBuf = new Uint8Array(SOCKADDR_IN_SIZE);
  let wake = -1;
  let token: WakeToken | undefined;
  let sender = -1;
  let exitSeen = false;

  function ownWake(): number {
    if (wake >= 0) return wake;
    const s = deps.openSocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    if (s < 0) throw new Error(`afxsock: cannot create the wake socket (WSA error ${-s})`);
    const addr = new Uint8Array(SOCKADDR_IN_SIZE);
    encodeSockAddr({ family: AF_INET, addr: LOOPBACK, port: 0, flowinfo: 0, scopeId: 0 }, addr, WINDOWS_AF_INET6);
    const len = new Int32Array([SOCKADDR_IN_SIZE]);
    if (ws2.bind(s, addr, SOCKADDR_IN_SIZE) !== 0 || ws2.getsockname(s, addr, len) !== 0) {
      const code = deps.lastError();
      ws2.closesocket(s);
      throw new Error(`afxsock: cannot bind the wake socket (WSA error ${code})`);
    }
    const sa = { family: 0, addr: new Uint8Array(4), port: 0, flowinfo: 0, scopeId: 0 };
    decodeSockAddr(addr, len[0]!, sa, WINDOWS_AF_INET6);
    wake = s;
    token = Object.freeze({ kind: 'udp', value: sa.port } as const);
    // A thread blocked in WSAPoll would keep the process from exiting: wake it on the way out.
    const t = token;
    announceWakePort(t.value, true);
    process.once('exit', () => {
      signalWake(t);
      announceWakePort(t.value, false);
      // A Worker's sockets would outlive it: the process goes on.
      if (!isMainThread) {
        ws2.closesocket(wake);
        if (sender >= 0) ws2.closesocket(sender);
        wake = sender = -1;
      }
    });
    return wake;
  }

  /** `h`, `events` and `limit` (-1: none, else whole ms) were checked by arg-guard.ts. */
  function waitSync(h: number, events: number, limit: number): number {
    // The process is exiting: stay in JavaScript, where Node's termination of this thread
    // takes effect (a koffi call caught by it aborts the process).
    if (processExiting()) {
      if (!exitSeen) {
        exitSeen = true;
        deps.onExiting();
      }
      return POLL_WAKE;
    }
    const w = ownWake();
    // Wine leaves a dead entry out of WSAPoll's count: with no limit it would wait forever.
    if (!deps.isOpen(h)) return -WSAENOTSOCK;
    let want = 0;
    if (events & POLL_READ) want |= POLLRDNORM;
    if (events & POLL_WRITE) want |= POLLWRNORM;
    fds.fill(0);
    fds.writeBigUInt64LE(BigInt(h), 0);
    fds.writeInt16LE(want, 8);
    fds.writeBigUInt64LE(BigInt(w), POLLFD_SIZE);
    fds.writeInt16LE(POLLRDNORM, POLLFD_SIZE + 8);
    const rc = ws2.WSAPoll(fds, 2, limit) as number;
    if (rc < 0) return -deps.lastError();
    const re = fds.readInt16LE(10);
    if (re & POLLNVAL) return -WSAENOTSOCK;
    if (rc === 0) return 0;
    let ready = 0;
    if (re & POLLRDNORM) ready |= POLL_READ;
    if (re & POLLWRNORM) ready |= POLL_WRITE;
    // Wine reports a peer FIN to a reader as POLLHUP alone, and a refused connect as POLLERR
    // alone: both mean "the call you are waiting to retry will now complete".
    if (re & POLLHUP) ready |= POLL_HUP | events;
    if (re & POLLERR) ready |= POLL_ERR | events;
    if (fds.readInt16LE(POLLFD_SIZE + 10) !== 0) ready |= POLL_WAKE;
    return ready;
  }

  const probeFd = Buffer.alloc(POLLFD_SIZE);

  function probe(h: number): number {
    probeFd.fill(0);
    probeFd.writeBigUInt64LE(BigInt(h), 0);
    probeFd.writeInt16LE(POLLRDNORM | POLLWRNORM, 8);
    if ((ws2.WSAPoll(probeFd, 1, 0) as number) < 0) return -1;
    const re = probeFd.readInt16LE(10);
    if (re & POLLNVAL) return -1;
    let now = 0;
    if (re & POLLRDNORM) now |= POLL_READ;
    if (re & POLLWRNORM) now |= POLL_WRITE;
    if (re & POLLHUP) now |= POLL_HUP;
    if (re & POLLERR) now |= POLL_ERR;
    return now;
  }

  function wakeToken(): WakeToken {
    ownWake();
    return token!;
  }

  function signalWake(t: WakeToken): void {
    if (typeof t !== 'object' || t === null || t.kind !== 'udp') return;
    const port = t.value;
    if (!Number.isInteger(port) || port <= 0 || port > 0xffff) return;
    if (sender < 0) {
      const s = deps.openSocket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
      if (s < 0) return;
      sender = s;
    }
    encodeSockAddr({ family: AF_INET, addr: LOOPBACK, port, flowinfo: 0, scopeId: 0 }, toBuf, WINDOWS_AF_INET6);
    // A full receive buffer (WSAEWOULDBLOCK) means a wake is already pending: nothing to do.
    ws2.sendto(sender, one, 1, 0, toBuf, SOCKADDR_IN_SIZE);
  }

  function drainWake(): void {
    if (wake < 0 || processExiting()) return;
    // Bounded: a flood of datagrams from elsewhere cannot hold the thread here.
    for (let i = 0; i < 1024; i++) {
      if ((ws2.recvfrom(wake, drainBuf, drainBuf.byteLength, 0, null, null) as number) < 0) return;
    }
  }

  return { waitSync, probe, wakeToken, signalWake, drainWake };
}

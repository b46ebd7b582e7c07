/**
 * The SocketApi over ws2_32.dll. Constants, option layouts and error codes are already
 * Winsock's, so this layer passes them through; what it adds is the contract's guarantees:
 * every socket non-blocking and not inherited, every argument checked before koffi sees it,
 * WSAGetLastError() read right after the failing call, and Winsock started lazily.
 *
 * The parts with their own mechanism live beside it: win32-poller.ts (koffi.node.poll),
 * win32-wait.ts (WSAPoll + UDP wake), win32-resolve.ts (GetAddrInfoW / GetNameInfoW).
 */
import { resolveSocketParams } from './socket-params.js';
import type { Poller, Resolver, SockAddr, SocketApi, SocketDescription, WakeToken } from './types.js';
import { describeSocket } from './describe.js';
import { loadWs2, type Ws2 } from './win32-lib.js';
import {
  acceptError, backlogError, clampBacklog, clampInt, getOptionError, ioctlError, isSocket, nameOutError,
  setOptionLength, shutdownError, transferError, waitLimit,
} from './arg-guard.js';
import { createWin32Poller, type Win32Poller } from './win32-poller.js';
import { createWin32Waiter, type Waiter } from './win32-wait.js';
import { collectWakePorts } from './win32-exit-wakes.js';
import { createWin32Resolver } from './win32-resolve.js';
import { decodeSockAddr, encodeSockAddr, SOCKADDR_STORAGE_SIZE } from './sockaddr.js';
import { FIONBIO, SOL_SOCKET, SO_ERROR, SO_TYPE } from '../wsa/constants.js';
import {
  WSAEAFNOSUPPORT, WSAEINVAL, WSAEMFILE, WSAENOTCONN, WSAENOTSOCK,
} from '../wsa/errors.js';

export { isWine } from './win32-lib.js';

const WINDOWS_AF_INET6 = 23;
const WINSOCK_2_2 = 0x0202;
const HANDLE_FLAG_INHERIT = 0x1;
/** sizeof(WSADATA) is 408 on x64; a little more costs nothing. */
const WSADATA_SIZE = 512;

export function createWin32Api(): SocketApi {
  let ws2: Ws2 | undefined;
  let poller: Win32Poller | undefined;
  let waiter: Waiter | undefined;
  let resolver: Resolver | undefined;
  /** The wake and sender sockets of this thread: not the caller's to use or close. */
  const internal = new Set<number>();

  const sab = new Uint8Array(SOCKADDR_STORAGE_SIZE);
  const sabLen = new Int32Array(1);
  const optLen = new Int32Array(1);
  const intVal = new Int32Array(1);
  const intBytes = new Uint8Array(intVal.buffer);
  const ioctlArg = new Uint32Array(1);

  /** ws2_32, loaded and started once for the life of this thread. */
  function lib(): Ws2 {
    if (ws2 === undefined) {
      const w = loadWs2();
      const rc = w.WSAStartup(WINSOCK_2_2, new Uint8Array(WSADATA_SIZE)) as number;
      if (rc !== 0) throw new Error(`afxsock: WSAStartup failed (WSA error ${rc})`);
      ws2 = w;
    }
    return ws2;
  }

  function lastError(): number {
    return lib().WSAGetLastError() as number;
  }

  /** The caller's socket: a handle-shaped number that is not one of this layer's own. */
  function userSocket(h: unknown): h is number {
    return isSocket(h) && !internal.has(h);
  }

  /** koffi gives INVALID_SOCKET (2^64-1) as a BigInt; a valid SOCKET is a Number. */
  function socketResult(r: number | bigint): number {
    if (typeof r !== 'number') return -1;
    if (isSocket(r)) return r;
    // Never seen (kernel handles are 32-bit significant), but a handle this layer cannot hand
    // out must not leak either.
    lib().closesocket(r);
    return -2;
  }

  /** Non-blocking and not inherited, or closed with the error. */
  function adopt(s: number): number {
    const w = lib();
    ioctlArg[0] = 1;
    if ((w.ioctlsocket(s, FIONBIO, ioctlArg) as number) !== 0) {
      const code = lastError();
      w.closesocket(s);
      return -code;
    }
    // Best effort: a socket without the flag still works, it would only leak into children.
    w.SetHandleInformation(s, HANDLE_FLAG_INHERIT, 0);
    return s;
  }

  /** The peer named at a successful shutdown, per handle (see getpeername). */
  const shutPeers = new Map<number, SockAddr>();

  function openSocket(af: number, type: number, protocol: number): number {
    const s = socketResult(lib().socket(af, type, protocol) as number | bigint);
    if (s === -2) return -WSAEMFILE;
    if (s < 0) return -lastError();
    const r = adopt(s);
    if (r >= 0) shutPeers.delete(r);
    return r;
  }

  /** 0 when the call returned 0, else -WSAGetLastError(). */
  function status(rc: number): number {
    return rc === 0 ? 0 : -lastError();
  }

  /** A byte count, or -WSAGetLastError() on SOCKET_ERROR. */
  function count(rc: number): number {
    return rc >= 0 ? rc : -lastError();
  }

  function encode(sa: SockAddr): number {
    return encodeSockAddr(sa, sab, WINDOWS_AF_INET6);
  }

  function isOpen(h: number): boolean {
    optLen[0] = 4;
    return (lib().getsockopt(h, SOL_SOCKET, SO_TYPE, intBytes, optLen) as number) === 0;
  }

  function getWaiter(): Waiter {
    if (waiter === undefined) {
      waiter = createWin32Waiter({
        ws2: lib(),
        openSocket: (af, type, protocol) => {
          const s = openSocket(af, type, protocol);
          if (s >= 0) internal.add(s);
          return s;
        },
        lastError,
        isOpen,
        // Open poll handles crash a Worker's teardown (a koffi bug): close them while JS runs.
        onExiting: () => poller?.closeAll(),
      });
    }
    return waiter;
  }

  function getPoller(): Poller {
    if (poller === undefined) {
      const w = getWaiter();
      const p = createWin32Poller((h) => !internal.has(h) && isOpen(h), (h) => w.probe(h));
      poller = p;
    }
    return poller;
  }

  // From the start, so that no Worker's announcement is missed (BroadcastChannel keeps none).
  collectWakePorts((port) => getWaiter().signalWake({ kind: 'udp', value: port }));

  const api: SocketApi = {
    platform: 'win32',

    socket(af: number, type: number, protocol: number): number {
      const p = resolveSocketParams(af, type, protocol);
      if (typeof p === 'number') return p;
      return openSocket(p.family, p.type, p.protocol);
    },

    bind(h: number, sa: SockAddr): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const len = encode(sa);
      if (len < 0) return len;
      return status(lib().bind(h, sab, len) as number);
    },

    listen(h: number, backlog: number): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = backlogError(backlog);
      if (bad < 0) return bad;
      return status(lib().listen(h, clampBacklog(backlog)) as number);
    },

    accept(h: number, peer: SockAddr | null): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = acceptError(peer);
      if (bad < 0) return bad;
      sabLen[0] = sab.byteLength;
      const s = socketResult(lib().accept(h, sab, sabLen) as number | bigint);
      if (s === -2) return -WSAEMFILE;
      if (s < 0) return -lastError();
      const r = adopt(s);
      if (r >= 0) shutPeers.delete(r);
      if (r >= 0 && peer) decodeSockAddr(sab, sabLen[0]!, peer, WINDOWS_AF_INET6);
      return r;
    },

    connect(h: number, sa: SockAddr): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const len = encode(sa);
      if (len < 0) return len;
      return status(lib().connect(h, sab, len) as number);
    },

    send(h: number, buf: Uint8Array, len: number, flags: number): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = transferError(buf, len, flags);
      if (bad < 0) return bad;
      return count(lib().send(h, buf, clampInt(len), flags) as number);
    },

    recv(h: number, buf: Uint8Array, len: number, flags: number): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = transferError(buf, len, flags);
      if (bad < 0) return bad;
      return count(lib().recv(h, buf, clampInt(len), flags) as number);
    },

    sendto(h: number, buf: Uint8Array, len: number, flags: number, to: SockAddr): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = transferError(buf, len, flags);
      if (bad < 0) return bad;
      const tolen = encode(to);
      if (tolen < 0) return tolen;
      return count(lib().sendto(h, buf, clampInt(len), flags, sab, tolen) as number);
    },

    recvfrom(h: number, buf: Uint8Array, len: number, flags: number, from: SockAddr | null): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = transferError(buf, len, flags, from ?? null);
      if (bad < 0) return bad;
      sabLen[0] = sab.byteLength;
      // A connected stream leaves the address untouched: a zero family then decodes to nothing
      // and `from` keeps its value, instead of a previous call's address.
      sab[0] = sab[1] = 0;
      const n = lib().recvfrom(h, buf, clampInt(len), flags, sab, sabLen) as number;
      if (n < 0) return -lastError();
      if (from) decodeSockAddr(sab, sabLen[0]!, from, WINDOWS_AF_INET6);
      return n;
    },

    shutdown(h: number, how: number): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = shutdownError(how);
      if (bad < 0) return bad;
      const peer: SockAddr = { family: 0, addr: new Uint8Array(16), port: 0, flowinfo: 0, scopeId: 0 };
      const named = nameCall(h, peer, 'getpeername') === 0;
      const rc = status(lib().shutdown(h, how) as number);
      if (rc === 0 && named) shutPeers.set(h, peer);
      return rc;
    },

    close(h: number): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      // The contract has the caller forget first; doing it again here is free and keeps a
      // stale poll handle from ever seeing a reused handle value.
      poller?.forget(h);
      shutPeers.delete(h);
      return status(lib().closesocket(h) as number);
    },

    getsockopt(h: number, level: number, name: number, val: Uint8Array, len: Uint32Array): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = getOptionError(level, name, val, len);
      if (bad < 0) return bad;
      optLen[0] = len[0]!;
      const rc = lib().getsockopt(h, level, name, val, optLen) as number;
      if (rc !== 0) return -lastError();
      len[0] = Math.max(0, optLen[0]!);
      return 0;
    },

    setsockopt(h: number, level: number, name: number, val: Uint8Array, len: number): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const n = setOptionLength(level, name, val, len);
      if (n < 0) return n;
      return status(lib().setsockopt(h, level, name, val, n) as number);
    },

    getsockname(h: number, out: SockAddr): number {
      return nameCall(h, out, 'getsockname');
    },

    getpeername(h: number, out: SockAddr): number {
      const rc = nameCall(h, out, 'getpeername');
      // Windows still names the peer once both sides shut down (sock.c, test_shutdown); Wine
      // 8.0 asks its closed Linux socket and says WSAENOTCONN: the name from the shutdown stays.
      const kept = rc === -WSAENOTCONN ? shutPeers.get(h) : undefined;
      if (kept !== undefined) {
        Object.assign(out, { ...kept, addr: kept.addr.slice() });
        return 0;
      }
      return rc;
    },

    ioctl(h: number, cmd: number, arg: Uint32Array): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const bad = ioctlError(cmd, arg);
      if (bad < 0) return bad;
      ioctlArg[0] = arg[0]!;
      const rc = lib().ioctlsocket(h, cmd, ioctlArg) as number;
      if (rc !== 0) return -lastError();
      arg[0] = ioctlArg[0]!;
      return 0;
    },

    describe(h: number): SocketDescription | number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      return describeSocket(api, h);
    },

    socketError(h: number): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      optLen[0] = 4;
      intVal[0] = 0;
      const rc = lib().getsockopt(h, SOL_SOCKET, SO_ERROR, intBytes, optLen) as number;
      if (rc !== 0) return -lastError();
      return intVal[0]!;
    },

    peerClosed(): number {
      // Winsock's own readiness already tells a local shutdown from the peer's close.
      return -1;
    },

    poller(): Poller {
      return getPoller();
    },

    waitSync(h: number, events: number, timeoutMs: number): number {
      if (!userSocket(h)) return -WSAENOTSOCK;
      const limit = waitLimit(events, timeoutMs);
      if (limit === null) return -WSAEINVAL;
      return getWaiter().waitSync(h, events, limit);
    },

    wakeToken(): WakeToken {
      return getWaiter().wakeToken();
    },

    signalWake(token: WakeToken): void {
      getWaiter().signalWake(token);
    },

    drainWake(): void {
      getWaiter().drainWake();
    },

    resolve(host: string, family: number): SockAddr[] | number {
      resolver ??= createWin32Resolver(lib());
      return resolver.resolve(host, family);
    },
  };

  function nameCall(h: number, out: SockAddr, which: 'getsockname' | 'getpeername'): number {
    if (!userSocket(h)) return -WSAENOTSOCK;
    const bad = nameOutError(out);
    if (bad < 0) return bad;
    sabLen[0] = sab.byteLength;
    const rc = lib()[which](h, sab, sabLen) as number;
    if (rc !== 0) return -lastError();
    return decodeSockAddr(sab, sabLen[0]!, out, WINDOWS_AF_INET6) ? 0 : -WSAEAFNOSUPPORT;
  }

  return api;
}

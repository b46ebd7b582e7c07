/**
 * The argument checks both back ends make before anything reaches koffi, in one place, so that a
 * bad argument gives the same Windows Sockets code on Linux and on Windows. They matter beyond
 * the error code: koffi takes a JS Number given for a pointer as an address, checks no length
 * against its buffer, and throws on a wrong type. Each function returns 0 when the arguments
 * pass, else the `-code` the call must return; the back end then checks only what is its own
 * (which handles are its internal ones, what the OS says).
 *
 * The order of the checks is part of the contract: handle first (WSAENOTSOCK), then buffers and
 * addresses (WSAEFAULT), then flags and modes (WSAEINVAL / WSAEOPNOTSUPP), as Winsock's calls
 * validate their arguments.
 */
import type { SockAddr } from '../wsa/sockaddr.js';
import {
  FIONBIO, FIONREAD, MSG_DONTROUTE, MSG_OOB, MSG_PEEK, MSG_WAITALL, SD_BOTH, SD_RECEIVE, SD_SEND, SIOCATMARK, SOL_SOCKET,
  SO_DONTROUTE, SO_KEEPALIVE,
} from '../wsa/constants.js';
import { WSAEFAULT, WSAEINVAL, WSAENOBUFS, WSAENOTSOCK, WSAEOPNOTSUPP } from '../wsa/errors.js';
import { POLL_HUP, POLL_OOB, POLL_READ, POLL_WRITE } from './types.js';

export const INT_MAX = 0x7fffffff;

/** The MSG_* flags the contract knows; any other bit is refused, not passed on. */
const KNOWN_MSG_FLAGS = MSG_OOB | MSG_PEEK | MSG_DONTROUTE | MSG_WAITALL;
/** Interest a poller watch accepts. */
const KNOWN_POLL_EVENTS = POLL_READ | POLL_WRITE | POLL_HUP | POLL_OOB;

/**
 * A handle as both back ends hand them out: 0..INT_MAX. Linux descriptors are ints; Windows
 * kernel handles are 32-bit significant on 64-bit Windows (so that 32-bit processes can share
 * them), and INVALID_SOCKET is outside the range.
 */
export function isSocket(h: unknown): h is number {
  return typeof h === 'number' && Number.isInteger(h) && h >= 0 && h <= INT_MAX;
}

export function isInt32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= -0x80000000 && v <= INT_MAX;
}

/** True when `len` is a byte count that fits in `buf` (a detached buffer has byteLength 0). */
export function fits(buf: unknown, len: unknown): len is number {
  return buf instanceof Uint8Array && typeof len === 'number' && Number.isInteger(len) &&
    len >= 0 && len <= buf.byteLength;
}

/** Winsock lengths are `int`: a longer buffer is used up to INT_MAX, a partial send or receive. */
export function clampInt(len: number): number {
  return len > INT_MAX ? INT_MAX : len;
}

/** An address the call fills in: any object (the decoder replaces its fields). */
export function isSockAddrOut(out: unknown): out is SockAddr {
  return typeof out === 'object' && out !== null;
}

/** An optional address to fill in (accept's peer, recvfrom's source): absent, or an object. */
function optionalOutError(out: unknown): number {
  return out === null || out === undefined || isSockAddrOut(out) ? 0 : -WSAEFAULT;
}

/** MSG_* flags: an int (else WSAEINVAL) made of known bits only (else WSAEOPNOTSUPP). */
export function msgFlagsError(flags: unknown): number {
  if (!isInt32(flags)) return -WSAEINVAL;
  return (flags & ~KNOWN_MSG_FLAGS) !== 0 ? -WSAEOPNOTSUPP : 0;
}

/** send / recv / sendto / recvfrom: the buffer and its length, then the flags. */
export function transferError(buf: unknown, len: unknown, flags: unknown, from?: unknown): number {
  if (!fits(buf, len)) return -WSAEFAULT;
  if (from !== undefined && optionalOutError(from) < 0) return -WSAEFAULT;
  return msgFlagsError(flags);
}

/** accept: where the peer's address goes. */
export function acceptError(peer: unknown): number {
  return optionalOutError(peer);
}

/** getsockname / getpeername: the address to fill in. */
export function nameOutError(out: unknown): number {
  return isSockAddrOut(out) ? 0 : -WSAEFAULT;
}

/** listen: any number but NaN (it is clamped to 0..INT_MAX, as Winsock clamps to SOMAXCONN). */
export function backlogError(backlog: unknown): number {
  return typeof backlog === 'number' && !Number.isNaN(backlog) ? 0 : -WSAEINVAL;
}

/** The backlog a valid one becomes. */
export function clampBacklog(backlog: number): number {
  return Math.min(Math.max(Math.trunc(backlog), 0), INT_MAX);
}

/** shutdown: SD_RECEIVE, SD_SEND or SD_BOTH. */
export function shutdownError(how: unknown): number {
  return how === SD_RECEIVE || how === SD_SEND || how === SD_BOTH ? 0 : -WSAEINVAL;
}

/**
 * ioctlsocket: only the three commands whose argument is one u32 (another could write past
 * it), then that argument.
 */
export function ioctlError(cmd: unknown, arg: unknown): number {
  if (cmd !== FIONBIO && cmd !== FIONREAD && cmd !== SIOCATMARK) return -WSAEINVAL;
  return arg instanceof Uint32Array && arg.length >= 1 ? 0 : -WSAEFAULT;
}

/** getsockopt: level and name are ints; `len[0]` is a length that fits in `val`. */
export function getOptionError(level: unknown, name: unknown, val: unknown, len: unknown): number {
  if (!isInt32(level) || !isInt32(name)) return -WSAEINVAL;
  if (!(len instanceof Uint32Array) || len.length < 1) return -WSAEFAULT;
  return fits(val, len[0]) && len[0]! <= INT_MAX ? 0 : -WSAEFAULT;
}

/**
 * setsockopt: level and name are ints, and the length one the value can be read with. Returns
 * the length to use, or -code. A length of -1 is what Windows takes as "the option's own size"
 * for a 4-byte SOL_SOCKET option (the call succeeds), while every other option refuses it with
 * WSAENOBUFS (sock.c, test_set_getsockopt: Windows 7 to 10 21H1 said WSAEFAULT there); so -1
 * becomes 4 here, and no native call ever sees a negative length.
 */
export function setOptionLength(level: unknown, name: unknown, val: unknown, len: unknown): number {
  if (!isInt32(level) || !isInt32(name)) return -WSAEINVAL;
  if (len === -1) {
    if (level !== SOL_SOCKET || name === SO_KEEPALIVE || name === SO_DONTROUTE) return -WSAENOBUFS;
    return fits(val, 4) ? 4 : -WSAEFAULT;
  }
  return fits(val, len) && len <= INT_MAX ? len : -WSAEFAULT;
}

/**
 * A synchronous wait's interest (POLL_READ | POLL_WRITE) and time limit: -1 or Infinity for no
 * limit, else a number >= 0. Returns the limit in whole milliseconds (-1: none, at most INT_MAX),
 * or null for a bad argument (the call's WSAEINVAL).
 */
export function waitLimit(events: unknown, timeoutMs: unknown): number | null {
  if (!isInt32(events) || (events & ~(POLL_READ | POLL_WRITE)) !== 0) return null;
  if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs)) return null;
  if (timeoutMs === -1 || timeoutMs === Infinity) return -1;
  if (timeoutMs < 0) return null;
  return Math.min(Math.ceil(timeoutMs), INT_MAX);
}

/**
 * A poller watch: the handle, the interest, and (for the first watch of a handle, which keeps
 * it) the callback.
 */
export function watchError(h: unknown, events: unknown, cb: unknown, first: boolean): number {
  if (!isSocket(h)) return -WSAENOTSOCK;
  if (!isInt32(events) || (events & ~KNOWN_POLL_EVENTS) !== 0) return -WSAEINVAL;
  if (first && typeof cb !== 'function') return -WSAEINVAL;
  return 0;
}

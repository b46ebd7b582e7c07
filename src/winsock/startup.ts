/**
 * WSAStartup / WSACleanup / AfxSocketInit, and the lazy start the classes rely on.
 *
 * Two counts, kept apart on purpose:
 *  - the user's reference count, moved only by WSAStartup/WSACleanup (and AfxSocketInit). The
 *    WSAAsyncGetXByY family and WSACancelAsyncRequest require it, as in Winsock;
 *  - a lazy start by the classes (`ensureStarted()`), which never counts: a plain Node program may
 *    create a CAsyncSocket without any ceremony (a documented difference from MFC, where
 *    AfxSocketInit must come first).
 * The operating system side (ws2_32's own WSAStartup on Windows) belongs to `native/`, which starts
 * it on first use and keeps it for the life of the process, so a user's WSACleanup can never pull
 * the network out from under sockets the classes still hold.
 *
 * State is per JS realm, i.e. per thread, as Winsock's per-task registration was.
 */
import { WSAEFAULT, WSAVERNOTSUPPORTED } from '../wsa/errors.js';
import { WSASetLastError } from './last-error.js';
import { SOCKET_ERROR } from '../wsa/constants.js';
import { WSANOTINITIALISED } from '../wsa/errors.js';

/**
 * Winsock's `WSADATA`, filled in place by {@link WSAStartup} and {@link AfxSocketInit}. Versions
 * are `MAKEWORD(major, minor)`. Winsock's `lpVendorInfo` is not kept.
 */
export interface WSADATA {
  /** The version the caller should use: the one negotiated (2.2 after `WSAVERNOTSUPPORTED`). */
  wVersion: number;
  /** The highest version offered: always 2.2 (`WINSOCK_HIGH_VERSION`, 0x0202). */
  wHighVersion: number;
  /** A description of the implementation: `'WinSock 2.0'`. */
  szDescription: string;
  /** Status text: `'Running'`. */
  szSystemStatus: string;
  /** 32767 for a 1.x version; 0 for 2.x, where Winsock 2 says to ignore the field. */
  iMaxSockets: number;
  /** The largest datagram, 65467, for a 1.x version; 0 for 2.x (Winsock 2 says to ignore it). */
  iMaxUdpDg: number;
}

/**
 * Builds a 16-bit word from two bytes (Windows' `MAKEWORD`); Winsock versions put the major number
 * in the low byte: `MAKEWORD(2, 2)` is 2.2.
 *
 * @param low - The low byte (the major version); only its low 8 bits count.
 * @param high - The high byte (the minor version); only its low 8 bits count.
 * @returns `low | (high << 8)`, 0..0xFFFF.
 */
export function MAKEWORD(low: number, high: number): number {
  return ((low & 0xff) | ((high & 0xff) << 8)) & 0xffff;
}

/** The highest Windows Sockets version offered, 2.2 (`MAKEWORD(2, 2)` = 0x0202), as ws2_32 does. */
export const WINSOCK_HIGH_VERSION = 0x0202;

let userCount = 0;
let lazilyStarted = false;
const cleanupHooks: Array<() => void> = [];

/**
 * Registers what must happen when the user's count drops to zero (the lookups cancel every
 * pending task without a callback, as WSACleanup cancels pending asynchronous calls).
 */
export function onLastCleanup(hook: () => void): void {
  cleanupHooks.push(hook);
}

/**
 * The version negotiated for a request, or 0 when none can be (ReactOS's rule, the documented
 * one): major 0 is refused; 1.0 stays 1.0 and any other 1.x becomes 1.1; 2.0..2.2 are kept; higher
 * requests get 2.2, the caller deciding whether it can live with that.
 */
function negotiate(requested: number): number {
  const major = requested & 0xff;
  const minor = (requested >> 8) & 0xff;
  if (major === 0) return 0;
  if (major === 1) return minor === 0 ? 0x0001 : 0x0101;
  if (major === 2 && minor <= 2) return requested;
  return WINSOCK_HIGH_VERSION;
}

function fill(data: WSADATA, version: number): void {
  data.wVersion = version;
  data.wHighVersion = WINSOCK_HIGH_VERSION;
  data.szDescription = 'WinSock 2.0';
  data.szSystemStatus = 'Running';
  // Winsock 2 says to ignore these two and reports 0; 1.x callers were given real limits.
  const v1 = (version & 0xff) === 1;
  data.iMaxSockets = v1 ? 32767 : 0;
  data.iMaxUdpDg = v1 ? 65467 : 0;
}

/**
 * Starts this thread's use of Windows Sockets and negotiates a version (Winsock's `WSAStartup`).
 *
 * Errors: `WSAVERNOTSUPPORTED` (major version 0, or not an integer in 0..0xFFFF; `lpWSAData` then
 * holds 2.2 in both versions), `WSAEFAULT` (`lpWSAData` is not an object; nothing is filled).
 * Winsock's `WSASYSNOTREADY`, `WSAEINPROGRESS` and `WSAEPROCLIM` do not occur here.
 *
 * @param wVersionRequested - The highest version the caller can use, `MAKEWORD(major, minor)`;
 *   MFC's `AfxSocketInit` asks for `MAKEWORD(1, 1)`.
 * @param lpWSAData - Filled in place, also on `WSAVERNOTSUPPORTED` (`wHighVersion` tells the caller
 *   what is on offer).
 * @returns 0 on success, else the error code itself: as in Winsock, WSAStartup does not set the
 *   last error.
 *
 * Negotiation (ReactOS's rule, the documented one): major 0 is refused; 1.0 stays 1.0 and any other
 * 1.x becomes 1.1; 2.0..2.2 are kept; higher requests get 2.2, the caller deciding whether it can
 * live with that. Each success counts and must be matched by a {@link WSACleanup}. The socket
 * classes do not need it (they start lazily); the WSAAsyncGetXByY functions and
 * {@link WSACancelAsyncRequest} do. No native code is loaded here.
 */
export function WSAStartup(wVersionRequested: number, lpWSAData: WSADATA): number {
  if (lpWSAData === null || typeof lpWSAData !== 'object') return WSAEFAULT;
  const valid = typeof wVersionRequested === 'number' && Number.isInteger(wVersionRequested)
    && wVersionRequested >= 0 && wVersionRequested <= 0xffff;
  const version = valid ? negotiate(wVersionRequested) : 0;
  fill(lpWSAData, version === 0 ? WINSOCK_HIGH_VERSION : version);
  if (version === 0) return WSAVERNOTSUPPORTED;
  userCount++;
  return 0;
}

/**
 * Ends one use of Windows Sockets by this thread (Winsock's `WSACleanup`).
 *
 * Errors: `WSANOTINITIALISED` (no successful WSAStartup left to match). Winsock's `WSAENETDOWN` and
 * `WSAEINPROGRESS` do not occur here.
 *
 * @returns 0, or `SOCKET_ERROR`; then `WSAGetLastError()` gives the code.
 *
 * The call that matches the last successful {@link WSAStartup} cancels every pending
 * WSAAsyncGetXByY task: their callbacks never run. Sockets the classes opened stay usable (they
 * started Winsock lazily, a start no WSACleanup undoes).
 */
export function WSACleanup(): number {
  if (userCount === 0) {
    WSASetLastError(WSANOTINITIALISED);
    return SOCKET_ERROR;
  }
  userCount--;
  if (userCount === 0) for (const hook of cleanupHooks) hook();
  return 0;
}

/**
 * Initializes Windows Sockets for the socket classes (MFC's `AfxSocketInit`):
 * `WSAStartup(MAKEWORD(1, 1))`; a version other than exactly 1.1 is undone with `WSACleanup`.
 *
 * Errors: `WSAEFAULT` (`lpwsaData` is given but not an object), `WSAVERNOTSUPPORTED` (kept from
 * MFC for a version other than 1.1; the negotiation here always grants a 1.1 request).
 *
 * @param lpwsaData - Receives the `WSADATA`; default null, as in MFC.
 * @returns True on success; false with the code in `WSAGetLastError()`.
 *
 * Optional here: the classes start Winsock lazily on first use. A success counts as one
 * {@link WSAStartup} (it enables the WSAAsyncGetXByY functions) and is undone by a
 * {@link WSACleanup}.
 */
export function AfxSocketInit(lpwsaData: WSADATA | null = null): boolean {
  const data: WSADATA = lpwsaData ?? { wVersion: 0, wHighVersion: 0, szDescription: '', szSystemStatus: '', iMaxSockets: 0, iMaxUdpDg: 0 };
  const rc = WSAStartup(MAKEWORD(1, 1), data);
  if (rc !== 0) {
    WSASetLastError(rc);
    return false;
  }
  if (data.wVersion !== MAKEWORD(1, 1)) {
    WSACleanup();
    WSASetLastError(WSAVERNOTSUPPORTED);
    return false;
  }
  return true;
}

/** The classes' lazy start: idempotent, never counted, never undone. */
export function ensureStarted(): void {
  lazilyStarted = true;
}

/** True while the user holds at least one WSAStartup reference. */
export function isStartedByUser(): boolean {
  return userCount > 0;
}

/** True once anything started Winsock on this thread: the user, or the classes lazily. */
export function isStarted(): boolean {
  return userCount > 0 || lazilyStarted;
}

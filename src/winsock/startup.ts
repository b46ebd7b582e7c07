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
import { WSAEFAULT, WSAVERNOTSUPPORTED } from './errors.js';
import { WSASetLastError } from './lastError.js';
import { SOCKET_ERROR } from './constants.js';
import { WSANOTINITIALISED } from './errors.js';

/** Winsock's WSADATA, filled in place by WSAStartup. Versions are MAKEWORD(major, minor). */
export interface WSADATA {
  wVersion: number;
  wHighVersion: number;
  szDescription: string;
  szSystemStatus: string;
  iMaxSockets: number;
  iMaxUdpDg: number;
}

/** MAKEWORD(low, high): Winsock versions put the major number in the low byte. */
export function MAKEWORD(low: number, high: number): number {
  return ((low & 0xff) | ((high & 0xff) << 8)) & 0xffff;
}

/** The highest version offered, 2.2, as ws2_32 does. */
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
 * Winsock's WSAStartup: 0 on success, else the error code itself (it does not set the last error,
 * as in Winsock). `lpWSAData` is filled in place, also on WSAVERNOTSUPPORTED (wHighVersion tells
 * the caller what is on offer). Each success must be matched by a WSACleanup.
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
 * Winsock's WSACleanup: 0, or SOCKET_ERROR with WSANOTINITIALISED when there was no matching
 * WSAStartup. The last one cancels every pending WSAAsyncGetXByY without a callback. Sockets the
 * classes opened stay usable (they started Winsock lazily, a start no WSACleanup undoes).
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
 * MFC's AfxSocketInit: WSAStartup(1.1); anything but exactly 1.1 is undone with WSACleanup and
 * reported as WSAVERNOTSUPPORTED. True on success. Optional: the classes start lazily.
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

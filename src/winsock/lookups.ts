/**
 * WSAAsyncGetHostByName / ByAddr, WSAAsyncGetServByName / ByPort, WSAAsyncGetProtoByName /
 * ByNumber, and WSACancelAsyncRequest.
 *
 * Shape: Winsock's `(hWnd, wMsg, ..., buf, buflen)` becomes `(callback, ..., buflen)`; the
 * completion message becomes `callback(hAsyncTaskHandle, nError, result, nBufLen)`, run on the
 * event loop. `nError` is 0 with `result` a HOSTENT / SERVENT / PROTOENT object and `nBufLen` the
 * size it takes in Winsock's buffer; or WSAENOBUFS with `result` null and `nBufLen` the size
 * needed, when that exceeds `buflen`; or a lookup error with `result` null and `nBufLen` 0.
 * Ports are host order numbers everywhere (Winsock's take and give network order).
 *
 * Each function returns a non-zero handle at once, or 0 with WSAGetLastError() set:
 * WSANOTINITIALISED (no WSAStartup by the user: unlike the classes, these do not start lazily),
 * WSAEINPROGRESS (called while this thread is in a blocking call, e.g. from a blocking hook), or
 * WSAEINVAL (the callback is not a function). Bad arguments a real lookup would reject complete
 * through the callback with Winsock's error (WSAEFAULT, WSAEAFNOSUPPORT, ...).
 *
 * Resolution runs in one Worker on the platform's own resolver (getaddrinfo with AI_CANONNAME,
 * IPv4 only as gethostbyname was; getnameinfo with NI_NAMEREQD; the services and protocols
 * databases), off the event loop. h_aliases is always empty for hosts: getaddrinfo has no aliases.
 */
import { AF_INET, AF_INET6, MAXGETHOSTSTRUCT, SOCKET_ERROR } from '../wsa/constants.js';
import {
  WSAEAFNOSUPPORT, WSAEFAULT, WSAEINPROGRESS, WSAEINVAL, WSAENOBUFS, WSAHOST_NOT_FOUND,
  WSANO_DATA, WSANOTINITIALISED,
} from '../wsa/errors.js';
import { WSASetLastError } from './last-error.js';
import { WSAIsBlocking } from './blocking.js';
import { isStartedByUser, onLastCleanup } from './startup.js';
import { cancelAllLookups, cancelLookup, submitLookup, submitSettled, type Finish } from './lookup-tasks.js';
import {
  hostentSize, protoentSize, serventSize, toHostent, toProtoent, toServent,
  type HOSTENT, type PROTOENT, type SERVENT,
} from './lookup-results.js';
import type { HostData, LookupOp, ProtoData, ServData } from '../native/lookup-protocol.js';

export type { HOSTENT, SERVENT, PROTOENT } from './lookup-results.js';

/**
 * The completion callback of the WSAAsyncGetXByY functions: it replaces Winsock's window message
 * (`wParam` = the task handle, `lParam` = `WSAMAKEASYNCREPLY(buflen, error)`). It runs once per
 * task on the event loop, never for a cancelled task.
 *
 * @param hAsyncTaskHandle - The handle the starting function returned.
 * @param nError - 0 on success, else the Windows Sockets code (`WSAGETASYNCERROR`).
 * @param result - The HOSTENT / SERVENT / PROTOENT on success; null on any error.
 * @param nBufLen - On success, the bytes the result takes in Winsock's buffer; with `WSAENOBUFS`,
 *   the bytes needed; with any other error, 0 (`WSAGETASYNCBUFLEN`).
 */
export type WSAAsyncCallback<T> = (hAsyncTaskHandle: number, nError: number, result: T | null, nBufLen: number) => void;

onLastCleanup(cancelAllLookups);

/** The checks every entry point makes before anything else; 0 when the call may proceed. */
function refusal(callback: unknown): number {
  if (!isStartedByUser()) return WSANOTINITIALISED;
  if (WSAIsBlocking()) return WSAEINPROGRESS;
  if (typeof callback !== 'function') return WSAEINVAL;
  return 0;
}

function validBuflen(buflen: unknown): buflen is number {
  return typeof buflen === 'number' && Number.isInteger(buflen) && buflen >= 0 && buflen <= 0x7fffffff;
}

/** A finisher that builds the result, applies the WSAENOBUFS rule and calls the user back. */
function finisher<D, T>(callback: WSAAsyncCallback<T>, buflen: number, build: (d: D) => T, size: (t: T) => number): Finish {
  return (h, err, res) => {
    if (err !== 0 || res === null) {
      callback(h, err !== 0 ? err : WSANO_DATA, null, 0);
      return;
    }
    const result = build(res as D);
    const needed = size(result);
    if (needed > buflen) callback(h, WSAENOBUFS, null, needed);
    else callback(h, 0, result, needed);
  };
}

/**
 * Common path: refuse (0 + last error), settle at once with `argError` when the arguments are
 * wrong, else hand the request to the Worker.
 */
function start<D, T>(
  callback: WSAAsyncCallback<T>, buflen: number, argError: number, op: LookupOp,
  a: string | number | number[], b: string | number | null,
  build: (d: D) => T, size: (t: T) => number,
): number {
  const refused = refusal(callback);
  if (refused !== 0) {
    WSASetLastError(refused);
    return 0;
  }
  if (!validBuflen(buflen)) return submitSettled(WSAEFAULT, finisher(callback, 0, build, size));
  const finish = finisher(callback, buflen, build, size);
  if (argError !== 0) return submitSettled(argError, finish);
  return submitLookup({ op, a, b }, finish);
}

/** A name the resolver must never see truncated: a string without NUL. */
function nameError(name: unknown, notFound: number): number {
  if (typeof name !== 'string') return WSAEFAULT;
  return name.length === 0 || name.includes('\0') ? notFound : 0;
}

function protoError(proto: unknown): number {
  if (proto === null || proto === undefined) return 0;
  return nameError(proto, WSANO_DATA);
}

/**
 * Looks up a host by name, asynchronously (Winsock's `WSAAsyncGetHostByName`).
 *
 * Errors: `WSANOTINITIALISED` (no `WSAStartup` / `AfxSocketInit` by the user: unlike the
 * classes, these functions do not start Winsock lazily), `WSAEINPROGRESS` (this thread is inside a
 * blocking call, e.g. in a blocking hook or `OnMessagePending`), `WSAEINVAL` (`callback` is not a
 * function).
 *
 * @param callback - Called once on the event loop, never before this function returns, unless the
 *   task is cancelled: `callback(handle, nError, result, nBufLen)` (see {@link WSAAsyncCallback}).
 * @param name - The host name; a numeric IPv4 address also resolves.
 * @param buflen - The size of the caller's buffer in Winsock terms; default `MAXGETHOSTSTRUCT`
 *   (1024), the size MFC-era code passes. A result that would not fit completes with `WSAENOBUFS`.
 * @returns A non-zero task handle, at once (the lookup's outcome comes through `callback`); or 0,
 *   then `WSAGetLastError()` gives the code.
 *
 * The lookup is `getaddrinfo` with `AI_CANONNAME`, IPv4 addresses only, as `gethostbyname` gave;
 * `h_aliases` is always empty. It runs in the lookup Worker, one lookup at a time.
 *
 *
 * Errors through `callback`: `WSAHOST_NOT_FOUND` (no such host; also an empty name or one with a
 * NUL), `WSATRY_AGAIN`, `WSANO_RECOVERY`, `WSANO_DATA` (the name has no IPv4 address), `WSAENOBUFS`
 * (the result exceeds `buflen`), `WSAEFAULT` (`name` not a string, or `buflen` not an integer in
 * 0..0x7FFFFFFF), `WSAENETDOWN` (the lookup Worker or the system resolver could not be started).
 */
export function WSAAsyncGetHostByName(callback: WSAAsyncCallback<HOSTENT>, name: string, buflen: number = MAXGETHOSTSTRUCT): number {
  return start<HostData, HOSTENT>(callback, buflen, nameError(name, WSAHOST_NOT_FOUND), 'hostByName', name, null, toHostent, hostentSize);
}

/**
 * Looks up a host by address, asynchronously (Winsock's `WSAAsyncGetHostByAddr`).
 *
 * Errors: `WSANOTINITIALISED` (no `WSAStartup` / `AfxSocketInit` by the user: unlike the
 * classes, these functions do not start Winsock lazily), `WSAEINPROGRESS` (this thread is inside a
 * blocking call, e.g. in a blocking hook or `OnMessagePending`), `WSAEINVAL` (`callback` is not a
 * function).
 *
 * @param callback - Called once on the event loop, never before this function returns, unless the
 *   task is cancelled: `callback(handle, nError, result, nBufLen)` (see {@link WSAAsyncCallback}).
 * @param addr - The address bytes, in network order.
 * @param len - The address length: 4 for `AF_INET`, 16 for `AF_INET6`; at most `addr.byteLength`.
 * @param type - `AF_INET` or `AF_INET6`.
 * @param buflen - The size of the caller's buffer in Winsock terms; default `MAXGETHOSTSTRUCT`
 *   (1024), the size MFC-era code passes. A result that would not fit completes with `WSAENOBUFS`.
 * @returns A non-zero task handle, at once (the lookup's outcome comes through `callback`); or 0,
 *   then `WSAGetLastError()` gives the code.
 *
 * The lookup is `getnameinfo` with `NI_NAMEREQD`; the result holds the host's name and the one
 * address asked about, and `h_aliases` is empty.
 *
 *
 * Errors through `callback`: `WSAHOST_NOT_FOUND` (no name for the address), `WSATRY_AGAIN`,
 * `WSANO_RECOVERY`, `WSAENOBUFS` (the result exceeds `buflen`), `WSAEAFNOSUPPORT` (`type` is not
 * `AF_INET` or `AF_INET6`), `WSAEFAULT` (`addr` not a Uint8Array, `len` wrong for `type` or larger
 * than `addr`, or `buflen` not an integer in 0..0x7FFFFFFF), `WSAENETDOWN` (the lookup Worker or
 * the system resolver could not be started).
 */
export function WSAAsyncGetHostByAddr(
  callback: WSAAsyncCallback<HOSTENT>, addr: Uint8Array, len: number, type: number, buflen: number = MAXGETHOSTSTRUCT,
): number {
  let argError = 0;
  let bytes: number[] = [];
  if (type !== AF_INET && type !== AF_INET6) argError = WSAEAFNOSUPPORT;
  else if (!(addr instanceof Uint8Array) || !Number.isInteger(len) || len > addr.byteLength || len !== (type === AF_INET ? 4 : 16)) argError = WSAEFAULT;
  else bytes = Array.from(addr.subarray(0, len));
  return start<HostData, HOSTENT>(callback, buflen, argError, 'hostByAddr', bytes, type, toHostent, hostentSize);
}

/**
 * Looks up a service by name in the system's services database, asynchronously (Winsock's
 * `WSAAsyncGetServByName`).
 *
 * Errors: `WSANOTINITIALISED` (no `WSAStartup` / `AfxSocketInit` by the user: unlike the
 * classes, these functions do not start Winsock lazily), `WSAEINPROGRESS` (this thread is inside a
 * blocking call, e.g. in a blocking hook or `OnMessagePending`), `WSAEINVAL` (`callback` is not a
 * function).
 *
 * @param callback - Called once on the event loop, never before this function returns, unless the
 *   task is cancelled: `callback(handle, nError, result, nBufLen)` (see {@link WSAAsyncCallback}).
 * @param name - The service name, e.g. `'http'`; an empty name, or one with a NUL, gives
 *   `WSANO_DATA`.
 * @param proto - The protocol name, e.g. `'tcp'`; default null, which matches any protocol, as in
 *   Winsock. An empty name, or one with a NUL, gives `WSANO_DATA`.
 * @param buflen - The size of the caller's buffer in Winsock terms; default `MAXGETHOSTSTRUCT`
 *   (1024), the size MFC-era code passes. A result that would not fit completes with `WSAENOBUFS`.
 * @returns A non-zero task handle, at once (the lookup's outcome comes through `callback`); or 0,
 *   then `WSAGetLastError()` gives the code.
 *
 *
 * Errors through `callback`: `WSANO_DATA` (no such entry in the database; also an argument the
 * lookup cannot match, see above), `WSAENOBUFS` (the result exceeds `buflen`), `WSAEFAULT` (`name`
 * or `proto` not a string, or `buflen` not an integer in 0..0x7FFFFFFF), `WSANO_RECOVERY`,
 * `WSAENETDOWN` (the lookup Worker or the system resolver could not be started).
 */
export function WSAAsyncGetServByName(
  callback: WSAAsyncCallback<SERVENT>, name: string, proto: string | null = null, buflen: number = MAXGETHOSTSTRUCT,
): number {
  const argError = nameError(name, WSANO_DATA) || protoError(proto);
  return start<ServData, SERVENT>(callback, buflen, argError, 'servByName', name, proto ?? null, toServent, serventSize);
}

/**
 * Looks up a service by port in the system's services database, asynchronously (Winsock's
 * `WSAAsyncGetServByPort`).
 *
 * Errors: `WSANOTINITIALISED` (no `WSAStartup` / `AfxSocketInit` by the user: unlike the
 * classes, these functions do not start Winsock lazily), `WSAEINPROGRESS` (this thread is inside a
 * blocking call, e.g. in a blocking hook or `OnMessagePending`), `WSAEINVAL` (`callback` is not a
 * function).
 *
 * @param callback - Called once on the event loop, never before this function returns, unless the
 *   task is cancelled: `callback(handle, nError, result, nBufLen)` (see {@link WSAAsyncCallback}).
 * @param port - The port in host order, 0..65535 (Winsock's is in network order); any other value
 *   gives `WSANO_DATA`.
 * @param proto - The protocol name, e.g. `'tcp'`; default null, which matches any protocol, as in
 *   Winsock. An empty name, or one with a NUL, gives `WSANO_DATA`.
 * @param buflen - The size of the caller's buffer in Winsock terms; default `MAXGETHOSTSTRUCT`
 *   (1024), the size MFC-era code passes. A result that would not fit completes with `WSAENOBUFS`.
 * @returns A non-zero task handle, at once (the lookup's outcome comes through `callback`); or 0,
 *   then `WSAGetLastError()` gives the code.
 *
 *
 * Errors through `callback`: `WSANO_DATA` (no such entry in the database; also an argument the
 * lookup cannot match, see above), `WSAENOBUFS` (the result exceeds `buflen`), `WSAEFAULT` (`proto`
 * not a string, or `buflen` not an integer in 0..0x7FFFFFFF), `WSANO_RECOVERY`, `WSAENETDOWN` (the
 * lookup Worker or the system resolver could not be started).
 */
export function WSAAsyncGetServByPort(
  callback: WSAAsyncCallback<SERVENT>, port: number, proto: string | null = null, buflen: number = MAXGETHOSTSTRUCT,
): number {
  const portOk = typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 0xffff;
  const argError = portOk ? protoError(proto) : WSANO_DATA;
  return start<ServData, SERVENT>(callback, buflen, argError, 'servByPort', portOk ? port : 0, proto ?? null, toServent, serventSize);
}

/**
 * Looks up a protocol by name in the system's protocols database, asynchronously (Winsock's
 * `WSAAsyncGetProtoByName`).
 *
 * Errors: `WSANOTINITIALISED` (no `WSAStartup` / `AfxSocketInit` by the user: unlike the
 * classes, these functions do not start Winsock lazily), `WSAEINPROGRESS` (this thread is inside a
 * blocking call, e.g. in a blocking hook or `OnMessagePending`), `WSAEINVAL` (`callback` is not a
 * function).
 *
 * @param callback - Called once on the event loop, never before this function returns, unless the
 *   task is cancelled: `callback(handle, nError, result, nBufLen)` (see {@link WSAAsyncCallback}).
 * @param name - The protocol name, e.g. `'tcp'`; an empty name, or one with a NUL, gives
 *   `WSANO_DATA`.
 * @param buflen - The size of the caller's buffer in Winsock terms; default `MAXGETHOSTSTRUCT`
 *   (1024), the size MFC-era code passes. A result that would not fit completes with `WSAENOBUFS`.
 * @returns A non-zero task handle, at once (the lookup's outcome comes through `callback`); or 0,
 *   then `WSAGetLastError()` gives the code.
 *
 *
 * Errors through `callback`: `WSANO_DATA` (no such entry in the database; also an argument the
 * lookup cannot match, see above), `WSAENOBUFS` (the result exceeds `buflen`), `WSAEFAULT` (`name`
 * not a string, or `buflen` not an integer in 0..0x7FFFFFFF), `WSANO_RECOVERY`, `WSAENETDOWN` (the
 * lookup Worker or the system resolver could not be started).
 */
export function WSAAsyncGetProtoByName(callback: WSAAsyncCallback<PROTOENT>, name: string, buflen: number = MAXGETHOSTSTRUCT): number {
  return start<ProtoData, PROTOENT>(callback, buflen, nameError(name, WSANO_DATA), 'protoByName', name, null, toProtoent, protoentSize);
}

/**
 * Looks up a protocol by number in the system's protocols database, asynchronously (Winsock's
 * `WSAAsyncGetProtoByNumber`).
 *
 * Errors: `WSANOTINITIALISED` (no `WSAStartup` / `AfxSocketInit` by the user: unlike the
 * classes, these functions do not start Winsock lazily), `WSAEINPROGRESS` (this thread is inside a
 * blocking call, e.g. in a blocking hook or `OnMessagePending`), `WSAEINVAL` (`callback` is not a
 * function).
 *
 * @param callback - Called once on the event loop, never before this function returns, unless the
 *   task is cancelled: `callback(handle, nError, result, nBufLen)` (see {@link WSAAsyncCallback}).
 * @param number - The protocol number, e.g. 6 for TCP; an integer in 0..0x7FFFFFFF, any other
 *   value gives `WSANO_DATA`.
 * @param buflen - The size of the caller's buffer in Winsock terms; default `MAXGETHOSTSTRUCT`
 *   (1024), the size MFC-era code passes. A result that would not fit completes with `WSAENOBUFS`.
 * @returns A non-zero task handle, at once (the lookup's outcome comes through `callback`); or 0,
 *   then `WSAGetLastError()` gives the code.
 *
 *
 * Errors through `callback`: `WSANO_DATA` (no such entry in the database; also an argument the
 * lookup cannot match, see above), `WSAENOBUFS` (the result exceeds `buflen`), `WSAEFAULT`
 * (`buflen` not an integer in 0..0x7FFFFFFF), `WSANO_RECOVERY`, `WSAENETDOWN` (the lookup Worker or
 * the system resolver could not be started).
 */
export function WSAAsyncGetProtoByNumber(callback: WSAAsyncCallback<PROTOENT>, number: number, buflen: number = MAXGETHOSTSTRUCT): number {
  const ok = typeof number === 'number' && Number.isInteger(number) && number >= 0 && number <= 0x7fffffff;
  return start<ProtoData, PROTOENT>(callback, buflen, ok ? 0 : WSANO_DATA, 'protoByNumber', ok ? number : 0, null, toProtoent, protoentSize);
}

/**
 * Cancels an incomplete WSAAsyncGetXByY task (Winsock's `WSACancelAsyncRequest`).
 *
 * Errors: `WSANOTINITIALISED` (no `WSAStartup` / `AfxSocketInit` by the user), `WSAEINPROGRESS`
 * (this thread is inside a blocking call, e.g. in a blocking hook or `OnMessagePending`),
 * `WSAEINVAL` (0, a handle never issued, a task already cancelled, or one that completed before
 * the last 4096 finished tasks), `WSAEALREADY` (the lookup has completed, even if its callback has
 * not run yet). As Microsoft advises, treat `WSAEINVAL` and `WSAEALREADY` alike: no lookup with
 * that handle is in progress. Winsock's `WSAENETDOWN` does not occur here.
 *
 * @param hAsyncTaskHandle - The handle a WSAAsyncGetXByY function returned.
 * @returns 0 when the task was cancelled: its callback never runs. Otherwise `SOCKET_ERROR`; then
 *   `WSAGetLastError()` gives the code.
 *
 * A queued lookup is removed and never runs. A running one cannot be stopped (the resolver call is
 * synchronous): the Worker finishes it and its answer is dropped, so lookups queued behind it wait
 * for it. The task table is afxsock's own on every platform (Wine's WSACancelAsyncRequest is a
 * stub).
 */
export function WSACancelAsyncRequest(hAsyncTaskHandle: number): number {
  const err = !isStartedByUser() ? WSANOTINITIALISED
    : WSAIsBlocking() ? WSAEINPROGRESS
      : hAsyncTaskHandle === 0 ? WSAEINVAL
        : cancelLookup(hAsyncTaskHandle);
  if (err === 0) return 0;
  WSASetLastError(err);
  return SOCKET_ERROR;
}

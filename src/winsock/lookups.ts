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
import { AF_INET, AF_INET6, MAXGETHOSTSTRUCT, SOCKET_ERROR } from './constants.js';
import {
  WSAEAFNOSUPPORT, WSAEFAULT, WSAEINPROGRESS, WSAEINVAL, WSAENOBUFS, WSAHOST_NOT_FOUND,
  WSANO_DATA, WSANOTINITIALISED,
} from './errors.js';
import { WSASetLastError } from './lastError.js';
import { WSAIsBlocking } from './blocking.js';
import { isStartedByUser, onLastCleanup } from './startup.js';
import { cancelAllLookups, cancelLookup, submitLookup, submitSettled, type Finish } from './lookup-tasks.js';
import {
  hostentSize, protoentSize, serventSize, toHostent, toProtoent, toServent,
  type HOSTENT, type PROTOENT, type SERVENT,
} from './lookup-results.js';
import type { HostData, LookupOp, ProtoData, ServData } from '../native/lookup-worker.js';

export type { HOSTENT, SERVENT, PROTOENT } from './lookup-results.js';

/** The completion callback that replaces the window message. */
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

export function WSAAsyncGetHostByName(callback: WSAAsyncCallback<HOSTENT>, name: string, buflen: number = MAXGETHOSTSTRUCT): number {
  return start<HostData, HOSTENT>(callback, buflen, nameError(name, WSAHOST_NOT_FOUND), 'hostByName', name, null, toHostent, hostentSize);
}

/**
 * `addr` holds the address in network order; `len` is 4 for AF_INET, 16 for AF_INET6 and must
 * not exceed `addr.byteLength` (WSAEFAULT otherwise).
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

/** `proto` null matches any protocol, as in Winsock. */
export function WSAAsyncGetServByName(
  callback: WSAAsyncCallback<SERVENT>, name: string, proto: string | null = null, buflen: number = MAXGETHOSTSTRUCT,
): number {
  const argError = nameError(name, WSANO_DATA) || protoError(proto);
  return start<ServData, SERVENT>(callback, buflen, argError, 'servByName', name, proto ?? null, toServent, serventSize);
}

/** `port` in host order (0..65535). */
export function WSAAsyncGetServByPort(
  callback: WSAAsyncCallback<SERVENT>, port: number, proto: string | null = null, buflen: number = MAXGETHOSTSTRUCT,
): number {
  const portOk = typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 0xffff;
  const argError = portOk ? protoError(proto) : WSANO_DATA;
  return start<ServData, SERVENT>(callback, buflen, argError, 'servByPort', portOk ? port : 0, proto ?? null, toServent, serventSize);
}

export function WSAAsyncGetProtoByName(callback: WSAAsyncCallback<PROTOENT>, name: string, buflen: number = MAXGETHOSTSTRUCT): number {
  return start<ProtoData, PROTOENT>(callback, buflen, nameError(name, WSANO_DATA), 'protoByName', name, null, toProtoent, protoentSize);
}

export function WSAAsyncGetProtoByNumber(callback: WSAAsyncCallback<PROTOENT>, number: number, buflen: number = MAXGETHOSTSTRUCT): number {
  const ok = typeof number === 'number' && Number.isInteger(number) && number >= 0 && number <= 0x7fffffff;
  return start<ProtoData, PROTOENT>(callback, buflen, ok ? 0 : WSANO_DATA, 'protoByNumber', ok ? number : 0, null, toProtoent, protoentSize);
}

/**
 * Cancels a WSAAsyncGetXByY task: 0, and its callback never runs. SOCKET_ERROR with
 * WSANOTINITIALISED (no WSAStartup), WSAEINPROGRESS (called while this thread blocks, e.g. from a
 * blocking hook), WSAEINVAL (0, unknown, or already cancelled) or WSAEALREADY (the lookup has
 * completed, even if its callback has not run yet; remembered for the last 4096 tasks).
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

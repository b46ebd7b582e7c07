/**
 * Windows Sockets error codes (winsock2.h, WSABASEERR + n) with their names and the short
 * descriptions of Microsoft's "Windows Sockets Error Codes" page. Pure data: `native/` reads it.
 */
import { numberText } from './text.js';

export const WSA_INVALID_HANDLE = 6;
export const WSA_NOT_ENOUGH_MEMORY = 8;
export const WSA_INVALID_PARAMETER = 87;
export const WSA_OPERATION_ABORTED = 995;
export const WSA_IO_INCOMPLETE = 996;
export const WSA_IO_PENDING = 997;

export const WSABASEERR = 10000;
export const WSAEINTR = 10004;
export const WSAEBADF = 10009;
export const WSAEACCES = 10013;
export const WSAEFAULT = 10014;
export const WSAEINVAL = 10022;
export const WSAEMFILE = 10024;
export const WSAEWOULDBLOCK = 10035;
export const WSAEINPROGRESS = 10036;
export const WSAEALREADY = 10037;
export const WSAENOTSOCK = 10038;
export const WSAEDESTADDRREQ = 10039;
export const WSAEMSGSIZE = 10040;
export const WSAEPROTOTYPE = 10041;
export const WSAENOPROTOOPT = 10042;
export const WSAEPROTONOSUPPORT = 10043;
export const WSAESOCKTNOSUPPORT = 10044;
export const WSAEOPNOTSUPP = 10045;
export const WSAEPFNOSUPPORT = 10046;
export const WSAEAFNOSUPPORT = 10047;
export const WSAEADDRINUSE = 10048;
export const WSAEADDRNOTAVAIL = 10049;
export const WSAENETDOWN = 10050;
export const WSAENETUNREACH = 10051;
export const WSAENETRESET = 10052;
export const WSAECONNABORTED = 10053;
export const WSAECONNRESET = 10054;
export const WSAENOBUFS = 10055;
export const WSAEISCONN = 10056;
export const WSAENOTCONN = 10057;
export const WSAESHUTDOWN = 10058;
export const WSAETOOMANYREFS = 10059;
export const WSAETIMEDOUT = 10060;
export const WSAECONNREFUSED = 10061;
export const WSAELOOP = 10062;
export const WSAENAMETOOLONG = 10063;
export const WSAEHOSTDOWN = 10064;
export const WSAEHOSTUNREACH = 10065;
export const WSAENOTEMPTY = 10066;
export const WSAEPROCLIM = 10067;
export const WSAEUSERS = 10068;
export const WSAEDQUOT = 10069;
export const WSAESTALE = 10070;
export const WSAEREMOTE = 10071;
export const WSASYSNOTREADY = 10091;
export const WSAVERNOTSUPPORTED = 10092;
export const WSANOTINITIALISED = 10093;
export const WSAEDISCON = 10101;
export const WSAENOMORE = 10102;
export const WSAECANCELLED = 10103;
export const WSAEINVALIDPROCTABLE = 10104;
export const WSAEINVALIDPROVIDER = 10105;
export const WSAEPROVIDERFAILEDINIT = 10106;
export const WSASYSCALLFAILURE = 10107;
export const WSASERVICE_NOT_FOUND = 10108;
export const WSATYPE_NOT_FOUND = 10109;
export const WSA_E_NO_MORE = 10110;
export const WSA_E_CANCELLED = 10111;
export const WSAEREFUSED = 10112;
export const WSAHOST_NOT_FOUND = 11001;
export const WSATRY_AGAIN = 11002;
export const WSANO_RECOVERY = 11003;
export const WSANO_DATA = 11004;
export const WSANO_ADDRESS = WSANO_DATA;

/** Name and description of each code, in numeric order. */
const TABLE: ReadonlyArray<readonly [number, string, string]> = [
  [WSA_INVALID_HANDLE, 'WSA_INVALID_HANDLE', 'Specified event object handle is invalid.'],
  [WSA_NOT_ENOUGH_MEMORY, 'WSA_NOT_ENOUGH_MEMORY', 'Insufficient memory available.'],
  [WSA_INVALID_PARAMETER, 'WSA_INVALID_PARAMETER', 'One or more parameters are invalid.'],
  [WSA_OPERATION_ABORTED, 'WSA_OPERATION_ABORTED', 'Overlapped operation aborted.'],
  [WSA_IO_INCOMPLETE, 'WSA_IO_INCOMPLETE', 'Overlapped I/O event object not in signaled state.'],
  [WSA_IO_PENDING, 'WSA_IO_PENDING', 'Overlapped operations will complete later.'],
  [WSAEINTR, 'WSAEINTR', 'Interrupted function call.'],
  [WSAEBADF, 'WSAEBADF', 'File handle is not valid.'],
  [WSAEACCES, 'WSAEACCES', 'Permission denied.'],
  [WSAEFAULT, 'WSAEFAULT', 'Bad address.'],
  [WSAEINVAL, 'WSAEINVAL', 'Invalid argument.'],
  [WSAEMFILE, 'WSAEMFILE', 'Too many open files.'],
  [WSAEWOULDBLOCK, 'WSAEWOULDBLOCK', 'Resource temporarily unavailable.'],
  [WSAEINPROGRESS, 'WSAEINPROGRESS', 'Operation now in progress.'],
  [WSAEALREADY, 'WSAEALREADY', 'Operation already in progress.'],
  [WSAENOTSOCK, 'WSAENOTSOCK', 'Socket operation on nonsocket.'],
  [WSAEDESTADDRREQ, 'WSAEDESTADDRREQ', 'Destination address required.'],
  [WSAEMSGSIZE, 'WSAEMSGSIZE', 'Message too long.'],
  [WSAEPROTOTYPE, 'WSAEPROTOTYPE', 'Protocol wrong type for socket.'],
  [WSAENOPROTOOPT, 'WSAENOPROTOOPT', 'Bad protocol option.'],
  [WSAEPROTONOSUPPORT, 'WSAEPROTONOSUPPORT', 'Protocol not supported.'],
  [WSAESOCKTNOSUPPORT, 'WSAESOCKTNOSUPPORT', 'Socket type not supported.'],
  [WSAEOPNOTSUPP, 'WSAEOPNOTSUPP', 'Operation not supported.'],
  [WSAEPFNOSUPPORT, 'WSAEPFNOSUPPORT', 'Protocol family not supported.'],
  [WSAEAFNOSUPPORT, 'WSAEAFNOSUPPORT', 'Address family not supported by protocol family.'],
  [WSAEADDRINUSE, 'WSAEADDRINUSE', 'Address already in use.'],
  [WSAEADDRNOTAVAIL, 'WSAEADDRNOTAVAIL', 'Cannot assign requested address.'],
  [WSAENETDOWN, 'WSAENETDOWN', 'Network is down.'],
  [WSAENETUNREACH, 'WSAENETUNREACH', 'Network is unreachable.'],
  [WSAENETRESET, 'WSAENETRESET', 'Network dropped connection on reset.'],
  [WSAECONNABORTED, 'WSAECONNABORTED', 'Software caused connection abort.'],
  [WSAECONNRESET, 'WSAECONNRESET', 'Connection reset by peer.'],
  [WSAENOBUFS, 'WSAENOBUFS', 'No buffer space available.'],
  [WSAEISCONN, 'WSAEISCONN', 'Socket is already connected.'],
  [WSAENOTCONN, 'WSAENOTCONN', 'Socket is not connected.'],
  [WSAESHUTDOWN, 'WSAESHUTDOWN', 'Cannot send after socket shutdown.'],
  [WSAETOOMANYREFS, 'WSAETOOMANYREFS', 'Too many references.'],
  [WSAETIMEDOUT, 'WSAETIMEDOUT', 'Connection timed out.'],
  [WSAECONNREFUSED, 'WSAECONNREFUSED', 'Connection refused.'],
  [WSAELOOP, 'WSAELOOP', 'Cannot translate name.'],
  [WSAENAMETOOLONG, 'WSAENAMETOOLONG', 'Name too long.'],
  [WSAEHOSTDOWN, 'WSAEHOSTDOWN', 'Host is down.'],
  [WSAEHOSTUNREACH, 'WSAEHOSTUNREACH', 'No route to host.'],
  [WSAENOTEMPTY, 'WSAENOTEMPTY', 'Directory not empty.'],
  [WSAEPROCLIM, 'WSAEPROCLIM', 'Too many processes.'],
  [WSAEUSERS, 'WSAEUSERS', 'User quota exceeded.'],
  [WSAEDQUOT, 'WSAEDQUOT', 'Disk quota exceeded.'],
  [WSAESTALE, 'WSAESTALE', 'Stale file handle reference.'],
  [WSAEREMOTE, 'WSAEREMOTE', 'Item is remote.'],
  [WSASYSNOTREADY, 'WSASYSNOTREADY', 'Network subsystem is unavailable.'],
  [WSAVERNOTSUPPORTED, 'WSAVERNOTSUPPORTED', 'Winsock.dll version out of range.'],
  [WSANOTINITIALISED, 'WSANOTINITIALISED', 'Successful WSAStartup not yet performed.'],
  [WSAEDISCON, 'WSAEDISCON', 'Graceful shutdown in progress.'],
  [WSAENOMORE, 'WSAENOMORE', 'No more results.'],
  [WSAECANCELLED, 'WSAECANCELLED', 'Call has been canceled.'],
  [WSAEINVALIDPROCTABLE, 'WSAEINVALIDPROCTABLE', 'Procedure call table is invalid.'],
  [WSAEINVALIDPROVIDER, 'WSAEINVALIDPROVIDER', 'Service provider is invalid.'],
  [WSAEPROVIDERFAILEDINIT, 'WSAEPROVIDERFAILEDINIT', 'Service provider failed to initialize.'],
  [WSASYSCALLFAILURE, 'WSASYSCALLFAILURE', 'System call failure.'],
  [WSASERVICE_NOT_FOUND, 'WSASERVICE_NOT_FOUND', 'Service not found.'],
  [WSATYPE_NOT_FOUND, 'WSATYPE_NOT_FOUND', 'Class type not found.'],
  [WSA_E_NO_MORE, 'WSA_E_NO_MORE', 'No more results.'],
  [WSA_E_CANCELLED, 'WSA_E_CANCELLED', 'Call was canceled.'],
  [WSAEREFUSED, 'WSAEREFUSED', 'Database query was refused.'],
  [WSAHOST_NOT_FOUND, 'WSAHOST_NOT_FOUND', 'Host not found.'],
  [WSATRY_AGAIN, 'WSATRY_AGAIN', 'Nonauthoritative host not found.'],
  [WSANO_RECOVERY, 'WSANO_RECOVERY', 'This is a nonrecoverable error.'],
  [WSANO_DATA, 'WSANO_DATA', 'Valid name, no data record of requested type.'],
];

const byCode = new Map<number, { name: string; message: string }>(
  TABLE.map(([code, name, message]) => [code, { name, message }]),
);

/** Every known code, in numeric order. */
export const WSA_ERROR_CODES: readonly number[] = TABLE.map(([code]) => code);

/** `'WSAEWOULDBLOCK'` for 10035; `'WSA error 12345'` for a code not in the table. */
export function wsaErrorName(code: number): string {
  return byCode.get(code)?.name ?? (code === 0 ? 'NO_ERROR' : `WSA error ${numberText(code)}`);
}

/** Microsoft's one-line description of a code. */
export function wsaErrorMessage(code: number): string {
  return byCode.get(code)?.message ?? (code === 0 ? 'The operation completed successfully.' : `Unknown Windows Sockets error ${numberText(code)}.`);
}

/**
 * Windows Sockets error codes (winsock2.h, WSABASEERR + n) with their names and the short
 * descriptions of Microsoft's "Windows Sockets Error Codes" page. Pure data: `native/` reads it.
 */
import { describeValue } from './format.js';

/**
 * 6: the handle given is not valid (Windows' ERROR_INVALID_HANDLE; Winsock names it for event
 * objects). `CAsyncSocket.Attach(INVALID_SOCKET)` fails with it, as in MFC 14.
 */
export const WSA_INVALID_HANDLE = 6;
/** 8: not enough memory to complete the call (Windows' ERROR_NOT_ENOUGH_MEMORY). */
export const WSA_NOT_ENOUGH_MEMORY = 8;
/** 87: one or more parameters are invalid (Windows' ERROR_INVALID_PARAMETER). */
export const WSA_INVALID_PARAMETER = 87;
/**
 * 995: an overlapped operation was aborted because its socket was closed (Windows'
 * ERROR_OPERATION_ABORTED).
 */
export const WSA_OPERATION_ABORTED = 995;
/** 996: an overlapped operation has not completed yet (Windows' ERROR_IO_INCOMPLETE). */
export const WSA_IO_INCOMPLETE = 996;
/** 997: an overlapped operation was started and will complete later (Windows' ERROR_IO_PENDING). */
export const WSA_IO_PENDING = 997;

/** 10000: the base of the Windows Sockets codes (`WSABASEERR + n`); not an error itself. */
export const WSABASEERR = 10000;
/**
 * 10004: a blocking call was interrupted by `WSACancelBlockingCall`; here also by
 * `CancelBlockingCall`, a `Close` during the call, or an abort signal.
 */
export const WSAEINTR = 10004;
/** 10009: the file handle supplied is not valid. */
export const WSAEBADF = 10009;
/**
 * 10013: permission denied, e.g. `sendto` to a broadcast address without `SO_BROADCAST`, or a bind
 * to an address held exclusively.
 */
export const WSAEACCES = 10013;
/**
 * 10014: bad address: a buffer or out-parameter is missing or too small; here also a length larger
 * than the buffer given.
 */
export const WSAEFAULT = 10014;
/**
 * 10022: an invalid argument, or a call the socket's state does not allow (e.g. `accept` on a
 * socket that is not listening).
 */
export const WSAEINVAL = 10022;
/** 10024: too many open sockets (the process's descriptor limit). */
export const WSAEMFILE = 10024;
/**
 * 10035: the operation would block; try again after the FD_ notification (Winsock's
 * WSAEWOULDBLOCK).
 */
export const WSAEWOULDBLOCK = 10035;
/**
 * 10036: a blocking operation is in progress; here a second blocking call on a socket that is
 * already waiting, or a Winsock 1.1 call made while this thread blocks.
 */
export const WSAEINPROGRESS = 10036;
/**
 * 10037: an operation is already in progress, e.g. a second `connect` while the first runs;
 * `WSACancelAsyncRequest` on a lookup that has completed.
 */
export const WSAEALREADY = 10037;
/** 10038: the handle is not a socket (none attached, or already closed). */
export const WSAENOTSOCK = 10038;
/** 10039: a destination address is required and none was given. */
export const WSAEDESTADDRREQ = 10039;
/**
 * 10040: message too long: a datagram was larger than the receive buffer (and was truncated) or
 * than the protocol allows.
 */
export const WSAEMSGSIZE = 10040;
/** 10041: the protocol given does not support the socket type asked for. */
export const WSAEPROTOTYPE = 10041;
/**
 * 10042: bad protocol option: `getsockopt` / `setsockopt` with an option unknown or unsupported at
 * that level.
 */
export const WSAENOPROTOOPT = 10042;
/** 10043: the protocol is not supported or not configured on this system. */
export const WSAEPROTONOSUPPORT = 10043;
/** 10044: the socket type is not supported in this address family. */
export const WSAESOCKTNOSUPPORT = 10044;
/**
 * 10045: the operation is not supported for this kind of socket, e.g. `listen` on a datagram
 * socket.
 */
export const WSAEOPNOTSUPP = 10045;
/** 10046: the protocol family is not supported or not configured. */
export const WSAEPFNOSUPPORT = 10046;
/**
 * 10047: the address family is not supported by the protocol family, or does not match the
 * socket's.
 */
export const WSAEAFNOSUPPORT = 10047;
/** 10048: the local address (address and port) is already in use. */
export const WSAEADDRINUSE = 10048;
/**
 * 10049: the address is not valid in its context, e.g. a bind to an address that is not local, or a
 * connect to port 0.
 */
export const WSAEADDRNOTAVAIL = 10049;
/**
 * 10050: the network subsystem has failed; here also a name lookup whose Worker could not load the
 * system resolver.
 */
export const WSAENETDOWN = 10050;
/** 10051: the network cannot be reached from this host at this time (no route). */
export const WSAENETUNREACH = 10051;
/**
 * 10052: the connection was broken because keep-alive detected a failure while the operation was in
 * progress.
 */
export const WSAENETRESET = 10052;
/**
 * 10053: the connection was aborted on this host (time-out or protocol error); here also every call
 * but `Close` after a cancelled partial send.
 */
export const WSAECONNABORTED = 10053;
/** 10054: the connection was reset by the peer (a hard close, or the peer went away). */
export const WSAECONNRESET = 10054;
/**
 * 10055: no buffer space available; a `WSAAsyncGetXByY` result that does not fit the `buflen`
 * given.
 */
export const WSAENOBUFS = 10055;
/** 10056: the socket is already connected. */
export const WSAEISCONN = 10056;
/** 10057: the socket is not connected (and, for a datagram socket, no address was given). */
export const WSAENOTCONN = 10057;
/** 10058: that direction of the socket was shut down by `shutdown`. */
export const WSAESHUTDOWN = 10058;
/** 10059: too many references to a kernel object. */
export const WSAETOOMANYREFS = 10059;
/**
 * 10060: the connection timed out (the peer did not answer); here also a blocking call ended by its
 * `timeout` option.
 */
export const WSAETIMEDOUT = 10060;
/** 10061: the connection was refused: nothing listens at the target address and port. */
export const WSAECONNREFUSED = 10061;
/** 10062: cannot translate the name. */
export const WSAELOOP = 10062;
/** 10063: a name or host name is too long. */
export const WSAENAMETOOLONG = 10063;
/** 10064: the destination host is down. */
export const WSAEHOSTDOWN = 10064;
/** 10065: there is no route to the host. */
export const WSAEHOSTUNREACH = 10065;
/** 10066: the directory is not empty. */
export const WSAENOTEMPTY = 10066;
/** 10067: too many processes use Windows Sockets (`WSAStartup`). */
export const WSAEPROCLIM = 10067;
/** 10068: user quota exceeded. */
export const WSAEUSERS = 10068;
/** 10069: disk quota exceeded. */
export const WSAEDQUOT = 10069;
/** 10070: the file handle reference is no longer available. */
export const WSAESTALE = 10070;
/** 10071: the item is not available locally. */
export const WSAEREMOTE = 10071;
/** 10091: the network subsystem is not ready (`WSAStartup`). */
export const WSASYSNOTREADY = 10091;
/**
 * 10092: the Windows Sockets version asked for is not supported (`WSAStartup` with major version 0;
 * `AfxSocketInit` when 1.1 is not granted).
 */
export const WSAVERNOTSUPPORTED = 10092;
/**
 * 10093: no successful `WSAStartup` yet, or one `WSACleanup` too many; here only the Winsock 1.1
 * functions require it (the classes start lazily).
 */
export const WSANOTINITIALISED = 10093;
/** 10101: the peer began a graceful shutdown (message-oriented protocols, `WSARecv`). */
export const WSAEDISCON = 10101;
/** 10102: no more results (`WSALookupServiceNext`). */
export const WSAENOMORE = 10102;
/** 10103: the call was canceled (`WSALookupServiceEnd` during `WSALookupServiceNext`). */
export const WSAECANCELLED = 10103;
/** 10104: a service provider returned an invalid procedure table. */
export const WSAEINVALIDPROCTABLE = 10104;
/** 10105: a service provider is invalid (wrong version). */
export const WSAEINVALIDPROVIDER = 10105;
/** 10106: a service provider failed to initialize. */
export const WSAEPROVIDERFAILEDINIT = 10106;
/** 10107: a system call that should never fail has failed. */
export const WSASYSCALLFAILURE = 10107;
/** 10108: no such service is known in the name spaces searched. */
export const WSASERVICE_NOT_FOUND = 10108;
/** 10109: the class type (service type) was not found. */
export const WSATYPE_NOT_FOUND = 10109;
/** 10110: no more results (`WSALookupServiceNext`; the later code for WSAENOMORE). */
export const WSA_E_NO_MORE = 10110;
/**
 * 10111: the call was canceled (`WSALookupServiceEnd` during `WSALookupServiceNext`; the later code
 * for WSAECANCELLED).
 */
export const WSA_E_CANCELLED = 10111;
/** 10112: a database query was refused. */
export const WSAEREFUSED = 10112;
/** 11001: authoritative answer: no such host is known. */
export const WSAHOST_NOT_FOUND = 11001;
/**
 * 11002: non-authoritative host not found, or the server failed: a temporary error, ask again
 * later.
 */
export const WSATRY_AGAIN = 11002;
/**
 * 11003: a nonrecoverable error during a database lookup; here also a lookup whose Worker failed.
 */
export const WSANO_RECOVERY = 11003;
/**
 * 11004: the name is valid but has no data of the type asked for (e.g. no IPv4 address); an unknown
 * service or protocol.
 */
export const WSANO_DATA = 11004;
/** winsock.h's other name for WSANO_DATA (11004): no address, look for an MX record. */
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

/**
 * Every error code of this module, in numeric order: all the constants above but `WSABASEERR`
 * (`WSANO_ADDRESS` is `WSANO_DATA`, listed once). These are the codes {@link wsaErrorName} and
 * {@link wsaErrorMessage} know.
 */
export const WSA_ERROR_CODES: readonly number[] = TABLE.map(([code]) => code);

/**
 * The symbolic name of a Windows Sockets code, for messages.
 *
 * @param code - A WSA code (any value is accepted; this never throws).
 * @returns The name, e.g. `'WSAEWOULDBLOCK'` for 10035; `'NO_ERROR'` for 0; `'WSA error 12345'`
 *   for any other value.
 */
export function wsaErrorName(code: number): string {
  return byCode.get(code)?.name ?? (code === 0 ? 'NO_ERROR' : `WSA error ${describeValue(code)}`);
}

/**
 * Microsoft's one-line description of a Windows Sockets code (the "Windows Sockets Error Codes"
 * page), for messages.
 *
 * @param code - A WSA code (any value is accepted; this never throws).
 * @returns E.g. `'Resource temporarily unavailable.'` for 10035; `'The operation completed
 *   successfully.'` for 0; `'Unknown Windows Sockets error 12345.'` for any other value.
 */
export function wsaErrorMessage(code: number): string {
  return byCode.get(code)?.message ?? (code === 0 ? 'The operation completed successfully.' : `Unknown Windows Sockets error ${describeValue(code)}.`);
}

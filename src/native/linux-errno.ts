/**
 * errno and getaddrinfo codes -> Windows Sockets codes, translated once, here.
 *
 * The errno table follows the one Wine's ws2_32 used to translate errno (`sock_get_error` in
 * wine-mirror/wine dlls/ws2_32/socket.c): the same pairs, EBADF folded into WSAENOTSOCK, EPIPE
 * into WSAECONNRESET, anything unknown WSAEOPNOTSUPP.
 * It is keyed by errno *names* and resolved through `koffi.os.errno`, so no host's numbers are
 * written down here.
 */
import { loadKoffi } from './koffi.js';
import * as E from '../wsa/errors.js';
import {
  EAI_ADDRFAMILY, EAI_AGAIN, EAI_BADFLAGS, EAI_FAIL, EAI_FAMILY, EAI_MEMORY, EAI_NODATA,
  EAI_NONAME, EAI_OVERFLOW, EAI_SERVICE, EAI_SOCKTYPE, EAI_SYSTEM,
} from './linux-constants.js';

const BY_NAME: ReadonlyArray<readonly [string, number]> = [
  ['EINTR', E.WSAEINTR],
  ['EPERM', E.WSAEACCES],
  ['EACCES', E.WSAEACCES],
  ['EFAULT', E.WSAEFAULT],
  ['EINVAL', E.WSAEINVAL],
  ['EMFILE', E.WSAEMFILE],
  // ENFILE is the system-wide twin of EMFILE; Wine leaves it unmapped, Winsock has one code.
  ['ENFILE', E.WSAEMFILE],
  ['EAGAIN', E.WSAEWOULDBLOCK],
  ['EWOULDBLOCK', E.WSAEWOULDBLOCK],
  ['EINPROGRESS', E.WSAEINPROGRESS],
  ['EALREADY', E.WSAEALREADY],
  ['EBADF', E.WSAENOTSOCK],
  ['ENOTSOCK', E.WSAENOTSOCK],
  ['EDESTADDRREQ', E.WSAEDESTADDRREQ],
  ['EMSGSIZE', E.WSAEMSGSIZE],
  ['EPROTOTYPE', E.WSAEPROTOTYPE],
  ['ENOPROTOOPT', E.WSAENOPROTOOPT],
  ['EPROTONOSUPPORT', E.WSAEPROTONOSUPPORT],
  ['ESOCKTNOSUPPORT', E.WSAESOCKTNOSUPPORT],
  ['EOPNOTSUPP', E.WSAEOPNOTSUPP],
  ['EPFNOSUPPORT', E.WSAEPFNOSUPPORT],
  ['EAFNOSUPPORT', E.WSAEAFNOSUPPORT],
  ['EADDRINUSE', E.WSAEADDRINUSE],
  ['EADDRNOTAVAIL', E.WSAEADDRNOTAVAIL],
  ['ENETDOWN', E.WSAENETDOWN],
  ['ENETUNREACH', E.WSAENETUNREACH],
  ['ENETRESET', E.WSAENETRESET],
  ['ECONNABORTED', E.WSAECONNABORTED],
  ['EPIPE', E.WSAECONNRESET],
  ['ECONNRESET', E.WSAECONNRESET],
  ['ENOBUFS', E.WSAENOBUFS],
  // Winsock reports allocation failure as WSAENOBUFS.
  ['ENOMEM', E.WSAENOBUFS],
  ['EISCONN', E.WSAEISCONN],
  ['ENOTCONN', E.WSAENOTCONN],
  ['ESHUTDOWN', E.WSAESHUTDOWN],
  ['ETOOMANYREFS', E.WSAETOOMANYREFS],
  ['ETIMEDOUT', E.WSAETIMEDOUT],
  ['ECONNREFUSED', E.WSAECONNREFUSED],
  ['ELOOP', E.WSAELOOP],
  ['ENAMETOOLONG', E.WSAENAMETOOLONG],
  ['EHOSTDOWN', E.WSAEHOSTDOWN],
  ['EHOSTUNREACH', E.WSAEHOSTUNREACH],
  ['ENOTEMPTY', E.WSAENOTEMPTY],
  ['EPROCLIM', E.WSAEPROCLIM],
  ['EUSERS', E.WSAEUSERS],
  ['EDQUOT', E.WSAEDQUOT],
  ['ESTALE', E.WSAESTALE],
  ['EREMOTE', E.WSAEREMOTE],
];

let table: Map<number, number> | undefined;

function buildTable(): Map<number, number> {
  const host = loadKoffi().os.errno as Record<string, number | undefined>;
  const map = new Map<number, number>();
  for (const [name, wsa] of BY_NAME) {
    const n = host[name];
    // First entry wins: EAGAIN and EWOULDBLOCK, EOPNOTSUPP and ENOTSUP share numbers on Linux.
    if (n !== undefined && !map.has(n)) map.set(n, wsa);
  }
  return map;
}

/** The Winsock code for a host errno: 0 for 0, WSAEOPNOTSUPP for an errno Winsock has no name for. */
export function errnoToWsa(errno: number): number {
  if (errno === 0) return 0;
  table ??= buildTable();
  return table.get(errno) ?? E.WSAEOPNOTSUPP;
}

/**
 * The Winsock code for a getaddrinfo / getnameinfo result, by the EAI_* aliases of Windows'
 * ws2tcpip.h, where each EAI_ name is defined as a WSA code (EAI_NONAME is WSAHOST_NOT_FOUND,
 * EAI_MEMORY WSA_NOT_ENOUGH_MEMORY, ...). `errno` is consulted only for EAI_SYSTEM.
 */
export function eaiToWsa(rc: number, errno: number): number {
  switch (rc) {
    case 0: return 0;
    case EAI_NONAME: return E.WSAHOST_NOT_FOUND;
    case EAI_AGAIN: return E.WSATRY_AGAIN;
    case EAI_FAIL: return E.WSANO_RECOVERY;
    // glibc says EAI_NODATA / EAI_ADDRFAMILY when the name exists without an address of the asked kind.
    case EAI_NODATA: return E.WSANO_DATA;
    case EAI_ADDRFAMILY: return E.WSANO_DATA;
    case EAI_FAMILY: return E.WSAEAFNOSUPPORT;
    case EAI_SOCKTYPE: return E.WSAESOCKTNOSUPPORT;
    case EAI_SERVICE: return E.WSATYPE_NOT_FOUND;
    case EAI_BADFLAGS: return E.WSAEINVAL;
    case EAI_MEMORY: return E.WSA_NOT_ENOUGH_MEMORY;
    case EAI_OVERFLOW: return E.WSAEFAULT;
    case EAI_SYSTEM: return errno === 0 ? E.WSANO_RECOVERY : errnoToWsa(errno);
    default: return E.WSANO_RECOVERY;
  }
}

/**
 * The Windows Sockets vocabulary, with the values winsock2.h gives them.
 *
 * Every layer of afxsock speaks these numbers, on every platform: a port of MFC code keeps
 * `SOL_SOCKET`, `SO_LINGER`, `AF_INET6`... with the meaning Winsock gives them, and
 * `src/native/` translates them to the host's own values where they differ (Linux's
 * `SOL_SOCKET` is 1, its `AF_INET6` 10). This module is pure data so that `native/` may read it.
 */

/* Address families (winsock2.h). */
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 23;
export const PF_UNSPEC = AF_UNSPEC;
export const PF_INET = AF_INET;
export const PF_INET6 = AF_INET6;

/* Socket types. */
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;

/* Protocols. */
export const IPPROTO_IP = 0;
export const IPPROTO_ICMP = 1;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;

/* Special IPv4 addresses, host order. */
export const INADDR_ANY = 0x00000000;
export const INADDR_LOOPBACK = 0x7f000001;
export const INADDR_BROADCAST = 0xffffffff;
export const INADDR_NONE = 0xffffffff;

/* WSAAsyncSelect network events. */
export const FD_READ = 0x01;
export const FD_WRITE = 0x02;
export const FD_OOB = 0x04;
export const FD_ACCEPT = 0x08;
export const FD_CONNECT = 0x10;
export const FD_CLOSE = 0x20;
/** The six events MFC selects by default (0x3F). */
export const FD_ALL_EVENTS = FD_READ | FD_WRITE | FD_OOB | FD_ACCEPT | FD_CONNECT | FD_CLOSE;

/* Socket-level options. */
export const SOL_SOCKET = 0xffff;
export const SO_DEBUG = 0x0001;
export const SO_ACCEPTCONN = 0x0002;
export const SO_REUSEADDR = 0x0004;
export const SO_KEEPALIVE = 0x0008;
export const SO_DONTROUTE = 0x0010;
export const SO_BROADCAST = 0x0020;
export const SO_USELOOPBACK = 0x0040;
export const SO_LINGER = 0x0080;
export const SO_OOBINLINE = 0x0100;
/** `(int)(~SO_LINGER)`: a BOOL that is the inverse of `LINGER.l_onoff`. */
export const SO_DONTLINGER = ~SO_LINGER;
/** `(int)(~SO_REUSEADDR)`. */
export const SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;
export const SO_SNDBUF = 0x1001;
export const SO_RCVBUF = 0x1002;
export const SO_SNDLOWAT = 0x1003;
export const SO_RCVLOWAT = 0x1004;
export const SO_SNDTIMEO = 0x1005;
export const SO_RCVTIMEO = 0x1006;
export const SO_ERROR = 0x1007;
export const SO_TYPE = 0x1008;

/* IPPROTO_TCP options. */
export const TCP_NODELAY = 0x0001;

/* IPPROTO_IP options (ws2ipdef.h). */
export const IP_TOS = 3;
export const IP_TTL = 4;
export const IP_MULTICAST_IF = 9;
export const IP_MULTICAST_TTL = 10;
export const IP_MULTICAST_LOOP = 11;

/* IPPROTO_IPV6 options (ws2ipdef.h). */
export const IPV6_UNICAST_HOPS = 4;
export const IPV6_V6ONLY = 27;

/* send/recv flags. */
export const MSG_OOB = 0x1;
export const MSG_PEEK = 0x2;
export const MSG_DONTROUTE = 0x4;
export const MSG_WAITALL = 0x8;

/* ioctlsocket commands, as the signed 32-bit numbers `long lCommand` holds. */
export const FIONBIO = 0x8004667e | 0;
export const FIONREAD = 0x4004667f | 0;
export const SIOCATMARK = 0x40047307 | 0;

/* shutdown(how). */
export const SD_RECEIVE = 0;
export const SD_SEND = 1;
export const SD_BOTH = 2;

export const SOMAXCONN = 0x7fffffff;

/** Returned by calls that return an int, on failure. */
export const SOCKET_ERROR = -1;
/**
 * The value of `m_hSocket` when no socket is attached. Winsock's `(SOCKET)(~0)` cannot be held
 * exactly by a JS number; -1 is never a valid descriptor on any platform (see the porting table).
 */
export const INVALID_SOCKET = -1;

/** Recommended size of a WSAAsyncGetXByY buffer (winsock.h). */
export const MAXGETHOSTSTRUCT = 1024;

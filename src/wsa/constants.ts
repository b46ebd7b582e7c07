/**
 * The Windows Sockets vocabulary, with the values winsock2.h gives them.
 *
 * Every layer of afxsock speaks these numbers, on every platform: a port of MFC code keeps
 * `SOL_SOCKET`, `SO_LINGER`, `AF_INET6`... with the meaning Winsock gives them, and
 * `src/native/` translates them to the host's own values where they differ (Linux's
 * `SOL_SOCKET` is 1, its `AF_INET6` 10). This module is pure data so that `native/` may read it.
 */

/* Address families (winsock2.h). */
/** Address family unspecified (0): any family, where a call allows the choice. */
export const AF_UNSPEC = 0;
/** The IPv4 address family (2). */
export const AF_INET = 2;
/** The IPv6 address family: 23, Winsock's value, on every platform (Linux's own is 10). */
export const AF_INET6 = 23;
/** Protocol family unspecified; the same value as `AF_UNSPEC` (0). */
export const PF_UNSPEC = AF_UNSPEC;
/** The IPv4 protocol family; the same value as `AF_INET` (2). */
export const PF_INET = AF_INET;
/**
 * The IPv6 protocol family; the same value as `AF_INET6` (23, Winsock's value on every platform).
 */
export const PF_INET6 = AF_INET6;

/* Socket types. */
/** A reliable, ordered, connection-based byte stream (TCP). */
export const SOCK_STREAM = 1;
/** Connectionless datagrams of a fixed maximum length (UDP). */
export const SOCK_DGRAM = 2;
/** A raw socket: the application builds the protocol headers (needs privileges). */
export const SOCK_RAW = 3;

/* Protocols. */
/** Protocol 0, the default for the socket type; also the option level of `IP_*` options. */
export const IPPROTO_IP = 0;
/** The Internet Control Message Protocol. */
export const IPPROTO_ICMP = 1;
/** The Transmission Control Protocol; also the option level of `TCP_NODELAY`. */
export const IPPROTO_TCP = 6;
/** The User Datagram Protocol. */
export const IPPROTO_UDP = 17;
/** IPv6; also the option level of the `IPV6_*` options. */
export const IPPROTO_IPV6 = 41;

/* Special IPv4 addresses, host order. */
/** Any local IPv4 address (0.0.0.0): bind to every interface. */
export const INADDR_ANY = 0x00000000;
/** The IPv4 loopback address 127.0.0.1, as a host-order number. */
export const INADDR_LOOPBACK = 0x7f000001;
/** The IPv4 limited broadcast address 255.255.255.255. */
export const INADDR_BROADCAST = 0xffffffff;
/** `inet_addr`'s failure value (the same bits as `INADDR_BROADCAST`). */
export const INADDR_NONE = 0xffffffff;

/* WSAAsyncSelect network events. */
/** Network event: data can be read (`OnReceive`). */
export const FD_READ = 0x01;
/** Network event: data can be sent again (`OnSend`). */
export const FD_WRITE = 0x02;
/** Network event: out-of-band data has arrived (`OnOutOfBandData`). */
export const FD_OOB = 0x04;
/** Network event: a connection waits to be accepted (`OnAccept`). */
export const FD_ACCEPT = 0x08;
/** Network event: a connection attempt has completed, successfully or not (`OnConnect`). */
export const FD_CONNECT = 0x10;
/** Network event: the peer closed the connection (`OnClose`). */
export const FD_CLOSE = 0x20;
/** The six events MFC selects by default (0x3F). */
export const FD_ALL_EVENTS = FD_READ | FD_WRITE | FD_OOB | FD_ACCEPT | FD_CONNECT | FD_CLOSE;

/* Socket-level options. */
/**
 * The option level of the `SO_*` options: 0xFFFF, Winsock's value, on every platform (Linux's own
 * is 1).
 */
export const SOL_SOCKET = 0xffff;
/** BOOL: record debugging information. */
export const SO_DEBUG = 0x0001;
/** BOOL, read-only: the socket is listening. */
export const SO_ACCEPTCONN = 0x0002;
/** BOOL: allow the socket to bind to an address already in use. */
export const SO_REUSEADDR = 0x0004;
/** BOOL: send keep-alive probes on a connection. */
export const SO_KEEPALIVE = 0x0008;
/** BOOL: send without routing, to directly connected hosts only. */
export const SO_DONTROUTE = 0x0010;
/** BOOL: allow sending datagrams to a broadcast address. */
export const SO_BROADCAST = 0x0020;
/**
 * BOOL: use the loopback hardware when possible (a BSD option). Not mapped on Linux: `GetSockOpt` /
 * `SetSockOpt` fail there with `WSAENOPROTOOPT`.
 */
export const SO_USELOOPBACK = 0x0040;
/**
 * `LINGER` (two u16: `l_onoff`, `l_linger` seconds): how `closesocket` treats unsent data;
 * Winsock's layout on every platform.
 */
export const SO_LINGER = 0x0080;
/** BOOL: receive out-of-band data in the normal data stream. */
export const SO_OOBINLINE = 0x0100;
/** BOOL, `(int)(~SO_LINGER)`: do not linger on close; the inverse of `LINGER.l_onoff`. */
export const SO_DONTLINGER = ~SO_LINGER;
/**
 * BOOL, `(int)(~SO_REUSEADDR)`: no other socket may bind to this socket's address. Linux has no
 * such option: there it clears `SO_REUSEADDR` and refuses to set it again on this socket
 * (`WSAEINVAL`).
 */
export const SO_EXCLUSIVEADDRUSE = ~SO_REUSEADDR;
/** int: the size of the send buffer. */
export const SO_SNDBUF = 0x1001;
/** int: the size of the receive buffer. */
export const SO_RCVBUF = 0x1002;
/** int: the send low-water mark. */
export const SO_SNDLOWAT = 0x1003;
/** int: the receive low-water mark. */
export const SO_RCVLOWAT = 0x1004;
/** DWORD: the send time-out in milliseconds (Winsock's layout on every platform). */
export const SO_SNDTIMEO = 0x1005;
/** DWORD: the receive time-out in milliseconds (Winsock's layout on every platform). */
export const SO_RCVTIMEO = 0x1006;
/** int, read-only: the socket's pending error as a WSA code, cleared by the read. */
export const SO_ERROR = 0x1007;
/** int, read-only: the socket type (`SOCK_STREAM`, `SOCK_DGRAM`...). */
export const SO_TYPE = 0x1008;

/* IPPROTO_TCP options. */
/** BOOL, level `IPPROTO_TCP`: disable the Nagle algorithm (send small segments at once). */
export const TCP_NODELAY = 0x0001;

/* IPPROTO_IP options (ws2ipdef.h). */
/**
 * int, level `IPPROTO_IP`: the type-of-service byte of outgoing packets (Winsock's number on every
 * platform).
 */
export const IP_TOS = 3;
/**
 * int, level `IPPROTO_IP`: the time-to-live of outgoing unicast packets (Winsock's number on every
 * platform).
 */
export const IP_TTL = 4;
/** `IN_ADDR` (4 bytes, network order), level `IPPROTO_IP`: the interface for outgoing multicast. */
export const IP_MULTICAST_IF = 9;
/** int, level `IPPROTO_IP`: the time-to-live of outgoing multicast packets. */
export const IP_MULTICAST_TTL = 10;
/** BOOL, level `IPPROTO_IP`: loop outgoing multicast back to this host. */
export const IP_MULTICAST_LOOP = 11;

/* IPPROTO_IPV6 options (ws2ipdef.h). */
/**
 * int, level `IPPROTO_IPV6`: the hop limit of outgoing unicast packets (Winsock's number on every
 * platform).
 */
export const IPV6_UNICAST_HOPS = 4;
/**
 * BOOL, level `IPPROTO_IPV6`: an IPv6 socket accepts IPv6 only, not IPv4-mapped addresses
 * (Winsock's number on every platform).
 */
export const IPV6_V6ONLY = 27;

/* send/recv flags. */
/** Send or receive out-of-band data. */
export const MSG_OOB = 0x1;
/** Receive: look at the data without removing it from the queue. */
export const MSG_PEEK = 0x2;
/** Send: do not route (directly connected hosts only). */
export const MSG_DONTROUTE = 0x4;
/** Receive: wait until the buffer is full (Winsock's 0x8 on every platform; Linux's is 0x100). */
export const MSG_WAITALL = 0x8;

/* ioctlsocket commands, as the signed 32-bit numbers `long lCommand` holds. */
/**
 * `ioctlsocket`: set (non-zero) or clear non-blocking mode. Winsock's `_IOW('f', 126, u_long)`, as
 * a signed 32-bit number.
 */
export const FIONBIO = 0x8004667e | 0;
/**
 * `ioctlsocket`: how many bytes can be read at once. Winsock's `_IOR('f', 127, u_long)`, as a
 * signed 32-bit number.
 */
export const FIONREAD = 0x4004667f | 0;
/**
 * `ioctlsocket`: whether all out-of-band data has been read; Winsock's meaning (non-zero when no
 * urgent data waits) on every platform.
 */
export const SIOCATMARK = 0x40047307 | 0;

/* shutdown(how). */
/** `shutdown`: no more receives. */
export const SD_RECEIVE = 0;
/** `shutdown`: no more sends (the peer sees the end of the stream). */
export const SD_SEND = 1;
/** `shutdown`: no more sends or receives. */
export const SD_BOTH = 2;

/** `listen` backlog meaning "as long as the system allows" (winsock2.h's value). */
export const SOMAXCONN = 0x7fffffff;

/**
 * -1: the failure result of the calls that return an int; `WSAGetLastError()` then gives the code.
 */
export const SOCKET_ERROR = -1;
/**
 * The value of `m_hSocket` when no socket is attached. Winsock's `(SOCKET)(~0)` cannot be held
 * exactly by a JS number; -1 is never a valid descriptor on any platform (see the porting table).
 */
export const INVALID_SOCKET = -1;

/**
 * 1024: the recommended `buflen` of the WSAAsyncGetXByY functions (winsock.h), and their default
 * here.
 */
export const MAXGETHOSTSTRUCT = 1024;

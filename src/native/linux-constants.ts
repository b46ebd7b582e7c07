/**
 * Linux's own numbers for what the SocketApi speaks in Winsock's. These are the values of the
 * generic (asm-generic) ABI used by x86, x86_64, arm and arm64; MIPS, SPARC, Alpha and PowerPC
 * number some SO_* and SOCK_* differently and are refused by `assertSupportedAbi()` rather than
 * silently mistranslated. Errno values are not here: they come from `koffi.os.errno`.
 */

export const AF_INET = 2;
export const AF_INET6 = 10;

export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_RAW = 3;
export const SOCK_NONBLOCK = 0o4000;
export const SOCK_CLOEXEC = 0o2000000;

export const SOL_SOCKET = 1;
export const SO_DEBUG = 1;
export const SO_REUSEADDR = 2;
export const SO_TYPE = 3;
export const SO_ERROR = 4;
export const SO_DONTROUTE = 5;
export const SO_BROADCAST = 6;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_KEEPALIVE = 9;
export const SO_OOBINLINE = 10;
export const SO_LINGER = 13;
export const SO_RCVLOWAT = 18;
export const SO_SNDLOWAT = 19;
/** The "old" timeval variants: `struct timeval` with native `long` fields. */
export const SO_RCVTIMEO = 20;
export const SO_SNDTIMEO = 21;
export const SO_ACCEPTCONN = 30;

export const IPPROTO_IP = 0;
export const IPPROTO_TCP = 6;
export const IPPROTO_IPV6 = 41;
export const TCP_NODELAY = 1;
/** `struct tcp_info`, whose first byte is the TCP state (linux/tcp.h). */
export const TCP_INFO = 11;
export const IP_TOS = 1;
export const IP_TTL = 2;
export const IP_MULTICAST_IF = 32;
export const IP_MULTICAST_TTL = 33;
export const IP_MULTICAST_LOOP = 34;
export const IP_ADD_MEMBERSHIP = 35;
export const IP_DROP_MEMBERSHIP = 36;
export const IPV6_UNICAST_HOPS = 16;
export const IPV6_V6ONLY = 26;

export const MSG_OOB = 0x1;
export const MSG_PEEK = 0x2;
export const MSG_DONTROUTE = 0x4;
export const MSG_WAITALL = 0x100;
/** Linux: report a datagram's real length even when the buffer was shorter. */
export const MSG_TRUNC = 0x20;
export const MSG_NOSIGNAL = 0x4000;

export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;

export const FIONREAD = 0x541b;
export const FIONBIO = 0x5421;
export const SIOCATMARK = 0x8905;
/** Bytes in a socket's send queue not yet acknowledged (SIOCOUTQ, the same number). */
export const TIOCOUTQ = 0x5411;
export const F_GETFL = 3;
export const O_NONBLOCK = 0o4000;

export const EPOLL_CLOEXEC = 0o2000000;
export const EPOLL_CTL_ADD = 1;
export const EPOLL_CTL_DEL = 2;
export const EPOLL_CTL_MOD = 3;
export const EPOLLIN = 0x001;
export const EPOLLOUT = 0x004;
export const EPOLLERR = 0x008;
export const EPOLLHUP = 0x010;
export const EPOLLRDHUP = 0x2000;
export const EPOLLPRI = 0x002;

export const POLLIN = 0x001;
export const POLLOUT = 0x004;
export const POLLERR = 0x008;
export const POLLHUP = 0x010;
export const POLLNVAL = 0x020;
export const POLLRDHUP = 0x2000;

export const EFD_NONBLOCK = 0o4000;
export const EFD_CLOEXEC = 0o2000000;

/** glibc and musl agree on these (netdb.h). */
export const EAI_BADFLAGS = -1;
export const EAI_NONAME = -2;
export const EAI_AGAIN = -3;
export const EAI_FAIL = -4;
export const EAI_NODATA = -5;
export const EAI_FAMILY = -6;
export const EAI_SOCKTYPE = -7;
export const EAI_SERVICE = -8;
export const EAI_ADDRFAMILY = -9;
export const EAI_MEMORY = -10;
export const EAI_SYSTEM = -11;
export const EAI_OVERFLOW = -12;
export const AI_CANONNAME = 2;
export const NI_NAMEREQD = 8;
export const NI_MAXHOST = 1025;

/** `struct epoll_event` is packed on x86 (12 bytes) and naturally aligned elsewhere (16). */
export const EPOLL_EVENT_SIZE = process.arch === 'x64' || process.arch === 'ia32' ? 12 : 16;
export const EPOLL_EVENT_DATA_OFFSET = EPOLL_EVENT_SIZE === 12 ? 4 : 8;

const GENERIC_ABI = new Set(['x64', 'ia32', 'arm', 'arm64', 'riscv64', 'loong64', 's390x']);

/** Throws on an architecture whose socket constants differ from the table above. */
export function assertSupportedAbi(): void {
  if (process.platform !== 'linux' || !GENERIC_ABI.has(process.arch)) {
    throw new Error(`afxsock: the Linux socket layer supports Linux on ${[...GENERIC_ABI].join(', ')}; ` +
      `this is ${process.platform}/${process.arch}`);
  }
}

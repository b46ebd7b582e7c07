/**
 * The libc functions the Linux layer calls, declared once. Pointers are `void *` so that
 * Buffers and TypedArrays pass their backing store without marshalling (koffi hands a typed
 * array's own memory to C for a `void *`, from the view's offset); fcntl and ioctl are declared
 * variadic, as they are in C (a fixed prototype breaks on ABIs that pass variadic arguments
 * differently). Nothing here validates: arg-guard.ts and linux.ts do, first.
 */
import { loadKoffi } from './koffi.js';

/** koffi functions are untyped at this edge; linux.ts gives them meaning. */
type Fn = (...args: any[]) => any;

export interface Libc {
  errno(): number;
  socket: Fn; bind: Fn; listen: Fn; accept4: Fn; connect: Fn;
  send: Fn; recv: Fn; sendto: Fn; recvfrom: Fn; shutdown: Fn; close: Fn;
  getsockopt: Fn; setsockopt: Fn; getsockname: Fn; getpeername: Fn;
  fcntl: Fn; ioctl: Fn; poll: Fn;
  epoll_create1: Fn; epoll_ctl: Fn; epoll_wait: Fn;
  eventfd: Fn; read: Fn; write: Fn;
  getaddrinfo: Fn; freeaddrinfo: Fn; getnameinfo: Fn;
  /** `struct addrinfo` (glibc/musl member order). */
  addrinfo: unknown;
}

/** glibc first; musl's loader names itself differently. */
const CANDIDATES = ['libc.so.6', `libc.musl-${process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : process.arch}.so.1`, 'libc.so'];

type Library = ReturnType<ReturnType<typeof loadKoffi>['load']>;
let library: Library | undefined;
let libc: Libc | undefined;

/** The C library itself, for the few functions only one module declares (the lookup Worker's). */
export function libcLibrary(): Library {
  if (library !== undefined) return library;
  const koffi = loadKoffi();
  let firstError: unknown;
  for (const name of CANDIDATES) {
    try { library = koffi.load(name); return library; } catch (e) { firstError ??= e; }
  }
  throw firstError;
}

export function loadLibc(): Libc {
  if (libc !== undefined) return libc;
  const koffi = loadKoffi();
  const lib = libcLibrary();
  // Aliases are global in koffi: define each only once per module instance.
  const have = (name: string): boolean => { try { koffi.type(name); return true; } catch { return false; } };
  if (!have('socklen_t')) koffi.alias('socklen_t', 'uint32_t');
  if (!have('ssize_t')) koffi.alias('ssize_t', 'intptr_t');
  if (!have('nfds_t')) koffi.alias('nfds_t', 'unsigned long');
  const addrinfo = have('afxsock_addrinfo') ? koffi.type('afxsock_addrinfo') : koffi.struct('afxsock_addrinfo', {
    ai_flags: 'int', ai_family: 'int', ai_socktype: 'int', ai_protocol: 'int',
    ai_addrlen: 'socklen_t', ai_addr: 'void *', ai_canonname: 'void *', ai_next: 'void *',
  });
  const f = (decl: string): Fn => lib.func(decl) as Fn;
  libc = {
    errno: () => koffi.errno(),
    socket: f('int socket(int domain, int type, int protocol)'),
    bind: f('int bind(int fd, const void *addr, socklen_t len)'),
    listen: f('int listen(int fd, int backlog)'),
    accept4: f('int accept4(int fd, void *addr, void *addrlen, int flags)'),
    connect: f('int connect(int fd, const void *addr, socklen_t len)'),
    send: f('ssize_t send(int fd, const void *buf, size_t len, int flags)'),
    recv: f('ssize_t recv(int fd, void *buf, size_t len, int flags)'),
    sendto: f('ssize_t sendto(int fd, const void *buf, size_t len, int flags, const void *addr, socklen_t alen)'),
    recvfrom: f('ssize_t recvfrom(int fd, void *buf, size_t len, int flags, void *addr, void *alen)'),
    shutdown: f('int shutdown(int fd, int how)'),
    close: f('int close(int fd)'),
    getsockopt: f('int getsockopt(int fd, int level, int name, void *val, void *len)'),
    setsockopt: f('int setsockopt(int fd, int level, int name, const void *val, socklen_t len)'),
    getsockname: f('int getsockname(int fd, void *addr, void *len)'),
    getpeername: f('int getpeername(int fd, void *addr, void *len)'),
    fcntl: f('int fcntl(int fd, int cmd, ...)'),
    ioctl: f('int ioctl(int fd, unsigned long req, ...)'),
    poll: f('int poll(void *fds, nfds_t nfds, int timeout)'),
    epoll_create1: f('int epoll_create1(int flags)'),
    epoll_ctl: f('int epoll_ctl(int epfd, int op, int fd, void *ev)'),
    epoll_wait: f('int epoll_wait(int epfd, void *evs, int maxevents, int timeout)'),
    eventfd: f('int eventfd(unsigned int initval, int flags)'),
    read: f('ssize_t read(int fd, void *buf, size_t len)'),
    write: f('ssize_t write(int fd, const void *buf, size_t len)'),
    getaddrinfo: f('int getaddrinfo(const char *node, const char *service, const afxsock_addrinfo *hints, _Out_ void **res)'),
    freeaddrinfo: f('void freeaddrinfo(void *res)'),
    getnameinfo: f('int getnameinfo(const void *sa, socklen_t salen, void *host, socklen_t hostlen, void *serv, socklen_t servlen, int flags)'),
    addrinfo,
  };
  return libc;
}

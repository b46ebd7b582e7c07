/**
 * The ws2_32.dll and kernel32.dll functions the Windows layer calls, declared once, in the forms
 * checked to work on Win64 and Wine with koffi 3.3: `__stdcall` on every function (ignored on
 * x64, needed on x86), SOCKET as `uintptr_t`, for which koffi returns a valid socket as a Number
 * and INVALID_SOCKET (2^64-1) as a BigInt. Pointers are `void *` so that
 * Buffers and TypedArrays pass their backing store without marshalling — and so that a JS
 * Number given by mistake would be taken as an address: win32.ts validates every argument
 * before it gets here.
 */
import { loadKoffi } from './koffi.js';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Ws2 {
  WSAStartup: Fn; WSACleanup: Fn; WSAGetLastError: Fn;
  socket: Fn; bind: Fn; listen: Fn; accept: Fn; connect: Fn;
  send: Fn; recv: Fn; sendto: Fn; recvfrom: Fn; shutdown: Fn; closesocket: Fn;
  getsockopt: Fn; setsockopt: Fn; getsockname: Fn; getpeername: Fn; ioctlsocket: Fn;
  WSAPoll: Fn;
  GetAddrInfoW: Fn; FreeAddrInfoW: Fn; GetNameInfoW: Fn;
  /** kernel32: keeps a socket out of child processes. */
  SetHandleInformation: Fn;
}

type Library = ReturnType<ReturnType<typeof loadKoffi>['load']>;
let ws2: Ws2 | undefined;
let ws2Lib: Library | undefined;
let k32Lib: Library | undefined;

/** ws2_32.dll itself, for the few functions only one module declares (the lookup Worker's). */
export function ws2Library(): Library {
  ws2Lib ??= loadKoffi().load('ws2_32.dll');
  return ws2Lib;
}

/** kernel32.dll itself. */
export function kernel32Library(): Library {
  k32Lib ??= loadKoffi().load('kernel32.dll');
  return k32Lib;
}

export function loadWs2(): Ws2 {
  if (ws2 !== undefined) return ws2;
  const lib = ws2Library();
  const k32 = kernel32Library();
  const f = (decl: string): Fn => lib.func(decl) as Fn;
  ws2 = {
    WSAStartup: f('int __stdcall WSAStartup(uint16_t version, void *data)'),
    WSACleanup: f('int __stdcall WSACleanup()'),
    WSAGetLastError: f('int __stdcall WSAGetLastError()'),
    socket: f('uintptr_t __stdcall socket(int af, int type, int protocol)'),
    bind: f('int __stdcall bind(uintptr_t s, const void *name, int namelen)'),
    listen: f('int __stdcall listen(uintptr_t s, int backlog)'),
    accept: f('uintptr_t __stdcall accept(uintptr_t s, void *addr, void *addrlen)'),
    connect: f('int __stdcall connect(uintptr_t s, const void *name, int namelen)'),
    send: f('int __stdcall send(uintptr_t s, const void *buf, int len, int flags)'),
    recv: f('int __stdcall recv(uintptr_t s, void *buf, int len, int flags)'),
    sendto: f('int __stdcall sendto(uintptr_t s, const void *buf, int len, int flags, const void *to, int tolen)'),
    recvfrom: f('int __stdcall recvfrom(uintptr_t s, void *buf, int len, int flags, void *from, void *fromlen)'),
    shutdown: f('int __stdcall shutdown(uintptr_t s, int how)'),
    closesocket: f('int __stdcall closesocket(uintptr_t s)'),
    getsockopt: f('int __stdcall getsockopt(uintptr_t s, int level, int name, void *val, void *len)'),
    setsockopt: f('int __stdcall setsockopt(uintptr_t s, int level, int name, const void *val, int len)'),
    getsockname: f('int __stdcall getsockname(uintptr_t s, void *name, void *namelen)'),
    getpeername: f('int __stdcall getpeername(uintptr_t s, void *name, void *namelen)'),
    ioctlsocket: f('int __stdcall ioctlsocket(uintptr_t s, int32_t cmd, void *argp)'),
    WSAPoll: f('int __stdcall WSAPoll(void *fds, uint32_t nfds, int timeout)'),
    GetAddrInfoW: f('int __stdcall GetAddrInfoW(const char16_t *node, const char16_t *service, const void *hints, _Out_ void **res)'),
    FreeAddrInfoW: f('void __stdcall FreeAddrInfoW(void *res)'),
    GetNameInfoW: f('int __stdcall GetNameInfoW(const void *sa, int salen, void *host, uint32_t hostlen, void *serv, uint32_t servlen, int flags)'),
    SetHandleInformation: k32.func('int __stdcall SetHandleInformation(uintptr_t h, uint32_t mask, uint32_t flags)') as Fn,
  };
  return ws2;
}

let wine: boolean | undefined;

/**
 * True when running on Wine (ntdll exports `wine_get_version`), where a few Winsock behaviours
 * differ from Windows (recv after a peer RST returns 0, WSACancelAsyncRequest is a stub).
 * False on every non-Windows platform, without loading anything.
 */
export function isWine(): boolean {
  if (wine !== undefined) return wine;
  if (process.platform !== 'win32') return (wine = false);
  try {
    const ntdll = loadKoffi().load('ntdll.dll');
    ntdll.func('const char *wine_get_version()');
    wine = true;
  } catch {
    wine = false;
  }
  return wine;
}

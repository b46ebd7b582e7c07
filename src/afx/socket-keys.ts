/**
 * The keys of CAsyncSocket's internals that CSocket shares. They are symbols on purpose: a
 * port subclasses CAsyncSocket and CSocket freely (MFC code has its own `Fail`, `m_lEvent`,
 * `Check...` members), so afxsock's own helpers must not occupy any name a subclass could pick.
 */
/** CAsyncSocket's field: the last error of this object's calls (what `GetLastError()` returns). */
export const kLastError: unique symbol = Symbol('afxsock.lastError');
/** CAsyncSocket's field: the attached socket's address family (`AF_INET` / `AF_INET6`). */
export const kFamily: unique symbol = Symbol('afxsock.family');
/** CAsyncSocket's field: the notifications AsyncSelect selected (`FD_*` bits). */
export const kEvents: unique symbol = Symbol('afxsock.events');
/** CAsyncSocket's method: sets this object's and the thread's last error. */
export const kSetError: unique symbol = Symbol('afxsock.setError');
/** CAsyncSocket's method: records `-rc` as the error when `rc` < 0; whether the call succeeded. */
export const kOk: unique symbol = Symbol('afxsock.ok');
/** CAsyncSocket's method: sets an error and returns false (a failing BOOL member). */
export const kFail: unique symbol = Symbol('afxsock.fail');
/** CAsyncSocket's method: sets an error and returns `SOCKET_ERROR` (a failing count member). */
export const kFailCount: unique symbol = Symbol('afxsock.failCount');
/**
 * CAsyncSocket's method: whether a socket is attached (`WSAENOTSOCK` when not; CSocket adds
 * `WSAECONNABORTED` for a broken stream).
 */
export const kCheckHandle: unique symbol = Symbol('afxsock.checkHandle');
/** CAsyncSocket's method: validates (buffer, length, flags); 0, or the WSA code to fail with. */
export const kCheckBuffer: unique symbol = Symbol('afxsock.checkBuffer');
/**
 * CAsyncSocket's method: a numeric address or host name to an address of the socket's family,
 * or null with the error set.
 */
export const kResolveHost: unique symbol = Symbol('afxsock.resolveHost');
/** CAsyncSocket's method: SendTo's destination (none: `INADDR_BROADCAST`), or null, error set. */
export const kResolveTarget: unique symbol = Symbol('afxsock.resolveTarget');

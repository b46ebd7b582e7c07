/**
 * The keys of CAsyncSocket's internals that CSocket shares. They are symbols on purpose: a
 * port subclasses CAsyncSocket and CSocket freely (MFC code has its own `Fail`, `m_lEvent`,
 * `Check...` members), so afxsock's own helpers must not occupy any name a subclass could pick.
 *
 * The raw attempts (`kTry…`) do a call's checks, the native call and the notification
 * re-enabling, and return a count (or 0) or -code; they set no last error. `kCount` / `kOk`
 * turn such a result into MFC's form: the one place a result becomes SOCKET_ERROR / FALSE plus
 * the last error.
 */
/** CAsyncSocket's field: the last error of this object's calls (what `GetLastError()` returns). */
export const kLastError: unique symbol = Symbol('afxsock.lastError');
/** CAsyncSocket's field: the attached socket's address family (`AF_INET` / `AF_INET6`). */
export const kFamily: unique symbol = Symbol('afxsock.family');
/** CAsyncSocket's accessor: the socket's SocketRecord (notify/socket-record.ts). */
export const kRecord: unique symbol = Symbol('afxsock.record');
/** CAsyncSocket's method: sets this object's and the thread's last error. */
export const kSetError: unique symbol = Symbol('afxsock.setError');
/** CAsyncSocket's method: a raw result as a count member returns it (`SOCKET_ERROR`, error set). */
export const kCount: unique symbol = Symbol('afxsock.count');
/** CAsyncSocket's method: a raw result as a BOOL member returns it (false, error set). */
export const kOk: unique symbol = Symbol('afxsock.ok');
/** CAsyncSocket's method: sets an error and returns false (a failing BOOL member). */
export const kFail: unique symbol = Symbol('afxsock.fail');
/** CAsyncSocket's method: sets an error and returns `SOCKET_ERROR` (a failing count member). */
export const kFailCount: unique symbol = Symbol('afxsock.failCount');
/** CAsyncSocket's method: 0 when the handle may be used, else the code (`WSAENOTSOCK`, `WSAECONNABORTED`). */
export const kHandleError: unique symbol = Symbol('afxsock.handleError');
/** CAsyncSocket's method: whether the handle may be used; sets the error when not. */
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
/** Raw attempt: recv (Receive). */
export const kTryReceive: unique symbol = Symbol('afxsock.tryReceive');
/** Raw attempt: send (Send). */
export const kTrySend: unique symbol = Symbol('afxsock.trySend');
/** Raw attempt: accept into a socket object (Accept); 0 on success. */
export const kTryAccept: unique symbol = Symbol('afxsock.tryAccept');
/** Raw attempt: sendto a resolved address (SendToHelper). */
export const kTrySendTo: unique symbol = Symbol('afxsock.trySendTo');
/** Raw attempt: recvfrom (ReceiveFromHelper). */
export const kTryReceiveFrom: unique symbol = Symbol('afxsock.tryReceiveFrom');
/** Raw attempt, first half: Accept's checks; 0 or the code. */
export const kAcceptCheck: unique symbol = Symbol('afxsock.acceptCheck');
/** Raw attempt, second half: the accept itself, into a checked object; 0 or -code. */
export const kAcceptNow: unique symbol = Symbol('afxsock.acceptNow');

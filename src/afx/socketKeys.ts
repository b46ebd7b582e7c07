/**
 * The keys of CAsyncSocket's internals that CSocket shares. They are symbols on purpose: a
 * port subclasses CAsyncSocket and CSocket freely (MFC code has its own `Fail`, `m_lEvent`,
 * `Check...` members), so afxsock's own helpers must not occupy any name a subclass could pick.
 */
export const kLastError: unique symbol = Symbol('afxsock.lastError');
export const kFamily: unique symbol = Symbol('afxsock.family');
export const kEvents: unique symbol = Symbol('afxsock.events');
export const kSetError: unique symbol = Symbol('afxsock.setError');
export const kOk: unique symbol = Symbol('afxsock.ok');
export const kFail: unique symbol = Symbol('afxsock.fail');
export const kFailCount: unique symbol = Symbol('afxsock.failCount');
export const kCheckHandle: unique symbol = Symbol('afxsock.checkHandle');
export const kCheckBuffer: unique symbol = Symbol('afxsock.checkBuffer');
export const kResolveHost: unique symbol = Symbol('afxsock.resolveHost');
export const kResolveTarget: unique symbol = Symbol('afxsock.resolveTarget');

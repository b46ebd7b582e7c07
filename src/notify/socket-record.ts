/**
 * One socket's state, in one place: the registration the sink reads and the emulation state
 * CAsyncSocket and CSocket keep. The socket object owns it (under a symbol key, for life); the
 * sink maps a handle to it only where a handle is all it has (the poller's callback,
 * FromHandle). Each attach starts a new registration: `gen` tells a queued notification of an
 * earlier one, which is dropped (MFC's dead map).
 */
import type { SockState } from './rules.js';

/** What the sink calls to deliver a notification (CAsyncSocket's DoCallBack). */
export interface NotifyTarget {
  /** The socket's DoCallBack, under a key no subclass can take. */
  [kDispatch](event: number, nErrorCode: number): void;
}

/** The key of NotifyTarget's DoCallBack: a symbol, so a port's own `dispatchNotification` is its own. */
export const kDispatch: unique symbol = Symbol('afxsock.dispatch');

/** A readiness wait of an awaitable call. */
export interface Waiter {
  events: number;
  done: (revents: number) => void;
}

/** A call of the socket that waits (MFC's m_pbBlocking): what CancelBlockingCall ends. */
export interface WaitingCall {
  /** Ends the call with `code` (WSAEINTR, WSAETIMEDOUT), as soon as possible. */
  cancel(code: number): void;
}

export class SocketRecord {
  /* The registration: reset by each attach. */
  h = -1;
  /** Registered in the sink now (attached, not yet detached). */
  live = false;
  /** Counts registrations: a queued notification of an earlier one is dropped. */
  gen = 0;
  /** The events selected (WSAAsyncSelect's lEvent). */
  lEvent = 0;
  /** FD_* bits whose notification may be posted now (not pending, not consumed). */
  enabled = 0;
  state = 0 as SockState;
  /** The rules' remembered conditions (rules.ts, Cond). */
  cond = 0;
  /** FD_CLOSE's error: 0 for an orderly close, WSAECONNABORTED after a reset. */
  closeCode = 0;
  /** Probing for the peer's close after a local receive shutdown (epoll cannot see it). */
  probe: NodeJS.Timeout | null = null;
  /** Interest currently set in the poller, and whether the poller knows the handle. */
  armed = 0;
  registered = false;
  waiter: Waiter | null = null;
  /** Depth of awaitable calls in progress: while > 0, notifications are held. */
  blocking = 0;
  /** Held notifications, as (event, error) pairs. */
  held: number[] = [];
  /**
   * CSocket: a cancelled partial send reset the stream; the handle number is closed and may
   * already name another socket, so everything but Close and Detach fails WSAECONNABORTED.
   */
  broken = false;

  /* The object's, across registrations. */
  /** The call now waiting, if any (CSocket's m_pbBlocking; the call may outlive a Close). */
  call: WaitingCall | null = null;

  constructor(readonly target: NotifyTarget) {}

  /** A new registration of handle `h`: everything but the waiting call starts afresh. */
  reset(h: number, state: SockState): void {
    this.h = h;
    this.gen++;
    this.lEvent = 0;
    this.enabled = 0;
    this.state = state;
    this.cond = 0;
    this.closeCode = 0;
    this.probe = null;
    this.armed = 0;
    this.registered = false;
    this.waiter = null;
    this.blocking = 0;
    this.held.length = 0;
    this.broken = false;
  }
}

/**
 * CSocket: MFC's blocking socket, in two flavours over one set of rules.
 *
 *  - The MFC names (Accept, Connect, Send, Receive, SendTo, ReceiveFrom) block the calling
 *    thread as MFC's PumpMessages does: try the non-blocking call; on WSAEWOULDBLOCK wait for
 *    readiness at most m_nTimeOut ms at a time, call OnMessagePending() and the blocking hook
 *    between waits, retry. The wait also watches the thread's wake descriptor, so another
 *    thread can end it at once through GetCancelHandle().
 *  - The …Async names take the same arguments plus `{ signal, timeout }` and wait on Node's
 *    event loop (MFC's message pump).
 *
 * Both honour IsBlocking(), CancelBlockingCall() (SOCKET_ERROR / FALSE with WSAEINTR), one
 * blocking call per socket (a second gets WSAEINPROGRESS), and leave the socket in a defined
 * state after a cancel (README, "After a cancelled call").
 */
import { debuglog } from 'node:util';
import { api, POLL_ERR, POLL_HUP, POLL_READ, POLL_WAKE, POLL_WRITE, type SockAddr } from '../native/index.js';
import * as sink from '../notify/sink.js';
import { SockState } from '../notify/sink.js';
import { CAsyncSocket, isAddressOut, viewLength, type SocketAddress } from './CAsyncSocket.js';
import { CancelSlot, type CSocketCancelHandle } from './cancel-handle.js';
import { FD_ALL_EVENTS, INVALID_SOCKET, SO_LINGER, SOCK_STREAM, SOCKET_ERROR, SOL_SOCKET } from '../wsa/constants.js';
import {
  WSAEALREADY, WSAECONNABORTED, WSAEFAULT, WSAEINPROGRESS, WSAEINTR, WSAEINVAL, WSAEISCONN, WSAETIMEDOUT, WSAEWOULDBLOCK,
} from '../wsa/errors.js';
import { beginBlockingCall, endBlockingCall, runBlockingHook, type BlockingCall } from '../winsock/blocking.js';
import { kCheckBuffer, kCheckHandle, kFail, kFailCount, kLastError, kResolveHost, kResolveTarget, kSetError } from './socket-keys.js';
import { keepClassName } from './className.js';
import { napSync, RetryGuard } from './blocking/backoff.js';
import { startTimer, type LongTimer } from './blocking/timer.js';

const log = debuglog('afxsock');

/**
 * The options of CSocket's awaitable calls (`AcceptAsync`, `ConnectAsync`, `SendAsync`,
 * `ReceiveAsync`, `SendToAsync`, `ReceiveFromAsync`): two ways to give up on the wait. A value
 * that is not an object, a `signal` that is not an AbortSignal, or a `timeout` that is not a
 * number >= 0 fails the call at once with `WSAEINVAL`.
 */
export interface BlockingOptions {
  /**
   * Aborting it ends the waiting call as CancelBlockingCall does: `SOCKET_ERROR` / false with
   * `WSAEINTR`. Already aborted: the call ends so unless its first attempt completes it.
   */
  signal?: AbortSignal;
  /**
   * Milliseconds the call may wait in all (not `m_nTimeOut`, which is a wait slice); when they
   * pass, the call ends like a cancel, with `WSAETIMEDOUT`. Default: no limit (`Infinity` too).
   */
  timeout?: number;
}

/** One call that waits: what CancelBlockingCall ends. */
interface Blocking {
  /** Ends the call with `code` (WSAEINTR, WSAETIMEDOUT), as soon as possible. */
  cancel(code: number): void;
  /** A cancel handle was made while the call waits: the call answers to it from now on. */
  adopt(slot: CancelSlot): void;
  /** A Send's bytes sent so far (a cancel after some left breaks the stream); null otherwise. */
  readonly progress: { sent: number } | null;
}

const WOULDBLOCK = -WSAEWOULDBLOCK;
/** How often a Receive that skips its first attempt tries it anyway (see #firstReceive). */
const RX_PROBE_EVERY = 8;

/**
 * MFC's CSocket: CAsyncSocket plus blocking calls. The MFC names (Accept, Connect, Send,
 * Receive, SendTo, ReceiveFrom) block the calling thread, for scripts and worker_threads, and
 * call OnMessagePending every m_nTimeOut ms while they wait; each has an awaitable …Async twin
 * that waits on the event loop and takes `{ signal, timeout }`. Both honour IsBlocking,
 * CancelBlockingCall (the call ends with WSAEINTR) and one waiting call per socket (a second
 * gets WSAEINPROGRESS). Create selects all six notifications, and OnConnect is never called,
 * as in MFC. What a cancel leaves behind: README, "After a cancelled call".
 */
export class CSocket extends CAsyncSocket {
  /**
   * Milliseconds of each wait slice of a blocking call (MFC's `m_nTimeOut`, 2000 by default),
   * after which OnMessagePending and the blocking hook run and the wait goes on. Not a timeout:
   * the call never fails because of it (MFC's "kick" timer). A value that is not a number >= 0
   * counts as 2000. The awaitable calls do not use it: their limit is `opts.timeout`.
   */
  m_nTimeOut = 2000;

  /** The call now waiting, if any (MFC's m_pbBlocking). */
  private m_pbBlocking: Blocking | null = null;
  /**
   * A cancelled partial send broke the stream: everything but Close and Detach fails
   * WSAECONNABORTED. Set only while m_hSocket holds the dead handle number.
   */
  #m_bBroken = false;
  /** Counts the handles this object held: a call tells its own socket from a later one. */
  #m_gen = 0;
  #m_cancelSlot: CancelSlot | null = null;
  /** A connect attempt was started and its outcome not yet seen (it goes on after a cancel). */
  #m_bConnecting = false;
  /** First attempts of Receive in a row that would have blocked, and attempts skipped since. */
  #rxMisses = 0;
  #rxSkipped = 0;

  /* ------------------------------------------------------------------ construction */

  /**
   * Creates a socket and binds it, with all six notifications selected (MFC's
   * `CSocket::Create`).
   *
   * Errors: those of `CAsyncSocket.Create`: `WSAEINVAL` (an address that is not numeric, a port
   * outside 0..65535, this object already holds a socket), `WSAESOCKTNOSUPPORT`,
   * `WSAEADDRINUSE`, `WSAEADDRNOTAVAIL`, `WSAEACCES`, `WSAEMFILE`, `WSAENOBUFS`.
   *
   * @param nSocketPort - The local port, 0..65535; default 0 (the system picks one), as in MFC.
   * @param nSocketType - `SOCK_STREAM` (default, as in MFC) or `SOCK_DGRAM`.
   * @param lpszSocketAddress - A numeric IPv4 or IPv6 address to bind to; default null (any
   *   address), as in MFC. An IPv6 literal makes an IPv6 socket.
   * @returns true on success; false otherwise, then `GetLastError()` gives the code.
   */
  override Create(nSocketPort?: number, nSocketType?: number, lpszSocketAddress?: string | null): boolean;
  /**
   * CAsyncSocket's form of Create, accepted too: `lEvent` chooses the notifications (default all
   * six, 0x3F).
   *
   * Errors: those of `CAsyncSocket.Create`, including `WSAEINVAL` for `lEvent` bits outside
   * 0x3F.
   *
   * @param nSocketPort - The local port, 0..65535; default 0.
   * @param nSocketType - `SOCK_STREAM` (default) or `SOCK_DGRAM`.
   * @param lEvent - The notifications to select; default all six (0x3F).
   * @param lpszSocketAddress - A numeric address to bind to; default null (any address).
   * @returns true on success; false otherwise, then `GetLastError()` gives the code.
   */
  override Create(nSocketPort?: number, nSocketType?: number, lEvent?: number, lpszSocketAddress?: string | null): boolean;
  override Create(nSocketPort = 0, nSocketType = SOCK_STREAM, a?: string | number | null, b?: string | null): boolean {
    const ok = typeof a === 'number' ? super.Create(nSocketPort, nSocketType, a, b) : super.Create(nSocketPort, nSocketType, FD_ALL_EVENTS, a);
    // Only a new socket starts afresh: a failed Create (a broken stream's dead handle is still
    // there) must leave the object broken, or later calls would reach a reused descriptor.
    if (ok) this.#startAfresh();
    return ok;
  }

  #startAfresh(): void {
    this.#m_gen++;
    this.#m_bBroken = false;
    this.#m_bConnecting = false;
    this.#rxMisses = 0;
    this.#rxSkipped = 0;
  }

  /**
   * Attaches an existing socket handle to this object (MFC's `CSocket::Attach`, which always
   * selects all six notifications; here they are the default).
   *
   * Errors: those of `CAsyncSocket.Attach`: `WSA_INVALID_HANDLE` (`INVALID_SOCKET`),
   * `WSAENOTSOCK` (not a socket), `WSAEINVAL` (this object already holds a socket, another object
   * holds `hSocket`).
   *
   * @param hSocket - The socket handle.
   * @param lEvent - The notifications to select; default all six (0x3F).
   * @returns true on success; false otherwise, then `GetLastError()` gives the code.
   */
  override Attach(hSocket: number, lEvent = FD_ALL_EVENTS): boolean {
    const ok = super.Attach(hSocket, lEvent);
    if (ok) this.#startAfresh();
    return ok;
  }

  /**
   * The CSocket attached to `hSocket` on this thread (MFC's `CSocket::FromHandle`).
   *
   * @param hSocket - A socket handle.
   * @returns The CSocket holding it, or null when no object of this thread holds it or its holder
   *   is not a CSocket.
   */
  static override FromHandle(hSocket: number): CSocket | null {
    const s = CAsyncSocket.FromHandle(hSocket);
    return s instanceof CSocket ? s : null;
  }

  /* ------------------------------------------------------------------ blocking state */

  /**
   * Whether a call of this socket is waiting (MFC's `CSocket::IsBlocking`).
   *
   * @returns true exactly while a blocking call, or an awaitable call that has not settled yet,
   *   waits; a call that completed at once never counts.
   */
  IsBlocking(): boolean {
    return this.m_pbBlocking !== null;
  }

  /**
   * Ends the waiting call of this socket (MFC's `CSocket::CancelBlockingCall`): it returns
   * `SOCKET_ERROR` / false with `WSAEINTR`, as soon as possible: an awaitable call within this
   * turn's microtasks; a blocking call when the OnMessagePending (or blocking hook) that called
   * this returns. With nothing waiting it does nothing. What the socket is like afterwards, per
   * call: README, "After a cancelled call" (a cancelled partial Send resets the connection).
   */
  CancelBlockingCall(): void {
    const b = this.m_pbBlocking;
    if (b === null) return;
    if (log.enabled) log('cancel %d', this.m_hSocket);
    b.cancel(WSAEINTR);
  }

  /**
   * Called between the wait slices of a blocking call, every m_nTimeOut ms (MFC's
   * `CSocket::OnMessagePending`); the awaitable calls never call it. Override it to do work
   * while the call waits, or to call CancelBlockingCall. MFC's default dispatches one WM_PAINT
   * and returns FALSE; here there is nothing to dispatch.
   *
   * @returns Ignored here (in MFC, TRUE makes the pump call `OnIdle`); the default returns
   *   false.
   */
  OnMessagePending(): boolean {
    return false;
  }

  /**
   * A handle another thread can pass to {@link CancelBlockingCallByHandle} to end this socket's
   * waiting call, blocking or awaitable, with `WSAEINTR` (no MFC twin: MFC's CancelBlockingCall
   * works only on the socket's own thread). A blocked thread wakes within milliseconds. Plain
   * data: send it with `postMessage`. The same handle serves every later call of this object,
   * including a call already waiting when the handle is made.
   *
   * @returns This socket's cancel handle, made on first use.
   */
  GetCancelHandle(): CSocketCancelHandle {
    if (this.#m_cancelSlot === null) {
      this.#m_cancelSlot = new CancelSlot();
      this.m_pbBlocking?.adopt(this.#m_cancelSlot);
    }
    return this.#m_cancelSlot.handle;
  }

  /**
   * After a reset the handle number is closed and may already name another socket: nothing but
   * Close may reach it, so every call that checks the handle fails with WSAECONNABORTED.
   *
   * @internal
   */
  protected override [kCheckHandle](): boolean {
    if (this.#m_bBroken) return this[kFail](WSAECONNABORTED);
    return super[kCheckHandle]();
  }

  /** MFC's re-entrancy guard and the broken-stream rule; false (error set) when the call may not start. */
  #mayStart(): boolean {
    if (!this[kCheckHandle]()) return false;
    if (this.#m_bBroken) return this[kFail](WSAECONNABORTED);
    if (this.m_pbBlocking !== null) return this[kFail](WSAEINPROGRESS);
    return true;
  }

  /**
   * A cancel cut a send short after some bytes left: the stream has lost its integrity, so the
   * connection is reset (SO_LINGER 0, then the OS socket is closed, which sends RST) and every
   * later call but Close fails with WSAECONNABORTED (LPWSPCancelBlockingCall's rule).
   */
  #breakStream(): void {
    const h = this.m_hSocket;
    if (h === INVALID_SOCKET || this.#m_bBroken) return;
    this.#m_bBroken = true;
    const linger = new Uint8Array(4);
    linger[0] = 1; // l_onoff = 1, l_linger = 0 (Winsock's two u_short)
    api().setsockopt(h, SOL_SOCKET, SO_LINGER, linger, 4);
    sink.detach(h);
    api().close(h);
    log('stream of %d reset after a cancelled partial send', h);
  }

  /* ------------------------------------------------------------------ the synchronous wait */

  /**
   * MFC's PumpMessages: waits until the socket is ready for `events`, running OnMessagePending
   * and the blocking hook each time an m_nTimeOut slice (`clock`) has passed, whatever the
   * socket reports meanwhile. With `napMs` > 0 it naps that long instead of watching the socket
   * (readiness that led nowhere: blocking/backoff.ts). Returns 0 to retry the operation, or the
   * WSA code that ends the call (WSAEINTR when cancelled).
   */
  #pumpSync(events: number, isCancelled: () => boolean, clock: { start: number }, napMs: number, nap: (ms: number) => void): number {
    const native = api();
    for (;;) {
      if (isCancelled()) return WSAEINTR;
      const h = this.m_hSocket;
      if (h === INVALID_SOCKET) return WSAEINTR;
      const slice = Number.isFinite(this.m_nTimeOut) && this.m_nTimeOut >= 0 ? Math.min(this.m_nTimeOut, 0x7fffffff) : 2000;
      const left = Math.max(0, Math.ceil(clock.start + slice - performance.now()));
      let retry = false;
      if (napMs > 0) {
        nap(Math.min(napMs, left));
        napMs = 0;
        retry = true;
      } else {
        const rc = native.waitSync(h, events, left);
        if (rc < 0) return -rc;
        if (rc & POLL_WAKE) native.drainWake();
        if (rc & (POLL_HUP | POLL_ERR)) {
          // MFC ends the wait on FD_CLOSE and swallows it: the retried call reports EOF or the error.
          sink.consumeClose(h);
          retry = true;
        } else if (rc & events) {
          retry = true;
        }
      }
      if (performance.now() - clock.start >= slice) {
        if (log.enabled) log('blocking call of %d: %d ms slice elapsed, OnMessagePending', h, slice);
        this.OnMessagePending();
        runBlockingHook();
        clock.start = performance.now();
      }
      if (isCancelled()) return WSAEINTR;
      if (retry) return 0;
    }
  }

  /**
   * Runs a blocking operation synchronously: `attempt` is the non-blocking call (result >= 0,
   * or -code); on WSAEWOULDBLOCK the thread waits for `events` and retries. `progress` (a Send's
   * byte count) tells a retry that moved bytes from one that did not. Returns the result or
   * -code.
   */
  #blockSync(events: number, attempt: () => number, first?: number, progress?: { sent: number }): number {
    let rc = first ?? attempt();
    if (rc !== WOULDBLOCK) return rc;
    if (log.enabled) log('blocking call of %d waits for %s', this.m_hSocket, events === POLL_READ ? 'read' : 'write');
    let cancelled = 0;
    let slot = this.#m_cancelSlot;
    let seq = slot?.begin(api().wakeToken()) ?? 0;
    const me: Blocking = {
      cancel: (code) => { if (cancelled === 0) cancelled = code; },
      // Only OnMessagePending or the hook can make a handle while this thread waits.
      adopt: (s) => { slot = s; seq = s.begin(api().wakeToken()); },
      progress: progress ?? null,
    };
    const call: BlockingCall = { cancel: () => me.cancel(WSAEINTR) };
    this.m_pbBlocking = me;
    beginBlockingCall(call);
    const isCancelled = (): boolean => {
      if (cancelled === 0 && slot !== null && slot.isCancelled(seq)) cancelled = WSAEINTR;
      return cancelled !== 0;
    };
    const nap = (ms: number): void => {
      if (slot !== null) slot.nap(seq, ms);
      else napSync(ms);
    };
    const guard = new RetryGuard();
    const clock = { start: performance.now() };
    let sent = progress?.sent ?? 0;
    let napMs = 0;
    try {
      for (;;) {
        const end = this.#pumpSync(events, isCancelled, clock, napMs, nap);
        if (end !== 0) return -(cancelled !== 0 ? cancelled : end);
        rc = attempt();
        if (rc !== WOULDBLOCK) return rc;
        if (progress !== undefined && progress.sent !== sent) {
          sent = progress.sent;
          guard.progress();
        }
        napMs = guard.miss();
      }
    } finally {
      endBlockingCall(call);
      slot?.end();
      if (this.m_pbBlocking === me) this.m_pbBlocking = null;
    }
  }

  /* ------------------------------------------------------------------ the awaitable wait */

  /**
   * The awaitable twin of blockSync: waits on the event loop. `attempt` runs again on each
   * readiness (after a nap once readiness kept leading nowhere: blocking/backoff.ts);
   * `onCancel` learns how the call ended when it is cut short. Settles with MFC's result (a
   * count or SOCKET_ERROR; TRUE/FALSE when `asBool`), the error already set: the hot path costs
   * one Promise and no `.then` per call.
   */
  #blockAsync(events: number, attempt: () => number, opts: BlockingOptions | undefined, asBool: boolean, onCancel?: () => void, first?: number, progress?: { sent: number }): Promise<number | boolean> {
    const rc = first ?? attempt();
    if (rc !== WOULDBLOCK) return Promise.resolve(this.#result(rc, asBool));
    const h = this.m_hSocket;
    if (log.enabled) log('awaitable call of %d waits for %s', h, events === POLL_READ ? 'read' : 'write');
    return new Promise<number | boolean>((resolve) => {
      let timer: LongTimer | undefined;
      let napTimer: NodeJS.Timeout | undefined;
      let settled = false;
      let slot = this.#m_cancelSlot;
      const seq = slot?.begin(null) ?? 0;
      const signal = opts?.signal;
      const guard = new RetryGuard();
      let sent = progress?.sent ?? 0;

      /** `fromCancel`: the error is set when the call returns, not inside whoever cancelled it. */
      const finish = (result: number, fromCancel: boolean): void => {
        if (settled) return;
        settled = true;
        sink.withdraw(h, waiter);
        timer?.stop();
        if (napTimer !== undefined) clearTimeout(napTimer);
        signal?.removeEventListener('abort', onAbort);
        slot?.end();
        if (this.m_pbBlocking === me) this.m_pbBlocking = null;
        sink.endBlocking(h);
        if (result >= 0 || !fromCancel) {
          resolve(this.#result(result, asBool));
          return;
        }
        // Queued before the settlement, so it runs before the awaiting code goes on.
        queueMicrotask(() => this[kSetError](-result));
        resolve(asBool ? false : SOCKET_ERROR);
      };
      const me: Blocking = {
        cancel: (code) => {
          if (settled) return;
          if (log.enabled) log('awaitable call of %d ends with %d', h, code);
          // Settle first: what onCancel does to the socket (a reset detaches it) must not
          // end the wait a second way.
          finish(-code, true);
          onCancel?.();
        },
        adopt: (s) => {
          slot = s;
          s.watch(s.begin(null), () => me.cancel(WSAEINTR));
        },
        progress: progress ?? null,
      };
      const onAbort = (): void => me.cancel(WSAEINTR);
      const rearm = (): void => {
        napTimer = undefined;
        if (!settled) sink.waitReady(h, waiter);
      };
      const waiter: sink.Waiter = {
        events,
        done: (revents) => {
          if (settled) return;
          // 0: the socket was closed or detached under the call.
          if (revents === 0) {
            finish(-WSAEINTR, true);
            return;
          }
          if (revents & (POLL_HUP | POLL_ERR)) sink.consumeClose(h);
          let again: number;
          try {
            again = attempt();
          } catch {
            // Arguments are checked before any OS call; nothing may escape the poller callback.
            again = -WSAEFAULT;
          }
          if (again !== WOULDBLOCK) {
            finish(again, false);
            return;
          }
          if (progress !== undefined && progress.sent !== sent) {
            sent = progress.sent;
            guard.progress();
          }
          const ms = guard.miss();
          if (ms === 0) sink.waitReady(h, waiter);
          else napTimer = setTimeout(rearm, ms);
        },
      };

      this.m_pbBlocking = me;
      sink.beginBlocking(h);
      if (signal?.aborted) {
        me.cancel(WSAEINTR);
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      const t = opts?.timeout;
      if (t !== undefined) timer = startTimer(t, () => me.cancel(WSAETIMEDOUT));
      if (slot !== null) slot.watch(seq, () => me.cancel(WSAEINTR));
      sink.waitReady(h, waiter);
    });
  }

  /** An awaitable call that settles with a count or SOCKET_ERROR. */
  #awaitCount(events: number, attempt: () => number, opts: BlockingOptions | undefined, onCancel?: () => void, first?: number, progress?: { sent: number }): Promise<number> {
    return this.#blockAsync(events, attempt, opts, false, onCancel, first, progress) as Promise<number>;
  }

  /** An awaitable call that settles with TRUE or FALSE. */
  #awaitBool(events: number, attempt: () => number, opts: BlockingOptions | undefined, first?: number): Promise<boolean> {
    return this.#blockAsync(events, attempt, opts, true, undefined, first) as Promise<boolean>;
  }

  /** Validates the options of an awaitable call; the WSA code to fail with, or 0. */
  #checkOptions(opts: unknown): number {
    if (opts === undefined || opts === null) return 0;
    if (typeof opts !== 'object') return WSAEINVAL;
    const o = opts as BlockingOptions;
    if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) return WSAEINVAL;
    if (o.timeout !== undefined && (typeof o.timeout !== 'number' || Number.isNaN(o.timeout) || o.timeout < 0)) return WSAEINVAL;
    return 0;
  }

  /** Turns an engine result (count, or -code) into MFC's result, setting the error. */
  #result(rc: number, asBool: boolean): number | boolean {
    if (rc < 0) {
      this[kSetError](-rc);
      return asBool ? false : SOCKET_ERROR;
    }
    return asBool ? true : rc;
  }

  #countResult(rc: number): number {
    return this.#result(rc, false) as number;
  }

  #boolResult(rc: number): boolean {
    return this.#result(rc, true) as boolean;
  }

  /* ------------------------------------------------------------------ non-blocking attempts */

  /**
   * The first attempt of a Receive, or WOULDBLOCK to wait for readiness without trying. When a
   * socket's reads keep finding nothing (request/response traffic: the answer is never there
   * yet), the non-blocking recv before each wait is a system call that fails; after two misses
   * in a row it is skipped, and tried again every RX_PROBE_EVERY calls to notice a change.
   * A stream whose reads find data now and then never reaches two misses.
   */
  #firstReceive(lpBuf: Uint8Array, nBufLen: number, nFlags: number, mayWaitFirst = true): number {
    if (mayWaitFirst && this.#rxMisses >= 2 && this.#rxSkipped < RX_PROBE_EVERY - 1 && nFlags === 0 && this[kCheckBuffer](lpBuf, nBufLen, nFlags) === 0) {
      this.#rxSkipped++;
      return WOULDBLOCK;
    }
    this.#rxSkipped = 0;
    const rc = this.#tryReceive(lpBuf, nBufLen, nFlags);
    this.#rxMisses = rc === WOULDBLOCK ? this.#rxMisses + 1 : 0;
    return rc;
  }

  #tryReceive(lpBuf: Uint8Array, nBufLen: number, nFlags: number): number {
    const r = super.Receive(lpBuf, nBufLen, nFlags);
    return r === SOCKET_ERROR ? -this[kLastError] : r;
  }

  #trySend(lpBuf: Uint8Array, nBufLen: number, nFlags: number): number {
    const r = super.Send(lpBuf, nBufLen, nFlags);
    return r === SOCKET_ERROR ? -this[kLastError] : r;
  }

  #tryAccept(rConnectedSocket: CAsyncSocket, peer: SocketAddress | null | undefined): number {
    return super.Accept(rConnectedSocket, peer) ? 0 : -this[kLastError];
  }

  /* ------------------------------------------------------------------ Receive */

  /**
   * Receives data, blocking the thread until some arrives (MFC's `CSocket::Receive`): the first
   * chunk, at most nBufLen bytes. While it waits, OnMessagePending and the blocking hook run
   * every m_nTimeOut ms. A cancel loses no byte: the next Receive gets it.
   *
   * Errors: `WSAEINPROGRESS` (a call of this socket is already waiting; MFC returns 0 there),
   * `WSAEINTR` (cancelled: CancelBlockingCall, CancelBlockingCallByHandle, Close),
   * `WSAECONNABORTED` (a cancelled partial send broke the stream), and those of
   * `CAsyncSocket.Receive`: `WSAENOTSOCK`, `WSAEFAULT`, `WSAEINVAL`, `WSAEOPNOTSUPP`,
   * `WSAENOTCONN`, `WSAESHUTDOWN`, `WSAECONNRESET`, `WSAEMSGSIZE`.
   *
   * @param lpBuf - Where the bytes go.
   * @param nBufLen - How many bytes at most; 0..lpBuf.byteLength.
   * @param nFlags - `MSG_PEEK` and/or `MSG_OOB`; default 0, as in MFC.
   * @returns The byte count, 0 when the peer closed the connection, or `SOCKET_ERROR`; then
   *   `GetLastError()` gives the code (never `WSAEWOULDBLOCK`: the call waits instead).
   */
  override Receive(lpBuf: Uint8Array, nBufLen: number, nFlags = 0): number {
    if (!this.#mayStart()) return SOCKET_ERROR;
    return this.#countResult(this.#blockSync(POLL_READ, () => this.#tryReceive(lpBuf, nBufLen, nFlags), this.#firstReceive(lpBuf, nBufLen, nFlags)));
  }

  /**
   * The awaitable Receive: waits on the event loop instead of blocking the thread, with the
   * same rules (the first chunk, no byte lost by a cancel). The promise never rejects.
   *
   * Errors: those of Receive (`WSAEINPROGRESS`, `WSAEINTR` also when `opts.signal` aborts,
   * `WSAECONNABORTED`, ...), plus `WSAETIMEDOUT` (`opts.timeout` passed) and `WSAEINVAL`
   * (malformed `opts`).
   *
   * @param lpBuf - Where the bytes go.
   * @param nBufLen - How many bytes at most; 0..lpBuf.byteLength.
   * @param nFlags - `MSG_PEEK` and/or `MSG_OOB`; default 0, as Receive.
   * @param opts - `signal` and `timeout` ({@link BlockingOptions}); default none: wait until
   *   data comes or the call is cancelled.
   * @returns A promise of the byte count, 0 when the peer closed the connection, or
   *   `SOCKET_ERROR`; `GetLastError()` gives the code when it settles.
   */
  ReceiveAsync(lpBuf: Uint8Array, nBufLen: number, nFlags = 0, opts?: BlockingOptions): Promise<number> {
    if (!this.#mayStart()) return Promise.resolve(SOCKET_ERROR);
    const bad = this.#checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFailCount](bad));
    // A call that may not wait (signal already aborted, timeout 0) always tries first.
    const mayWaitFirst = opts?.signal?.aborted !== true && opts?.timeout !== 0;
    return this.#awaitCount(POLL_READ, () => this.#tryReceive(lpBuf, nBufLen, nFlags), opts, undefined, this.#firstReceive(lpBuf, nBufLen, nFlags, mayWaitFirst));
  }

  /* ------------------------------------------------------------------ Send */

  /**
   * Sends all nBufLen bytes, blocking the thread as long as needed (MFC's `CSocket::Send` and its
   * `SendChunk` loop). While it waits, OnMessagePending and the blocking hook run every
   * m_nTimeOut ms. A cancel before any byte left leaves the socket usable; after some did, the
   * connection is reset and every later call but Close fails with `WSAECONNABORTED`.
   *
   * Errors: `WSAEINPROGRESS` (a call of this socket is already waiting), `WSAEINTR` (cancelled:
   * CancelBlockingCall, CancelBlockingCallByHandle, Close), `WSAECONNABORTED` (an earlier
   * cancelled partial send broke the stream), and those of `CAsyncSocket.Send`: `WSAENOTSOCK`,
   * `WSAEFAULT`, `WSAEINVAL`, `WSAEOPNOTSUPP`, `WSAESHUTDOWN`, `WSAENOTCONN`, `WSAECONNRESET`,
   * `WSAEDESTADDRREQ`, `WSAEMSGSIZE`.
   *
   * @param lpBuf - The bytes to send.
   * @param nBufLen - How many bytes of `lpBuf`, from its start; 0..lpBuf.byteLength.
   * @param nFlags - `MSG_OOB` and/or `MSG_DONTROUTE`; default 0, as in MFC.
   * @returns nBufLen once every byte is sent, or `SOCKET_ERROR`; then `GetLastError()` gives the
   *   code (never `WSAEWOULDBLOCK`: the call waits instead).
   */
  override Send(lpBuf: Uint8Array, nBufLen: number, nFlags = 0): number {
    if (!this.#mayStart()) return SOCKET_ERROR;
    const bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) return this[kFailCount](bad);
    const progress = { sent: 0 };
    const gen = this.#m_gen;
    const rc = this.#blockSync(POLL_WRITE, () => this.#sendRest(lpBuf, nBufLen, nFlags, progress), undefined, progress);
    // Only the socket this call started on: OnMessagePending may have detached it and made
    // another (which may even have the same number).
    if (rc < 0 && progress.sent > 0 && (rc === -WSAEINTR || rc === -WSAETIMEDOUT) && this.#m_gen === gen) this.#breakStream();
    return this.#countResult(rc);
  }

  /**
   * The awaitable Send: waits on the event loop instead of blocking the thread, with the same
   * rules (all bytes or an error; a cancel or timeout after part of the buffer left resets the
   * connection). The promise never rejects.
   *
   * Errors: those of Send (`WSAEINPROGRESS`, `WSAEINTR` also when `opts.signal` aborts,
   * `WSAECONNABORTED`, ...), plus `WSAETIMEDOUT` (`opts.timeout` passed) and `WSAEINVAL`
   * (malformed `opts`).
   *
   * @param lpBuf - The bytes to send.
   * @param nBufLen - How many bytes of `lpBuf`, from its start; 0..lpBuf.byteLength.
   * @param nFlags - `MSG_OOB` and/or `MSG_DONTROUTE`; default 0, as Send.
   * @param opts - `signal` and `timeout` ({@link BlockingOptions}); default none.
   * @returns A promise of nBufLen once every byte is sent, or of `SOCKET_ERROR`;
   *   `GetLastError()` gives the code when it settles.
   */
  SendAsync(lpBuf: Uint8Array, nBufLen: number, nFlags = 0, opts?: BlockingOptions): Promise<number> {
    if (!this.#mayStart()) return Promise.resolve(SOCKET_ERROR);
    const bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags) || this.#checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFailCount](bad));
    const progress = { sent: 0 };
    const gen = this.#m_gen;
    return this.#awaitCount(POLL_WRITE, () => this.#sendRest(lpBuf, nBufLen, nFlags, progress), opts, () => {
      if (progress.sent > 0 && this.#m_gen === gen) this.#breakStream();
    }, undefined, progress);
  }

  /** Sends what is left of the buffer until it is all gone (nBufLen) or the send would block. */
  #sendRest(lpBuf: Uint8Array, nBufLen: number, nFlags: number, progress: { sent: number }): number {
    while (progress.sent < nBufLen) {
      // The caller may detach or shrink the buffer's ArrayBuffer while the call waits: then
      // the rest is gone (WSAEFAULT), and subarray would throw.
      if (progress.sent > 0 && viewLength(lpBuf) < nBufLen) {
        // The peer has part of the message and can never get the rest: as after a cancel.
        this.#breakStream();
        return -WSAEFAULT;
      }
      // The whole buffer needs no view: the usual single send allocates nothing.
      const r = this.#trySend(progress.sent === 0 ? lpBuf : lpBuf.subarray(progress.sent, nBufLen), nBufLen - progress.sent, nFlags);
      if (r < 0) return r;
      progress.sent += r;
    }
    return nBufLen;
  }

  /* ------------------------------------------------------------------ Accept */

  /**
   * Accepts a connection into `rConnectedSocket`, blocking the thread until one arrives (MFC's
   * `CSocket::Accept`). While it waits, OnMessagePending and the blocking hook run every
   * m_nTimeOut ms. A cancelled Accept leaves the listening socket as it was: the next Accept gets
   * the pending connection.
   *
   * Errors: `WSAEINPROGRESS` (a call of this socket is already waiting), `WSAEINTR` (cancelled),
   * `WSAECONNABORTED` (a cancelled partial send broke the stream, or the OS's), and those of
   * `CAsyncSocket.Accept`: `WSAENOTSOCK`, `WSAEINVAL` (`rConnectedSocket` unfit, or this socket
   * is not listening), `WSAEOPNOTSUPP`, `WSAEMFILE`.
   *
   * @param rConnectedSocket - An object that holds no socket; it receives the connection.
   * @param peer - When given, filled with the peer's address and port; default null, as in MFC.
   * @returns true on success; false otherwise, then `GetLastError()` gives the code.
   */
  override Accept(rConnectedSocket: CAsyncSocket, peer?: SocketAddress | null): boolean {
    if (!this.#mayStart()) return false;
    return this.#boolResult(this.#blockSync(POLL_READ, () => this.#tryAccept(rConnectedSocket, peer)));
  }

  /**
   * The awaitable Accept: waits on the event loop for a connection instead of blocking the
   * thread, with the same rules. The promise never rejects.
   *
   * Errors: those of Accept (`WSAEINPROGRESS`, `WSAEINTR` also when `opts.signal` aborts,
   * `WSAECONNABORTED`, ...), plus `WSAETIMEDOUT` (`opts.timeout` passed) and `WSAEINVAL`
   * (malformed `opts`).
   *
   * @param rConnectedSocket - An object that holds no socket; it receives the connection.
   * @param peer - When given, filled with the peer's address and port; default null.
   * @param opts - `signal` and `timeout` ({@link BlockingOptions}); default none.
   * @returns A promise of true on success, or of false; `GetLastError()` gives the code when it
   *   settles.
   */
  AcceptAsync(rConnectedSocket: CAsyncSocket, peer?: SocketAddress | null, opts?: BlockingOptions): Promise<boolean> {
    if (!this.#mayStart()) return Promise.resolve(false);
    const bad = this.#checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFail](bad));
    return this.#awaitBool(POLL_READ, () => this.#tryAccept(rConnectedSocket, peer), opts);
  }

  /* ------------------------------------------------------------------ Connect */

  /**
   * The connect of Connect, blocking the thread until the attempt completes (MFC's
   * `CSocket::ConnectHelper`); OnConnect is never called for a CSocket, as in MFC. While it
   * waits, OnMessagePending and the blocking hook run every m_nTimeOut ms. After a cancel the
   * attempt may still be under way: Close the socket, or call Connect again to learn the outcome
   * (`WSAEALREADY` while it runs, `WSAEISCONN` once made).
   *
   * @param sa - The peer's address, resolved by Connect.
   * @returns true once connected; false otherwise, then `GetLastError()` gives the code.
   *
   * Errors (of Connect on a CSocket): `WSAEINPROGRESS` (a call of this socket is already
   * waiting), `WSAEINTR` (cancelled), `WSAECONNABORTED` (a cancelled partial send broke the
   * stream), `WSAEALREADY` (a cancelled attempt still runs), `WSAEISCONN` (already connected,
   * or a cancelled attempt succeeded), `WSAECONNREFUSED`, `WSAETIMEDOUT` (the OS gave up),
   * `WSAENETUNREACH`, `WSAEHOSTUNREACH`, and Connect's own `WSAENOTSOCK`, `WSAEINVAL`,
   * `WSAEAFNOSUPPORT`.
   */
  protected override ConnectHelper(sa: SockAddr): boolean {
    if (!this.#mayStart()) return false;
    return this.#boolResult(this.#blockSync(POLL_WRITE, () => this.#connectOutcome(), this.#startConnect(sa)));
  }

  /**
   * The awaitable Connect: resolves the host as Connect does (synchronously), then waits on the
   * event loop for the attempt's outcome. Like the other awaitable calls, it is waiting
   * (IsBlocking) when it returns a pending promise. The promise never rejects.
   *
   * Errors: those of Connect on a CSocket (`WSAEINPROGRESS`, `WSAEINTR` also when `opts.signal`
   * aborts, `WSAEALREADY`, `WSAEISCONN`, `WSAECONNREFUSED`, `WSAEINVAL` for a name that does not
   * resolve, ...), plus `WSAETIMEDOUT` (`opts.timeout` passed, or the OS gave up) and
   * `WSAEINVAL` (malformed `opts`).
   *
   * @param lpszHostAddress - A numeric IPv4 / IPv6 address or a host name.
   * @param nHostPort - The peer's port, 0..65535.
   * @param opts - `signal` and `timeout` ({@link BlockingOptions}); default none.
   * @returns A promise of true once connected, or of false; `GetLastError()` gives the code when
   *   it settles.
   */
  ConnectAsync(lpszHostAddress: string, nHostPort: number, opts?: BlockingOptions): Promise<boolean> {
    if (!this.#mayStart()) return Promise.resolve(false);
    const bad = this.#checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFail](bad));
    const sa = this[kResolveHost](lpszHostAddress, nHostPort);
    if (sa === null) return Promise.resolve(false);
    return this.#awaitBool(POLL_WRITE, () => this.#connectOutcome(), opts, this.#startConnect(sa));
  }

  /** Starts a connect; -WSAEWOULDBLOCK while it completes in the background. */
  #startConnect(sa: SockAddr): number {
    const h = this.m_hSocket;
    const rc = api().connect(h, sa);
    const stream = sink.getState(h) !== SockState.Datagram;
    if (rc === 0 && this.#m_bConnecting && stream) {
      // A cancelled attempt completed meanwhile. Winsock answers WSAEISCONN; Linux says 0 once.
      this.#m_bConnecting = false;
      sink.setState(h, SockState.Connected);
      return -WSAEISCONN;
    }
    if (rc === WOULDBLOCK || rc === -WSAEALREADY) this.#m_bConnecting = stream;
    else this.#m_bConnecting = false;
    if ((rc === 0 || rc === -WSAEISCONN) && stream) sink.setState(h, SockState.Connected);
    return rc;
  }

  /** After readiness: the connect's outcome (0 connected, -code failed, WOULDBLOCK still running). */
  #connectOutcome(): number {
    const h = this.m_hSocket;
    const code = sink.connectOutcome(h, false);
    // A wake with no error and no peer yet is spurious: keep waiting.
    if (code < 0) return WOULDBLOCK;
    this.#m_bConnecting = false;
    if (code !== 0) return -code;
    sink.setState(h, SockState.Connected);
    return 0;
  }

  /* ------------------------------------------------------------------ datagrams */

  /**
   * The sendto of SendTo, blocking the thread while the send buffer is full (MFC's
   * `CSocket::SendToHelper`). A cancelled SendTo sent nothing: a datagram leaves whole or not
   * at all.
   *
   * @param lpBuf - The bytes to send.
   * @param nBufLen - How many bytes of `lpBuf` (already checked by SendTo).
   * @param sa - The destination, resolved by SendTo.
   * @param nFlags - As SendTo's.
   * @returns The number of bytes sent, or `SOCKET_ERROR`; then `GetLastError()` gives the code.
   *
   * Errors (of SendTo on a CSocket): `WSAEINPROGRESS` (a call of this socket is already
   * waiting), `WSAEINTR` (cancelled), `WSAECONNABORTED` (a cancelled partial send broke the
   * stream), and those of `CAsyncSocket.SendTo` but `WSAEWOULDBLOCK`.
   */
  protected override SendToHelper(lpBuf: Uint8Array, nBufLen: number, sa: SockAddr, nFlags: number): number {
    if (!this.#mayStart()) return SOCKET_ERROR;
    return this.#countResult(this.#blockSync(POLL_WRITE, () => this.#trySendTo(lpBuf, nBufLen, sa, nFlags)));
  }

  #trySendTo(lpBuf: Uint8Array, nBufLen: number, sa: SockAddr, nFlags: number): number {
    const r = super.SendToHelper(lpBuf, nBufLen, sa, nFlags);
    return r === SOCKET_ERROR ? -this[kLastError] : r;
  }

  /**
   * The awaitable SendTo: waits on the event loop while the send buffer is full instead of
   * blocking the thread. As in MFC, no address means `INADDR_BROADCAST` (IPv4 only). The promise
   * never rejects.
   *
   * Errors: those of SendTo on a CSocket (`WSAEINPROGRESS`, `WSAEINTR` also when `opts.signal`
   * aborts, `WSAECONNABORTED`, `WSAEINVAL`, `WSAEACCES`, `WSAEMSGSIZE`, ...), plus
   * `WSAETIMEDOUT` (`opts.timeout` passed) and `WSAEINVAL` (malformed `opts`).
   *
   * @param lpBuf - The bytes to send.
   * @param nBufLen - How many bytes of `lpBuf`, from its start; 0..lpBuf.byteLength.
   * @param nHostPort - The destination port, 0..65535.
   * @param lpszHostAddress - A numeric address or a host name; default null (broadcast).
   * @param nFlags - `MSG_DONTROUTE`; default 0, as SendTo.
   * @param opts - `signal` and `timeout` ({@link BlockingOptions}); default none.
   * @returns A promise of the number of bytes sent, or of `SOCKET_ERROR`; `GetLastError()` gives
   *   the code when it settles.
   */
  SendToAsync(lpBuf: Uint8Array, nBufLen: number, nHostPort: number, lpszHostAddress?: string | null, nFlags = 0, opts?: BlockingOptions): Promise<number> {
    if (!this.#mayStart()) return Promise.resolve(SOCKET_ERROR);
    const bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags) || this.#checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFailCount](bad));
    const sa = this[kResolveTarget](lpszHostAddress, nHostPort);
    if (sa === null) return Promise.resolve(SOCKET_ERROR);
    return this.#awaitCount(POLL_WRITE, () => this.#trySendTo(lpBuf, nBufLen, sa, nFlags), opts);
  }

  /**
   * The recvfrom of ReceiveFrom, blocking the thread until a datagram arrives (MFC's
   * `CSocket::ReceiveFromHelper`). A cancel loses no datagram: the next ReceiveFrom gets it.
   *
   * @param lpBuf - Where the bytes go.
   * @param nBufLen - How many bytes at most (already checked by ReceiveFrom).
   * @param rSocketAddress - Filled with the sender's address and port.
   * @param nFlags - As ReceiveFrom's.
   * @returns The byte count, or `SOCKET_ERROR`; then `GetLastError()` gives the code.
   *
   * Errors (of ReceiveFrom on a CSocket): `WSAEINPROGRESS` (a call of this socket is already
   * waiting), `WSAEINTR` (cancelled), `WSAECONNABORTED` (a cancelled partial send broke the
   * stream), and those of `CAsyncSocket.ReceiveFrom` but `WSAEWOULDBLOCK`.
   */
  protected override ReceiveFromHelper(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags: number): number {
    if (!this.#mayStart()) return SOCKET_ERROR;
    return this.#countResult(this.#blockSync(POLL_READ, () => this.#tryReceiveFrom(lpBuf, nBufLen, rSocketAddress, nFlags)));
  }

  #tryReceiveFrom(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags: number): number {
    const r = super.ReceiveFromHelper(lpBuf, nBufLen, rSocketAddress, nFlags);
    return r === SOCKET_ERROR ? -this[kLastError] : r;
  }

  /**
   * The awaitable ReceiveFrom: waits on the event loop for a datagram instead of blocking the
   * thread. The promise never rejects.
   *
   * Errors: those of ReceiveFrom on a CSocket (`WSAEINPROGRESS`, `WSAEINTR` also when
   * `opts.signal` aborts, `WSAECONNABORTED`, `WSAEMSGSIZE`, ...), plus `WSAETIMEDOUT`
   * (`opts.timeout` passed), `WSAEINVAL` (malformed `opts`) and `WSAEFAULT` (`rSocketAddress`
   * not an object, as ReceiveFrom).
   *
   * @param lpBuf - Where the bytes go.
   * @param nBufLen - How many bytes at most; 0..lpBuf.byteLength.
   * @param rSocketAddress - Filled with the sender's numeric address and port.
   * @param nFlags - `MSG_PEEK`; default 0, as ReceiveFrom.
   * @param opts - `signal` and `timeout` ({@link BlockingOptions}); default none.
   * @returns A promise of the byte count, or of `SOCKET_ERROR`; `GetLastError()` gives the code
   *   when it settles.
   */
  ReceiveFromAsync(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags = 0, opts?: BlockingOptions): Promise<number> {
    if (!this.#mayStart()) return Promise.resolve(SOCKET_ERROR);
    const bad = this[kCheckBuffer](lpBuf, nBufLen, nFlags) || this.#checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFailCount](bad));
    if (!isAddressOut(rSocketAddress)) return Promise.resolve(this[kFailCount](WSAEFAULT));
    return this.#awaitCount(POLL_READ, () => this.#tryReceiveFrom(lpBuf, nBufLen, rSocketAddress, nFlags), opts);
  }

  /* ------------------------------------------------------------------ the rest */

  /**
   * Detaches the handle without closing the socket (MFC's `CAsyncSocket::Detach`), after
   * cancelling a waiting call (it ends with `WSAEINTR`). After a cancelled partial send broke
   * the stream there is nothing to give back: the OS socket is already closed.
   *
   * @returns The handle; `INVALID_SOCKET` when none was attached, or, with `WSAECONNABORTED`
   *   set, when the stream was broken (the object is then free for Create or Attach).
   */
  override Detach(): number {
    // A Send that has sent part of its buffer cannot hand the stream on: the cancel resets it
    // (the awaitable flavour does so inside the cancel; the blocking one only when its call
    // returns, too late, so here).
    const partial = (this.m_pbBlocking?.progress?.sent ?? 0) > 0;
    this.CancelBlockingCall();
    if (partial) this.#breakStream();
    this.#m_gen++;
    if (this.#m_bBroken) {
      this.m_hSocket = INVALID_SOCKET;
      this.#m_bBroken = false;
      this[kSetError](WSAECONNABORTED);
      return INVALID_SOCKET;
    }
    return super.Detach();
  }

  /**
   * Cancels a waiting call first (it ends with `WSAEINTR`), then closes the socket, as MFC's
   * `CSocket::Close`. After a cancelled partial send it only forgets the handle (the OS socket is
   * already closed). It sets no error of its own and is harmless when nothing is attached.
   */
  override Close(): void {
    this.CancelBlockingCall();
    this.#m_gen++;
    if (this.#m_bBroken) {
      // The OS socket is already closed; only the handle number remains.
      this.m_hSocket = INVALID_SOCKET;
      this.#m_bBroken = false;
      return;
    }
    super.Close();
  }

  /* Every other operation on a broken stream fails with WSAECONNABORTED. */

  /**
   * Disables sends, receives or both, as `CAsyncSocket.ShutDown` (MFC's
   * `CAsyncSocket::ShutDown`).
   *
   * Errors: `WSAECONNABORTED` (a cancelled partial send broke the stream), `WSAENOTSOCK`,
   * `WSAEINVAL` (nHow not 0, 1 or 2), `WSAENOTCONN`.
   *
   * @param nHow - `CAsyncSocket.receives` (0), `CAsyncSocket.sends` (1, the default, as in MFC)
   *   or `CAsyncSocket.both` (2).
   * @returns true on success; false otherwise, then `GetLastError()` gives the code.
   */
  override ShutDown(nHow: number = CAsyncSocket.sends): boolean {
    if (this.#m_bBroken) return this[kFail](WSAECONNABORTED);
    // Receives that would skip their first try must see the shutdown at once.
    this.#rxMisses = 0;
    return super.ShutDown(nHow);
  }

  /**
   * Gets the peer's address and port, as `CAsyncSocket.GetPeerName`.
   *
   * Errors: `WSAECONNABORTED` (a cancelled partial send broke the stream), `WSAENOTSOCK`,
   * `WSAEFAULT`, `WSAENOTCONN`.
   *
   * @param out - Filled with the peer's numeric address and port.
   * @returns true on success; false otherwise, then `GetLastError()` gives the code.
   */
  override GetPeerName(out: SocketAddress): boolean {
    if (this.#m_bBroken) return this[kFail](WSAECONNABORTED);
    return super.GetPeerName(out);
  }

  /**
   * Gets the local address and port, as `CAsyncSocket.GetSockName`.
   *
   * Errors: `WSAECONNABORTED` (a cancelled partial send broke the stream), `WSAENOTSOCK`,
   * `WSAEFAULT`, `WSAEINVAL` (not bound).
   *
   * @param out - Filled with the local numeric address and port.
   * @returns true on success; false otherwise, then `GetLastError()` gives the code.
   */
  override GetSockName(out: SocketAddress): boolean {
    if (this.#m_bBroken) return this[kFail](WSAECONNABORTED);
    return super.GetSockName(out);
  }

  /**
   * Selects the notifications, as `CAsyncSocket.AsyncSelect`. A CSocket's blocking and
   * awaitable calls do not depend on them.
   *
   * Errors: `WSAECONNABORTED` (a cancelled partial send broke the stream), `WSAENOTSOCK`,
   * `WSAEINVAL` (bits outside 0x3F).
   *
   * @param lEvent - A combination of the `FD_*` bits; default all six (0x3F), as in MFC.
   * @returns true on success; false otherwise, then `GetLastError()` gives the code.
   */
  override AsyncSelect(lEvent = FD_ALL_EVENTS): boolean {
    if (this.#m_bBroken) return this[kFail](WSAECONNABORTED);
    return super.AsyncSelect(lEvent);
  }
}

keepClassName(CSocket, 'CSocket');

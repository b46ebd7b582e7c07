/**
 * CSocket: MFC's blocking socket, in two flavours over one set of rules. Each operation is a
 * few lines, as MFC's are: the raw non-blocking attempt of CAsyncSocket, and on WSAEWOULDBLOCK
 * one of the two waits, blocking/sync-pump.ts (the thread blocks, MFC's PumpMessages) or
 * blocking/async-wait.ts (the …Async names wait on Node's event loop, MFC's message pump).
 * Both honour IsBlocking(), CancelBlockingCall() (SOCKET_ERROR / FALSE with WSAEINTR), one
 * blocking call per socket (a second gets WSAEINPROGRESS), and leave the socket in a defined
 * state after a cancel (README, "After a cancelled call").
 */
import { debuglog } from 'node:util';
import { api, POLL_READ, POLL_WRITE, type SockAddr } from '../native/index.js';
import * as sink from '../notify/sink.js';
import { SockState } from '../notify/sink.js';
import { Cond } from '../notify/rules.js';
import { CAsyncSocket, type SocketAddress } from './CAsyncSocket.js';
import { CancelSlot, type CSocketCancelHandle } from './cancel-handle.js';
import { FD_ALL_EVENTS, INVALID_SOCKET, SO_LINGER, SOCK_STREAM, SOCKET_ERROR, SOL_SOCKET } from '../wsa/constants.js';
import {
  WSAECONNABORTED, WSAEFAULT, WSAEINPROGRESS, WSAEINTR, WSAEISCONN, WSAETIMEDOUT, WSAEWOULDBLOCK,
} from '../wsa/errors.js';
import {
  kCheckBuffer, kCount, kFail, kFailCount, kHandleError, kOk, kRecord, kResolveHost, kResolveTarget, kSetError, kTryAccept,
  kTryReceive, kTryReceiveFrom, kTrySend, kTrySendTo,
} from './socket-keys.js';
import { isAddressOut, viewLength } from './socket-args.js';
import { keepClassName } from './class-name.js';
import { blockSync, type Blocking, type Progress } from './blocking/sync-pump.js';
import { checkOptions, waitAsync, type BlockingOptions } from './blocking/async-wait.js';

export type { BlockingOptions } from './blocking/async-wait.js';

const log = debuglog('afxsock');

const WOULDBLOCK = -WSAEWOULDBLOCK;
/** How often a Receive that skips its first attempt tries it anyway (see #firstReceive). */
const RX_PROBE_EVERY = 8;

/**
 * MFC's CSocket: CAsyncSocket plus blocking calls. The MFC names (Accept, Connect, Send,
 * Receive, SendTo, ReceiveFrom) block the calling thread, for scripts and worker_threads, and
 * call OnMessagePending every m_nTimeOut ms while they wait; each has an awaitable …Async twin
 * that waits on the event loop and takes `{ signal, timeout }` and whose promise never rejects
 * (`GetLastError()` gives the code when it settles). Create selects all six notifications, and
 * OnConnect is never called, as in MFC. What a cancel leaves behind: README, "After a cancelled
 * call".
 *
 * Errors, besides CAsyncSocket's (never `WSAEWOULDBLOCK`: the calls wait instead):
 *  - `WSAEINPROGRESS`: a call of this socket is already waiting (MFC's Receive returns 0 there);
 *  - `WSAEINTR`: the call was cancelled (CancelBlockingCall, CancelBlockingCallByHandle, Close,
 *    Detach, an awaitable call's `opts.signal`);
 *  - `WSAECONNABORTED`: a cancelled partial Send reset the stream; every later call but Close and
 *    Detach fails so;
 *  - awaitable calls only: `WSAETIMEDOUT` (`opts.timeout` passed), `WSAEINVAL` (malformed `opts`).
 */
export class CSocket extends CAsyncSocket {
  /**
   * Milliseconds of each wait slice of a blocking call (MFC's `m_nTimeOut`, 2000 by default),
   * after which OnMessagePending and the blocking hook run and the wait goes on. Not a timeout:
   * the call never fails because of it (MFC's "kick" timer). A value that is not a number >= 0
   * counts as 2000. The awaitable calls do not use it: their limit is `opts.timeout`.
   */
  m_nTimeOut = 2000;

  /** Counts the handles this object held: a call tells its own socket from a later one. */
  #m_gen = 0;
  #m_cancelSlot: CancelSlot | null = null;
  /** First attempts of Receive in a row that would have blocked, and attempts skipped since. */
  #rxMisses = 0;
  #rxSkipped = 0;

  /* ------------------------------------------------------------------ construction */

  /**
   * Creates a socket and binds it, with all six notifications selected (MFC's
   * `CSocket::Create`). Errors: those of `CAsyncSocket.Create`.
   *
   * @param nSocketPort - The local port, 0..65535; default 0 (the system picks one), as in MFC.
   * @param nSocketType - `SOCK_STREAM` (default, as in MFC) or `SOCK_DGRAM`.
   * @param lpszSocketAddress - A numeric IPv4 or IPv6 address to bind to; default null (any
   *   address), as in MFC. An IPv6 literal makes an IPv6 socket.
   */
  override Create(nSocketPort?: number, nSocketType?: number, lpszSocketAddress?: string | null): boolean;
  /**
   * CAsyncSocket's form of Create, accepted too: `lEvent` chooses the notifications.
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
    this.#rxMisses = 0;
    this.#rxSkipped = 0;
  }

  /**
   * Attaches an existing socket handle to this object (MFC's `CSocket::Attach`, which always
   * selects all six notifications; here they are the default). Errors: those of
   * `CAsyncSocket.Attach`.
   */
  override Attach(hSocket: number, lEvent = FD_ALL_EVENTS): boolean {
    const ok = super.Attach(hSocket, lEvent);
    if (ok) this.#startAfresh();
    return ok;
  }

  /**
   * The CSocket attached to `hSocket` on this thread (MFC's `CSocket::FromHandle`).
   *
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
    return this[kRecord].call !== null;
  }

  /**
   * Ends the waiting call of this socket (MFC's `CSocket::CancelBlockingCall`): it returns
   * `SOCKET_ERROR` / false with `WSAEINTR`, as soon as possible: an awaitable call within this
   * turn's microtasks; a blocking call when the OnMessagePending (or blocking hook) that called
   * this returns. With nothing waiting it does nothing. A cancelled partial Send resets the
   * connection.
   */
  CancelBlockingCall(): void {
    const b = this[kRecord].call;
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
      (this[kRecord].call as Blocking | null)?.adopt(this.#m_cancelSlot);
    }
    return this.#m_cancelSlot.handle;
  }

  /** MFC's re-entrancy guard: 0 when a call may start, else the code to fail with. */
  #mayStart(): number {
    return this[kHandleError]() || (this[kRecord].call !== null ? WSAEINPROGRESS : 0);
  }

  /**
   * A cancel cut a send short after some bytes left: the stream has lost its integrity, so the
   * connection is reset (SO_LINGER 0, then the OS socket is closed, which sends RST) and every
   * later call but Close fails with WSAECONNABORTED (LPWSPCancelBlockingCall's rule).
   */
  #breakStream(): void {
    const h = this.m_hSocket;
    const rec = this[kRecord];
    if (h === INVALID_SOCKET || rec.broken) return;
    rec.broken = true;
    const linger = new Uint8Array(4);
    linger[0] = 1; // l_onoff = 1, l_linger = 0 (Winsock's two u_short)
    api().setsockopt(h, SOL_SOCKET, SO_LINGER, linger, 4);
    sink.detach(rec);
    api().close(h);
    log('stream of %d reset after a cancelled partial send', h);
  }

  /* ------------------------------------------------------------------ the two waits */

  /** The blocking wait for an operation whose first attempt would block. */
  #block(events: number, attempt: () => number, progress: Progress | null = null): number {
    return blockSync(this, this[kRecord], this.#m_cancelSlot, events, attempt, progress);
  }

  /** The awaitable wait of a count member (the first attempt's result `rc`). */
  #awaitCount(rc: number, events: number, attempt: () => number, opts: BlockingOptions | undefined, onCancel?: () => void, progress: Progress | null = null): Promise<number> {
    if (rc !== WOULDBLOCK) return Promise.resolve(this[kCount](rc));
    return waitAsync(this[kRecord], this.#m_cancelSlot, events, attempt, opts, (r, later) => this.#settle(r, later), onCancel, progress);
  }

  /** The awaitable wait of a BOOL member. */
  #awaitOk(rc: number, events: number, attempt: () => number, opts: BlockingOptions | undefined): Promise<boolean> {
    if (rc !== WOULDBLOCK) return Promise.resolve(this[kOk](rc));
    return waitAsync(this[kRecord], this.#m_cancelSlot, events, attempt, opts, (r, later) => this.#settle(r, later) !== SOCKET_ERROR);
  }

  /** A settled wait's result in MFC's form; after a cancel the error is set when the call returns. */
  #settle(rc: number, later: boolean): number {
    if (!later) return this[kCount](rc);
    // Queued before the settlement, so it runs before the awaiting code goes on.
    queueMicrotask(() => this[kSetError](-rc));
    return SOCKET_ERROR;
  }

  /* ------------------------------------------------------------------ Receive */

  /**
   * The first attempt of a Receive, or WOULDBLOCK to wait for readiness without trying. When a
   * socket's reads keep finding nothing (request/response traffic: the answer is never there
   * yet), the non-blocking recv before each wait is a system call that fails; after two misses
   * in a row it is skipped, and tried again every RX_PROBE_EVERY calls to notice a change.
   * A stream whose reads find data now and then never reaches two misses; after the own receive
   * shutdown every call tries at once.
   */
  #firstReceive(lpBuf: Uint8Array, nBufLen: number, nFlags: number, mayWaitFirst: boolean): number {
    if (mayWaitFirst && this.#rxMisses >= 2 && this.#rxSkipped < RX_PROBE_EVERY - 1 && nFlags === 0 &&
        !(this[kRecord].cond & Cond.LocalRd) && this[kCheckBuffer](lpBuf, nBufLen, nFlags) === 0) {
      this.#rxSkipped++;
      return WOULDBLOCK;
    }
    this.#rxSkipped = 0;
    const rc = this[kTryReceive](lpBuf, nBufLen, nFlags);
    this.#rxMisses = rc === WOULDBLOCK ? this.#rxMisses + 1 : 0;
    return rc;
  }

  /**
   * Receives data, blocking the thread until some arrives (MFC's `CSocket::Receive`): the first
   * chunk, at most nBufLen bytes. A cancel loses no byte: the next Receive gets it.
   *
   * @returns The byte count, 0 when the peer closed the connection, or `SOCKET_ERROR`.
   */
  override Receive(lpBuf: Uint8Array, nBufLen: number, nFlags = 0): number {
    const bad = this.#mayStart();
    if (bad !== 0) return this[kFailCount](bad);
    let rc = this.#firstReceive(lpBuf, nBufLen, nFlags, true);
    if (rc === WOULDBLOCK) rc = this.#block(POLL_READ, () => this[kTryReceive](lpBuf, nBufLen, nFlags));
    return this[kCount](rc);
  }

  /**
   * The awaitable Receive: the same rules, waiting on the event loop.
   *
   * @returns A promise of the byte count, 0 when the peer closed the connection, or
   *   `SOCKET_ERROR`.
   */
  ReceiveAsync(lpBuf: Uint8Array, nBufLen: number, nFlags = 0, opts?: BlockingOptions): Promise<number> {
    const bad = this.#mayStart() || checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFailCount](bad));
    // A call that may not wait (signal already aborted, timeout 0) always tries first.
    const mayWaitFirst = opts?.signal?.aborted !== true && opts?.timeout !== 0;
    const rc = this.#firstReceive(lpBuf, nBufLen, nFlags, mayWaitFirst);
    return this.#awaitCount(rc, POLL_READ, () => this[kTryReceive](lpBuf, nBufLen, nFlags), opts);
  }

  /* ------------------------------------------------------------------ Send */

  /**
   * Sends all nBufLen bytes, blocking the thread as long as needed (MFC's `CSocket::Send` and its
   * `SendChunk` loop). A cancel before any byte left leaves the socket usable; after some did,
   * the connection is reset (`WSAECONNABORTED` from then on).
   *
   * @returns nBufLen once every byte is sent, or `SOCKET_ERROR`.
   */
  override Send(lpBuf: Uint8Array, nBufLen: number, nFlags = 0): number {
    const bad = this.#mayStart() || this[kCheckBuffer](lpBuf, nBufLen, nFlags);
    if (bad !== 0) return this[kFailCount](bad);
    const progress = { sent: 0 };
    const gen = this.#m_gen;
    let rc = this.#sendRest(lpBuf, nBufLen, nFlags, progress);
    if (rc === WOULDBLOCK) rc = this.#block(POLL_WRITE, () => this.#sendRest(lpBuf, nBufLen, nFlags, progress), progress);
    // Only the socket this call started on: OnMessagePending may have detached it and made
    // another (which may even have the same number).
    if (rc < 0 && progress.sent > 0 && (rc === -WSAEINTR || rc === -WSAETIMEDOUT) && this.#m_gen === gen) this.#breakStream();
    return this[kCount](rc);
  }

  /**
   * The awaitable Send: the same rules (all bytes or an error; a cancel or timeout after part of
   * the buffer left resets the connection), waiting on the event loop.
   *
   * @returns A promise of nBufLen once every byte is sent, or of `SOCKET_ERROR`.
   */
  SendAsync(lpBuf: Uint8Array, nBufLen: number, nFlags = 0, opts?: BlockingOptions): Promise<number> {
    const bad = this.#mayStart() || this[kCheckBuffer](lpBuf, nBufLen, nFlags) || checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFailCount](bad));
    const progress = { sent: 0 };
    const rc = this.#sendRest(lpBuf, nBufLen, nFlags, progress);
    if (rc !== WOULDBLOCK) return Promise.resolve(this[kCount](rc));
    const gen = this.#m_gen;
    return this.#awaitCount(rc, POLL_WRITE, () => this.#sendRest(lpBuf, nBufLen, nFlags, progress), opts, () => {
      if (progress.sent > 0 && this.#m_gen === gen) this.#breakStream();
    }, progress);
  }

  /** Sends what is left of the buffer until it is all gone (nBufLen) or the send would block. */
  #sendRest(lpBuf: Uint8Array, nBufLen: number, nFlags: number, progress: Progress): number {
    while (progress.sent < nBufLen) {
      // The caller may detach or shrink the buffer's ArrayBuffer while the call waits: then
      // the rest is gone (WSAEFAULT), and subarray would throw.
      if (progress.sent > 0 && viewLength(lpBuf) < nBufLen) {
        // The peer has part of the message and can never get the rest: as after a cancel.
        this.#breakStream();
        return -WSAEFAULT;
      }
      // The whole buffer needs no view: the usual single send allocates nothing.
      const r = this[kTrySend](progress.sent === 0 ? lpBuf : lpBuf.subarray(progress.sent, nBufLen), nBufLen - progress.sent, nFlags);
      if (r < 0) return r;
      progress.sent += r;
    }
    return nBufLen;
  }

  /* ------------------------------------------------------------------ Accept */

  /**
   * Accepts a connection into `rConnectedSocket`, blocking the thread until one arrives (MFC's
   * `CSocket::Accept`). A cancelled Accept leaves the listening socket as it was: the next
   * Accept gets the pending connection. Errors: also those of `CAsyncSocket.Accept`.
   */
  override Accept(rConnectedSocket: CAsyncSocket, peer?: SocketAddress | null): boolean {
    const bad = this.#mayStart();
    if (bad !== 0) return this[kFail](bad);
    let rc = this[kTryAccept](rConnectedSocket, peer);
    if (rc === WOULDBLOCK) rc = this.#block(POLL_READ, () => this[kTryAccept](rConnectedSocket, peer));
    return this[kOk](rc);
  }

  /**
   * The awaitable Accept: the same rules, waiting on the event loop.
   *
   * @returns A promise of true on success, or of false.
   */
  AcceptAsync(rConnectedSocket: CAsyncSocket, peer?: SocketAddress | null, opts?: BlockingOptions): Promise<boolean> {
    const bad = this.#mayStart() || checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFail](bad));
    const rc = this[kTryAccept](rConnectedSocket, peer);
    return this.#awaitOk(rc, POLL_READ, () => this[kTryAccept](rConnectedSocket, peer), opts);
  }

  /* ------------------------------------------------------------------ Connect */

  /**
   * The connect of Connect, blocking the thread until the attempt completes (MFC's
   * `CSocket::ConnectHelper`). After a cancel the attempt may still be under way: Close the
   * socket, or call Connect again to learn the outcome (`WSAEALREADY` while it runs,
   * `WSAEISCONN` once made). Errors: also `WSAECONNREFUSED`, `WSAETIMEDOUT` (the OS gave up),
   * `WSAENETUNREACH`, `WSAEHOSTUNREACH`.
   *
   * @returns true once connected.
   */
  protected override ConnectHelper(sa: SockAddr): boolean {
    const bad = this.#mayStart();
    if (bad !== 0) return this[kFail](bad);
    let rc = this.#startConnect(sa);
    if (rc === WOULDBLOCK) rc = this.#block(POLL_WRITE, () => this.#connectOutcome());
    return this[kOk](rc);
  }

  /**
   * The awaitable Connect: resolves the host as Connect does (synchronously), then waits on the
   * event loop for the attempt's outcome.
   *
   * @returns A promise of true once connected, or of false.
   */
  ConnectAsync(lpszHostAddress: string, nHostPort: number, opts?: BlockingOptions): Promise<boolean> {
    const bad = this.#mayStart() || checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFail](bad));
    const sa = this[kResolveHost](lpszHostAddress, nHostPort);
    if (sa === null) return Promise.resolve(false);
    return this.#awaitOk(this.#startConnect(sa), POLL_WRITE, () => this.#connectOutcome(), opts);
  }

  /**
   * Starts a connect; -WSAEWOULDBLOCK while it completes in the background. Connecting again
   * after a cancel answers WSAEALREADY / WSAEISCONN from the back end, as Winsock does.
   */
  #startConnect(sa: SockAddr): number {
    const rec = this[kRecord];
    const rc = api().connect(this.m_hSocket, sa);
    if ((rc === 0 || rc === -WSAEISCONN) && rec.state !== SockState.Datagram) sink.setState(rec, SockState.Connected);
    return rc;
  }

  /** After readiness: the connect's outcome (0 connected, -code failed, WOULDBLOCK still running). */
  #connectOutcome(): number {
    const code = sink.connectOutcome(this.m_hSocket, false);
    // A wake with no error and no peer yet is spurious: keep waiting.
    if (code < 0) return WOULDBLOCK;
    if (code !== 0) return -code;
    sink.setState(this[kRecord], SockState.Connected);
    return 0;
  }

  /* ------------------------------------------------------------------ datagrams */

  /**
   * The sendto of SendTo, blocking the thread while the send buffer is full (MFC's
   * `CSocket::SendToHelper`). A cancelled SendTo sent nothing: a datagram leaves whole or not
   * at all.
   *
   * @returns The number of bytes sent, or `SOCKET_ERROR`.
   */
  protected override SendToHelper(lpBuf: Uint8Array, nBufLen: number, sa: SockAddr, nFlags: number): number {
    const bad = this.#mayStart();
    if (bad !== 0) return this[kFailCount](bad);
    let rc = this[kTrySendTo](lpBuf, nBufLen, sa, nFlags);
    if (rc === WOULDBLOCK) rc = this.#block(POLL_WRITE, () => this[kTrySendTo](lpBuf, nBufLen, sa, nFlags));
    return this[kCount](rc);
  }

  /**
   * The awaitable SendTo: the same rules, waiting on the event loop. As in MFC, no address means
   * `INADDR_BROADCAST` (IPv4 only).
   *
   * @param lpszHostAddress - A numeric address or a host name; default null (broadcast).
   * @returns A promise of the number of bytes sent, or of `SOCKET_ERROR`.
   */
  SendToAsync(lpBuf: Uint8Array, nBufLen: number, nHostPort: number, lpszHostAddress?: string | null, nFlags = 0, opts?: BlockingOptions): Promise<number> {
    const bad = this.#mayStart() || this[kCheckBuffer](lpBuf, nBufLen, nFlags) || checkOptions(opts);
    if (bad !== 0) return Promise.resolve(this[kFailCount](bad));
    const sa = this[kResolveTarget](lpszHostAddress, nHostPort);
    if (sa === null) return Promise.resolve(SOCKET_ERROR);
    const rc = this[kTrySendTo](lpBuf, nBufLen, sa, nFlags);
    return this.#awaitCount(rc, POLL_WRITE, () => this[kTrySendTo](lpBuf, nBufLen, sa, nFlags), opts);
  }

  /**
   * The recvfrom of ReceiveFrom, blocking the thread until a datagram arrives (MFC's
   * `CSocket::ReceiveFromHelper`). A cancel loses no datagram: the next ReceiveFrom gets it.
   *
   * @returns The byte count, or `SOCKET_ERROR`.
   */
  protected override ReceiveFromHelper(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags: number): number {
    const bad = this.#mayStart();
    if (bad !== 0) return this[kFailCount](bad);
    let rc = this[kTryReceiveFrom](lpBuf, nBufLen, rSocketAddress, nFlags);
    if (rc === WOULDBLOCK) rc = this.#block(POLL_READ, () => this[kTryReceiveFrom](lpBuf, nBufLen, rSocketAddress, nFlags));
    return this[kCount](rc);
  }

  /**
   * The awaitable ReceiveFrom: the same rules, waiting on the event loop.
   *
   * @returns A promise of the byte count, or of `SOCKET_ERROR`.
   */
  ReceiveFromAsync(lpBuf: Uint8Array, nBufLen: number, rSocketAddress: SocketAddress, nFlags = 0, opts?: BlockingOptions): Promise<number> {
    const bad = this.#mayStart() || this[kCheckBuffer](lpBuf, nBufLen, nFlags) || checkOptions(opts) ||
      (isAddressOut(rSocketAddress) ? 0 : WSAEFAULT);
    if (bad !== 0) return Promise.resolve(this[kFailCount](bad));
    const rc = this[kTryReceiveFrom](lpBuf, nBufLen, rSocketAddress, nFlags);
    return this.#awaitCount(rc, POLL_READ, () => this[kTryReceiveFrom](lpBuf, nBufLen, rSocketAddress, nFlags), opts);
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
    const partial = ((this[kRecord].call as Blocking | null)?.progress?.sent ?? 0) > 0;
    this.CancelBlockingCall();
    if (partial) this.#breakStream();
    this.#m_gen++;
    if (this.#forgetBroken()) {
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
    if (!this.#forgetBroken()) super.Close();
  }

  /** A broken stream's OS socket is already closed: only the handle number remains to forget. */
  #forgetBroken(): boolean {
    const rec = this[kRecord];
    if (!rec.broken) return false;
    this.m_hSocket = INVALID_SOCKET;
    rec.broken = false;
    return true;
  }
}

keepClassName(CSocket, 'CSocket');

/**
 * The awaitable flavour of CSocket's waits: the same retry rule as sync-pump.ts, on Node's
 * event loop. An operation that answered WSAEWOULDBLOCK waits for readiness through the sink,
 * retries on each readiness (after a nap once readiness kept leading nowhere: backoff.ts), and
 * ends early on CancelBlockingCall, the cancel handle, `opts.signal` or `opts.timeout`. The call
 * costs one Promise and one AsyncWait, which is its own sink waiter and abort listener.
 */
import { debuglog } from 'node:util';
import { POLL_ERR, POLL_HUP, POLL_READ } from '../../native/index.js';
import * as sink from '../../notify/sink.js';
import type { SocketRecord } from '../../notify/sink.js';
import { WSAEFAULT, WSAEINTR, WSAEINVAL, WSAETIMEDOUT, WSAEWOULDBLOCK } from '../../wsa/errors.js';
import type { CancelSlot } from '../cancel-handle.js';
import { RetryGuard } from './backoff.js';
import { startTimer, type LongTimer } from './timer.js';
import type { Blocking, Progress } from './sync-pump.js';

const log = debuglog('afxsock');
const WOULDBLOCK = -WSAEWOULDBLOCK;

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

/** Validates the options of an awaitable call; the WSA code to fail with, or 0. */
export function checkOptions(opts: unknown): number {
  if (opts === undefined || opts === null) return 0;
  if (typeof opts !== 'object') return WSAEINVAL;
  const o = opts as BlockingOptions;
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) return WSAEINVAL;
  if (o.timeout !== undefined && (typeof o.timeout !== 'number' || Number.isNaN(o.timeout) || o.timeout < 0)) return WSAEINVAL;
  return 0;
}

/**
 * How a settled call's raw result (count, or -code) becomes MFC's result: the socket's one
 * conversion, which sets the error. `later`: the error is set in a microtask queued before the
 * settlement (a cancel sets it when the call returns, not inside whoever cancelled it).
 */
export type Settle<T> = (rc: number, later: boolean) => T;

class AsyncWait<T> implements Blocking, sink.Waiter {
  #settled = false;
  #seq: number;
  #timer: LongTimer | undefined;
  #napTimer: NodeJS.Timeout | undefined;
  readonly #guard = new RetryGuard();
  #sent: number;

  constructor(
    readonly events: number,
    private readonly rec: SocketRecord,
    private slot: CancelSlot | null,
    private readonly attempt: () => number,
    private readonly settle: Settle<T>,
    private readonly resolve: (v: T) => void,
    private readonly signal: AbortSignal | undefined,
    private readonly onCancel: (() => void) | undefined,
    readonly progress: Progress | null,
  ) {
    this.#seq = slot?.begin(null) ?? 0;
    this.#sent = progress?.sent ?? 0;
  }

  start(timeout: number | undefined): void {
    this.rec.call = this;
    sink.beginBlocking(this.rec);
    if (this.signal?.aborted) {
      this.cancel(WSAEINTR);
      return;
    }
    this.signal?.addEventListener('abort', this, { once: true });
    if (timeout !== undefined) this.#timer = startTimer(timeout, () => this.cancel(WSAETIMEDOUT));
    if (this.slot !== null) this.slot.watch(this.#seq, () => this.cancel(WSAEINTR));
    sink.waitReady(this.rec, this);
  }

  /** The abort listener. */
  handleEvent(): void {
    this.cancel(WSAEINTR);
  }

  cancel(code: number): void {
    if (this.#settled) return;
    if (log.enabled) log('awaitable call of %d ends with %d', this.rec.h, code);
    // Settle first: what onCancel does to the socket (a reset detaches it) must not end the
    // wait a second way.
    this.#finish(-code, true);
    this.onCancel?.();
  }

  adopt(s: CancelSlot): void {
    this.slot = s;
    s.watch(s.begin(null), () => this.cancel(WSAEINTR));
  }

  /** The sink's waiter callback: the socket is ready (or 0: closed or detached under the call). */
  done(revents: number): void {
    if (this.#settled) return;
    if (revents === 0) {
      this.#finish(-WSAEINTR, true);
      return;
    }
    if (revents & (POLL_HUP | POLL_ERR)) sink.consumeClose(this.rec);
    let again: number;
    try {
      again = this.attempt();
    } catch {
      // Arguments are checked before any OS call; nothing may escape the poller callback.
      again = -WSAEFAULT;
    }
    if (again !== WOULDBLOCK) {
      this.#finish(again, false);
      return;
    }
    const p = this.progress;
    if (p !== null && p.sent !== this.#sent) {
      this.#sent = p.sent;
      this.#guard.progress();
    }
    const ms = this.#guard.miss();
    if (ms === 0) sink.waitReady(this.rec, this);
    else this.#napTimer = setTimeout(() => this.#rearm(), ms);
  }

  #rearm(): void {
    this.#napTimer = undefined;
    if (!this.#settled) sink.waitReady(this.rec, this);
  }

  #finish(result: number, fromCancel: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    sink.withdraw(this.rec, this);
    this.#timer?.stop();
    if (this.#napTimer !== undefined) clearTimeout(this.#napTimer);
    this.signal?.removeEventListener('abort', this);
    this.slot?.end();
    if (this.rec.call === this) this.rec.call = null;
    sink.endBlocking(this.rec);
    this.resolve(this.settle(result, fromCancel && result < 0));
  }
}

/**
 * Waits on the event loop until `attempt` stops answering WSAEWOULDBLOCK; call it only after a
 * first attempt did. The call is the record's waiting call until it settles (IsBlocking), and
 * the socket's notifications are held meanwhile. `onCancel` learns that the call was cut short.
 *
 * @returns A promise of `settle`'s result; it never rejects.
 */
export function waitAsync<T>(rec: SocketRecord, slot: CancelSlot | null, events: number, attempt: () => number, opts: BlockingOptions | undefined, settle: Settle<T>, onCancel?: () => void, progress: Progress | null = null): Promise<T> {
  if (log.enabled) log('awaitable call of %d waits for %s', rec.h, events === POLL_READ ? 'read' : 'write');
  return new Promise<T>((resolve) => {
    new AsyncWait(events, rec, slot, attempt, settle, resolve, opts?.signal, onCancel, progress).start(opts?.timeout);
  });
}

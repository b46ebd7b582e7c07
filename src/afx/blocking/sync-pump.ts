/**
 * The blocking flavour of CSocket's waits: MFC's PumpMessages over a thread that really
 * blocks. An operation tries its non-blocking call; on WSAEWOULDBLOCK `blockSync` waits for
 * readiness at most m_nTimeOut ms at a time, calls OnMessagePending and the blocking hook
 * between slices, and retries. The wait also watches the thread's wake descriptor, so another
 * thread can end it at once through the socket's cancel handle.
 */
import { debuglog } from 'node:util';
import { api, POLL_ERR, POLL_HUP, POLL_READ, POLL_WAKE } from '../../native/index.js';
import * as sink from '../../notify/sink.js';
import type { SocketRecord, WaitingCall } from '../../notify/sink.js';
import { INVALID_SOCKET } from '../../wsa/constants.js';
import { WSAEINTR, WSAEWOULDBLOCK } from '../../wsa/errors.js';
import { beginBlockingCall, endBlockingCall, runBlockingHook, type BlockingCall } from '../../winsock/blocking.js';
import type { CancelSlot } from '../cancel-handle.js';
import { napSync, RetryGuard } from './backoff.js';

const log = debuglog('afxsock');
const WOULDBLOCK = -WSAEWOULDBLOCK;

/** What the pump reads from the socket each slice (a CSocket: OnMessagePending may change them). */
export interface PumpHost {
  readonly m_hSocket: number;
  readonly m_nTimeOut: number;
  OnMessagePending(): boolean;
}

/** A Send's bytes sent so far: a retry that moved bytes is progress, and a cancel after some breaks the stream. */
export interface Progress {
  sent: number;
}

/** One call that waits, of either flavour: what CancelBlockingCall and a cancel handle end. */
export interface Blocking extends WaitingCall {
  /** A cancel handle was made while the call waits: the call answers to it from now on. */
  adopt(slot: CancelSlot): void;
  /** A Send's progress; null otherwise. */
  readonly progress: Progress | null;
}

/** A waiting blocking call: cancelled by code, by its cancel handle, or by WSACancelBlockingCall. */
class SyncCall implements Blocking, BlockingCall {
  cancelled = 0;
  seq: number;
  constructor(public slot: CancelSlot | null, readonly progress: Progress | null) {
    this.seq = slot?.begin(api().wakeToken()) ?? 0;
  }

  cancel(code = WSAEINTR): void {
    if (this.cancelled === 0) this.cancelled = code;
  }

  // Only OnMessagePending or the hook can make a handle while this thread waits.
  adopt(slot: CancelSlot): void {
    this.slot = slot;
    this.seq = slot.begin(api().wakeToken());
  }

  isCancelled(): boolean {
    if (this.cancelled === 0 && this.slot !== null && this.slot.isCancelled(this.seq)) this.cancelled = WSAEINTR;
    return this.cancelled !== 0;
  }

  nap(ms: number): void {
    if (this.slot !== null) this.slot.nap(this.seq, ms);
    else napSync(ms);
  }
}

/**
 * MFC's PumpMessages: waits until the socket is ready for `events`, running OnMessagePending
 * and the blocking hook each time an m_nTimeOut slice has passed, whatever the socket reports
 * meanwhile. With `napMs` > 0 it naps that long instead of watching the socket (readiness that
 * led nowhere: backoff.ts). Returns 0 to retry the operation, or the WSA code that ends the
 * call (WSAEINTR when cancelled).
 */
function pump(host: PumpHost, rec: SocketRecord, call: SyncCall, events: number, clock: { start: number }, napMs: number): number {
  const native = api();
  for (;;) {
    if (call.isCancelled()) return WSAEINTR;
    const h = host.m_hSocket;
    if (h === INVALID_SOCKET) return WSAEINTR;
    const slice = Number.isFinite(host.m_nTimeOut) && host.m_nTimeOut >= 0 ? Math.min(host.m_nTimeOut, 0x7fffffff) : 2000;
    const left = Math.max(0, Math.ceil(clock.start + slice - performance.now()));
    let retry = false;
    if (napMs > 0) {
      call.nap(Math.min(napMs, left));
      napMs = 0;
      retry = true;
    } else {
      const rc = native.waitSync(h, events, left);
      if (rc < 0) return -rc;
      if (rc & POLL_WAKE) native.drainWake();
      if (rc & (POLL_HUP | POLL_ERR)) {
        // MFC ends the wait on FD_CLOSE and swallows it: the retried call reports EOF or the error.
        sink.consumeClose(rec);
        retry = true;
      } else if (rc & events) {
        retry = true;
      }
    }
    if (performance.now() - clock.start >= slice) {
      if (log.enabled) log('blocking call of %d: %d ms slice elapsed, OnMessagePending', h, slice);
      host.OnMessagePending();
      runBlockingHook();
      clock.start = performance.now();
    }
    if (call.isCancelled()) return WSAEINTR;
    if (retry) return 0;
  }
}

/**
 * Blocks the thread until `attempt` (the non-blocking call: result >= 0, or -code) stops
 * answering WSAEWOULDBLOCK; call it only after a first attempt did. The call is the record's
 * waiting call meanwhile (IsBlocking). `progress` (a Send's byte count) tells a retry that
 * moved bytes from one that did not.
 *
 * @returns The result, or -code.
 */
export function blockSync(host: PumpHost, rec: SocketRecord, slot: CancelSlot | null, events: number, attempt: () => number, progress: Progress | null = null): number {
  if (log.enabled) log('blocking call of %d waits for %s', host.m_hSocket, events === POLL_READ ? 'read' : 'write');
  const call = new SyncCall(slot, progress);
  rec.call = call;
  beginBlockingCall(call);
  const guard = new RetryGuard();
  const clock = { start: performance.now() };
  let sent = progress?.sent ?? 0;
  let napMs = 0;
  try {
    for (;;) {
      const end = pump(host, rec, call, events, clock, napMs);
      if (end !== 0) return -(call.cancelled !== 0 ? call.cancelled : end);
      const rc = attempt();
      if (rc !== WOULDBLOCK) return rc;
      if (progress !== null && progress.sent !== sent) {
        sent = progress.sent;
        guard.progress();
      }
      napMs = guard.miss();
    }
  } finally {
    endBlockingCall(call);
    call.slot?.end();
    if (rec.call === call) rec.call = null;
  }
}

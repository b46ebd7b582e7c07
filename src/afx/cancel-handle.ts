/**
 * A socket's cross-thread cancel handle: a SharedArrayBuffer any thread can use to end the
 * socket's blocking call, the "separate thread for network activity" of WSACancelBlockingCall's
 * page. It is plain data, so it crosses `postMessage` / `workerData`.
 *
 * Layout (Int32Array):
 *   [SEQ]    the number of the call now blocking, 0 when none;
 *   [CANCEL] the number of the call a canceller asked to end;
 *   [KIND]   how to wake the blocked thread: 0 none (an awaitable call), 1 eventfd, 2 UDP;
 *   [VALUE]  the wake descriptor's number (eventfd) or UDP port.
 * Numbering the calls makes a cancel that arrives after its call ended harmless: it names a
 * call that no longer waits (rule 2: with nothing blocking, a cancel does nothing).
 */
import { api, type WakeToken } from '../native/index.js';
import { napSync } from './blocking/backoff.js';

const SEQ = 0;
const CANCEL = 1;
const KIND = 2;
const VALUE = 3;

/**
 * What {@link CSocket.GetCancelHandle} returns: plain data to pass to another thread as is
 * (`postMessage`, `workerData`), where {@link CancelBlockingCallByHandle} takes it.
 */
export interface CSocketCancelHandle {
  /** The 16 bytes the socket and its cancellers share (layout above); treat them as opaque. */
  readonly sab: SharedArrayBuffer;
}

/**
 * The blocking side of a handle: numbers calls and learns whether one was cancelled. CSocket's
 * internals; the package does not export it.
 */
export class CancelSlot {
  /** The handle that `GetCancelHandle()` gives out. */
  readonly handle: CSocketCancelHandle = { sab: new SharedArrayBuffer(16) };
  private readonly cells = new Int32Array(this.handle.sab);
  private seq = 0;

  /**
   * A call starts waiting: it gets the next number, and cancellers learn how to wake it.
   *
   * @param wake - How another thread wakes this one (its wake descriptor); null for an
   *   awaitable call, which `watch` wakes instead.
   * @returns The call's number (1..0x7fffffff, never 0).
   */
  begin(wake: WakeToken | null): number {
    this.seq = (this.seq % 0x7fffffff) + 1;
    Atomics.store(this.cells, KIND, wake === null ? 0 : wake.kind === 'eventfd' ? 1 : 2);
    Atomics.store(this.cells, VALUE, wake === null ? 0 : wake.value);
    Atomics.store(this.cells, SEQ, this.seq);
    return this.seq;
  }

  /** The call ended: a cancel from now on finds no call and does nothing; `watch` is released. */
  end(): void {
    Atomics.store(this.cells, SEQ, 0);
    // Releases a pending Atomics.waitAsync of the call that just ended.
    Atomics.notify(this.cells, CANCEL);
  }

  /**
   * Whether a canceller asked to end call `seq`.
   *
   * @param seq - A number from `begin`.
   * @returns true once call `seq` was cancelled.
   */
  isCancelled(seq: number): boolean {
    return Atomics.load(this.cells, CANCEL) === seq;
  }

  /**
   * Sleeps this thread up to `ms` (no CPU), or less when a canceller ends call `seq` meanwhile:
   * the nap of a blocking call between two retries (see blocking/backoff.ts).
   *
   * @param seq - A number from `begin`.
   * @param ms - How long at most, in ms.
   */
  nap(seq: number, ms: number): void {
    const current = Atomics.load(this.cells, CANCEL);
    if (current !== seq) napSync(ms, this.cells, CANCEL, current);
  }

  /**
   * Calls `onCancel` (once, asynchronously) when another thread cancels call `seq`; stops
   * watching when the call ends uncancelled.
   *
   * @param seq - A number from `begin`.
   * @param onCancel - What ends the call.
   */
  watch(seq: number, onCancel: () => void): void {
    const current = Atomics.load(this.cells, CANCEL);
    if (current === seq) {
      queueMicrotask(onCancel);
      return;
    }
    const r = Atomics.waitAsync(this.cells, CANCEL, current);
    if (!r.async) {
      if (this.isCancelled(seq)) queueMicrotask(onCancel);
      return;
    }
    void r.value.then(() => {
      if (this.isCancelled(seq) && Atomics.load(this.cells, SEQ) === seq) onCancel();
      else if (Atomics.load(this.cells, SEQ) === seq) this.watch(seq, onCancel);
    });
  }
}

/**
 * Ends the waiting call of the socket whose handle this is, from any thread, the main thread or
 * a Worker (the cross-thread form of `CSocket.CancelBlockingCall`; MFC has none). The call,
 * blocking or awaitable, returns `SOCKET_ERROR` / false with `WSAEINTR`; a blocked thread wakes
 * within milliseconds, not after `m_nTimeOut`. With nothing waiting it does nothing, and a
 * cancel that arrives after its call ended leaves the next call alone.
 *
 * @param handle - What the socket's `GetCancelHandle()` returned; anything else is ignored.
 */
export function CancelBlockingCallByHandle(handle: CSocketCancelHandle): void {
  if (handle === null || typeof handle !== 'object' || !(handle.sab instanceof SharedArrayBuffer) || handle.sab.byteLength < 16) return;
  const cells = new Int32Array(handle.sab, 0, 4);
  const seq = Atomics.load(cells, SEQ);
  if (seq === 0) return;
  Atomics.store(cells, CANCEL, seq);
  Atomics.notify(cells, CANCEL);
  const kind = Atomics.load(cells, KIND);
  if (kind !== 0) api().signalWake({ kind: kind === 1 ? 'eventfd' : 'udp', value: Atomics.load(cells, VALUE) });
}

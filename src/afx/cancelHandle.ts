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

const SEQ = 0;
const CANCEL = 1;
const KIND = 2;
const VALUE = 3;

/** What `CSocket.GetCancelHandle()` returns; pass it to another thread as is. */
export interface CSocketCancelHandle {
  readonly sab: SharedArrayBuffer;
}

/** The blocking side of a handle: numbers calls and learns whether one was cancelled. */
export class CancelSlot {
  readonly handle: CSocketCancelHandle = { sab: new SharedArrayBuffer(16) };
  private readonly cells = new Int32Array(this.handle.sab);
  private seq = 0;

  /** A call starts waiting; `wake` is how another thread wakes this one (null: async call). */
  begin(wake: WakeToken | null): number {
    this.seq = (this.seq % 0x7fffffff) + 1;
    Atomics.store(this.cells, KIND, wake === null ? 0 : wake.kind === 'eventfd' ? 1 : 2);
    Atomics.store(this.cells, VALUE, wake === null ? 0 : wake.value);
    Atomics.store(this.cells, SEQ, this.seq);
    return this.seq;
  }

  end(): void {
    Atomics.store(this.cells, SEQ, 0);
    // Releases a pending Atomics.waitAsync of the call that just ended.
    Atomics.notify(this.cells, CANCEL);
  }

  isCancelled(seq: number): boolean {
    return Atomics.load(this.cells, CANCEL) === seq;
  }

  /** Resolves when another thread cancels call `seq` (or the call ends). */
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
 * Ends the blocking call of the socket whose handle this is, from any thread (the main thread
 * or a Worker): the call returns SOCKET_ERROR / FALSE with WSAEINTR within milliseconds. With
 * nothing blocking it does nothing.
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

/**
 * The one owner of koffi's poll handles (`koffi.node.poll`, a libuv `uv_poll_t` on Node's loop):
 * both pollers get their handles here and nothing else creates one, because each trap below ends
 * the process rather than throwing, and must be guarded in one place (koffi 3.3.4, seen on Linux
 * and under Wine):
 *  - a descriptor libuv refuses (closed, made up, or on Linux one that already has a handle)
 *    aborts the process from inside koffi's constructor: callers open a handle only on a
 *    descriptor just checked to be live, and close it before the descriptor is closed (its
 *    number is reused at once by the next socket);
 *  - any method of a handle after its `close()` dereferences freed memory (SIGSEGV; a page fault
 *    under Wine): `PollHandle` forgets the koffi object when it closes, so no later call reaches it;
 *  - a handle nothing references any more is closed by the garbage collector, silently: the set
 *    below keeps every open one;
 *  - a handle still open, even stopped, when its thread's environment is torn down crashes the
 *    process (a Worker that used the poller and ended, terminate(), process.exit()): every handle
 *    is closed at the thread's 'exit', and a Worker that blocks in native code closes its own
 *    first (see the Linux poller's `park`);
 *  - koffi calls the JavaScript callback without a Node callback scope (see `afterForeignCallback`).
 * The callback's real signature is `(status, events)`: koffi's .d.ts has it wrong. On Linux an
 * error comes as `status < 0` with the watch already stopped by libuv; on Windows as plain
 * readiness (a refused connect is writable, a reset readable) that keeps firing.
 */
import { loadKoffi } from './koffi.js';

export interface PollEvents { readable: boolean; writable: boolean; disconnect: boolean }
export type PollOptions = PollEvents;
export type OnPoll = (status: number, events: PollEvents) => void;

/** What koffi really returns. */
interface KoffiPoll {
  start(opts: PollOptions, cb: OnPoll): void;
  stop(): void;
  close(): void;
  ref(): void;
  unref(): void;
}
type PollFn = (fd: number, opts: PollOptions, cb: OnPoll) => KoffiPoll;

/** A poll handle of this module's: every method is safe after `close()`. */
export class PollHandle {
  #koffi: KoffiPoll | undefined;
  readonly #onPoll: OnPoll;

  /** @internal Made by `openPollHandle` only. */
  constructor(fd: number, opts: PollOptions, cb: OnPoll) {
    this.#onPoll = (status, events) => {
      if (this.#koffi === undefined) return;
      try {
        cb(status, events);
      } catch (e) {
        rethrowOutsideKoffi(e);
      }
      afterForeignCallback();
    };
    this.#koffi = pollFn()(fd, opts, this.#onPoll);
  }

  get closed(): boolean {
    return this.#koffi === undefined;
  }

  /** Re-arms, or changes the interest (allowed while armed). */
  start(opts: PollOptions): void {
    this.#koffi?.start(opts, this.#onPoll);
  }

  stop(): void {
    this.#koffi?.stop();
  }

  ref(): void {
    this.#koffi?.ref();
  }

  unref(): void {
    this.#koffi?.unref();
  }

  /** Idempotent. */
  close(): void {
    const k = this.#koffi;
    if (k === undefined) return;
    this.#koffi = undefined;
    open.delete(this);
    k.close();
  }
}

const open = new Set<PollHandle>();
let poll: PollFn | undefined;
let ended = false;
let exitHooked = false;

function pollFn(): PollFn {
  if (poll === undefined) {
    const node = (loadKoffi() as unknown as { node?: { poll?: PollFn } }).node;
    if (typeof node?.poll !== 'function') throw new Error('afxsock: this koffi has no node.poll (koffi >= 2.15 is needed)');
    poll = node.poll;
  }
  return poll;
}

/**
 * A new handle on `fd`, armed for `opts`, or undefined once this thread's handles were closed
 * for good (the thread is ending). `fd` must be a live descriptor with no handle yet.
 */
export function openPollHandle(fd: number, opts: PollOptions, cb: OnPoll): PollHandle | undefined {
  if (ended) return undefined;
  if (!exitHooked) {
    exitHooked = true;
    process.once('exit', closeAllPollHandles);
  }
  const h = new PollHandle(fd, opts, cb);
  open.add(h);
  return h;
}

/** Closes every handle of this thread for good: no new one is made after it. */
export function closeAllPollHandles(): void {
  ended = true;
  for (const h of [...open]) h.close();
}

/**
 * Node drains its nextTick and microtask queues after a native callback only when the addon
 * entered JavaScript through a callback scope (`napi_make_callback`), which koffi 3.3's poll
 * does not use. Up to Node 26.3 the queues were drained anyway; from 26.4 on (nodejs/node#62969)
 * they are not, so a promise settled in a poll callback would run its `await` continuation only
 * when something else entered JavaScript through a scope (a timer), or never. Every awaitable
 * call settles in a poll callback. So after each callback one `setImmediate` per loop turn is
 * queued: Node runs immediates inside its own scope and drains both queues after each, on every
 * version. Two cheaper re-entries were measured and rejected: calling Node's internal drain
 * (`process._tickCallback`) from the callback saved under a microsecond per wake but runs the
 * user's continuations on koffi's native frame with no scope (Node 20 crashed there with TLS
 * over a SocketStream); and probing once whether this Node drains by itself cannot be trusted,
 * since anything else entering JavaScript drains the queue by accident, which is how the stall
 * went unseen in the test suite.
 */
let immediatePending = false;
function drainedByImmediate(): void {
  immediatePending = false;
}

function afterForeignCallback(): void {
  if (immediatePending) return;
  immediatePending = true;
  setImmediate(drainedByImmediate);
}

/**
 * Lets an exception from a callback reach the user like any uncaught one, without unwinding
 * through koffi. An immediate, not a nextTick: on Node 26 a nextTick queued here would wait for
 * the next scope, like any other.
 */
export function rethrowOutsideKoffi(e: unknown): void {
  setImmediate(() => {
    throw e;
  });
}

/**
 * What koffi's poll callbacks do not do for us: let Node drain its nextTick and microtask queues
 * after the JavaScript they ran.
 *
 * Node drains those queues when a native callback returns only if the addon entered JavaScript
 * through a callback scope (`napi_make_callback`, `node::CallbackScope`). koffi 3.3's
 * `koffi.node.poll` calls its JavaScript function without one. Up to Node 26.3 the queues were
 * drained anyway; from 26.4 on (nodejs/node#62969) they are not, so a promise resolved in a
 * poll callback runs its `await` continuation only when something else enters JavaScript
 * through a scope, such as a timer firing. Every awaitable call settles in a poll callback, so
 * without this module they stall on Node 26 until an unrelated timer fires, or for ever.
 *
 * `afterForeignCallback()` is called at the end of every poll callback batch and schedules one
 * `setImmediate` per loop turn: Node runs immediates inside its own callback scope and drains
 * both queues after each, on every version. Two cheaper re-entries were measured and rejected
 * (bench/PROFILE.md, section 7):
 * - calling Node's internal drain (`process._tickCallback`) at the end of the callback runs the
 *   user's continuations on koffi's native frame, with no scope around them. It saved under a
 *   microsecond per wake, and Node 20 crashed (SIGSEGV) running TLS over a SocketStream in it.
 * - probing once whether this Node drains by itself cannot be trusted: anything else that enters
 *   JavaScript (a loader thread, a timer) drains the queue by accident, which is how the stall
 *   went unseen in the test suite.
 */

let immediatePending = false;
function drainedByImmediate(): void {
  immediatePending = false;
}

/**
 * Makes sure Node enters JavaScript through a callback scope once more in this loop turn, so
 * that the nextTicks and microtasks the callback queued run now rather than at the next timer.
 */
export function afterForeignCallback(): void {
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

/**
 * What koffi's poll callbacks do not do for us: drain Node's nextTick and microtask queues after
 * the JavaScript they ran.
 *
 * Node drains those queues when a native callback returns only if the addon entered JavaScript
 * through a callback scope (`napi_make_callback`, `node::CallbackScope`). koffi 3.3's
 * `koffi.node.poll` calls its JavaScript function without one. Up to Node 26.3 the queues were
 * drained anyway; from 26.4 on (nodejs/node#62969) they are not, so a promise resolved in a
 * poll callback runs its `await` continuation only when something else enters JavaScript
 * through a scope, such as a timer firing. Every awaitable call settles in a poll callback, so
 * without this module they stall on Node 26 until an unrelated timer or never.
 *
 * `afterForeignCallback()` is called at the end of every poll callback batch. It runs Node's own
 * queue drain (`process._tickCallback`, the function Node's callback scope itself runs) at once:
 * measured in bench/PROFILE.md (section "Node 26") against re-entering through `setImmediate`,
 * it costs nothing measurable, while the immediate added a loop phase per wake. Where that
 * function is missing (it is undocumented, and a later Node may drop it), one `setImmediate` per
 * loop turn re-enters through a scope Node drains on every version.
 */

type TickDrain = () => void;

const tickDrain: TickDrain | undefined = (() => {
  const f = (process as unknown as { _tickCallback?: unknown })._tickCallback;
  return typeof f === 'function' ? (f as TickDrain).bind(process) : undefined;
})();

let immediatePending = false;
function drainedByImmediate(): void {
  immediatePending = false;
}

/** The re-entry in use, for diagnostics and the package test: `'tick'` or `'immediate'`. */
export const reentry: 'tick' | 'immediate' =
  process.env.AFXSOCK_REENTRY === 'immediate' || tickDrain === undefined ? 'immediate' : 'tick';

/**
 * Runs queued nextTicks and microtasks now (or, without Node's drain function, schedules the
 * one immediate that will). Never throws: an exception from a queued callback is rethrown from
 * an immediate, where Node reports it as uncaught, instead of unwinding through koffi.
 */
export function afterForeignCallback(): void {
  if (reentry === 'tick') {
    try {
      tickDrain!();
    } catch (e) {
      rethrowOutsideKoffi(e);
    }
    return;
  }
  if (immediatePending) return;
  immediatePending = true;
  setImmediate(drainedByImmediate);
}

/**
 * Lets an exception from a callback reach the user like any uncaught one, without unwinding
 * through koffi. An immediate, not a nextTick: a nextTick would be run by the drain above, on the
 * same koffi frame.
 */
export function rethrowOutsideKoffi(e: unknown): void {
  setImmediate(() => {
    throw e;
  });
}

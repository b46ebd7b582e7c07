/**
 * This thread's blocking-call state and its Winsock 1.1 blocking hook.
 *
 * CSocket's synchronous engine reports each wait it starts and ends here (calls may nest: a hook
 * or OnMessagePending can itself block on another socket), and calls `runBlockingHook()` between
 * waits, as Winsock 1.1's pseudo-blocking loop ran `while (BlockingHook());`. A JS realm is one
 * thread, so module state is per-thread state.
 *
 * Start rule: these functions work once anything has started Winsock on this thread, the user's
 * WSAStartup or the classes' lazy start (a blocking call implies the latter). Before that,
 * WSACancelBlockingCall, WSASetBlockingHook and WSAUnhookBlockingHook fail with WSANOTINITIALISED.
 * Only the WSAAsyncGetXByY family requires the user's own WSAStartup.
 */
import { SOCKET_ERROR } from '../wsa/constants.js';
import { WSAEFAULT, WSAEINPROGRESS, WSAEINVAL, WSANOTINITIALISED } from '../wsa/errors.js';
import { WSASetLastError } from './last-error.js';
import { ensureStarted, isStarted } from './startup.js';

/**
 * A synchronous CSocket call in progress, as the engine registers it; `cancel()` makes the engine
 * end it with WSAEINTR.
 */
export interface BlockingCall {
  cancel(): void;
}

/**
 * The most runs of the blocking hook between two wait slices, so that a hook that always returns
 * true cannot hang the call.
 */
export const BLOCKING_HOOK_CAP = 1000;

/**
 * The default blocking hook (Winsock's `WSADefaultBlockingHook`). Winsock's peeked and dispatched
 * one window message; Node has no message queue to pump inside a synchronous wait (the event loop
 * is stopped), so there is nothing to do.
 *
 * @returns Always false: no message was processed, so the hook loop ends at once.
 */
export function WSADefaultBlockingHook(): boolean {
  return false;
}

interface Entry {
  call: BlockingCall;
  cancelled: boolean;
}

const stack: Entry[] = [];
let hook: () => boolean = WSADefaultBlockingHook;

/** A synchronous CSocket call starts waiting on this thread. */
export function beginBlockingCall(call: BlockingCall): void {
  ensureStarted();
  stack.push({ call, cancelled: false });
}

/** That call ended, however it ended. Tolerates out-of-order ends (removes the call's entry). */
export function endBlockingCall(call: BlockingCall): void {
  for (let i = stack.length - 1; i >= 0; i--) {
    if (stack[i]!.call === call) {
      stack.splice(i, 1);
      return;
    }
  }
}

/**
 * Tells whether this thread is inside a blocking call (Winsock's `WSAIsBlocking`).
 *
 * @returns True while a synchronous CSocket call (`Receive`, `Send`, `Accept`, `Connect`...) waits
 *   on this thread, i.e. when asked from `OnMessagePending` or a blocking hook; false otherwise,
 *   also during the awaitable `…Async` calls, which do not block the thread.
 *
 * It works whatever version `WSAStartup` negotiated: Winsock 2 removed it for 2.x callers, afxsock
 * keeps it because CSocket's pseudo-blocking is the model it describes.
 */
export function WSAIsBlocking(): boolean {
  return stack.length > 0;
}

/**
 * Cancels this thread's innermost blocking call (Winsock's `WSACancelBlockingCall`); call it from
 * `OnMessagePending` or a blocking hook. The call ends with `WSAEINTR` as soon as
 * `OnMessagePending` and the hook have returned.
 *
 * Errors: `WSANOTINITIALISED` (nothing has started Winsock on this thread: no `WSAStartup` in
 * effect and no socket created or attached yet), `WSAEINVAL` (no blocking call in progress; the SPI
 * page's code).
 * Winsock's `WSAENETDOWN` does not occur here. It works whatever version was negotiated (Winsock 2
 * removed it for 2.x callers).
 *
 * @returns 0, or `SOCKET_ERROR`; then `WSAGetLastError()` gives the code. A second cancel of the
 *   same call returns 0 again, as in ReactOS.
 */
export function WSACancelBlockingCall(): number {
  if (!isStarted()) return fail(WSANOTINITIALISED);
  const top = stack[stack.length - 1];
  if (top === undefined) return fail(WSAEINVAL);
  if (!top.cancelled) {
    top.cancelled = true;
    top.call.cancel();
  }
  return 0;
}

/**
 * Installs this thread's blocking hook (Winsock's `WSASetBlockingHook`). A synchronous CSocket call
 * runs it as `while (hook());` each time a wait slice (`m_nTimeOut` ms) passes without the socket
 * becoming ready, right after `OnMessagePending`; at most `BLOCKING_HOOK_CAP` (1,000) runs per
 * slice. From the hook, only {@link WSACancelBlockingCall} and {@link WSAIsBlocking} are meant to
 * be called. A hook that throws ends the blocking call: the exception reaches its caller.
 *
 * Errors: `WSANOTINITIALISED` (nothing has started Winsock on this thread), `WSAEINPROGRESS` (a
 * blocking call is in progress on this thread), `WSAEFAULT` (`lpBlockFunc` is not a function). It
 * works whatever version was negotiated (Winsock 2 removed it for 2.x callers).
 *
 * @param lpBlockFunc - The hook: returns true when it did some work and wants to run again.
 * @returns The previous hook ({@link WSADefaultBlockingHook} when none was set), or null; then
 *   `WSAGetLastError()` gives the code.
 */
export function WSASetBlockingHook(lpBlockFunc: () => boolean): (() => boolean) | null {
  const err = !isStarted() ? WSANOTINITIALISED
    : WSAIsBlocking() ? WSAEINPROGRESS
      : typeof lpBlockFunc !== 'function' ? WSAEFAULT : 0;
  if (err !== 0) {
    WSASetLastError(err);
    return null;
  }
  const previous = hook;
  hook = lpBlockFunc;
  return previous;
}

/**
 * Restores this thread's default blocking hook, {@link WSADefaultBlockingHook} (Winsock's
 * `WSAUnhookBlockingHook`).
 *
 * Errors: `WSANOTINITIALISED` (nothing has started Winsock on this thread), `WSAEINPROGRESS` (a
 * blocking call is in progress on this thread). It works whatever version was negotiated (Winsock 2
 * removed it for 2.x callers).
 *
 * @returns 0, or `SOCKET_ERROR`; then `WSAGetLastError()` gives the code.
 */
export function WSAUnhookBlockingHook(): number {
  if (!isStarted()) return fail(WSANOTINITIALISED);
  if (WSAIsBlocking()) return fail(WSAEINPROGRESS);
  hook = WSADefaultBlockingHook;
  return 0;
}

/**
 * Runs the hook until it returns false, at most BLOCKING_HOOK_CAP times. Called by the engine
 * between waits. A hook that throws ends the loop and the exception reaches the engine, which
 * must still call endBlockingCall (from a finally).
 */
export function runBlockingHook(): void {
  const fn = hook;
  for (let i = 0; i < BLOCKING_HOOK_CAP; i++) if (!fn()) return;
}

function fail(code: number): number {
  WSASetLastError(code);
  return SOCKET_ERROR;
}

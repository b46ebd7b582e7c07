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
import { SOCKET_ERROR } from './constants.js';
import { WSAEFAULT, WSAEINPROGRESS, WSAEINVAL, WSANOTINITIALISED } from './errors.js';
import { WSASetLastError } from './lastError.js';
import { ensureStarted, isStarted } from './startup.js';

/** A synchronous call in progress; `cancel()` makes the engine end it with WSAEINTR. */
export interface BlockingCall {
  cancel(): void;
}

/** The most hook iterations between two waits: a hook that always returns true cannot hang us. */
export const BLOCKING_HOOK_CAP = 1000;

/**
 * The default hook. Winsock's peeked and dispatched one window message; Node has no message queue
 * to pump inside a synchronous wait (the event loop is stopped), so there is nothing to do.
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

/** True while this thread has a synchronous blocking call in progress. */
export function WSAIsBlocking(): boolean {
  return stack.length > 0;
}

/**
 * Cancels this thread's innermost blocking call: 0. Nothing blocking: SOCKET_ERROR with
 * WSAEINVAL (the SPI page). A second cancel of the same call succeeds without calling its
 * `cancel()` again, as ReactOS does.
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
 * Installs this thread's blocking hook and returns the previous one (WSADefaultBlockingHook when
 * none was set). On failure returns null with the last error set: WSANOTINITIALISED,
 * WSAEINPROGRESS (a blocking call is in progress) or WSAEFAULT (not a function).
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

/** Restores the default hook: 0; SOCKET_ERROR with WSANOTINITIALISED or WSAEINPROGRESS. */
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

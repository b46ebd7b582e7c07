import test from 'ava';
import {
  SOCKET_ERROR, WSACancelBlockingCall, WSADefaultBlockingHook, WSAEFAULT, WSAEINPROGRESS, WSAEINVAL,
  WSAGetLastError, WSAIsBlocking, WSANOTINITIALISED, WSASetBlockingHook, WSASetLastError,
  WSAUnhookBlockingHook,
} from '../../src/index.js';
import {
  beginBlockingCall, BLOCKING_HOOK_CAP, type BlockingCall, endBlockingCall, ensureStarted, runBlockingHook,
} from '../../src/diagnostics.js';

function call(log: string[], name: string): BlockingCall {
  return { cancel: () => log.push(name) };
}

// Runs first, before anything in this process has started Winsock.
test.serial('before any start, the hook functions fail with WSANOTINITIALISED', (t) => {
  t.false(WSAIsBlocking());
  t.is(WSACancelBlockingCall(), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSANOTINITIALISED);
  WSASetLastError(0);
  t.is(WSASetBlockingHook(() => false), null);
  t.is(WSAGetLastError(), WSANOTINITIALISED);
  WSASetLastError(0);
  t.is(WSAUnhookBlockingHook(), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSANOTINITIALISED);
});

test.serial('nothing blocking: WSACancelBlockingCall gives SOCKET_ERROR and WSAEINVAL', (t) => {
  ensureStarted();
  WSASetLastError(0);
  t.false(WSAIsBlocking());
  t.is(WSACancelBlockingCall(), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSAEINVAL);
});

test.serial('nested calls: WSAIsBlocking follows the stack, cancel hits the innermost only', (t) => {
  const log: string[] = [];
  const outer = call(log, 'outer');
  const inner = call(log, 'inner');
  beginBlockingCall(outer);
  t.true(WSAIsBlocking());
  beginBlockingCall(inner);
  t.is(WSACancelBlockingCall(), 0);
  t.deepEqual(log, ['inner']);
  t.is(WSACancelBlockingCall(), 0, 'a second cancel of the same call succeeds');
  t.deepEqual(log, ['inner'], 'without cancelling it twice');
  endBlockingCall(inner);
  t.true(WSAIsBlocking());
  t.is(WSACancelBlockingCall(), 0);
  t.deepEqual(log, ['inner', 'outer']);
  endBlockingCall(outer);
  t.false(WSAIsBlocking());
  t.is(WSACancelBlockingCall(), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSAEINVAL);
});

test.serial('a call that ends out of order leaves the others in place', (t) => {
  const log: string[] = [];
  const a = call(log, 'a');
  const b = call(log, 'b');
  beginBlockingCall(a);
  beginBlockingCall(b);
  endBlockingCall(a);
  t.true(WSAIsBlocking());
  t.is(WSACancelBlockingCall(), 0);
  t.deepEqual(log, ['b']);
  endBlockingCall(b);
  endBlockingCall(b);
  t.false(WSAIsBlocking());
});

test.serial('WSASetBlockingHook returns the previous hook, the default one first', (t) => {
  const h1 = (): boolean => false;
  const h2 = (): boolean => false;
  t.is(WSASetBlockingHook(h1), WSADefaultBlockingHook);
  t.is(WSASetBlockingHook(h2), h1);
  t.is(WSAUnhookBlockingHook(), 0);
  t.is(WSASetBlockingHook(h1), WSADefaultBlockingHook, 'unhook restored the default');
  t.is(WSAUnhookBlockingHook(), 0);
  t.false(WSADefaultBlockingHook(), 'the default hook has no message to pump');
});

test.serial('WSASetBlockingHook rejects a non-function with WSAEFAULT', (t) => {
  WSASetLastError(0);
  t.is(WSASetBlockingHook(42 as unknown as () => boolean), null);
  t.is(WSAGetLastError(), WSAEFAULT);
});

test.serial('hooks cannot be changed while this thread blocks: WSAEINPROGRESS', (t) => {
  const c = call([], 'c');
  beginBlockingCall(c);
  try {
    t.is(WSASetBlockingHook(() => false), null);
    t.is(WSAGetLastError(), WSAEINPROGRESS);
    WSASetLastError(0);
    t.is(WSAUnhookBlockingHook(), SOCKET_ERROR);
    t.is(WSAGetLastError(), WSAEINPROGRESS);
  } finally {
    endBlockingCall(c);
  }
});

test.serial('runBlockingHook runs the hook until it returns false', (t) => {
  let n = 0;
  WSASetBlockingHook(() => ++n < 5);
  runBlockingHook();
  t.is(n, 5);
  WSAUnhookBlockingHook();
});

test.serial('runBlockingHook stops a hook that always returns true after the cap', (t) => {
  let n = 0;
  WSASetBlockingHook(() => { n++; return true; });
  runBlockingHook();
  t.is(n, BLOCKING_HOOK_CAP);
  WSAUnhookBlockingHook();
});

test.serial('a hook may cancel the blocking call and see WSAIsBlocking true', (t) => {
  const log: string[] = [];
  const seen: boolean[] = [];
  WSASetBlockingHook(() => { seen.push(WSAIsBlocking()); t.is(WSACancelBlockingCall(), 0); return false; });
  const c = call(log, 'c');
  beginBlockingCall(c);
  runBlockingHook();
  endBlockingCall(c);
  WSAUnhookBlockingHook();
  t.deepEqual(seen, [true]);
  t.deepEqual(log, ['c']);
});

test.serial('a hook that throws: the exception reaches the caller', (t) => {
  WSASetBlockingHook(() => { throw new Error('hook failed'); });
  t.throws(() => runBlockingHook(), { message: 'hook failed' });
  t.is(WSAUnhookBlockingHook(), 0);
});

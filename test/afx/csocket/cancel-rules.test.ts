/**
 * Cancellation rules 1-3: a cancelled call ends with SOCKET_ERROR / FALSE and WSAEINTR as soon
 * as possible; a cancel with nothing blocking does nothing; a call that completed first keeps
 * its result. Each call is shown in both flavours on real loopback sockets.
 */
import test, { type ExecutionContext } from 'ava';
import { CSocket } from '../../../src/afx/CSocket.js';
import { CancelBlockingCallByHandle } from '../../../src/afx/cancel-handle.js';
import { api } from '../../../src/native/index.js';
import { SOCK_DGRAM, SOCK_STREAM, SOCKET_ERROR } from '../../../src/wsa/constants.js';
import { WSAEINTR, WSAEWOULDBLOCK } from '../../../src/wsa/errors.js';
import type { SocketAddress } from '../../../src/afx/CAsyncSocket.js';
import {
  fullListener, listener, LOOPBACK, must, nextTurn, pair, pattern, socketFds,
} from '../../helpers/csocket.js';

/** Fills the socket's send path until the OS would block (the peer is not reading). */
function fillSendPath(s: CSocket): number {
  const chunk = new Uint8Array(65536);
  let total = 0;
  for (let i = 0; i < 100000; i++) {
    const n = api().send(s.m_hSocket, chunk, chunk.length, 0);
    if (n === -WSAEWOULDBLOCK) return total;
    if (n < 0) throw new Error(`send failed with WSA ${-n}`);
    total += n;
  }
  throw new Error('the send path never filled');
}

/** Makes OnMessagePending cancel the call on its first run; returns how often it ran. */
function cancelFromHook(s: CSocket): { runs: number } {
  const seen = { runs: 0 };
  s.m_nTimeOut = 20;
  s.OnMessagePending = () => {
    seen.runs++;
    s.CancelBlockingCall();
    return false;
  };
  return seen;
}

/** Asserts that `p` settles with `expected` within this turn's microtasks. */
async function settlesThisTurn<T>(t: ExecutionContext, p: Promise<T>, expected: T): Promise<void> {
  let settled = false;
  let value: T | undefined;
  void p.then((v) => { settled = true; value = v; });
  await nextTurn();
  t.true(settled, 'settled before the next macrotask');
  t.is(value, expected);
}

/* ------------------------------------------------------------------ rule 1, awaitable */

test('rule 1 (async): a cancelled ReceiveAsync ends with SOCKET_ERROR / WSAEINTR within this turn', async (t) => {
  const p = await pair();
  try {
    const call = p.server.ReceiveAsync(new Uint8Array(8), 8);
    t.true(p.server.IsBlocking());
    p.server.CancelBlockingCall();
    await settlesThisTurn(t, call, SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
    t.false(p.server.IsBlocking());
  } finally {
    p.close();
  }
});

test('rule 1 (async): a cancelled AcceptAsync ends with FALSE / WSAEINTR within this turn', async (t) => {
  const l = listener();
  const into = new CSocket();
  try {
    const call = l.sock.AcceptAsync(into);
    t.true(l.sock.IsBlocking());
    l.sock.CancelBlockingCall();
    await settlesThisTurn(t, call, false);
    t.is(l.sock.GetLastError(), WSAEINTR);
    t.is(into.m_hSocket, -1, 'nothing was accepted into the target');
  } finally {
    into.Close();
    l.sock.Close();
  }
});

test('rule 1 (async): a cancelled ConnectAsync ends with FALSE / WSAEINTR within this turn', async (t) => {
  const full = await fullListener();
  const c = new CSocket();
  try {
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    const call = c.ConnectAsync(LOOPBACK, full.port);
    t.true(c.IsBlocking(), 'waiting as soon as ConnectAsync returns, like the other calls');
    c.CancelBlockingCall();
    await settlesThisTurn(t, call, false);
    t.is(c.GetLastError(), WSAEINTR);
  } finally {
    c.Close();
    full.close();
  }
});

test('rule 1 (async): a cancelled SendAsync ends with SOCKET_ERROR / WSAEINTR within this turn', async (t) => {
  const p = await pair();
  try {
    fillSendPath(p.client);
    const call = p.client.SendAsync(Uint8Array.of(1), 1);
    t.true(p.client.IsBlocking());
    p.client.CancelBlockingCall();
    await settlesThisTurn(t, call, SOCKET_ERROR);
    t.is(p.client.GetLastError(), WSAEINTR);
  } finally {
    p.close();
  }
});

test('rule 1 (async): a cancelled ReceiveFromAsync ends with SOCKET_ERROR / WSAEINTR within this turn', async (t) => {
  const u = new CSocket();
  try {
    must(u.Create(0, SOCK_DGRAM, LOOPBACK), u, 'Create');
    const from: SocketAddress = { address: '', port: 0 };
    const call = u.ReceiveFromAsync(new Uint8Array(8), 8, from);
    t.true(u.IsBlocking());
    u.CancelBlockingCall();
    await settlesThisTurn(t, call, SOCKET_ERROR);
    t.is(u.GetLastError(), WSAEINTR);
  } finally {
    u.Close();
  }
});

/* ------------------------------------------------------------------ rule 1, blocking */

test('rule 1 (blocking): Receive cancelled from OnMessagePending returns right after the hook, with WSAEINTR', async (t) => {
  const p = await pair();
  try {
    const hook = cancelFromHook(p.server);
    t.is(p.server.Receive(new Uint8Array(8), 8), SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
    t.is(hook.runs, 1, 'no further wait slice after the cancelling hook');
    t.false(p.server.IsBlocking());
  } finally {
    p.close();
  }
});

test('rule 1 (blocking): Accept cancelled from OnMessagePending returns FALSE with WSAEINTR', (t) => {
  const l = listener();
  const into = new CSocket();
  try {
    const hook = cancelFromHook(l.sock);
    t.false(l.sock.Accept(into));
    t.is(l.sock.GetLastError(), WSAEINTR);
    t.is(hook.runs, 1);
  } finally {
    into.Close();
    l.sock.Close();
  }
});

test('rule 1 (blocking): Connect cancelled from OnMessagePending returns FALSE with WSAEINTR', async (t) => {
  const full = await fullListener();
  const c = new CSocket();
  try {
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    const hook = cancelFromHook(c);
    t.false(c.Connect(LOOPBACK, full.port));
    t.is(c.GetLastError(), WSAEINTR);
    t.is(hook.runs, 1);
  } finally {
    c.Close();
    full.close();
  }
});

test('rule 1 (blocking): Send cancelled from OnMessagePending returns SOCKET_ERROR with WSAEINTR', async (t) => {
  const p = await pair();
  try {
    fillSendPath(p.client);
    const hook = cancelFromHook(p.client);
    t.is(p.client.Send(Uint8Array.of(1, 2, 3), 3), SOCKET_ERROR);
    t.is(p.client.GetLastError(), WSAEINTR);
    t.is(hook.runs, 1);
  } finally {
    p.close();
  }
});

test('rule 1 (blocking): ReceiveFrom cancelled from OnMessagePending returns SOCKET_ERROR with WSAEINTR', (t) => {
  const u = new CSocket();
  try {
    must(u.Create(0, SOCK_DGRAM, LOOPBACK), u, 'Create');
    const hook = cancelFromHook(u);
    t.is(u.ReceiveFrom(new Uint8Array(8), 8, { address: '', port: 0 }), SOCKET_ERROR);
    t.is(u.GetLastError(), WSAEINTR);
    t.is(hook.runs, 1);
  } finally {
    u.Close();
  }
});

test('rule 1: the static GetLastError (the thread\'s WSAGetLastError) says WSAEINTR too', async (t) => {
  const p = await pair();
  try {
    cancelFromHook(p.server);
    t.is(p.server.Receive(new Uint8Array(8), 8), SOCKET_ERROR);
    t.is(CSocket.GetLastError(), WSAEINTR);
  } finally {
    p.close();
  }
});

/* ------------------------------------------------------------------ rule 2 */

test('rule 2: CancelBlockingCall with nothing blocking does nothing, and the next call is not affected', async (t) => {
  const p = await pair();
  try {
    t.false(p.server.IsBlocking());
    p.server.CancelBlockingCall();
    p.server.CancelBlockingCall();
    CancelBlockingCallByHandle(p.server.GetCancelHandle());
    t.false(p.server.IsBlocking());
    const buf = new Uint8Array(8);
    const call = p.server.ReceiveAsync(buf, 8, 0, { timeout: 10000 });
    t.true(p.server.IsBlocking());
    t.is(p.client.Send(pattern(0, 3), 3), 3);
    t.is(await call, 3);
    t.deepEqual(buf.subarray(0, 3), pattern(0, 3));
    // The blocking flavour too: data is there, so nothing waits and the hook never runs.
    t.is(p.client.Send(pattern(3, 2), 2), 2);
    await nextTurn();
    const hook = cancelFromHook(p.server);
    let n = 0;
    for (let i = 0; i < 10 && n === 0; i++) n = p.server.Receive(buf, 8);
    t.is(n, 2);
    t.is(hook.runs, 0);
  } finally {
    p.close();
  }
});

/* ------------------------------------------------------------------ rule 3 */

test('rule 3: an awaitable call that completed before the cancel keeps its result', async (t) => {
  const p = await pair();
  try {
    t.is(p.client.Send(pattern(0, 4), 4), 4);
    // Wait until the bytes are readable, so the call completes without waiting.
    for (let i = 0; i < 100 && api().waitSync(p.server.m_hSocket, 1, 0) === 0; i++) await nextTurn();
    const buf = new Uint8Array(8);
    const call = p.server.ReceiveAsync(buf, 8);
    p.server.CancelBlockingCall();
    t.is(await call, 4);
    t.deepEqual(buf.subarray(0, 4), pattern(0, 4));
    t.false(p.server.IsBlocking());
  } finally {
    p.close();
  }
});

test('rule 3: a cancel that arrives after its call ended does not reach the next call', async (t) => {
  const p = await pair();
  try {
    const handle = p.server.GetCancelHandle();
    const buf = new Uint8Array(8);
    const first = p.server.ReceiveAsync(buf, 8, 0, { timeout: 10000 });
    t.is(p.client.Send(pattern(0, 1), 1), 1);
    t.is(await first, 1);
    CancelBlockingCallByHandle(handle); // too late: names a call that already ended
    p.server.CancelBlockingCall();
    const second = p.server.ReceiveAsync(buf, 8, 0, { timeout: 10000 });
    t.is(p.client.Send(pattern(1, 2), 2), 2);
    t.is(await second, 2);
    t.deepEqual(buf.subarray(0, 2), pattern(1, 2));
  } finally {
    p.close();
  }
});

test('rule 3: a blocking Send that completes is a success even if the hook would cancel', async (t) => {
  const p = await pair();
  try {
    const hook = cancelFromHook(p.client);
    t.is(p.client.Send(pattern(0, 1000), 1000), 1000);
    t.is(hook.runs, 0);
  } finally {
    p.close();
  }
});

// Serial: ava runs serial tests alone, before the others, so the count is this test's own.
test.serial('cancelled calls leak no descriptor', async (t) => {
  const before = socketFds();
  const p = await pair();
  cancelFromHook(p.server);
  t.is(p.server.Receive(new Uint8Array(1), 1), SOCKET_ERROR);
  const r = p.server.ReceiveAsync(new Uint8Array(1), 1);
  p.server.CancelBlockingCall();
  t.is(await r, SOCKET_ERROR);
  p.close();
  t.is(socketFds(), before);
});

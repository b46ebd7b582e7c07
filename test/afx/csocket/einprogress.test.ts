/**
 * MFC's re-entrancy guard: a second blocking call on a socket that already blocks fails at once
 * with WSAEINPROGRESS and leaves the first call alone. Other sockets may block meanwhile.
 */
import test from 'ava';
import { CSocket, SOCKET_ERROR, WSAEINPROGRESS } from '../../../src/index.js';
import { pattern } from '../../support/bytes.js';
import { pair } from '../../support/sockets.js';
import { nextTurn } from '../../support/waits.js';

test('a second awaitable call on a waiting socket fails at once with WSAEINPROGRESS; the first gets the data', async (t) => {
  const p = await pair();
  try {
    const buf = new Uint8Array(8);
    const first = p.server.ReceiveAsync(buf, 8, 0, { timeout: 10000 });
    t.is(await p.server.ReceiveAsync(new Uint8Array(8), 8), SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINPROGRESS);
    t.is(await p.server.SendAsync(Uint8Array.of(1), 1), SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINPROGRESS);
    t.is(p.server.Receive(new Uint8Array(8), 8), SOCKET_ERROR, 'the blocking flavour is guarded too');
    t.is(p.server.GetLastError(), WSAEINPROGRESS);
    t.false(await p.server.AcceptAsync(new CSocket()));
    t.is(p.server.GetLastError(), WSAEINPROGRESS);
    t.true(p.server.IsBlocking(), 'the first call still waits');
    t.is(p.client.Send(pattern(0, 5), 5), 5);
    t.is(await first, 5);
    t.deepEqual(buf.subarray(0, 5), pattern(0, 5));
  } finally {
    p.close();
  }
});

test('a blocking call made from OnMessagePending of the same socket fails with WSAEINPROGRESS; the outer call goes on', async (t) => {
  const p = await pair();
  try {
    const inner: number[] = [];
    p.server.m_nTimeOut = 20;
    p.server.OnMessagePending = () => {
      if (inner.length === 0) {
        inner.push(p.server.Receive(new Uint8Array(4), 4), p.server.GetLastError());
        p.client.Send(pattern(0, 3), 3);
      }
      return false;
    };
    const buf = new Uint8Array(8);
    t.is(p.server.Receive(buf, 8), 3);
    t.deepEqual(inner, [SOCKET_ERROR, WSAEINPROGRESS]);
    t.deepEqual(buf.subarray(0, 3), pattern(0, 3));
  } finally {
    p.close();
  }
});

test('another socket may block while one waits (the guard is per socket)', async (t) => {
  const a = await pair();
  const b = await pair();
  try {
    const bufA = new Uint8Array(4);
    const waitA = a.server.ReceiveAsync(bufA, 4, 0, { timeout: 10000 });
    let inner = -2;
    b.server.m_nTimeOut = 20;
    b.server.OnMessagePending = () => false;
    // b blocks synchronously while a's awaitable call waits: b's data is already there.
    t.is(b.client.Send(pattern(0, 2), 2), 2);
    for (let i = 0; i < 50 && inner <= 0; i++) {
      inner = b.server.Receive(new Uint8Array(4), 4);
      await nextTurn();
    }
    t.is(inner, 2);
    t.true(a.server.IsBlocking());
    t.is(a.client.Send(pattern(0, 4), 4), 4);
    t.is(await waitA, 4);
  } finally {
    a.close();
    b.close();
  }
});

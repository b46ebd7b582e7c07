/**
 * The awaitable calls: same arguments and results as the blocking ones, resolved on Node's
 * event loop, with { signal, timeout } ending a call like CancelBlockingCall (WSAEINTR /
 * WSAETIMEDOUT).
 */
import test from 'ava';
import { pattern, patternMismatch } from '../../support/bytes.js';
import { listener, LOOPBACK, must, pair, portOf, refusingPort, smallSendBuffer } from '../../support/sockets.js';
import { nextTurn } from '../../support/waits.js';
import {
  CSocket, SOCK_DGRAM, SOCK_STREAM, SOCKET_ERROR, type SocketAddress, WSAECONNREFUSED, WSAEINTR, WSAEINVAL,
  WSAETIMEDOUT,
} from '../../../src/index.js';

test('AcceptAsync, ConnectAsync, SendAsync (all bytes), ReceiveAsync (first chunk, then 0 at close)', async (t) => {
  const l = listener();
  const c = new CSocket();
  const s = new CSocket();
  try {
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    smallSendBuffer(c);
    const peer: SocketAddress = { address: '', port: 0 };
    const accepting = l.sock.AcceptAsync(s, peer, { timeout: 10000 });
    t.true(l.sock.IsBlocking());
    t.true(await c.ConnectAsync(LOOPBACK, l.port, { timeout: 10000 }));
    t.true(await accepting);
    t.is(peer.address, LOOPBACK);
    t.is(peer.port, portOf(c));
    const big = pattern(0, 2 << 20);
    const sending = c.SendAsync(big, big.length, 0, { timeout: 20000 });
    const got = new Uint8Array(big.length);
    let n = 0;
    for (let i = 0; i < 100000 && n < big.length; i++) {
      const r = await s.ReceiveAsync(got.subarray(n), big.length - n, 0, { timeout: 10000 });
      t.true(r > 0);
      if (r <= 0) break;
      n += r;
    }
    t.is(await sending, big.length);
    t.is(n, big.length);
    t.is(patternMismatch(got, 0), -1);
    const last = s.ReceiveAsync(got, 10, 0, { timeout: 10000 });
    t.true(c.ShutDown());
    t.is(await last, 0, 'FD_CLOSE ends the wait: 0 at orderly close');
  } finally {
    c.Close();
    s.Close();
    l.sock.Close();
  }
});

test('ConnectAsync to a closed port resolves FALSE with WSAECONNREFUSED', async (t) => {
  const refusing = await refusingPort();
  t.teardown(refusing.close);
  const port = refusing.port;
  const c = new CSocket();
  try {
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    t.false(await c.ConnectAsync(LOOPBACK, port, { timeout: 10000 }));
    t.is(c.GetLastError(), WSAECONNREFUSED);
  } finally {
    c.Close();
  }
});

test('SendToAsync and ReceiveFromAsync carry one datagram and name its sender', async (t) => {
  const a = new CSocket();
  const b = new CSocket();
  try {
    must(a.Create(0, SOCK_DGRAM, LOOPBACK), a, 'Create');
    must(b.Create(0, SOCK_DGRAM, LOOPBACK), b, 'Create');
    const buf = new Uint8Array(16);
    const from: SocketAddress = { address: '', port: 0 };
    const receiving = b.ReceiveFromAsync(buf, 16, from, 0, { timeout: 10000 });
    t.is(await a.SendToAsync(Uint8Array.of(5, 6, 7), 3, portOf(b), LOOPBACK, 0, { timeout: 10000 }), 3);
    t.is(await receiving, 3);
    t.deepEqual([...buf.subarray(0, 3)], [5, 6, 7]);
    t.deepEqual(from, { address: LOOPBACK, port: portOf(a) });
  } finally {
    a.Close();
    b.Close();
  }
});

test('aborting the signal ends the call with WSAEINTR, within this turn', async (t) => {
  const p = await pair();
  try {
    const ac = new AbortController();
    const call = p.server.ReceiveAsync(new Uint8Array(4), 4, 0, { signal: ac.signal });
    ac.abort();
    let settled = false;
    void call.then(() => { settled = true; });
    await nextTurn();
    t.true(settled);
    t.is(await call, SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
    t.false(p.server.IsBlocking());
  } finally {
    p.close();
  }
});

test('an already aborted signal ends the call with WSAEINTR without consuming data', async (t) => {
  const p = await pair();
  try {
    const call = p.server.ReceiveAsync(new Uint8Array(4), 4, 0, { signal: AbortSignal.abort() });
    t.is(await call, SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
    t.is(p.client.Send(pattern(0, 2), 2), 2);
    const buf = new Uint8Array(4);
    t.is(await p.server.ReceiveAsync(buf, 4, 0, { timeout: 10000 }), 2);
    t.deepEqual(buf.subarray(0, 2), pattern(0, 2));
  } finally {
    p.close();
  }
});

test('the timeout option ends the call with WSAETIMEDOUT and the socket stays usable', async (t) => {
  const p = await pair();
  try {
    t.is(await p.server.ReceiveAsync(new Uint8Array(4), 4, 0, { timeout: 30 }), SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAETIMEDOUT);
    t.false(p.server.IsBlocking());
    const into = new CSocket();
    t.false(await p.listener.AcceptAsync(into, null, { timeout: 0 }));
    t.is(p.listener.GetLastError(), WSAETIMEDOUT);
    t.is(p.client.Send(pattern(0, 3), 3), 3);
    t.is(await p.server.ReceiveAsync(new Uint8Array(4), 4, 0, { timeout: 10000 }), 3);
  } finally {
    p.close();
  }
});

test('bad options fail at once with WSAEINVAL and start nothing', async (t) => {
  const p = await pair();
  try {
    const bad: unknown[] = [{ timeout: -1 }, { timeout: Number.NaN }, { timeout: '5' }, { signal: {} }, 42];
    for (const o of bad) {
      t.is(await p.server.ReceiveAsync(new Uint8Array(4), 4, 0, o as never), SOCKET_ERROR);
      t.is(p.server.GetLastError(), WSAEINVAL);
      t.false(p.server.IsBlocking());
    }
  } finally {
    p.close();
  }
});

class Counting extends CSocket {
  events: string[] = [];
  protected override OnReceive(): void { this.events.push('OnReceive'); }
  protected override OnClose(): void { this.events.push('OnClose'); }
}

test('the notification that ends an awaitable call is consumed; FD_CLOSE during the wait too', async (t) => {
  const l = listener();
  const c = new CSocket();
  const s = new Counting();
  try {
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    const accepting = l.sock.AcceptAsync(s, null, { timeout: 10000 });
    t.true(await c.ConnectAsync(LOOPBACK, l.port, { timeout: 10000 }));
    t.true(await accepting);
    const buf = new Uint8Array(8);
    const r1 = s.ReceiveAsync(buf, 8, 0, { timeout: 10000 });
    await nextTurn();
    t.is(c.Send(pattern(0, 2), 2), 2);
    t.is(await r1, 2);
    const r2 = s.ReceiveAsync(buf, 8, 0, { timeout: 10000 });
    await nextTurn();
    c.ShutDown();
    t.is(await r2, 0);
    for (let i = 0; i < 10; i++) await nextTurn();
    t.deepEqual(s.events, []);
  } finally {
    c.Close();
    s.Close();
    l.sock.Close();
  }
});

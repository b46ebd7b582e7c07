/**
 * FIONREAD and SIOCATMARK as wine-mirror/wine dlls/ws2_32/tests/sock.c,
 * test_fionread_siocatmark states them, through CAsyncSocket.IOCtl: Winsock's SIOCATMARK is
 * TRUE exactly when no urgent byte waits to be read with MSG_OOB, and FIONREAD does not count
 * an urgent byte (out of line); and test_fionbio's rule for FIONBIO.
 */
import test from 'ava';
import { CAsyncSocket, FD_READ, FIONBIO, FIONREAD, MSG_OOB, SIOCATMARK, SO_OOBINLINE, SOCK_STREAM, WSAEFAULT, WSAEINVAL } from '../../src/index.js';
import { DATA5, EXPECT_MS, syncRecv, tcpPair, windowFor } from './harness.js';
import { gap } from '../support/gates.js';

function state(s: CAsyncSocket): [number, number] {
  const n = { value: 0xdead };
  const m = { value: 0xdead };
  if (!s.IOCtl(FIONREAD, n) || !s.IOCtl(SIOCATMARK, m)) throw new Error(`IOCtl: ${s.GetLastError()}`);
  return [n.value, m.value === 0 ? 0 : 1];
}

/** Waits (bounded) until `s` reports `bytes` readable: sock.c's check_poll_mask before each check. */
async function settled(s: CAsyncSocket, pred: () => boolean): Promise<void> {
  const end = Date.now() + EXPECT_MS;
  while (!pred()) {
    if (Date.now() > end) throw new Error('data did not arrive');
    await new Promise((r) => setTimeout(r, 2));
  }
}

function urgentWaits(s: CAsyncSocket): boolean {
  const b = new Uint8Array(1);
  return s.Receive(b, 1, MSG_OOB | 0x2 /* MSG_PEEK */) === 1;
}

const NO_URGENT_ON_WINDOWS = 'libuv\'s poller (AFD) reports no urgent data';

test('test_fionread_siocatmark: a bad argument is WSAEFAULT; an idle socket says (0, TRUE), bound or not', (t) => {
  const s = new CAsyncSocket();
  t.true(s.Socket(SOCK_STREAM, 0));
  t.teardown(() => s.Close());
  t.false(s.IOCtl(FIONREAD, 1 as never));
  t.is(s.GetLastError(), WSAEFAULT);
  t.false(s.IOCtl(SIOCATMARK, 1 as never));
  t.is(s.GetLastError(), WSAEFAULT);
  t.deepEqual(state(s), [0, 1]);
  t.true(s.Bind(0, '127.0.0.1'));
  t.deepEqual(state(s), [0, 1]);
});

gap({ windows: NO_URGENT_ON_WINDOWS })('test_fionread_siocatmark: data then an urgent byte: FIONREAD leaves the urgent byte out, SIOCATMARK turns FALSE until it is read', async (t) => {
  const win = windowFor(t);
  const { client, server } = await tcpPair(win);
  t.deepEqual(state(client), [0, 1], 'idle');
  t.is(server.Send(DATA5, 5), 5);
  await settled(client, () => state(client)[0] === 5);
  t.deepEqual(state(client), [5, 1], 'data');
  t.is(server.Send(new Uint8Array([0x61]), 1, MSG_OOB), 1);
  await settled(client, () => urgentWaits(client));
  t.deepEqual(state(client), [5, 0], 'urgent byte waiting');
  const buf = new Uint8Array(5);
  t.is(client.Receive(buf, 3), 3);
  t.deepEqual(state(client), [2, 0], 'part of the data read');
  t.is(client.Receive(buf, 1, MSG_OOB), 1);
  t.deepEqual(state(client), [2, 1], 'urgent byte read');
  t.is(await syncRecv(client, buf, 5), 2);
  t.deepEqual(state(client), [0, 1], 'all read');
});

gap({ linux: 'TCP keeps one urgent byte: the second MSG_OOB send turns the first into normal data (tcp_check_urg)', windows: NO_URGENT_ON_WINDOWS })(
  'test_fionread_siocatmark: two urgent bytes are both left out of FIONREAD and both read with MSG_OOB',
  async (t) => {
    const win = windowFor(t);
    const { client, server } = await tcpPair(win);
    t.is(server.Send(DATA5, 5), 5);
    t.is(server.Send(new Uint8Array([0x61]), 1, MSG_OOB), 1);
    t.is(server.Send(new Uint8Array([0x61]), 1, MSG_OOB), 1);
    await settled(client, () => urgentWaits(client) && state(client)[0] >= 5);
    t.deepEqual(state(client), [5, 0], 'two urgent bytes');
    const buf = new Uint8Array(5);
    t.is(client.Receive(buf, 3), 3);
    t.is(client.Receive(buf, 1, MSG_OOB), 1);
    t.deepEqual(state(client), [2, 0], 'one urgent byte left');
    t.is(client.Receive(buf, 5), 2);
    t.is(client.Receive(buf, 1, MSG_OOB), 1, 'the second urgent byte');
    t.deepEqual(state(client), [0, 1]);
  },
);

test('test_fionread_siocatmark: an urgent byte sent while SO_OOBINLINE is on is normal data: (1, TRUE)', async (t) => {
  const win = windowFor(t);
  const { client, server } = await tcpPair(win);
  t.true(client.SetSockOpt(SO_OOBINLINE, new Uint8Array([1, 0, 0, 0]), 4));
  t.is(server.Send(new Uint8Array([0x61]), 1, MSG_OOB), 1);
  await settled(client, () => state(client)[0] === 1);
  t.deepEqual(state(client), [1, 1]);
  const buf = new Uint8Array(1);
  t.is(client.Receive(buf, 1), 1);
  t.deepEqual(state(client), [0, 1]);
});

// sock.c selects with WSAEventSelect there; WSAAsyncSelect makes the socket non-blocking the same way.
test('test_fionbio: FIONBIO with a bad argument is WSAEFAULT; blocking mode is refused while events are selected (WSAEINVAL), allowed after AsyncSelect(0)', (t) => {
  const s = new CAsyncSocket();
  t.true(s.Socket(SOCK_STREAM, FD_READ));
  t.teardown(() => s.Close());
  t.false(s.IOCtl(FIONBIO, 1 as never));
  t.is(s.GetLastError(), WSAEFAULT);
  t.true(s.IOCtl(FIONBIO, { value: 1 }));
  t.false(s.IOCtl(FIONBIO, { value: 0 }));
  t.is(s.GetLastError(), WSAEINVAL);
  t.true(s.AsyncSelect(0));
  t.true(s.IOCtl(FIONBIO, { value: 0 }), `after AsyncSelect(0): ${s.GetLastError()}`);
});

gap({ linux: 'the kernel keeps one state for an urgent byte made inline after it arrived and one sent inline (both "at the mark"), which Windows answers FALSE and TRUE', windows: NO_URGENT_ON_WINDOWS })('test_fionread_siocatmark: SO_OOBINLINE set while an urgent byte waits: (1, FALSE), then (0, TRUE) once read inline', async (t) => {
  const win = windowFor(t);
  const { client, server } = await tcpPair(win);
  t.is(server.Send(new Uint8Array([0x61]), 1, MSG_OOB), 1);
  await settled(client, () => urgentWaits(client));
  t.true(client.SetSockOpt(SO_OOBINLINE, new Uint8Array([1, 0, 0, 0]), 4));
  t.deepEqual(state(client), [1, 0], 'the urgent byte is now inline, before the mark');
  const buf = new Uint8Array(1);
  t.is(client.Receive(buf, 1), 1);
  t.deepEqual(state(client), [0, 1]);
});

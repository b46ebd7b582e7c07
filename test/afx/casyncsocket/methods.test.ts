/** Each CAsyncSocket method's MFC behaviour: defaults, return values and error codes. */
import test from 'ava';
import {
  CAsyncSocket, FD_ALL_EVENTS, FIONBIO, FIONREAD, INVALID_SOCKET, IPPROTO_TCP, SO_LINGER,
  SO_RCVBUF, SO_REUSEADDR, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOCKET_ERROR, TCP_NODELAY,
  WSA_INVALID_HANDLE, WSAEINVAL, WSAENOTSOCK, WSAESHUTDOWN, WSAEWOULDBLOCK, WSAGetLastError,
} from '../../../src/index.js';
import { dec, enc } from '../../support/bytes.js';
import { UNRESOLVABLE_HOST } from '../../support/lookups.js';
import { until } from '../../support/waits.js';
import { listenOn } from '../../support/sockets.js';

/** A connected pair made with the non-blocking calls only. */
async function connectedPair(): Promise<{ server: CAsyncSocket; a: CAsyncSocket; b: CAsyncSocket }> {
  const server = new CAsyncSocket();
  const port = listenOn(server, { events: 0 });
  const a = new CAsyncSocket();
  a.Create(0, SOCK_STREAM, 0);
  a.Connect('127.0.0.1', port);
  const b = new CAsyncSocket();
  await until(() => server.Accept(b), 5000, 'accept');
  await until(() => a.GetPeerName({ address: '', port: 0 }), 5000, 'connect');
  return { server, a, b };
}

test('Create binds every socket, a client one too (MFC), to an ephemeral port', (t) => {
  const s = new CAsyncSocket();
  t.is(s.m_hSocket, INVALID_SOCKET);
  t.true(s.Create());
  t.not(s.m_hSocket, INVALID_SOCKET);
  const me = { address: '', port: 0 };
  t.true(s.GetSockName(me));
  t.is(me.address, '0.0.0.0');
  t.true(me.port > 0);
  s.Close();
  t.is(s.m_hSocket, INVALID_SOCKET);
});

test('Create on a port in use fails with the error of Bind and leaves no socket behind', (t) => {
  const a = new CAsyncSocket();
  t.true(a.Create(0, SOCK_STREAM, 0, '127.0.0.1'));
  t.true(a.Listen());
  const where = { address: '', port: 0 };
  a.GetSockName(where);
  const b = new CAsyncSocket();
  t.false(b.Create(where.port, SOCK_STREAM, 0, '127.0.0.1'));
  t.is(b.GetLastError(), 10048 /* WSAEADDRINUSE */);
  t.is(b.m_hSocket, INVALID_SOCKET);
  a.Close();
});

test('Bind takes numeric addresses only: a host name is WSAEINVAL, as in MFC', (t) => {
  const s = new CAsyncSocket();
  t.true(s.Socket(SOCK_STREAM, 0));
  t.false(s.Bind(0, 'localhost'));
  t.is(s.GetLastError(), WSAEINVAL);
  t.is(CAsyncSocket.GetLastError(), WSAEINVAL, 'the thread\'s last error is set too');
  t.is(WSAGetLastError(), WSAEINVAL);
  t.true(s.Bind(0, '127.0.0.1'));
  s.Close();
});

test('Accept with nothing pending: false and WSAEWOULDBLOCK; into a socket that holds one: WSAEINVAL', (t) => {
  const l = new CAsyncSocket();
  t.true(l.Create(0, SOCK_STREAM, 0, '127.0.0.1'));
  t.true(l.Listen());
  const c = new CAsyncSocket();
  t.false(l.Accept(c));
  t.is(l.GetLastError(), WSAEWOULDBLOCK);
  const busy = new CAsyncSocket();
  busy.Create();
  t.false(l.Accept(busy));
  t.is(l.GetLastError(), WSAEINVAL);
  busy.Close();
  l.Close();
});

test('Send, Receive, IOCtl(FIONREAD) and ShutDown on a connected pair', async (t) => {
  const { server, a, b } = await connectedPair();
  t.is(a.Send(enc('hello world'), 11), 11);
  const avail = { value: 0 };
  await until(() => b.IOCtl(FIONREAD, avail) && avail.value === 11, 5000, 'FIONREAD');
  t.is(avail.value, 11);
  const buf = new Uint8Array(5);
  t.is(b.Receive(buf, 5), 5);
  t.is(dec(buf), 'hello');
  const rest = new Uint8Array(32);
  t.is(b.Receive(rest, 32), 6);
  t.is(dec(rest.subarray(0, 6)), ' world');
  t.is(b.Receive(rest, 32), SOCKET_ERROR);
  t.is(b.GetLastError(), WSAEWOULDBLOCK);
  t.true(a.ShutDown(), 'ShutDown defaults to CAsyncSocket.sends');
  await until(() => b.Receive(rest, 32) === 0, 5000, 'orderly close');
  t.is(a.Send(enc('x'), 1), SOCKET_ERROR, 'sending after ShutDown(sends) fails');
  t.is(a.GetLastError(), 10058 /* WSAESHUTDOWN */);
  const peer = { address: '', port: 0 };
  t.true(b.GetPeerName(peer));
  t.is(peer.address, '127.0.0.1');
  const local = { address: '', port: 0 };
  a.GetSockName(local);
  t.is(peer.port, local.port);
  a.Close(); b.Close(); server.Close();
});

test('MSG_PEEK leaves the data for the next Receive', async (t) => {
  const { server, a, b } = await connectedPair();
  a.Send(enc('peek'), 4);
  const buf = new Uint8Array(4);
  await until(() => b.Receive(buf, 4, 2 /* MSG_PEEK */) === 4, 5000, 'peek');
  t.is(b.Receive(buf, 4), 4);
  t.is(dec(buf), 'peek');
  a.Close(); b.Close(); server.Close();
});

test('GetSockOpt/SetSockOpt use MFC argument order and Winsock layouts', (t) => {
  const s = new CAsyncSocket();
  t.true(s.Create());
  const v = new Uint8Array(4);
  const len = { value: 4 };
  t.true(s.GetSockOpt(SO_TYPE, v, len));
  t.is(len.value, 4);
  t.is(new DataView(v.buffer).getInt32(0, true), SOCK_STREAM);

  t.true(s.SetSockOpt(SO_REUSEADDR, new Uint8Array([1, 0, 0, 0]), 4));
  len.value = 4;
  t.true(s.GetSockOpt(SO_REUSEADDR, v, len));
  t.not(new DataView(v.buffer).getInt32(0, true), 0);

  t.true(s.SetSockOpt(TCP_NODELAY, new Uint8Array([1, 0, 0, 0]), 4, IPPROTO_TCP));
  len.value = 4;
  t.true(s.GetSockOpt(TCP_NODELAY, v, len, IPPROTO_TCP));
  t.not(new DataView(v.buffer).getInt32(0, true), 0);

  // LINGER is two u_short on Winsock: { l_onoff = 1, l_linger = 7 }.
  const linger = new Uint8Array([1, 0, 7, 0]);
  t.true(s.SetSockOpt(SO_LINGER, linger, 4));
  const back = new Uint8Array(4);
  len.value = 4;
  t.true(s.GetSockOpt(SO_LINGER, back, len));
  t.deepEqual([...back], [1, 0, 7, 0]);

  len.value = 4;
  t.true(s.GetSockOpt(SO_RCVBUF, v, len));
  t.true(new DataView(v.buffer).getInt32(0, true) > 0);
  s.Close();
});

test('IOCtl(FIONBIO, 0) is refused while notifications are selected (WSAAsyncSelect rule)', (t) => {
  const s = new CAsyncSocket();
  t.true(s.Create());
  t.false(s.IOCtl(FIONBIO, { value: 0 }));
  t.is(s.GetLastError(), WSAEINVAL);
  t.true(s.IOCtl(FIONBIO, { value: 1 }));
  s.Close();
});

test('Detach keeps the OS socket open; Attach and FromHandle find it again', (t) => {
  const s = new CAsyncSocket();
  t.true(s.Create(0, SOCK_STREAM, FD_ALL_EVENTS, '127.0.0.1'));
  t.true(s.Listen());
  const h = s.m_hSocket;
  t.is(CAsyncSocket.FromHandle(h), s);
  t.is(s.Detach(), h);
  t.is(s.m_hSocket, INVALID_SOCKET);
  t.is(CAsyncSocket.FromHandle(h), null);
  const t2 = new CAsyncSocket();
  t.true(t2.Attach(h));
  t.is(CAsyncSocket.FromHandle(h), t2);
  const where = { address: '', port: 0 };
  t.true(t2.GetSockName(where), 'the detached socket is still open and bound');
  t.is(where.address, '127.0.0.1');
  const other = new CAsyncSocket();
  t.false(other.Attach(h), 'a handle another object holds');
  t.is(other.GetLastError(), WSAEINVAL);
  t.false(other.Attach(INVALID_SOCKET));
  t.is(other.GetLastError(), WSA_INVALID_HANDLE);
  t2.Close();
});

test('a shutdown direction stays with the socket through Detach and Attach (Winsock keeps it with the socket)', async (t) => {
  const { server, a, b } = await connectedPair();
  t.teardown(() => { a.Close(); b.Close(); server.Close(); });
  t.is(b.Send(enc('queued'), 6), 6, 'data waiting: a receive that ignored the shutdown would return it');
  const avail = { value: 0 };
  await until(() => a.IOCtl(FIONREAD, avail) && avail.value === 6, 5000, 'data arrives');
  t.true(a.ShutDown(CAsyncSocket.receives));
  t.true(a.ShutDown(CAsyncSocket.sends));
  const h = a.Detach();
  const again = new CAsyncSocket();
  t.teardown(() => again.Close());
  t.true(again.Attach(h), `Attach: ${again.GetLastError()}`);
  const buf = new Uint8Array(16);
  t.is(again.Receive(buf, 16), SOCKET_ERROR, 'receives stay shut down');
  t.is(again.GetLastError(), WSAESHUTDOWN);
  t.is(again.Send(enc('x'), 1), SOCKET_ERROR, 'sends stay shut down');
  t.is(again.GetLastError(), WSAESHUTDOWN);
});

test('Connect resolves a host name synchronously; an unresolvable one is WSAEINVAL (MFC)', async (t) => {
  const l = new CAsyncSocket();
  const port = listenOn(l, { events: 0 });
  const c = new CAsyncSocket();
  t.true(c.Create(0, SOCK_STREAM, 0));
  const r = c.Connect('localhost', port);
  t.true(r || c.GetLastError() === WSAEWOULDBLOCK);
  const acc = new CAsyncSocket();
  await until(() => l.Accept(acc), 5000, 'accept');
  const bad = new CAsyncSocket();
  bad.Create();
  t.false(bad.Connect(UNRESOLVABLE_HOST, 80));
  t.is(bad.GetLastError(), WSAEINVAL);
  bad.Close(); c.Close(); acc.Close(); l.Close();
});

test('UDP over IPv4 and IPv6: SendTo / ReceiveFrom with the sender filled in, OnReceive per datagram', async (t) => {
  for (const host of ['127.0.0.1', '::1']) {
    let notified = 0;
    class Rx extends CAsyncSocket {
      protected override OnReceive(): void { notified++; }
    }
    const rx = new Rx();
    t.true(rx.Create(0, SOCK_DGRAM, FD_ALL_EVENTS, host), `rx Create ${host}`);
    const where = { address: '', port: 0 };
    rx.GetSockName(where);
    const tx = new CAsyncSocket();
    t.true(tx.Create(0, SOCK_DGRAM, 0, host));
    t.is(tx.SendTo(enc('datagram'), 8, where.port, host), 8);
    await until(() => notified === 1, 5000, 'OnReceive for the datagram');
    const buf = new Uint8Array(64);
    const from = { address: '', port: 0 };
    t.is(rx.ReceiveFrom(buf, 64, from), 8);
    t.is(dec(buf.subarray(0, 8)), 'datagram');
    const txName = { address: '', port: 0 };
    tx.GetSockName(txName);
    t.deepEqual(from, { address: host, port: txName.port });
    t.is(rx.ReceiveFrom(buf, 64, from), SOCKET_ERROR);
    t.is(rx.GetLastError(), WSAEWOULDBLOCK);
    rx.Close(); tx.Close();
  }
});

test('a closed, detached or never-created socket answers WSAENOTSOCK everywhere', (t) => {
  const never = new CAsyncSocket();
  const closed = new CAsyncSocket();
  closed.Create();
  closed.Close();
  const detached = new CAsyncSocket();
  detached.Create();
  const h = detached.Detach();
  for (const s of [never, closed, detached]) {
    const buf = new Uint8Array(4);
    t.is(s.Send(buf, 4), SOCKET_ERROR);
    t.is(s.GetLastError(), WSAENOTSOCK);
    t.is(s.Receive(buf, 4), SOCKET_ERROR);
    t.is(s.GetLastError(), WSAENOTSOCK);
    t.false(s.Listen());
    t.is(s.GetLastError(), WSAENOTSOCK);
    t.false(s.Connect('127.0.0.1', 1));
    t.is(s.GetLastError(), WSAENOTSOCK);
    t.false(s.AsyncSelect());
    t.is(s.GetLastError(), WSAENOTSOCK);
    t.false(s.GetSockName({ address: '', port: 0 }));
    t.is(s.GetLastError(), WSAENOTSOCK);
    t.is(s.SendTo(buf, 4, 9, '127.0.0.1'), SOCKET_ERROR);
    t.is(s.GetLastError(), WSAENOTSOCK);
    t.false(s.ShutDown());
    t.is(s.GetLastError(), WSAENOTSOCK);
    s.Close();
  }
  const again = new CAsyncSocket();
  t.true(again.Attach(h));
  again.Close();
});

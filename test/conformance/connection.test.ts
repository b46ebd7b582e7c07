/**
 * Connection-state error codes of wine-mirror/wine dlls/ws2_32/tests/sock.c: test_shutdown,
 * test_tcp_reset, test_listen's unbound case, test_connect's second connect, test_connect_udp
 * and a refused connect's SO_ERROR, through CAsyncSocket's methods and GetLastError().
 */
import test from 'ava';
import {
  CAsyncSocket, FD_CONNECT, SO_ACCEPTCONN, SO_ERROR, SOCK_DGRAM, SOCK_STREAM, WSAEADDRINUSE, WSAECONNABORTED, WSAECONNREFUSED, WSAECONNRESET,
  WSAEALREADY, WSAEINVAL, WSAEISCONN, WSAENOPROTOOPT, WSAENOTCONN, WSAEOPNOTSUPP, WSAESHUTDOWN, WSAEWOULDBLOCK,
} from '../../src/index.js';
import { refusingPort } from '../support/sockets.js';
import { gap } from '../support/gates.js';
import {
  acceptOn, checkEvents, closeWithRst, connectTo, DATA5, ev, EXPECT_MS, listener, Rec, syncRecv, tcpPair, windowFor,
} from './harness.js';

const TEST5 = new Uint8Array([0x74, 0x65, 0x73, 0x74, 0]);

function soError(s: CAsyncSocket): number {
  const v = new Uint8Array(4);
  const len = { value: 4 };
  if (!s.GetSockOpt(SO_ERROR, v, len)) throw new Error(`GetSockOpt(SO_ERROR): ${s.GetLastError()}`);
  return new DataView(v.buffer).getInt32(0, true);
}

function fails(t: import('ava').ExecutionContext, s: CAsyncSocket, rc: number | boolean, code: number, what: string): void {
  t.true(rc === false || rc === -1, `${what}: fails`);
  t.is(s.GetLastError(), code, what);
}

test('test_shutdown: before a connection both directions fail with WSAENOTCONN, and the later connection is not shut', async (t) => {
  const win = windowFor(t);
  const l = listener(win, 0, 1);
  const client = new Rec(win, 'client');
  t.true(client.Socket(SOCK_STREAM, 0));
  fails(t, client, client.ShutDown(CAsyncSocket.sends), WSAENOTCONN, 'SD_SEND before connect');
  fails(t, client, client.ShutDown(CAsyncSocket.receives), WSAENOTCONN, 'SD_RECEIVE before connect');
  await connectTo(client, l.port);
  const server = new Rec(win, 'server');
  await acceptOn(l.sock, server);
  t.is(client.Send(TEST5, 5), 5, 'sends still work');
  const buf = new Uint8Array(8);
  t.is(await syncRecv(server, buf, 8), 5);
  t.is(server.Send(TEST5, 5), 5);
  t.is(await syncRecv(client, buf, 8), 5, 'receives still work');
});

test('test_shutdown: each direction fails with WSAESHUTDOWN once shut; names stay; a second connect is WSAEISCONN; a bad how is WSAEINVAL', async (t) => {
  const win = windowFor(t);
  const l = listener(win, 0, 1);
  const client = new Rec(win, 'client');
  t.true(client.Socket(SOCK_STREAM, 0));
  await connectTo(client, l.port);
  const server = new Rec(win, 'server');
  await acceptOn(l.sock, server);
  const buf = new Uint8Array(8);

  t.true(client.ShutDown(CAsyncSocket.sends));
  t.true(client.ShutDown(CAsyncSocket.sends), 'twice');
  fails(t, client, client.Send(TEST5, 5), WSAESHUTDOWN, 'send after SD_SEND');
  t.is(await syncRecv(server, buf, 5), 0);
  t.is(server.Receive(buf, 5), 0);

  t.true(server.ShutDown(CAsyncSocket.receives));
  fails(t, server, server.Receive(buf, 5), WSAESHUTDOWN, 'recv after SD_RECEIVE');
  t.is(server.Send(TEST5, 5), 5);
  t.is(await syncRecv(client, buf, 5), 5);

  t.true(client.ShutDown(CAsyncSocket.receives));
  fails(t, client, client.Receive(buf, 5), WSAESHUTDOWN, 'recv after SD_RECEIVE');
  fails(t, client, client.Receive(buf, 5), WSAESHUTDOWN, 'again');
  t.true(server.ShutDown(CAsyncSocket.sends));
  fails(t, server, server.Send(TEST5, 5), WSAESHUTDOWN, 'send after SD_SEND');

  const peer = { address: '', port: 0 };
  const self = { address: '', port: 0 };
  t.true(client.GetPeerName(peer), `client GetPeerName: ${client.GetLastError()}`);
  t.deepEqual(peer, { address: '127.0.0.1', port: l.port });
  t.true(client.GetSockName(self));
  const seen = { address: '', port: 0 };
  t.true(server.GetPeerName(seen), `server GetPeerName: ${server.GetLastError()}`);
  t.deepEqual(seen, self);

  fails(t, client, client.Connect('127.0.0.1', l.port), WSAEISCONN, 'connect again');
  fails(t, client, client.ShutDown(0xdeadbeef), WSAEINVAL, 'shutdown(0xdeadbeef)');
});

test('test_shutdown: SD_BOTH on both sides: recv and send fail with WSAESHUTDOWN, the names stay', async (t) => {
  const win = windowFor(t);
  const l = listener(win, 0, 1);
  const client = new Rec(win, 'client');
  t.true(client.Socket(SOCK_STREAM, 0));
  await connectTo(client, l.port);
  const server = new Rec(win, 'server');
  await acceptOn(l.sock, server);
  const buf = new Uint8Array(8);
  t.true(client.ShutDown(CAsyncSocket.both));
  fails(t, client, client.Receive(buf, 5), WSAESHUTDOWN, 'client recv');
  fails(t, client, client.Send(TEST5, 5), WSAESHUTDOWN, 'client send');
  t.is(await syncRecv(server, buf, 5), 0);
  t.true(server.ShutDown(CAsyncSocket.both));
  fails(t, server, server.Receive(buf, 5), WSAESHUTDOWN, 'server recv');
  fails(t, server, server.Send(TEST5, 5), WSAESHUTDOWN, 'server send');
  // Both FINs have been exchanged by now on loopback: the connection is closed for the kernel.
  await new Promise((r) => setTimeout(r, 50));
  const peer = { address: '', port: 0 };
  t.true(client.GetPeerName(peer), `client GetPeerName: ${client.GetLastError()}`);
  t.deepEqual(peer, { address: '127.0.0.1', port: l.port });
  const self = { address: '', port: 0 };
  t.true(client.GetSockName(self));
  const seen = { address: '', port: 0 };
  t.true(server.GetPeerName(seen), `server GetPeerName: ${server.GetLastError()}`);
  t.deepEqual(seen, self);
});

test('test_shutdown: a listening socket cannot be shut down (WSAENOTCONN) and keeps accepting', async (t) => {
  const win = windowFor(t);
  const l = listener(win, 0, 1);
  fails(t, l.sock, l.sock.ShutDown(CAsyncSocket.sends), WSAENOTCONN, 'SD_SEND');
  fails(t, l.sock, l.sock.ShutDown(CAsyncSocket.receives), WSAENOTCONN, 'SD_RECEIVE');
  const client = new Rec(win, 'client');
  t.true(client.Socket(SOCK_STREAM, 0));
  await connectTo(client, l.port);
  await acceptOn(l.sock, new Rec(win, 'server'));
});

test('test_shutdown: datagram sockets shut down without a peer; later calls fail with WSAESHUTDOWN', (t) => {
  const win = windowFor(t);
  const client = new Rec(win, 'client');
  const server = new Rec(win, 'server');
  t.true(client.Socket(SOCK_DGRAM, 0));
  t.true(server.Socket(SOCK_DGRAM, 0));
  t.true(server.Bind(0, '127.0.0.1'));
  const where = { address: '', port: 0 };
  t.true(server.GetSockName(where));
  t.true(server.ShutDown(CAsyncSocket.receives));
  const from = { address: '', port: 0 };
  fails(t, server, server.ReceiveFrom(new Uint8Array(8), 8, from), WSAESHUTDOWN, 'recvfrom after SD_RECEIVE');
  t.is(client.SendTo(TEST5, 5, where.port, '127.0.0.1'), 5);
  t.true(client.ShutDown(CAsyncSocket.sends));
  t.true(client.ShutDown(CAsyncSocket.sends), 'twice');
  fails(t, client, client.SendTo(TEST5, 5, where.port, '127.0.0.1'), WSAESHUTDOWN, 'sendto after SD_SEND');
});

gap({ wine: 'Wine 8.0 reports a peer\'s RST as end of stream (recv returns 0)' })('test_tcp_reset: after the peer\'s RST every recv and send fails with WSAECONNRESET', async (t) => {
  const win = windowFor(t);
  const { client, server } = await tcpPair(win);
  closeWithRst(t, server);
  const buf = new Uint8Array(10);
  const rc = await syncRecv(client, buf, 10);
  fails(t, client, rc, WSAECONNRESET, 'first recv');
  fails(t, client, client.Receive(buf, 10), WSAECONNRESET, 'second recv');
  fails(t, client, client.Send(DATA5, 5), WSAECONNRESET, 'send');
  t.is(soError(client), 0, 'SO_ERROR was taken by the recv');
});

gap({ wine: 'Wine 8.0 fails listen on a datagram socket with WSAEINVAL' })('test_listen: UDP is WSAEOPNOTSUPP; an unbound TCP socket is WSAEINVAL (any backlog); SO_ACCEPTCONN is read-only and tells a listener; listening twice works', (t) => {
  const win = windowFor(t);
  const u = new Rec(win, 'udp');
  t.true(u.Socket(SOCK_DGRAM, 0));
  fails(t, u, u.Listen(1), WSAEOPNOTSUPP, 'listen on UDP');
  const a = new Rec(win, 'a');
  const b = new Rec(win, 'b');
  t.true(a.Socket(SOCK_STREAM, 0));
  t.true(b.Socket(SOCK_STREAM, 0));
  for (const backlog of [-2, 1, 0x7fffffff]) fails(t, a, a.Listen(backlog), WSAEINVAL, `listen(${backlog}) unbound`);
  t.true(a.Bind(0, '127.0.0.1'));
  const where = { address: '', port: 0 };
  t.true(a.GetSockName(where));
  t.false(b.Bind(where.port, '127.0.0.1'), 'the address is taken');
  const acceptconn = (): number => {
    const v = new Uint8Array([0xad, 0xde, 0, 0]);
    t.true(a.GetSockOpt(SO_ACCEPTCONN, v, { value: 4 }));
    return new DataView(v.buffer).getInt32(0, true);
  };
  t.is(acceptconn(), 0);
  for (const v of [1, 0]) fails(t, a, a.SetSockOpt(SO_ACCEPTCONN, new Uint8Array([v, 0, 0, 0]), 4), WSAENOPROTOOPT, `set SO_ACCEPTCONN ${v}`);
  t.true(a.Listen(0));
  t.true(a.Listen(0x7fffffff), 'listening again');
  t.is(acceptconn(), 1);
  for (const v of [1, 0]) fails(t, a, a.SetSockOpt(SO_ACCEPTCONN, new Uint8Array([v, 0, 0, 0]), 4), WSAENOPROTOOPT, `set SO_ACCEPTCONN ${v} on a listener`);
  fails(t, b, b.Listen(0x7fffffff), WSAEINVAL, 'the unbound one still cannot listen');
  const c = new Rec(win, 'c');
  t.true(c.Socket(SOCK_STREAM, 0));
  fails(t, c, c.Bind(where.port, '127.0.0.1'), WSAEADDRINUSE, 'bind to a listener\'s address');
});

test('test_connect: a second Connect on a connected socket fails with WSAEISCONN and posts no OnConnect', async (t) => {
  const win = windowFor(t);
  const l = listener(win, 0, 1);
  const client = new Rec(win, 'client');
  t.true(client.Socket(SOCK_STREAM, FD_CONNECT));
  const ok = client.Connect('127.0.0.1', l.port);
  t.true(ok || client.GetLastError() === WSAEWOULDBLOCK);
  await checkEvents(t, win, client, ev(FD_CONNECT), 0, 'the connect');
  fails(t, client, client.Connect('127.0.0.1', l.port), WSAEISCONN, 'second connect');
  fails(t, client, client.Connect('127.0.0.1', l.port), WSAEISCONN, 'third connect');
  await checkEvents(t, win, client, 0, 0, 'no second OnConnect');
});

test('test_connect: after a refused connect SO_ERROR keeps WSAECONNREFUSED', async (t) => {
  const refusing = await refusingPort();
  t.teardown(refusing.close);
  const win = windowFor(t);
  const client = new Rec(win, 'client');
  t.true(client.Socket(SOCK_STREAM, 0));
  const ok = client.Connect('127.0.0.1', refusing.port);
  if (!ok && client.GetLastError() === WSAEWOULDBLOCK) {
    const end = Date.now() + EXPECT_MS;
    let e = 0;
    while ((e = soError(client)) === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    t.is(e, WSAECONNREFUSED, 'first read');
  } else {
    t.is(client.GetLastError(), WSAECONNREFUSED);
  }
  t.is(soError(client), WSAECONNREFUSED, 'second read');
  t.is(soError(client), WSAECONNREFUSED, 'third read');
});

gap({ wine: 'Wine 8.0 fails send on an unconnected datagram socket with WSAEINVAL' })('test_connect_udp: send before connect is WSAENOTCONN; after connect the peer is named; the receiver cannot send', (t) => {
  const win = windowFor(t);
  const client = new Rec(win, 'client');
  const server = new Rec(win, 'server');
  t.true(client.Socket(SOCK_DGRAM, 0));
  t.true(server.Socket(SOCK_DGRAM, 0));
  fails(t, client, client.Send(DATA5, 4), WSAENOTCONN, 'send unconnected');
  t.true(server.Bind(0, '127.0.0.1'));
  const where = { address: '', port: 0 };
  t.true(server.GetSockName(where));
  const buf = new Uint8Array(5);
  fails(t, server, server.Receive(buf, 5), WSAEWOULDBLOCK, 'nothing yet');
  t.true(client.Connect('127.0.0.1', where.port));
  const peer = { address: '', port: 0 };
  t.true(client.GetPeerName(peer));
  t.deepEqual(peer, where);
  fails(t, server, server.GetPeerName(peer), WSAENOTCONN, 'the server has no peer');
  t.is(client.Send(DATA5, 4), 4);
  t.is(server.Receive(buf, 5), 4);
  fails(t, server, server.Receive(buf, 5), WSAEWOULDBLOCK, 'one datagram only');
  fails(t, server, server.Send(DATA5, 4), WSAENOTCONN, 'send on the unconnected receiver');
  t.true(client.Connect('127.0.0.1', where.port), 'connect again');
  t.true(client.Connect('127.0.0.1', where.port + 1 > 65535 ? 1 : where.port + 1), 'connect elsewhere');
});

gap({ wine: 'Wine 8.0 names no peer while a connect is under way (it asks the Linux socket)' })('test_connecting_socket: while a connect is under way: WSAEALREADY again, the socket is named, the peer is named, recv and send are WSAENOTCONN', async (t) => {
  // A listener whose queue is full drops the next SYN (Linux: sk_acceptq_is_full): that
  // connect stays under way on loopback for as long as the test needs.
  const win = windowFor(t);
  const l = listener(win, 0, 0);
  const first = new Rec(win, 'first');
  t.true(first.Socket(SOCK_STREAM, 0));
  await connectTo(first, l.port);
  const client = new Rec(win, 'client');
  t.true(client.Socket(SOCK_STREAM, 0));
  t.true(client.Bind(0, '127.0.0.1'));
  fails(t, client, client.Connect('127.0.0.1', l.port), WSAEWOULDBLOCK, 'connect');
  fails(t, client, client.Connect('127.0.0.1', l.port), WSAEALREADY, 'connect again');
  const self = { address: '', port: 0 };
  t.true(client.GetSockName(self));
  t.not(self.port, 0);
  const peer = { address: '', port: 0 };
  t.true(client.GetPeerName(peer), `GetPeerName: ${client.GetLastError()}`);
  t.deepEqual(peer, { address: '127.0.0.1', port: l.port });
  fails(t, client, client.Receive(new Uint8Array(4), 4), WSAENOTCONN, 'recv');
  fails(t, client, client.Send(DATA5, 5), WSAENOTCONN, 'send');
});

gap({ wine: 'sock.c marks it todo_wine' })('test_shutdown: data sent to a peer that shut down and closed: the send succeeds, the next recv fails with WSAECONNABORTED', async (t) => {
  const win = windowFor(t);
  const { client, server } = await tcpPair(win);
  t.true(client.ShutDown(CAsyncSocket.sends));
  client.Close();
  t.is(server.Send(TEST5, 5), 5);
  // On loopback the peer's RST for the data is in by the time the send returns, as sock.c's
  // immediate recv relies on.
  fails(t, server, server.Receive(new Uint8Array(5), 5), WSAECONNABORTED, 'recv');
});

import test from 'ava';
import { createServer, type AddressInfo } from 'node:net';
import { spawn } from 'node:child_process';
import {
  SD_BOTH, SD_RECEIVE, SD_SEND, SOCK_DGRAM, SOCK_STREAM, WSAECONNREFUSED, WSAENOTCONN, WSAESHUTDOWN, WSAEWOULDBLOCK,
} from '../../src/index.js';
import { emptySockAddr, formatAddress, POLL_READ, POLL_WRITE } from '../../src/diagnostics.js';
import { gap, withPython } from '../support/gates.js';
import { AF_INET, AF_INET6, closedPort, loopback, nameOf, nextEvent, ok, recvExactly, sys, tcpPair } from '../support/native-sockets.js';
import { pythonCommand } from '../support/platform.js';

for (const [family, label, text] of [[AF_INET, 'IPv4', '127.0.0.1'], [AF_INET6, 'IPv6', '::1']] as const) {
  test(`TCP over ${label}: connect, accept with peer address, send and receive, FIN`, (t) => {
    const listener = ok(sys.socket(family, SOCK_STREAM, 0), 'socket');
    t.is(sys.bind(listener, loopback(family)), 0);
    t.is(sys.listen(listener, 8), 0);
    const where = nameOf(listener);
    t.is(where.family, family);
    t.true(where.port > 0);

    const client = ok(sys.socket(family, SOCK_STREAM, 0), 'socket');
    const rc = sys.connect(client, where);
    t.true(rc === 0 || rc === -WSAEWOULDBLOCK, `connect gave ${rc}`);
    t.true((ok(sys.waitSync(listener, POLL_READ, 5000), 'wait') & POLL_READ) !== 0);
    const peer = emptySockAddr();
    const server = sys.accept(listener, peer);
    t.true(server >= 0);
    t.is(peer.family, family);
    t.is(formatAddress(peer), text);
    t.is(peer.port, nameOf(client).port);
    t.true((ok(sys.waitSync(client, POLL_WRITE, 5000), 'wait') & POLL_WRITE) !== 0);
    t.is(sys.socketError(client), 0);

    const theirs = emptySockAddr();
    t.is(sys.getpeername(client, theirs), 0);
    t.is(theirs.port, where.port);
    t.is(formatAddress(theirs), text);

    const empty = new Uint8Array(16);
    t.is(sys.recv(server, empty, 16, 0), -WSAEWOULDBLOCK);

    const data = new Uint8Array(1000).map((_, i) => (i * 7) & 0xff);
    t.is(sys.send(client, data, data.length, 0), data.length);
    t.deepEqual(recvExactly(server, data.length), data);

    t.is(sys.shutdown(client, SD_SEND), 0);
    ok(sys.waitSync(server, POLL_READ, 5000), 'wait FIN');
    t.is(sys.recv(server, empty, 16, 0), 0);

    for (const h of [client, server, listener]) t.is(sys.close(h), 0);
  });

  test(`UDP over ${label}: sendto and recvfrom decode the sender`, (t) => {
    const a = ok(sys.socket(family, SOCK_DGRAM, 0), 'socket');
    const b = ok(sys.socket(family, SOCK_DGRAM, 0), 'socket');
    t.is(sys.bind(a, loopback(family)), 0);
    t.is(sys.bind(b, loopback(family)), 0);
    const msg = new TextEncoder().encode(`hello over ${label}`);
    t.is(sys.sendto(a, msg, msg.length, 0, nameOf(b)), msg.length);
    ok(sys.waitSync(b, POLL_READ, 5000), 'wait datagram');
    const buf = new Uint8Array(64);
    const from = emptySockAddr();
    const n = sys.recvfrom(b, buf, buf.length, 0, from);
    t.is(n, msg.length);
    t.deepEqual(buf.subarray(0, n), msg);
    t.is(from.family, family);
    t.is(from.port, nameOf(a).port);
    t.is(formatAddress(from), text);
    t.is(sys.recvfrom(b, buf, buf.length, 0, from), -WSAEWOULDBLOCK);
    t.is(sys.close(a), 0);
    t.is(sys.close(b), 0);
  });
}

test('connect to a closed port: the poller reports, then socketError is WSAECONNREFUSED', async (t) => {
  const dead = closedPort();

  const c = ok(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
  const rc = sys.connect(c, dead);
  if (rc === -WSAECONNREFUSED) {
    t.pass('refused synchronously');
  } else {
    t.is(rc, -WSAEWOULDBLOCK);
    const revents = await nextEvent(c, POLL_WRITE);
    t.not(revents, 0);
    t.is(sys.socketError(c), WSAECONNREFUSED);
  }
  sys.poller().forget(c);
  t.is(sys.close(c), 0);
});

test('interop: a Node net server echoes what this layer sends', async (t) => {
  const server = createServer((s) => { s.on('error', () => {}); s.pipe(s); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const c = ok(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
  try {
    const rc = sys.connect(c, loopback(AF_INET, port));
    t.true(rc === 0 || rc === -WSAEWOULDBLOCK);
    t.true((await nextEvent(c, POLL_WRITE) & POLL_WRITE) !== 0);
    t.is(sys.socketError(c), 0);
    const msg = new TextEncoder().encode('ping from koffi');
    t.is(sys.send(c, msg, msg.length, 0), msg.length);
    const got = new Uint8Array(64);
    let n = 0;
    for (let i = 0; i < 100 && n < msg.length; i++) {
      await nextEvent(c, POLL_READ);
      const k = sys.recv(c, got.subarray(n), got.length - n, 0);
      if (k > 0) n += k;
    }
    t.deepEqual(got.subarray(0, n), msg);
  } finally {
    sys.poller().forget(c);
    sys.close(c);
    server.close();
  }
});

withPython('interop: a python3 peer receives and answers over UDP', async (t) => {
  const script = [
    'import socket, sys',
    's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
    's.settimeout(10)',
    "s.bind(('127.0.0.1', 0))",
    "print(s.getsockname()[1], flush=True)",
    'data, addr = s.recvfrom(100)',
    "s.sendto(b'py:' + data, addr)",
  ].join('\n');
  const py = spawn(pythonCommand()!, ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('python3 did not start')), 10000);
    py.stdout!.once('data', (d: Buffer) => { clearTimeout(timer); resolve(Number(d.toString().trim())); });
  });
  const u = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  try {
    const msg = new TextEncoder().encode('hi');
    t.is(sys.sendto(u, msg, msg.length, 0, loopback(AF_INET, port)), msg.length);
    t.true((await nextEvent(u, POLL_READ, 10000) & POLL_READ) !== 0);
    const buf = new Uint8Array(16);
    const from = emptySockAddr();
    const n = sys.recvfrom(u, buf, buf.length, 0, from);
    t.is(new TextDecoder().decode(buf.subarray(0, Math.max(n, 0))), 'py:hi');
    t.is(from.port, port);
  } finally {
    sys.poller().forget(u);
    sys.close(u);
    py.kill();
  }
});

test('a connected pair can be built and torn down repeatedly', (t) => {
  for (let i = 0; i < 20; i++) {
    const p = tcpPair(i % 2 === 0 ? AF_INET : AF_INET6);
    const one = new Uint8Array([i]);
    t.is(sys.send(p.server, one, 1, 0), 1);
    t.deepEqual(recvExactly(p.client, 1), one);
    p.close();
  }
});

test('a socket shut down here: the calls in that direction fail with WSAESHUTDOWN, the others still work', (t) => {
  const p = tcpPair();
  t.teardown(() => p.close());
  const buf = new Uint8Array(8);
  t.is(sys.send(p.server, buf, 4, 0), 4, 'data queued before the receive shutdown');
  ok(sys.waitSync(p.client, POLL_READ, 5000), 'wait data');
  t.is(sys.shutdown(p.client, SD_RECEIVE), 0);
  t.is(sys.recv(p.client, buf, 8, 0), -WSAESHUTDOWN, 'recv');
  t.is(sys.recvfrom(p.client, buf, 8, 0, emptySockAddr()), -WSAESHUTDOWN, 'recvfrom');
  t.is(sys.send(p.client, buf, 1, 0), 1, 'sends still go');
  t.is(sys.shutdown(p.client, SD_SEND), 0);
  t.is(sys.send(p.client, buf, 1, 0), -WSAESHUTDOWN, 'send');
  t.is(sys.sendto(p.client, buf, 1, 0, nameOf(p.server)), -WSAESHUTDOWN, 'sendto');
  t.is(sys.shutdown(p.server, SD_BOTH), 0);
  t.is(sys.send(p.server, buf, 1, 0), -WSAESHUTDOWN, 'send after SD_BOTH');
  t.is(sys.recv(p.server, buf, 8, 0), -WSAESHUTDOWN, 'recv after SD_BOTH');
});

gap({ wine: "Wine 8.0's ws2_32 passes Linux's EPIPE on as WSAECONNRESET" })('send on a stream socket that never connected is WSAENOTCONN', (t) => {
  const h = ok(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
  t.teardown(() => sys.close(h));
  const buf = new Uint8Array(4);
  t.is(sys.send(h, buf, 4, 0), -WSAENOTCONN, 'unbound');
  t.is(sys.bind(h, loopback(AF_INET)), 0);
  t.is(sys.send(h, buf, 4, 0), -WSAENOTCONN, 'bound');
});

/**
 * Bind, reuse and names, from wine-mirror/wine dlls/ws2_32/tests/sock.c: test_reuseaddr (the
 * loopback cases: sock.c also binds wildcard addresses, which these tests do not), test_bind,
 * test_getpeername, test_getsockname and test_WSASendTo's implicit bind, through
 * CAsyncSocket's Bind, Listen, Connect, SetSockOpt and the name calls. sock.c binds a fixed
 * port; here the first socket picks one and the others reuse it.
 */
import test from 'ava';
import {
  CAsyncSocket, IPPROTO_IPV6, IPV6_V6ONLY, PF_INET, PF_INET6, SO_EXCLUSIVEADDRUSE, SO_REUSEADDR, SOCK_DGRAM,
  SOCK_STREAM, WSAEACCES, WSAEADDRINUSE, WSAEINVAL, WSAENOTCONN,
} from '../../src/index.js';
import { acceptOn, connectTo, Rec, windowFor } from './harness.js';
import { gap } from '../support/gates.js';
import { portOf } from '../support/sockets.js';

const ON = new Uint8Array([1, 0, 0, 0]);
const OFF = new Uint8Array([0, 0, 0, 0]);

const FAMILIES = [
  { name: 'IPv4', pf: PF_INET, loopback: '127.0.0.1' },
  { name: 'IPv6', pf: PF_INET6, loopback: '::1' },
] as const;

function stream(pf: number): CAsyncSocket {
  const s = new CAsyncSocket();
  if (!s.Socket(SOCK_STREAM, 0, 0, pf)) throw new Error(`Socket: ${s.GetLastError()}`);
  return s;
}

function closing(t: import('ava').ExecutionContext, ...socks: CAsyncSocket[]): void {
  t.teardown(() => { for (const s of socks) s.Close(); });
}

for (const f of FAMILIES) {
  test(`test_reuseaddr: ${f.name}: SO_REUSEADDR on the second socket only cannot share the first's address: WSAEACCES`, (t) => {
    const s1 = stream(f.pf);
    const s2 = stream(f.pf);
    closing(t, s1, s2);
    t.true(s1.Bind(0, f.loopback));
    t.true(s2.SetSockOpt(SO_REUSEADDR, ON, 4));
    t.false(s2.Bind(portOf(s1), f.loopback));
    t.is(s2.GetLastError(), WSAEACCES);
  });

  test(`test_reuseaddr: ${f.name}: with SO_REUSEADDR on both, both bind; the first listener gets the connection`, async (t) => {
    const win = windowFor(t);
    const s1 = stream(f.pf);
    const s2 = stream(f.pf);
    closing(t, s1, s2);
    t.true(s1.SetSockOpt(SO_REUSEADDR, ON, 4));
    t.true(s1.Bind(0, f.loopback));
    const port = portOf(s1);
    const reuse = new Uint8Array([0x34, 0x12, 0, 0]);
    const len = { value: 4 };
    t.true(s2.GetSockOpt(SO_REUSEADDR, reuse, len));
    t.is(new DataView(reuse.buffer).getInt32(0, true), 0, 'off by default');
    t.false(s2.Bind(port, f.loopback), 'not without SO_REUSEADDR');
    t.true(s2.SetSockOpt(SO_REUSEADDR, ON, 4));
    t.true(s2.Bind(port, f.loopback), `with it: ${s2.GetLastError()}`);
    t.true(s1.Listen(1));
    const s3 = new Rec(win, 's3');
    t.true(s3.Socket(SOCK_STREAM, 0, 0, f.pf));
    if (s3.Connect(f.loopback, port) === false) {
      const peer = { address: '', port: 0 };
      const end = Date.now() + 5000;
      while (!s3.GetPeerName(peer) && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
    }
    const s4 = new Rec(win, 's4');
    await acceptOn(s1, s4);
    t.pass();
  });

  gap({ linux: 'Linux lets only one socket listen on an address without SO_REUSEPORT (EADDRINUSE)', wine: 'the same (sock.c: todo_wine)' })(
    `test_reuseaddr: ${f.name}: the second socket with SO_REUSEADDR may listen too`,
    (t) => {
      const s1 = stream(f.pf);
      const s2 = stream(f.pf);
      closing(t, s1, s2);
      t.true(s1.SetSockOpt(SO_REUSEADDR, ON, 4));
      t.true(s2.SetSockOpt(SO_REUSEADDR, ON, 4));
      t.true(s1.Bind(0, f.loopback));
      t.true(s2.Bind(portOf(s1), f.loopback));
      t.true(s1.Listen(1));
      t.true(s2.Listen(1), `second listen: ${s2.GetLastError()}`);
    },
  );

  test(`test_bind: ${f.name}: a second Bind is WSAEINVAL; another socket on the same address is WSAEADDRINUSE`, (t) => {
    const s = stream(f.pf);
    const s2 = stream(f.pf);
    closing(t, s, s2);
    t.true(s.Bind(0, f.loopback));
    t.false(s.Bind(0, f.loopback));
    t.is(s.GetLastError(), WSAEINVAL);
    t.false(s2.Bind(portOf(s), f.loopback));
    t.is(s2.GetLastError(), WSAEADDRINUSE);
  });
}

test('test_reuseaddr: SO_REUSEADDR and SO_EXCLUSIVEADDRUSE exclude each other, in either order (WSAEINVAL)', (t) => {
  const s = stream(PF_INET);
  closing(t, s);
  t.true(s.SetSockOpt(SO_REUSEADDR, ON, 4));
  t.false(s.SetSockOpt(SO_EXCLUSIVEADDRUSE, ON, 4));
  t.is(s.GetLastError(), WSAEINVAL);
  t.true(s.SetSockOpt(SO_REUSEADDR, OFF, 4));
  t.true(s.SetSockOpt(SO_EXCLUSIVEADDRUSE, ON, 4));
  t.false(s.SetSockOpt(SO_REUSEADDR, ON, 4));
  t.is(s.GetLastError(), WSAEINVAL);
});

/** The loopback rows of sock.c's tests_exclusive: [first, second, expected error]. */
const EXCLUSIVE: Array<[{ pf: number; exclusive: boolean }, { pf: number; exclusive: boolean }, number]> = [
  [{ pf: PF_INET6, exclusive: true }, { pf: PF_INET, exclusive: true }, 0],
  [{ pf: PF_INET, exclusive: true }, { pf: PF_INET, exclusive: false }, WSAEADDRINUSE],
  [{ pf: PF_INET, exclusive: false }, { pf: PF_INET, exclusive: true }, WSAEADDRINUSE],
];

EXCLUSIVE.forEach(([a, b, error], i) => {
  test(`test_reuseaddr: SO_EXCLUSIVEADDRUSE loopback row ${i}: ${a.exclusive ? 'exclusive' : 'plain'} ${a.pf === PF_INET6 ? '::1' : '127.0.0.1'}, then ${b.exclusive ? 'exclusive' : 'plain'} ${b.pf === PF_INET6 ? '::1' : '127.0.0.1'}: ${error === 0 ? 'both bind' : error}`, (t) => {
    // Where both must bind, the port of the first bind may already be held on the other address
    // by another test file running meanwhile: such a pair is tried again on a new port (at most
    // 5 times), and the last pair decides.
    for (let attempt = 1; ; attempt++) {
      const socks = [a, b].map((spec) => {
        const s = stream(spec.pf);
        if (spec.exclusive) t.true(s.SetSockOpt(SO_EXCLUSIVEADDRUSE, ON, 4));
        if (spec.pf === PF_INET6) t.true(s.SetSockOpt(IPV6_V6ONLY, OFF, 4, IPPROTO_IPV6));
        return s;
      });
      closing(t, ...socks);
      t.true(socks[0]!.Bind(0, a.pf === PF_INET6 ? '::1' : '127.0.0.1'));
      const ok = socks[1]!.Bind(portOf(socks[0]!), b.pf === PF_INET6 ? '::1' : '127.0.0.1');
      if (error === 0 && !ok && socks[1]!.GetLastError() === WSAEADDRINUSE && a.pf !== b.pf && attempt < 5) continue;
      if (error === 0) t.true(ok, `second bind: ${socks[1]!.GetLastError()}`);
      else {
        t.false(ok);
        t.is(socks[1]!.GetLastError(), error);
      }
      return;
    }
  });
});

test('test_getpeername: an unconnected datagram socket has no peer, also after SendTo; Connect gives it one', (t) => {
  const rx = new CAsyncSocket();
  const s = new CAsyncSocket();
  closing(t, rx, s);
  t.true(rx.Socket(SOCK_DGRAM, 0));
  t.true(rx.Bind(0, '127.0.0.1'));
  t.true(s.Socket(SOCK_DGRAM, 0));
  const peer = { address: '', port: 0 };
  t.false(s.GetPeerName(peer));
  t.is(s.GetLastError(), WSAENOTCONN);
  const port = portOf(rx);
  t.is(s.SendTo(new Uint8Array(12), 12, port, '127.0.0.1'), 12);
  t.false(s.GetPeerName(peer), 'sendto does not connect');
  t.is(s.GetLastError(), WSAENOTCONN);
  t.true(s.Connect('127.0.0.1', port));
  t.true(s.GetPeerName(peer));
  t.deepEqual(peer, { address: '127.0.0.1', port });
});

test('test_getsockname / test_WSASendTo: an unbound socket has no name (WSAEINVAL); a SendTo binds it', (t) => {
  const rx = new CAsyncSocket();
  const s = new CAsyncSocket();
  closing(t, rx, s);
  t.true(rx.Socket(SOCK_DGRAM, 0));
  t.true(rx.Bind(0, '127.0.0.1'));
  t.true(s.Socket(SOCK_DGRAM, 0));
  const self = { address: '', port: 0 };
  t.false(s.GetSockName(self));
  t.is(s.GetLastError(), WSAEINVAL);
  t.is(s.SendTo(new Uint8Array(12), 12, portOf(rx), '127.0.0.1'), 12);
  t.true(s.GetSockName(self), `after SendTo: ${s.GetLastError()}`);
  t.not(self.port, 0);
});

test('test_getsockname: a connected socket names itself and its peer, each side the other', async (t) => {
  const win = windowFor(t);
  const l = new Rec(win, 'listener');
  t.true(l.Socket(SOCK_STREAM, 0));
  t.true(l.Bind(0, '127.0.0.1'));
  t.true(l.Listen(1));
  const c = new Rec(win, 'client');
  t.true(c.Socket(SOCK_STREAM, 0));
  await connectTo(c, portOf(l));
  const srv = new Rec(win, 'server');
  await acceptOn(l, srv);
  const a = { address: '', port: 0 };
  const b = { address: '', port: 0 };
  t.true(c.GetSockName(a));
  t.true(srv.GetPeerName(b));
  t.deepEqual(a, b);
  t.true(c.GetPeerName(a));
  t.true(srv.GetSockName(b));
  t.deepEqual(a, b);
});

/**
 * The wildcard-address rows of wine-mirror/wine dlls/ws2_32/tests/sock.c, test_reuseaddr: a
 * socket on the wildcard address beside one on loopback with the same port, two on the wildcard
 * address, and the wildcard rows of its `tests_exclusive` table (SO_EXCLUSIVEADDRUSE), through
 * CAsyncSocket's Bind, Listen, Connect and Accept. sock.c binds a fixed port; here the first
 * socket picks one and the second reuses it. A row where both must bind is tried again on a new
 * port (at most 5 times) when the port turns out to be held on the other address by another test
 * running meanwhile; the last try decides.
 */
import test, { type ExecutionContext } from 'ava';
import {
  CAsyncSocket, IPPROTO_IPV6, IPV6_V6ONLY, PF_INET, PF_INET6, SO_EXCLUSIVEADDRUSE, SOCK_STREAM, WSAEACCES,
  WSAEADDRINUSE,
} from '../../src/index.js';
import { acceptOn, connectTo, Rec, windowFor } from './harness.js';
import { portOf } from '../support/sockets.js';
import { gap } from '../support/gates.js';

const ON = new Uint8Array([1, 0, 0, 0]);
const OFF = new Uint8Array([0, 0, 0, 0]);

/** Linux refuses a second socket on a port a socket of another address already holds. */
const LINUX_SHARE = 'Linux refuses a specific address on a port bound on the wildcard address (and the reverse) with EADDRINUSE unless both sockets set SO_REUSEADDR';

const FAMILIES = [
  { name: 'IPv4', pf: PF_INET, any: '0.0.0.0', loopback: '127.0.0.1' },
  { name: 'IPv6', pf: PF_INET6, any: '::', loopback: '::1' },
] as const;

function stream(t: ExecutionContext, pf: number): CAsyncSocket {
  const s = new CAsyncSocket();
  if (!s.Socket(SOCK_STREAM, 0, 0, pf)) throw new Error(`Socket: ${s.GetLastError()}`);
  t.teardown(() => s.Close());
  return s;
}

/**
 * Binds `first` to (`a`, a new port), then `second` to (`b`, that port), tried again on a new
 * port while the second bind fails with WSAEADDRINUSE and `retry` says a clash with another
 * test is possible. Returns the second Bind's result and the port.
 */
function bindPair(t: ExecutionContext, make: () => [CAsyncSocket, CAsyncSocket], a: string, b: string, retry: boolean): { ok: boolean; error: number; port: number; socks: [CAsyncSocket, CAsyncSocket] } {
  for (let attempt = 1; ; attempt++) {
    const socks = make();
    t.true(socks[0].Bind(0, a), `first bind: ${socks[0].GetLastError()}`);
    const port = portOf(socks[0]);
    const ok = socks[1].Bind(port, b);
    const error = ok ? 0 : socks[1].GetLastError();
    if (!ok && error === WSAEADDRINUSE && retry && attempt < 5) {
      for (const s of socks) s.Close();
      continue;
    }
    return { ok, error, port, socks };
  }
}

/**
 * sock.c's two "binding and listening on any addr together with loopback" steps: `first` and
 * `second` bind one port and both listen; a connection to loopback must reach `winner`.
 */
async function shareAndConnect(t: ExecutionContext, f: typeof FAMILIES[number], first: string, second: string, winner: 0 | 1): Promise<void> {
  const win = windowFor(t);
  const { ok, error, port, socks } = bindPair(t, () => [stream(t, f.pf), stream(t, f.pf)], first, second, first !== f.any);
  t.true(socks[0].Listen(1));
  t.true(ok, `second bind: ${error}`);
  t.true(socks[1].Listen(1), `second listen: ${socks[1].GetLastError()}`);
  const client = new Rec(win, 'client');
  t.true(client.Socket(SOCK_STREAM, 0, 0, f.pf));
  await connectTo(client, port, f.loopback);
  await acceptOn(socks[winner], new Rec(win, 'accepted'));
  t.pass();
}

for (const f of FAMILIES) {
  const steps = [
    ['beside a wildcard listener, a socket binds loopback on its port, listens, and gets the loopback connection', f.any, f.loopback, 1],
    ['beside a loopback listener, a socket binds the wildcard address on its port and listens; the loopback connection goes to the first', f.loopback, f.any, 0],
  ] as const;
  for (const [what, first, second, winner] of steps) {
    gap({ linux: LINUX_SHARE, wine: 'sock.c marks it todo_wine' })(`test_reuseaddr: ${f.name}: ${what}`, (t) => shareAndConnect(t, f, first, second, winner));
  }

  test(`test_reuseaddr: ${f.name}: two sockets on the wildcard address and one port: WSAEADDRINUSE`, (t) => {
    const { ok, error } = bindPair(t, () => [stream(t, f.pf), stream(t, f.pf)], f.any, f.any, false);
    t.false(ok);
    t.is(error, WSAEADDRINUSE);
  });
}

interface Side { pf: number; addr: string; exclusive: boolean }
/** The wildcard rows of sock.c's tests_exclusive, in its order: [first, second, error, sock.c index]. */
const EXCLUSIVE: Array<[Side, Side, number, number]> = [
  [{ pf: PF_INET, addr: '0.0.0.0', exclusive: true }, { pf: PF_INET, addr: '127.0.0.1', exclusive: false }, WSAEACCES, 0],
  [{ pf: PF_INET6, addr: '::', exclusive: true }, { pf: PF_INET, addr: '127.0.0.1', exclusive: false }, WSAEACCES, 1],
  [{ pf: PF_INET, addr: '0.0.0.0', exclusive: false }, { pf: PF_INET, addr: '127.0.0.1', exclusive: true }, 0, 2],
  [{ pf: PF_INET, addr: '0.0.0.0', exclusive: true }, { pf: PF_INET, addr: '127.0.0.1', exclusive: true }, WSAEACCES, 3],
  [{ pf: PF_INET, addr: '127.0.0.1', exclusive: true }, { pf: PF_INET, addr: '0.0.0.0', exclusive: false }, 0, 4],
  [{ pf: PF_INET, addr: '127.0.0.1', exclusive: false }, { pf: PF_INET, addr: '0.0.0.0', exclusive: true }, WSAEADDRINUSE, 5],
  [{ pf: PF_INET, addr: '127.0.0.1', exclusive: false }, { pf: PF_INET6, addr: '::', exclusive: true }, WSAEADDRINUSE, 6],
  [{ pf: PF_INET6, addr: '::1', exclusive: false }, { pf: PF_INET, addr: '0.0.0.0', exclusive: true }, 0, 7],
  [{ pf: PF_INET6, addr: '::ffff:127.0.0.1', exclusive: false }, { pf: PF_INET, addr: '0.0.0.0', exclusive: true }, WSAEADDRINUSE, 9],
  [{ pf: PF_INET6, addr: '::', exclusive: true }, { pf: PF_INET, addr: '0.0.0.0', exclusive: false }, WSAEACCES, 10],
  [{ pf: PF_INET6, addr: '::', exclusive: false }, { pf: PF_INET, addr: '0.0.0.0', exclusive: true }, 0, 11],
  [{ pf: PF_INET, addr: '0.0.0.0', exclusive: false }, { pf: PF_INET, addr: '0.0.0.0', exclusive: true }, WSAEADDRINUSE, 12],
  [{ pf: PF_INET, addr: '0.0.0.0', exclusive: false }, { pf: PF_INET, addr: '0.0.0.0', exclusive: false }, WSAEADDRINUSE, 13],
  [{ pf: PF_INET6, addr: '::', exclusive: false }, { pf: PF_INET, addr: '0.0.0.0', exclusive: false }, 0, 14],
  [{ pf: PF_INET6, addr: '::ffff:0.0.0.0', exclusive: false }, { pf: PF_INET, addr: '0.0.0.0', exclusive: false }, WSAEADDRINUSE, 15],
];

/** Linux lets no two sockets share a port across addresses without SO_REUSEADDR on both. */
const LINUX_EXCLUSIVE: Record<number, string> = {
  2: LINUX_SHARE,
  4: LINUX_SHARE,
  11: LINUX_SHARE,
  14: 'a dual-stack IPv6 wildcard socket holds the IPv4 wildcard port too on Linux (EADDRINUSE)',
};

function label(s: Side): string {
  return `${s.exclusive ? 'exclusive' : 'plain'} ${s.addr}`;
}

for (const [a, b, error, index] of EXCLUSIVE) {
  const linux = LINUX_EXCLUSIVE[index];
  gap(linux === undefined ? {} : { linux })(
    `test_reuseaddr: SO_EXCLUSIVEADDRUSE row ${index}: ${label(a)}, then ${label(b)}: ${error === 0 ? 'both bind' : error}`,
    (t) => {
      const make = (): [CAsyncSocket, CAsyncSocket] => [a, b].map((side) => {
        const s = stream(t, side.pf);
        if (side.exclusive) t.true(s.SetSockOpt(SO_EXCLUSIVEADDRUSE, ON, 4));
        if (side.pf === PF_INET6) t.true(s.SetSockOpt(IPV6_V6ONLY, OFF, 4, IPPROTO_IPV6));
        return s;
      }) as [CAsyncSocket, CAsyncSocket];
      const r = bindPair(t, make, a.addr, b.addr, error === 0);
      if (error === 0) t.true(r.ok, `second bind: ${r.error}`);
      else {
        t.false(r.ok);
        t.is(r.error, error);
      }
    },
  );
}

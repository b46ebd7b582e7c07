/**
 * Checks that only make sense on Linux: the errno table, the byte layout of sockaddr with
 * Linux's AF_INET6, /proc descriptor counts, epoll-specific revents, MSG_NOSIGNAL.
 */
import test from 'ava';
import { closeSync, fstatSync, openSync, readlinkSync } from 'node:fs';
import {
  IPPROTO_IP, MSG_OOB, SO_EXCLUSIVEADDRUSE, SO_LINGER, SO_REUSEADDR, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET,
} from '../../src/index.js';
import {
  decodeSockAddr, eaiToWsa, emptySockAddr, encodeSockAddr, errnoToWsa, loadKoffi, parseAddress, POLL_ERR,
  POLL_HUP, POLL_OOB, POLL_READ, POLL_WRITE, type SockAddr,
} from '../../src/diagnostics.js';
import * as E from '../../src/index.js';
import { AF_INET, AF_INET6, closedPort, loopback, nextEvent, ok, sys, tcpPair } from '../support/native-sockets.js';
import { tsWorker } from '../support/workers.js';
import { openFds } from '../support/descriptors.js';

const linux = process.platform === 'linux';
const ltest = linux ? test : test.skip;

ltest('errno table: Wine\'s pairs, by errno name', (t) => {
  const errno = loadKoffi().os.errno as Record<string, number>;
  const cases: Array<[string, number]> = [
    ['EBADF', E.WSAENOTSOCK], ['ENOTSOCK', E.WSAENOTSOCK], ['EPIPE', E.WSAECONNRESET],
    ['ECONNRESET', E.WSAECONNRESET], ['EAGAIN', E.WSAEWOULDBLOCK], ['EINPROGRESS', E.WSAEINPROGRESS],
    ['ECONNREFUSED', E.WSAECONNREFUSED], ['EADDRINUSE', E.WSAEADDRINUSE], ['EACCES', E.WSAEACCES],
    ['EPERM', E.WSAEACCES], ['ETIMEDOUT', E.WSAETIMEDOUT], ['EMSGSIZE', E.WSAEMSGSIZE],
    ['ENOTCONN', E.WSAENOTCONN], ['EAFNOSUPPORT', E.WSAEAFNOSUPPORT], ['EINTR', E.WSAEINTR],
  ];
  for (const [name, wsa] of cases) t.is(errnoToWsa(errno[name]!), wsa, name);
  t.is(errnoToWsa(0), 0);
  t.is(errnoToWsa(errno.EIO!), E.WSAEOPNOTSUPP, 'an errno Winsock has no name for');
  t.is(errnoToWsa(99999), E.WSAEOPNOTSUPP);
});

ltest('getaddrinfo codes follow the ws2tcpip.h EAI aliases', (t) => {
  const errno = loadKoffi().os.errno as Record<string, number>;
  t.is(eaiToWsa(0, 0), 0);
  t.is(eaiToWsa(-2, 0), E.WSAHOST_NOT_FOUND); // EAI_NONAME
  t.is(eaiToWsa(-3, 0), E.WSATRY_AGAIN); // EAI_AGAIN
  t.is(eaiToWsa(-4, 0), E.WSANO_RECOVERY); // EAI_FAIL
  t.is(eaiToWsa(-5, 0), E.WSANO_DATA); // EAI_NODATA
  t.is(eaiToWsa(-6, 0), E.WSAEAFNOSUPPORT); // EAI_FAMILY
  t.is(eaiToWsa(-11, errno.ECONNREFUSED!), E.WSAECONNREFUSED); // EAI_SYSTEM
});

ltest('sockaddr bytes: family in host order, port and flowinfo big-endian, scope id host order', (t) => {
  const buf = new Uint8Array(128).fill(0xcc);
  const v4 = parseAddress('127.0.0.1', 0x1234)!;
  t.is(encodeSockAddr(v4, buf, 10), 16);
  t.deepEqual([...buf.subarray(0, 16)], [2, 0, 0x12, 0x34, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  t.is(buf[16], 0xcc, 'nothing written past sockaddr_in');

  const v6: SockAddr = { ...parseAddress('::1', 443)!, flowinfo: 0x01020304, scopeId: 7 };
  t.is(encodeSockAddr(v6, buf, 10), 28);
  t.deepEqual([...buf.subarray(0, 8)], [10, 0, 0x01, 0xbb, 1, 2, 3, 4]);
  t.is(buf[23], 1);
  t.deepEqual([...buf.subarray(24, 28)], [7, 0, 0, 0]);
  const back = emptySockAddr();
  t.true(decodeSockAddr(buf, 28, back, 10));
  t.deepEqual(back, { family: AF_INET6, addr: v6.addr, port: 443, flowinfo: 0x01020304, scopeId: 7 });

  // The Windows numbering of AF_INET6 goes through the same code.
  t.is(encodeSockAddr(v6, buf, 23), 28);
  t.is(buf[0], 23);
  t.false(decodeSockAddr(buf, 28, back, 10), 'family 23 is not Linux\'s AF_INET6');
  t.is(back.port, 443, 'a failed decode leaves the output untouched');

  t.is(encodeSockAddr(v6, new Uint8Array(27), 10), -E.WSAEFAULT, 'buffer too small');
  t.is(encodeSockAddr({ ...v4, addr: new Uint8Array(16) }, buf, 10), -E.WSAEFAULT);
  t.is(encodeSockAddr({ ...v4, family: 99 }, buf, 10), -E.WSAEAFNOSUPPORT);
  t.is(encodeSockAddr({ ...v6, scopeId: -1 }, buf, 10), -E.WSAEFAULT);
  t.false(decodeSockAddr(buf, 10, back, 10), 'too short for sockaddr_in6');
});

ltest('no descriptor leaks over 1,000 socket/close cycles', (t) => {
  // The epoll set and the wake eventfd are created once, on first use: not per socket.
  sys.poller();
  sys.wakeToken();
  const before = openFds();
  for (let i = 0; i < 1000; i++) {
    const h = sys.socket(i % 2 === 0 ? AF_INET : AF_INET6, i % 3 === 0 ? SOCK_DGRAM : SOCK_STREAM, 0);
    if (h < 0) { t.fail(`socket failed with WSA ${-h} at ${i}`); return; }
    if (i % 5 === 0) ok(sys.bind(h, loopback(i % 2 === 0 ? AF_INET : AF_INET6)), 'bind');
    if (i % 7 === 0) { sys.poller().watch(h, POLL_READ, () => {}); sys.poller().forget(h); }
    if (sys.close(h) !== 0) { t.fail(`close failed at ${i}`); return; }
  }
  t.is(openFds(), before);
});

ltest('close refuses a descriptor that is not a socket, and leaves it open', (t) => {
  const fd = openSync('/proc/self/stat', 'r');
  try {
    t.is(sys.close(fd), -E.WSAENOTSOCK);
    t.notThrows(() => fstatSync(fd), 'still open');
    t.is(sys.recv(fd, new Uint8Array(4), 4, 0), -E.WSAENOTSOCK);
    t.is(sys.poller().watch(fd, POLL_READ, () => {}), -E.WSAENOTSOCK, 'a regular file cannot be watched');
  } finally {
    closeSync(fd);
  }
});

ltest('the layer\'s own descriptors (epoll set, wake eventfd) are not sockets to callers', (t) => {
  const wake = sys.wakeToken().value;
  t.is(sys.close(wake), -E.WSAENOTSOCK);
  t.is(sys.send(wake, new Uint8Array(8), 8, 0), -E.WSAENOTSOCK);
  t.is(sys.waitSync(wake, POLL_READ, 0), -E.WSAENOTSOCK);
  const ep = (sys.poller() as unknown as { descriptor: number }).descriptor;
  t.true(Number.isInteger(ep) && ep >= 0);
  t.is(sys.close(ep), -E.WSAENOTSOCK);
  t.is(sys.poller().watch(ep, POLL_READ, () => {}), -E.WSAENOTSOCK);
});

ltest('signalWake never writes into a descriptor that is not an eventfd', (t) => {
  const p = tcpPair();
  try {
    sys.signalWake({ kind: 'eventfd', value: p.client });
    t.is(sys.recv(p.server, new Uint8Array(16), 16, 0), -E.WSAEWOULDBLOCK);
  } finally {
    p.close();
  }
});

ltest('epoll reports a peer FIN as POLL_HUP with POLL_READ', async (t) => {
  const p = tcpPair();
  try {
    sys.close(p.client);
    const revents = await nextEvent(p.server, POLL_READ);
    t.true((revents & POLL_HUP) !== 0);
    t.true((revents & POLL_READ) !== 0);
  } finally {
    for (const h of [p.server, p.listener]) { sys.poller().forget(h); sys.close(h); }
  }
});

ltest('a refused connect is POLL_ERR from epoll', async (t) => {
  const dead = closedPort();
  const c = ok(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
  try {
    t.is(sys.connect(c, dead), -E.WSAEWOULDBLOCK);
    const revents = await nextEvent(c, POLL_WRITE);
    t.true((revents & POLL_ERR) !== 0, `revents ${revents}`);
    t.is(sys.socketError(c), E.WSAECONNREFUSED);
    // Linux clears SO_ERROR when it is read (Wine keeps it).
    t.is(sys.socketError(c), 0);
  } finally {
    sys.poller().forget(c);
    sys.close(c);
  }
});

ltest('send to a reset peer fails with WSAECONNRESET instead of raising SIGPIPE', (t) => {
  const p = tcpPair();
  const linger = new Uint8Array([1, 0, 0, 0]);
  ok(sys.setsockopt(p.server, SOL_SOCKET, SO_LINGER, linger, 4), 'SO_LINGER 0');
  ok(sys.close(p.server), 'close');
  let rc = 0;
  const chunk = new Uint8Array(1024);
  for (let i = 0; i < 1000 && rc >= 0; i++) rc = sys.send(p.client, chunk, chunk.length, 0);
  t.is(rc, -E.WSAECONNRESET);
  for (const h of [p.client, p.listener]) sys.close(h);
});

ltest('unknown option level is WSAEINVAL; SO_EXCLUSIVEADDRUSE blocks SO_REUSEADDR', (t) => {
  const h = ok(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
  try {
    const val = new Uint8Array([1, 0, 0, 0]);
    t.is(sys.getsockopt(h, 0x4242, 1, val, new Uint32Array([4])), -E.WSAEINVAL);
    t.is(sys.getsockopt(h, IPPROTO_IP, 0x4242, val, new Uint32Array([4])), -E.WSAENOPROTOOPT);
    t.is(sys.setsockopt(h, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, val, 4), 0);
    const out = new Uint8Array(4);
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, out, new Uint32Array([4])), 0);
    t.is(out[0], 1);
    t.is(sys.setsockopt(h, SOL_SOCKET, SO_REUSEADDR, val, 4), -E.WSAEINVAL);
  } finally {
    sys.close(h);
  }
});

ltest('getsockname on an unbound socket is WSAEINVAL, as on Winsock', (t) => {
  const h = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  try {
    t.is(sys.getsockname(h, emptySockAddr()), -E.WSAEINVAL);
    ok(sys.bind(h, loopback(AF_INET)), 'bind');
    t.is(sys.getsockname(h, emptySockAddr()), 0);
  } finally {
    sys.close(h);
  }
});

ltest('a Worker\'s wake eventfd is closed when the Worker ends', async (t) => {
  const fds: number[] = [];
  for (let i = 0; i < 5; i++) {
    const w = tsWorker(new URL('../fixtures/token-worker.ts', import.meta.url), null);
    const token = await new Promise<{ value: number }>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
    await new Promise((resolve) => w.once('exit', resolve));
    fds.push(token.value);
  }
  for (const fd of fds) {
    let target = '';
    try { target = readlinkSync(`/proc/self/fd/${fd}`); } catch { /* closed */ }
    t.not(target, 'anon_inode:[eventfd]', `fd ${fd} still an eventfd`);
  }
  // A stale token is ignored rather than written into whatever took its number.
  t.notThrows(() => sys.signalWake({ kind: 'eventfd', value: fds[0]! }));
});

ltest('POLL_HUP interest alone ignores unread data and reports the peer\'s FIN', async (t) => {
  const p = tcpPair();
  const seen: number[] = [];
  try {
    t.is(sys.send(p.client, new Uint8Array(4), 4, 0), 4);
    t.is(sys.poller().watch(p.server, POLL_HUP, (_h, revents) => {
      seen.push(revents);
      sys.poller().watch(p.server, 0, () => {});
    }), 0);
    await new Promise((r) => setTimeout(r, 50));
    t.is(seen.length, 0, 'readable data alone does not fire a HUP-only watch');
    sys.close(p.client);
    for (let i = 0; i < 500 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    t.is(seen.length, 1);
    t.true((seen[0]! & POLL_HUP) !== 0);
  } finally {
    for (const h of [p.server, p.listener]) { sys.poller().forget(h); sys.close(h); }
  }
});

ltest('urgent data is POLL_OOB and is read with MSG_OOB', async (t) => {
  const p = tcpPair();
  try {
    t.is(sys.send(p.client, new Uint8Array([0x21]), 1, MSG_OOB), 1);
    const revents = await nextEvent(p.server, POLL_OOB);
    t.true((revents & POLL_OOB) !== 0);
    const one = new Uint8Array(1);
    t.is(sys.recv(p.server, one, 1, MSG_OOB), 1);
    t.is(one[0], 0x21);
  } finally {
    p.close();
  }
});

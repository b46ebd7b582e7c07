import test from 'ava';
import {
  FIONREAD, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, WSAEAFNOSUPPORT, WSAEFAULT, WSAENOPROTOOPT, WSAENOTSOCK, WSAESOCKTNOSUPPORT, IPPROTO_TCP, SO_KEEPALIVE, SO_RCVBUF, TCP_NODELAY, WSAEINVAL, WSAENOBUFS, WSAEOPNOTSUPP,
} from '../../src/index.js';
import {
  emptySockAddr, POLL_READ, POLL_WRITE,
} from '../../src/diagnostics.js';
import { AF_INET, loopback, ok, recvExactly, sys, tcpPair } from '../support/native-sockets.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const any = (v: unknown): any => v;

const BAD_HANDLES: unknown[] = [-1, -2, NaN, 1.5, Infinity, -Infinity, 2 ** 31, 2 ** 53, '3', null, undefined, {}, 3n];

test('a handle that is not a non-negative integer is WSAENOTSOCK everywhere', (t) => {
  const buf = new Uint8Array(8);
  const sa = loopback(AF_INET, 9);
  for (const bad of BAD_HANDLES) {
    const h = any(bad);
    const label = String(bad);
    t.is(sys.bind(h, sa), -WSAENOTSOCK, `bind ${label}`);
    t.is(sys.listen(h, 1), -WSAENOTSOCK, `listen ${label}`);
    t.is(sys.accept(h, null), -WSAENOTSOCK, `accept ${label}`);
    t.is(sys.connect(h, sa), -WSAENOTSOCK, `connect ${label}`);
    t.is(sys.send(h, buf, 1, 0), -WSAENOTSOCK, `send ${label}`);
    t.is(sys.recv(h, buf, 1, 0), -WSAENOTSOCK, `recv ${label}`);
    t.is(sys.sendto(h, buf, 1, 0, sa), -WSAENOTSOCK, `sendto ${label}`);
    t.is(sys.recvfrom(h, buf, 1, 0, null), -WSAENOTSOCK, `recvfrom ${label}`);
    t.is(sys.shutdown(h, 2), -WSAENOTSOCK, `shutdown ${label}`);
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_TYPE, buf, new Uint32Array([4])), -WSAENOTSOCK, `getsockopt ${label}`);
    t.is(sys.setsockopt(h, SOL_SOCKET, SO_TYPE, buf, 4), -WSAENOTSOCK, `setsockopt ${label}`);
    t.is(sys.getsockname(h, emptySockAddr()), -WSAENOTSOCK, `getsockname ${label}`);
    t.is(sys.getpeername(h, emptySockAddr()), -WSAENOTSOCK, `getpeername ${label}`);
    t.is(sys.ioctl(h, FIONREAD, new Uint32Array(1)), -WSAENOTSOCK, `ioctl ${label}`);
    t.is(sys.socketError(h), -WSAENOTSOCK, `socketError ${label}`);
    t.is(sys.waitSync(h, POLL_READ, 0), -WSAENOTSOCK, `waitSync ${label}`);
    t.is(sys.poller().watch(h, POLL_READ, () => {}), -WSAENOTSOCK, `watch ${label}`);
    t.notThrows(() => sys.poller().forget(h));
    t.is(sys.close(h), -WSAENOTSOCK, `close ${label}`);
  }
});

test('a closed handle is WSAENOTSOCK', (t) => {
  const h = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  t.is(sys.close(h), 0);
  const buf = new Uint8Array(4);
  t.is(sys.recv(h, buf, 4, 0), -WSAENOTSOCK);
  t.is(sys.send(h, buf, 4, 0), -WSAENOTSOCK);
  t.is(sys.socketError(h), -WSAENOTSOCK);
  t.is(sys.close(h), -WSAENOTSOCK);
});

test('a length beyond a subarray is WSAEFAULT and nothing is written past its end', (t) => {
  const p = tcpPair();
  try {
    const payload = new Uint8Array(32).fill(0x5a);
    t.is(sys.send(p.client, payload, payload.length, 0), payload.length);
    ok(sys.waitSync(p.server, POLL_READ, 5000), 'wait');

    const backing = new Uint8Array(32).fill(0xaa);
    const window = backing.subarray(8, 16);
    t.is(sys.recv(p.server, window, 9, 0), -WSAEFAULT);
    t.is(sys.recv(p.server, window, -1, 0), -WSAEFAULT);
    t.is(sys.recv(p.server, window, 1.5, 0), -WSAEFAULT);
    t.is(sys.recv(p.server, window, NaN, 0), -WSAEFAULT);
    t.is(sys.recv(p.server, window, any('8'), 0), -WSAEFAULT);
    t.true(backing.every((b) => b === 0xaa), 'a refused call wrote nothing');

    t.is(sys.recv(p.server, window, 8, 0), 8);
    t.true(window.every((b) => b === 0x5a), 'the window got the data');
    t.true(backing.subarray(0, 8).every((b) => b === 0xaa), 'canary before the window intact');
    t.true(backing.subarray(16).every((b) => b === 0xaa), 'canary after the window intact');

    t.true(recvExactly(p.server, 24).every((b) => b === 0x5a), 'the rest of the payload');
    // koffi passes a subarray's own start: what is sent is the window, not the backing store.
    const source = new Uint8Array(24).map((_, i) => i);
    t.is(sys.send(p.client, source.subarray(10, 14), 4, 0), 4);
    ok(sys.waitSync(p.server, POLL_READ, 5000), 'wait');
    const four = new Uint8Array(4);
    t.is(sys.recv(p.server, four, 4, 0), 4);
    t.deepEqual([...four], [10, 11, 12, 13]);

    t.is(sys.send(p.client, window, 9, 0), -WSAEFAULT);
    t.is(sys.sendto(p.client, window, 9, 0, loopback(AF_INET, 9)), -WSAEFAULT);
    t.is(sys.recvfrom(p.server, window, 9, 0, null), -WSAEFAULT);
  } finally {
    p.close();
  }
});

test('a buffer that is not a Uint8Array, or is detached, is WSAEFAULT', (t) => {
  const p = tcpPair();
  try {
    // A JS number given to koffi as a pointer would be taken as an address.
    for (const bad of [64, 0, 'abcdefgh', null, undefined, [1, 2, 3, 4], new ArrayBuffer(8), {}, new Uint16Array(8)]) {
      t.is(sys.send(p.client, any(bad), 4, 0), -WSAEFAULT, `send ${String(bad)}`);
      t.is(sys.recv(p.server, any(bad), 4, 0), -WSAEFAULT, `recv ${String(bad)}`);
    }
    const detached = new Uint8Array(16);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    t.is(detached.byteLength, 0);
    t.is(sys.recv(p.server, detached, 4, 0), -WSAEFAULT);
    t.is(sys.send(p.client, detached, 4, 0), -WSAEFAULT);
  } finally {
    p.close();
  }
});

test('option buffers are checked against their real size', (t) => {
  const h = ok(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
  try {
    const val = new Uint8Array(4);
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_TYPE, val, new Uint32Array([8])), -WSAEFAULT, 'length above the buffer');
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_TYPE, val, new Uint32Array([2])), -WSAEFAULT, 'too small for an int');
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_TYPE, val, any([4])), -WSAEFAULT, 'length not a Uint32Array');
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_TYPE, any(16), new Uint32Array([4])), -WSAEFAULT, 'number as buffer');
    t.is(sys.setsockopt(h, SOL_SOCKET, SO_TYPE, val, 5), -WSAEFAULT, 'set length above the buffer');
    t.is(sys.getsockopt(h, SOL_SOCKET, 0x7777, val, new Uint32Array([4])), -WSAENOPROTOOPT, 'unknown name');
    t.is(sys.ioctl(h, FIONREAD, any([0])), -WSAEFAULT, 'ioctl arg not a Uint32Array');
  } finally {
    sys.close(h);
  }
});

test('bad families, types and addresses get their own codes', (t) => {
  t.is(sys.socket(999, SOCK_STREAM, 0), -WSAEAFNOSUPPORT);
  t.is(sys.socket(AF_INET, 99, 0), -WSAESOCKTNOSUPPORT);
  const h = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  try {
    t.is(sys.bind(h, { family: AF_INET, addr: new Uint8Array(3), port: 0, flowinfo: 0, scopeId: 0 }), -WSAEFAULT);
    t.is(sys.bind(h, { family: AF_INET, addr: new Uint8Array(4), port: 70000, flowinfo: 0, scopeId: 0 }), -WSAEFAULT);
    t.is(sys.bind(h, { family: AF_INET, addr: new Uint8Array(4), port: -1, flowinfo: 0, scopeId: 0 }), -WSAEFAULT);
    t.is(sys.bind(h, { family: 99, addr: new Uint8Array(4), port: 0, flowinfo: 0, scopeId: 0 }), -WSAEAFNOSUPPORT);
    t.is(sys.bind(h, any(null)), -WSAEFAULT);
    t.is(sys.bind(h, any({ family: AF_INET, addr: [127, 0, 0, 1], port: 0 })), -WSAEFAULT);
    t.is(sys.getsockname(h, any(null)), -WSAEFAULT);
  } finally {
    sys.close(h);
  }
});

/**
 * One table, run on whichever back end is active (Linux in `npm test`, ws2_32 under Wine in the
 * Windows run): every row's code comes from src/native/arg-guard.ts, so both must agree.
 */
test('the same bad arguments give the same codes on both back ends', (t) => {
  const p = tcpPair();
  const u = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  try {
    const h = p.client;
    const buf = new Uint8Array(8);
    const sa = loopback(AF_INET, 9);
    const rows: Array<[string, () => number, number]> = [
      ['send: length past the buffer', () => sys.send(h, buf, 9, 0), WSAEFAULT],
      ['send: length -1', () => sys.send(h, buf, -1, 0), WSAEFAULT],
      ['send: a number for the buffer', () => sys.send(h, any(64), 4, 0), WSAEFAULT],
      ['send: a bad buffer before bad flags', () => sys.send(h, buf, 9, 0x8000), WSAEFAULT],
      ['send: a flag Winsock does not define', () => sys.send(h, buf, 1, 0x8000), WSAEOPNOTSUPP],
      ['send: flags not an integer', () => sys.send(h, buf, 1, 1.5), WSAEINVAL],
      ['recv: flags not a number', () => sys.recv(h, buf, 1, any('2')), WSAEINVAL],
      ['recvfrom: source not an object', () => sys.recvfrom(u, buf, 1, 0, any(5)), WSAEFAULT],
      ['sendto: address of the wrong size', () => sys.sendto(u, buf, 1, 0, { ...sa, addr: new Uint8Array(5) }), WSAEFAULT],
      ['sendto: unknown family', () => sys.sendto(u, buf, 1, 0, { ...sa, family: 99 }), WSAEAFNOSUPPORT],
      ['accept: peer not an object', () => sys.accept(p.listener, any(7)), WSAEFAULT],
      ['listen: backlog NaN', () => sys.listen(u, NaN), WSAEINVAL],
      ['shutdown: how 3', () => sys.shutdown(h, 3), WSAEINVAL],
      ['shutdown: how not a number', () => sys.shutdown(h, any('1')), WSAEINVAL],
      ['ioctl: unknown command', () => sys.ioctl(h, 0x12345, new Uint32Array(1)), WSAEINVAL],
      ['ioctl: unknown command before a bad argument', () => sys.ioctl(h, 0x12345, any(null)), WSAEINVAL],
      ['ioctl: argument not a Uint32Array', () => sys.ioctl(h, FIONREAD, any([0])), WSAEFAULT],
      ['getsockopt: level not an integer', () => sys.getsockopt(h, any(1.5), SO_TYPE, buf, new Uint32Array([4])), WSAEINVAL],
      ['getsockopt: length past the buffer', () => sys.getsockopt(h, SOL_SOCKET, SO_TYPE, buf, new Uint32Array([9])), WSAEFAULT],
      ['getsockopt: empty length array', () => sys.getsockopt(h, SOL_SOCKET, SO_TYPE, buf, new Uint32Array(0)), WSAEFAULT],
      ['setsockopt: name not an integer', () => sys.setsockopt(h, SOL_SOCKET, any('x'), buf, 4), WSAEINVAL],
      ['setsockopt: length -1 outside SOL_SOCKET', () => sys.setsockopt(h, IPPROTO_TCP, TCP_NODELAY, buf, -1), WSAENOBUFS],
      ['setsockopt: length -1 for a one-byte SOL_SOCKET option', () => sys.setsockopt(h, SOL_SOCKET, SO_KEEPALIVE, buf, -1), WSAENOBUFS],
      ['setsockopt: length -1 (read as 4) past a 2-byte buffer', () => sys.setsockopt(h, SOL_SOCKET, SO_RCVBUF, buf.subarray(0, 2), -1), WSAEFAULT],
      ['setsockopt: length -2', () => sys.setsockopt(h, SOL_SOCKET, SO_RCVBUF, buf, -2), WSAEFAULT],
      ['getsockname: output not an object', () => sys.getsockname(h, any(3)), WSAEFAULT],
      ['getpeername: output null', () => sys.getpeername(h, any(null)), WSAEFAULT],
      ['socket: family not an integer', () => sys.socket(any(2.5), SOCK_STREAM, 0), WSAEINVAL],
      ['socket: type beyond int', () => sys.socket(AF_INET, 2 ** 32 + 1, 0), WSAEINVAL],
      ['waitSync: unknown interest', () => sys.waitSync(h, 64, 0), WSAEINVAL],
      ['waitSync: negative time limit', () => sys.waitSync(h, POLL_READ, -2), WSAEINVAL],
      ['waitSync: time limit NaN', () => sys.waitSync(h, POLL_READ, NaN), WSAEINVAL],
      ['watch: unknown interest', () => sys.poller().watch(h, 64, () => {}), WSAEINVAL],
      ['watch: no callback on the first watch', () => sys.poller().watch(h, POLL_READ, any(null)), WSAEINVAL],
    ];
    for (const [what, call, code] of rows) t.is(call(), -code, what);
    // Length -1 on a 4-byte SOL_SOCKET option is its own size, as on Windows: the value is set.
    const size = new Uint8Array(8);
    new DataView(size.buffer).setInt32(0, 65536, true);
    t.is(sys.setsockopt(h, SOL_SOCKET, SO_RCVBUF, size, -1), 0, 'setsockopt: SO_RCVBUF with length -1');
    const got = new Uint8Array(4);
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_RCVBUF, got, new Uint32Array([4])), 0);
    t.is(new DataView(got.buffer).getInt32(0, true), 65536, 'the value set with length -1');
    // A time limit of Infinity is "no limit" on both, like -1; a ready socket answers at once.
    t.true(sys.waitSync(h, POLL_WRITE, Infinity) > 0, 'waitSync: Infinity');
  } finally {
    sys.poller().forget(p.client);
    sys.close(u);
    p.close();
  }
});

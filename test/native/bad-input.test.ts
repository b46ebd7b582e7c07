import test from 'ava';
import {
  FIONREAD, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, WSAEAFNOSUPPORT, WSAEFAULT, WSAENOPROTOOPT,
  WSAENOTSOCK, WSAESOCKTNOSUPPORT,
} from '../../src/index.js';
import { emptySockAddr, POLL_READ } from '../../src/diagnostics.js';
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

import test from 'ava';
import {
  FIONBIO, FIONREAD, IPPROTO_TCP, SO_ACCEPTCONN, SO_DONTLINGER, SO_ERROR, SO_KEEPALIVE, SO_LINGER,
  SO_RCVTIMEO, SO_REUSEADDR, SO_SNDTIMEO, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, TCP_NODELAY,
  WSAEFAULT,
} from '../../src/index.js';
import { POLL_READ } from '../../src/diagnostics.js';
import { AF_INET, loopback, ok, sys, tcpPair } from '../support/native-sockets.js';

function getInt(h: number, level: number, name: number): { rc: number; value: number; len: number } {
  const val = new Uint8Array(4);
  const len = new Uint32Array([4]);
  const rc = sys.getsockopt(h, level, name, val, len);
  return { rc, value: new DataView(val.buffer).getInt32(0, true), len: len[0]! };
}

function setInt(h: number, level: number, name: number, v: number): number {
  const val = new Uint8Array(4);
  new DataView(val.buffer).setInt32(0, v, true);
  return sys.setsockopt(h, level, name, val, 4);
}

function withSocket(type: number, fn: (h: number) => void): void {
  const h = ok(sys.socket(AF_INET, type, 0), 'socket');
  try { fn(h); } finally { sys.close(h); }
}

test('SO_LINGER uses the Winsock layout: two u16, four bytes', (t) => {
  withSocket(SOCK_STREAM, (h) => {
    const val = new Uint8Array(4);
    const dv = new DataView(val.buffer);
    dv.setUint16(0, 1, true);
    dv.setUint16(2, 7, true);
    t.is(sys.setsockopt(h, SOL_SOCKET, SO_LINGER, val, 4), 0);
    const out = new Uint8Array(8).fill(0xee);
    const len = new Uint32Array([8]);
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_LINGER, out, len), 0);
    t.is(len[0], 4);
    const ov = new DataView(out.buffer);
    t.is(ov.getUint16(0, true), 1);
    t.is(ov.getUint16(2, true), 7);
    t.deepEqual([...out.subarray(4)], [0xee, 0xee, 0xee, 0xee], 'nothing written beyond the value');
    t.is(getInt(h, SOL_SOCKET, SO_DONTLINGER).value, 0);

    t.is(setInt(h, SOL_SOCKET, SO_DONTLINGER, 1), 0);
    t.is(sys.getsockopt(h, SOL_SOCKET, SO_LINGER, out, new Uint32Array([4])), 0);
    t.is(ov.getUint16(0, true), 0, 'SO_DONTLINGER cleared l_onoff');
    t.is(getInt(h, SOL_SOCKET, SO_DONTLINGER).value, 1);

    t.is(sys.setsockopt(h, SOL_SOCKET, SO_LINGER, val, 3), -WSAEFAULT);
  });
});

test('SO_RCVTIMEO and SO_SNDTIMEO are DWORD milliseconds', (t) => {
  withSocket(SOCK_STREAM, (h) => {
    t.is(setInt(h, SOL_SOCKET, SO_RCVTIMEO, 1500), 0);
    const r = getInt(h, SOL_SOCKET, SO_RCVTIMEO);
    t.is(r.rc, 0);
    t.is(r.value, 1500);
    t.is(r.len, 4);
    t.is(setInt(h, SOL_SOCKET, SO_SNDTIMEO, 2000), 0);
    t.is(getInt(h, SOL_SOCKET, SO_SNDTIMEO).value, 2000);
    t.is(setInt(h, SOL_SOCKET, SO_RCVTIMEO, 0), 0);
    t.is(getInt(h, SOL_SOCKET, SO_RCVTIMEO).value, 0);
  });
});

test('SO_TYPE answers Winsock SOCK_* values', (t) => {
  withSocket(SOCK_STREAM, (h) => {
    const r = getInt(h, SOL_SOCKET, SO_TYPE);
    t.is(r.rc, 0);
    t.is(r.value, SOCK_STREAM);
    t.is(r.len, 4);
  });
  withSocket(SOCK_DGRAM, (h) => t.is(getInt(h, SOL_SOCKET, SO_TYPE).value, SOCK_DGRAM));
});

test('BOOL options round-trip: TCP_NODELAY, SO_REUSEADDR, SO_KEEPALIVE', (t) => {
  withSocket(SOCK_STREAM, (h) => {
    for (const [level, name] of [[IPPROTO_TCP, TCP_NODELAY], [SOL_SOCKET, SO_REUSEADDR], [SOL_SOCKET, SO_KEEPALIVE]] as const) {
      t.is(setInt(h, level, name, 1), 0);
      const val = new Uint8Array(4);
      t.is(sys.getsockopt(h, level, name, val, new Uint32Array([4])), 0);
      t.is(val[0], 1, `option ${name} on`);
      t.is(setInt(h, level, name, 0), 0);
      val.fill(0xff);
      t.is(sys.getsockopt(h, level, name, val, new Uint32Array([4])), 0);
      t.is(val[0], 0, `option ${name} off`);
    }
  });
});

test('SO_ERROR is 0 on a healthy socket; SO_ACCEPTCONN tells a listener', (t) => {
  withSocket(SOCK_STREAM, (h) => {
    const e = getInt(h, SOL_SOCKET, SO_ERROR);
    t.is(e.rc, 0);
    t.is(e.value, 0);
    t.is(getInt(h, SOL_SOCKET, SO_ACCEPTCONN).value, 0);
    ok(sys.bind(h, loopback(AF_INET)), 'bind');
    ok(sys.listen(h, 1), 'listen');
    t.not(getInt(h, SOL_SOCKET, SO_ACCEPTCONN).value, 0);
  });
});

test('ioctl: FIONREAD counts pending bytes; FIONBIO is accepted', (t) => {
  const p = tcpPair();
  try {
    const arg = new Uint32Array([123]);
    t.is(sys.ioctl(p.server, FIONREAD, arg), 0);
    t.is(arg[0], 0);
    t.is(sys.send(p.client, new Uint8Array(10), 10, 0), 10);
    ok(sys.waitSync(p.server, POLL_READ, 5000), 'wait');
    t.is(sys.ioctl(p.server, FIONREAD, arg), 0);
    t.is(arg[0], 10);
    arg[0] = 1;
    t.is(sys.ioctl(p.server, FIONBIO, arg), 0);
  } finally {
    p.close();
  }
});

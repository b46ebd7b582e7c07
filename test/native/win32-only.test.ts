/**
 * What only the Windows layer has: ws2_32 through koffi, the AFD poller, the UDP wake, Wine
 * detection. Runs under the Windows node.exe (`npm run test:windows`); skipped, with the reason
 * in the title, elsewhere. The shared contract tests (test/native/*.test.ts) cover the rest.
 */
import test, { type ExecutionContext } from 'ava';
import { Worker } from 'node:worker_threads';
import {
  AF_INET, AF_INET6, FIONBIO, FIONREAD, IPPROTO_TCP, SO_LINGER, SO_RCVTIMEO, SO_TYPE, SOCK_STREAM, SOL_SOCKET,
  WSAEAFNOSUPPORT, WSAECONNREFUSED, WSAECONNRESET, WSAEFAULT, WSAEINVAL, WSAENOTSOCK, WSAEOPNOTSUPP,
  WSAEPROTONOSUPPORT, WSAEWOULDBLOCK, WSAHOST_NOT_FOUND, } from '../../src/index.js';
import {
  confirmed, createWin32Api, isWine, POLL_ERR, POLL_HUP, POLL_READ, POLL_WAKE, POLL_WRITE, type SockAddr,
  type SocketApi,
} from '../../src/diagnostics.js';
import { windowsOnly, wineGap } from '../support/gates.js';
import { onWindows } from '../support/platform.js';

const loopback = (port = 0): SockAddr => ({ family: AF_INET, addr: new Uint8Array([127, 0, 0, 1]), port, flowinfo: 0, scopeId: 0 });
const blank = (): SockAddr => ({ family: 0, addr: new Uint8Array(0), port: 0, flowinfo: 0, scopeId: 0 });

let shared: SocketApi | undefined;
const win = (): SocketApi => (shared ??= createWin32Api());

/** Handles to close when the test ends, whatever happened. */
function closer(t: ExecutionContext, api: SocketApi): (h: number) => number {
  const open: number[] = [];
  t.teardown(() => { for (const h of open) { api.poller().forget(h); api.close(h); } });
  return (h) => { if (h >= 0) open.push(h); return h; };
}

/** A listening socket on 127.0.0.1 and its address. */
function listener(api: SocketApi, keep: (h: number) => number): { l: number; addr: SockAddr } {
  const l = keep(api.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
  if (l < 0 || api.bind(l, loopback()) !== 0 || api.listen(l, 8) !== 0) throw new Error(`listener: ${l}`);
  const addr = blank();
  api.getsockname(l, addr);
  return { l, addr };
}

/** A connected pair (client, server side), completed with bounded waits. */
function pair(api: SocketApi, keep: (h: number) => number): { c: number; s: number } {
  const { l, addr } = listener(api, keep);
  const c = keep(api.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
  const rc = api.connect(c, addr);
  if (rc !== 0 && rc !== -WSAEWOULDBLOCK) throw new Error(`connect: ${rc}`);
  if ((api.waitSync(l, POLL_READ, 5000) & POLL_READ) === 0) throw new Error('no pending connection');
  const s = keep(api.accept(l, null));
  if (s < 0) throw new Error(`accept: ${s}`);
  if ((api.waitSync(c, POLL_WRITE, 5000) & POLL_WRITE) === 0) throw new Error('connect did not complete');
  return { c, s };
}

test('isWine() is false off Windows, true when the Wine runner says so', (t) => {
  if (!onWindows) t.false(isWine());
  else if (process.env.AFXSOCK_EXPECT_WINE === '1') t.true(isWine());
  else t.is(typeof isWine(), 'boolean');
});

test('a stale readiness from libuv is dropped unless the socket state confirms it', (t) => {
  t.is(confirmed(POLL_READ, POLL_WRITE), 0, 'readable reported, nothing to read any more');
  t.is(confirmed(POLL_READ | POLL_WRITE, POLL_WRITE), POLL_WRITE);
  t.is(confirmed(POLL_READ, POLL_READ | POLL_WRITE), POLL_READ);
  t.is(confirmed(POLL_READ | POLL_HUP, POLL_HUP), POLL_READ | POLL_HUP, 'a peer close confirms all');
  t.is(confirmed(POLL_WRITE, POLL_ERR), POLL_WRITE, 'a failed connect confirms all');
  t.is(confirmed(POLL_READ, -1), POLL_READ, 'no probe: the hint stands');
});

windowsOnly('every socket is non-blocking from creation, accepted ones too', (t) => {
  const api = win();
  const keep = closer(t, api);
  const { l } = listener(api, keep);
  t.is(api.accept(l, null), -WSAEWOULDBLOCK);
  const { c, s } = pair(api, keep);
  const buf = new Uint8Array(8);
  t.is(api.recv(c, buf, 8, 0), -WSAEWOULDBLOCK);
  t.is(api.recv(s, buf, 8, 0), -WSAEWOULDBLOCK);
});

windowsOnly('INVALID_SOCKET becomes the WSA error, never a handle', (t) => {
  const api = win();
  t.is(api.socket(12345, SOCK_STREAM, 0), -WSAEAFNOSUPPORT);
  t.true(api.socket(AF_INET, 77, 0) < 0);
  // A protocol the type does not carry: WSAEPROTONOSUPPORT (sock.c's test_WSASocket table).
  t.is(api.socket(AF_INET, SOCK_STREAM, -1), -WSAEPROTONOSUPPORT);
});

windowsOnly('anything but a live socket handle answers WSAENOTSOCK', (t) => {
  const api = win();
  const buf = new Uint8Array(4);
  const dead = api.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  t.true(dead >= 0);
  t.is(api.close(dead), 0);
  for (const h of [-1, 1.5, Number.NaN, 2 ** 60, '8' as unknown as number, 10n as unknown as number, dead]) {
    t.is(api.send(h, buf, 4, 0), -WSAENOTSOCK, `send ${String(h)}`);
    t.is(api.recv(h, buf, 4, 0), -WSAENOTSOCK, `recv ${String(h)}`);
    t.is(api.close(h), -WSAENOTSOCK, `close ${String(h)}`);
    t.is(api.socketError(h), -WSAENOTSOCK, `socketError ${String(h)}`);
    t.is(api.ioctl(h, FIONREAD, new Uint32Array(1)), -WSAENOTSOCK, `ioctl ${String(h)}`);
    t.is(api.waitSync(h, POLL_READ, 0), -WSAENOTSOCK, `waitSync ${String(h)}`);
    // A closed or made-up socket given to koffi.node.poll would abort the process.
    t.is(api.poller().watch(h, POLL_READ, () => {}), -WSAENOTSOCK, `watch ${String(h)}`);
  }
});

windowsOnly('lengths beyond the buffer and non-buffers answer WSAEFAULT', (t) => {
  const api = win();
  const keep = closer(t, api);
  const { c } = pair(api, keep);
  const buf = new Uint8Array(4);
  t.is(api.send(c, buf, 5, 0), -WSAEFAULT);
  t.is(api.recv(c, buf.subarray(2), 3, 0), -WSAEFAULT);
  t.is(api.send(c, 64 as unknown as Uint8Array, 4, 0), -WSAEFAULT);
  t.is(api.recv(c, buf, -1, 0), -WSAEFAULT);
  t.is(api.sendto(c, buf, 4.5, 0, loopback(1)), -WSAEFAULT);
  t.is(api.setsockopt(c, SOL_SOCKET, SO_LINGER, buf, 8), -WSAEFAULT);
  t.is(api.getsockopt(c, SOL_SOCKET, SO_TYPE, buf, new Uint32Array([5])), -WSAEFAULT);
  t.is(api.getsockopt(c, SOL_SOCKET, SO_TYPE, buf, new Uint32Array(0)), -WSAEFAULT);
  t.is(api.ioctl(c, FIONREAD, [0] as unknown as Uint32Array), -WSAEFAULT);
  t.is(api.send(c, buf, 4, 0x1000), -WSAEOPNOTSUPP);
  t.is(api.ioctl(c, 0x12345, new Uint32Array(1)), -WSAEINVAL);
});

windowsOnly('options pass through in Winsock layouts', (t) => {
  const api = win();
  const keep = closer(t, api);
  const s = keep(api.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
  const linger = new Uint8Array(4);
  new DataView(linger.buffer).setUint16(0, 1, true);
  new DataView(linger.buffer).setUint16(2, 7, true);
  t.is(api.setsockopt(s, SOL_SOCKET, SO_LINGER, linger, 4), 0);
  const out = new Uint8Array(8);
  const len = new Uint32Array([8]);
  t.is(api.getsockopt(s, SOL_SOCKET, SO_LINGER, out, len), 0);
  t.is(len[0], 4);
  t.deepEqual([...out.subarray(0, 4)], [1, 0, 7, 0]);
  const ms = new Uint8Array(new Uint32Array([1500]).buffer);
  t.is(api.setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, ms, 4), 0);
  len[0] = 4;
  t.is(api.getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, out, len), 0);
  t.is(new DataView(out.buffer).getUint32(0, true), 1500);
  const arg = new Uint32Array([1]);
  t.is(api.ioctl(s, FIONBIO, arg), 0);
});

windowsOnly('the poller reports data and peer close, and a watch can forget itself in its callback', async (t) => {
  const api = win();
  const keep = closer(t, api);
  const { c, s } = pair(api, keep);
  const seen: number[] = [];
  const buf = new Uint8Array(16);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out; saw ${seen.join(',')}`)), 10_000);
    const rc = api.poller().watch(s, POLL_READ, (h, revents) => {
      const n = api.recv(h, buf, buf.byteLength, 0);
      if (n === -WSAEWOULDBLOCK) return; // a stale hint, allowed by the contract
      seen.push(n);
      if (n === 3) api.shutdown(c, 1);
      if (n === 0) {
        t.true((revents & POLL_READ) !== 0);
        api.poller().forget(h);
        clearTimeout(timer);
        resolve();
      }
    });
    t.is(rc, 0);
    t.is(api.send(c, new Uint8Array([1, 2, 3]), 3, 0), 3);
  });
  t.deepEqual(seen, [3, 0]);
});

windowsOnly('a refused connect arrives as readiness and SO_ERROR says WSAECONNREFUSED', async (t) => {
  const api = win();
  const keep = closer(t, api);
  // A port that was just free: bound, then closed, so nothing listens there.
  const probe = api.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
  t.is(api.bind(probe, loopback()), 0);
  const dead = blank();
  t.is(api.getsockname(probe, dead), 0);
  t.is(api.close(probe), 0);
  const c = keep(api.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
  const rc = api.connect(c, dead);
  t.true(rc === -WSAEWOULDBLOCK || rc === -WSAECONNREFUSED);
  if (rc === -WSAECONNREFUSED) return;
  const revents = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no notification')), 15_000);
    api.poller().watch(c, POLL_READ | POLL_WRITE, (_h, ev) => {
      api.poller().watch(c, 0, () => {});
      clearTimeout(timer);
      resolve(ev);
    });
  });
  t.not(revents, 0);
  t.is(api.socketError(c), WSAECONNREFUSED);
});

windowsOnly('watch with interest 0 keeps the registration; forget is idempotent', (t) => {
  const api = win();
  const keep = closer(t, api);
  const s = keep(api.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP));
  const p = api.poller();
  t.is(p.watch(s, 0, () => {}), 0);
  t.is(p.watch(s, POLL_WRITE, () => {}), 0);
  p.setRef(s, false);
  t.is(p.watch(s, 0, () => {}), 0);
  t.is(p.watch(s, 8, () => {}), -WSAEINVAL);
  p.forget(s);
  p.forget(s);
  t.is(api.close(s), 0);
});

windowsOnly('waitSync: timeout, readiness, and a wake from another thread', async (t) => {
  const api = win();
  const keep = closer(t, api);
  const { c, s } = pair(api, keep);
  api.drainWake();
  t.is(api.waitSync(s, POLL_READ, 0), 0);
  t.is(api.waitSync(c, POLL_WRITE, 0) & POLL_WRITE, POLL_WRITE);
  t.is(api.send(c, new Uint8Array([9]), 1, 0), 1);
  t.is(api.waitSync(s, POLL_READ, 5000) & POLL_READ, POLL_READ);
  t.is(api.recv(s, new Uint8Array(1), 1, 0), 1);

  const token = api.wakeToken();
  t.is(token.kind, 'udp');
  api.signalWake(token);
  t.is(api.waitSync(s, POLL_READ, 5000), POLL_WAKE);
  api.drainWake();
  t.is(api.waitSync(s, POLL_READ, 0), 0);

  // Another thread, no FFI: one datagram to the token's port wakes a wait with no time limit.
  const worker = new Worker(
    `const d = require('node:dgram').createSocket('udp4');
     d.send(Buffer.alloc(1), require('node:worker_threads').workerData, '127.0.0.1', () => d.close());`,
    { eval: true, workerData: token.value },
  );
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  t.is(api.waitSync(s, POLL_READ, -1), POLL_WAKE);
  api.drainWake();
  await exited;
});

windowsOnly('resolve uses GetAddrInfoW', (t) => {
  const api = win();
  const v4 = api.resolve('localhost', AF_INET);
  t.true(Array.isArray(v4));
  t.true((v4 as SockAddr[]).some((a) => a.family === AF_INET && a.addr.join('.') === '127.0.0.1'));
  const v6 = api.resolve('::1', AF_INET6);
  t.true(Array.isArray(v6));
  t.is((v6 as SockAddr[])[0]!.family, AF_INET6);
  t.is(api.resolve('localhost', 99), -WSAEAFNOSUPPORT);
  t.is(api.resolve('local\0host', AF_INET), -WSAHOST_NOT_FOUND);
});

wineGap('recv after a peer RST returns 0 under Wine 8.0', true)('recv after a peer reset reports WSAECONNRESET', (t) => {
  const api = win();
  const keep = closer(t, api);
  const { c, s } = pair(api, keep);
  const linger = new Uint8Array([1, 0, 0, 0]); // l_onoff 1, l_linger 0: close sends RST
  t.is(api.setsockopt(c, SOL_SOCKET, SO_LINGER, linger, 4), 0);
  t.is(api.close(c), 0);
  t.not(api.waitSync(s, POLL_READ, 5000), 0);
  t.is(api.recv(s, new Uint8Array(4), 4, 0), -WSAECONNRESET);
});

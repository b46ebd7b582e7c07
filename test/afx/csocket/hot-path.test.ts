/**
 * The request/response fast path (bench/PROFILE.md): once a socket's reads keep finding
 * nothing, Receive waits for readiness instead of first making a recv that fails, in both
 * flavours; every byte still arrives in order, a stream that follows is read as before, and
 * ShutDown is seen at once. The recv calls are counted by wrapping the libc binding the
 * POSIX layer calls (the OS is real; only the calls are counted), so those checks run on Linux.
 */
import test from 'ava';
import {
  CAsyncSocket, CSocket, FIONREAD, SOCK_STREAM, SOCKET_ERROR, WSAEFAULT, WSAEINTR, WSAESHUTDOWN,
} from '../../../src/index.js';
import { serverChild } from '../../support/children.js';
import { LOOPBACK, must, pair } from '../../support/sockets.js';
import { until } from '../../support/waits.js';

const onLinux = process.platform === 'linux';
const linuxTest = onLinux ? test : test.skip;

/** Counts recv calls on descriptor `h` until `stop()`. */
async function countRecv(h: number): Promise<{ count: () => number; stop: () => void }> {
  const { loadLibc } = await import('../../../src/diagnostics.js');
  const libc = loadLibc() as unknown as { recv: (...a: unknown[]) => unknown };
  const real = libc.recv;
  let n = 0;
  libc.recv = (...a: unknown[]): unknown => {
    if (a[0] === h) n++;
    return real(...a);
  };
  return { count: () => n, stop: () => { libc.recv = real; } };
}

function message(i: number): Uint8Array {
  const m = new Uint8Array(64);
  for (let k = 0; k < 64; k++) m[k] = (i * 7 + k) & 0xff;
  return m;
}

/** Reads exactly `len` bytes with ReceiveAsync. */
async function readExactly(s: CSocket, len: number): Promise<Uint8Array> {
  const out = new Uint8Array(len);
  for (let got = 0; got < len;) {
    const n = await s.ReceiveAsync(out.subarray(got), len - got, 0, { timeout: 10000 });
    if (n <= 0) throw new Error(`ReceiveAsync gave ${n} (WSA ${s.GetLastError()}) after ${got} of ${len}`);
    got += n;
  }
  return out;
}

const ROUNDS = 200;

linuxTest('ReceiveAsync that keeps waiting stops making a recv that fails first (Linux: counts libc recv)', async (t) => {
  const p = await pair();
  const counter = await countRecv(p.server.m_hSocket);
  try {
    let receives = 0;
    for (let i = 0; i < ROUNDS; i++) {
      // The read starts before the bytes exist: a first recv would always fail.
      const got = p.server.ReceiveAsync(new Uint8Array(64), 64, 0, { timeout: 10000 });
      receives++;
      t.is(await p.client.SendAsync(message(i), 64), 64);
      const n = await got;
      t.is(n, 64);
    }
    const calls = counter.count();
    t.log(`${calls} recv calls for ${receives} ReceiveAsync calls`);
    // Without the fast path every call makes two (EAGAIN, then the data); with it, one plus a
    // probe every 8 calls and the two misses that start it.
    t.true(calls <= receives + Math.ceil(receives / 4), `${calls} recv calls for ${receives} receives`);
  } finally {
    counter.stop();
    p.close();
  }
});

test('request/response then a stream then ShutDown, awaitable: every byte in order, shutdown seen at once', async (t) => {
  const p = await pair();
  try {
    for (let i = 0; i < 50; i++) {
      const got = readExactly(p.server, 64);
      await p.client.SendAsync(message(i), 64);
      t.deepEqual(await got, message(i));
    }
    // A stream: the data is there before each read.
    const bulk = new Uint8Array(256 * 1024);
    for (let k = 0; k < bulk.length; k++) bulk[k] = (k * 31) & 0xff;
    const sent = p.client.SendAsync(bulk, bulk.length, 0, { timeout: 10000 });
    t.deepEqual(await readExactly(p.server, bulk.length), bulk);
    t.is(await sent, bulk.length);
    // A skipped first try must not hide a shutdown of receives.
    for (let i = 0; i < 4; i++) {
      const got = p.server.ReceiveAsync(new Uint8Array(64), 64, 0, { timeout: 10000 });
      await p.client.SendAsync(message(i), 64);
      t.is(await got, 64);
    }
    t.true(p.server.ShutDown(CAsyncSocket.receives));
    t.is(await p.server.ReceiveAsync(new Uint8Array(64), 64, 0, { timeout: 2000 }), SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAESHUTDOWN);
  } finally {
    p.close();
  }
});

test('an awaitable call cut short sets its error when it returns, not inside CancelBlockingCall', async (t) => {
  const p = await pair();
  try {
    // A call that fails at once sets its error before it returns its promise.
    const bad = p.server.ReceiveAsync(new Uint8Array(4), 99);
    t.is(p.server.GetLastError(), WSAEFAULT);
    t.is(await bad, SOCKET_ERROR);
    const waiting = p.server.ReceiveAsync(new Uint8Array(64), 64);
    t.true(p.server.IsBlocking());
    const before = p.server.GetLastError();
    t.not(before, WSAEINTR);
    p.server.CancelBlockingCall();
    t.is(p.server.GetLastError(), before, 'not yet WSAEINTR inside the canceller');
    t.is(await waiting, SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
  } finally {
    p.close();
  }
});

/** An echo server in a child process: the other end of a blocking call. */
function echoChild(): Promise<{ port: number; stop: () => void }> {
  return serverChild("(c) => { c.setNoDelay(true); c.pipe(c); c.on('error', () => {}); }");
}

linuxTest('blocking Receive in request/response makes about one recv per call, bytes exact (Linux: counts libc recv)', async (t) => {
  const echo = await echoChild();
  const s = new CSocket();
  try {
    must(s.Create(0, SOCK_STREAM, LOOPBACK), s, 'Create');
    must(s.Connect(LOOPBACK, echo.port), s, 'Connect');
    const counter = await countRecv(s.m_hSocket);
    let receives = 0;
    try {
      for (let i = 0; i < ROUNDS; i++) {
        t.is(s.Send(message(i), 64), 64);
        const out = new Uint8Array(64);
        for (let got = 0; got < 64;) {
          const n = s.Receive(out.subarray(got), 64 - got);
          receives++;
          if (n <= 0) throw new Error(`Receive gave ${n} (WSA ${s.GetLastError()})`);
          got += n;
        }
        if (i % 20 === 0) t.deepEqual(out, message(i));
      }
    } finally {
      counter.stop();
    }
    const calls = counter.count();
    t.log(`${calls} recv calls for ${receives} Receive calls`);
    t.true(calls <= receives + Math.ceil(receives / 4), `${calls} recv calls for ${receives} receives`);
  } finally {
    s.Close();
    echo.stop();
  }
});

test('after reads that kept missing, a ReceiveAsync that may not wait still returns data already there', async (t) => {
  const p = await pair();
  try {
    for (let i = 0; i < 3; i++) {
      const got = p.server.ReceiveAsync(new Uint8Array(64), 64, 0, { timeout: 10000 });
      await p.client.SendAsync(message(i), 64);
      t.is(await got, 64);
    }
    for (const opts of [{ signal: AbortSignal.abort() }, { timeout: 0 }]) {
      t.is(await p.client.SendAsync(message(9), 64), 64);
      // Let the bytes arrive before the call starts.
      await until(() => waitingBytes(p.server) >= 64, 5000, 'the 64 bytes to arrive');
      const out = new Uint8Array(64);
      t.is(await p.server.ReceiveAsync(out, 64, 0, opts), 64, JSON.stringify(Object.keys(opts)));
      t.deepEqual(out, message(9));
    }
  } finally {
    p.close();
  }
});

/** Bytes waiting on a socket (FIONREAD). */
function waitingBytes(s: CSocket): number {
  const n = { value: 0 };
  return s.IOCtl(FIONREAD, n) ? n.value : -1;
}

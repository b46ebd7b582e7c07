/**
 * A blocking call in one thread cancelled from another through GetCancelHandle() +
 * CancelBlockingCallByHandle(): the call ends with WSAEINTR within milliseconds, not after
 * m_nTimeOut (10 s here; the hook that runs when a slice ends never runs).
 */
import test from 'ava';
import { CSocket } from '../../../src/afx/CSocket.js';
import { CancelBlockingCallByHandle, type CSocketCancelHandle } from '../../../src/afx/cancel-handle.js';
import { SOCK_STREAM, SOCKET_ERROR } from '../../../src/wsa/constants.js';
import { WSAEINTR } from '../../../src/wsa/errors.js';
import { listener, LOOPBACK, must, nextMessage, pair, tsWorker } from '../../helpers/csocket.js';

const fixture = new URL('../../helpers/csocket-worker.ts', import.meta.url);

interface Result { type: string; rc: number | boolean; err: number; hookRuns: number; elapsedMs: number }

/** Waits (on the event loop) until the socket behind `handle` has a call blocking. */
async function blocking(handle: CSocketCancelHandle): Promise<boolean> {
  const cells = new Int32Array(handle.sab, 0, 1);
  for (let i = 0; i < 10000; i++) {
    if (Atomics.load(cells, 0) !== 0) return true;
    await new Promise((r) => setTimeout(r, 1));
  }
  return false;
}

test('a blocking Receive in a Worker is cancelled from the main thread with WSAEINTR, well before m_nTimeOut', async (t) => {
  const l = listener();
  const w = tsWorker(fixture, { op: 'receive', port: l.port });
  const server = new CSocket();
  try {
    const accepting = l.sock.AcceptAsync(server, null, { timeout: 20000 });
    const { handle } = await nextMessage<{ type: string; handle: CSocketCancelHandle }>(w, 'handle');
    t.true(await accepting);
    const result = nextMessage<Result>(w, 'result');
    t.true(await blocking(handle));
    CancelBlockingCallByHandle(handle);
    const r = await result;
    t.is(r.rc, SOCKET_ERROR);
    t.is(r.err, WSAEINTR);
    t.is(r.hookRuns, 0, 'the call ended inside its first 10 s slice');
    t.true(r.elapsedMs < 5000, `ended after ${r.elapsedMs} ms`);
  } finally {
    server.Close();
    l.sock.Close();
    await w.terminate();
  }
});

test('a blocking Accept in a Worker cancelled from the main thread; its next Accept gets the connection', async (t) => {
  const w = tsWorker(fixture, { op: 'accept' });
  const c = new CSocket();
  try {
    const { handle, port } = await nextMessage<{ type: string; handle: CSocketCancelHandle; port: number }>(w, 'handle');
    const result = nextMessage<Result>(w, 'result');
    const again = nextMessage<{ type: string }>(w, 'ready-again');
    t.true(await blocking(handle));
    CancelBlockingCallByHandle(handle);
    const r = await result;
    t.is(r.rc, false);
    t.is(r.err, WSAEINTR);
    t.is(r.hookRuns, 0);
    await again;
    const second = nextMessage<{ type: string; rc: boolean; err: number }>(w, 'second');
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    t.true(await c.ConnectAsync(LOOPBACK, port, { timeout: 10000 }));
    t.true((await second).rc);
  } finally {
    c.Close();
    await w.terminate();
  }
});

test('a blocking Receive in the main thread is cancelled from a Worker', async (t) => {
  const p = await pair();
  try {
    let hookRuns = 0;
    p.server.m_nTimeOut = 10000;
    p.server.OnMessagePending = () => { hookRuns++; return false; };
    const w = tsWorker(fixture, { op: 'cancel', handle: p.server.GetCancelHandle() });
    await new Promise<void>((resolve, reject) => { w.once('online', resolve); w.once('error', reject); });
    const started = process.hrtime.bigint();
    t.is(p.server.Receive(new Uint8Array(8), 8), SOCKET_ERROR);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    t.is(p.server.GetLastError(), WSAEINTR);
    t.is(hookRuns, 0);
    t.true(elapsedMs < 5000, `ended after ${elapsedMs} ms`);
    const done = await nextMessage<{ type: string; ok: boolean }>(w, 'cancelled');
    t.true(done.ok);
    await w.terminate();
  } finally {
    p.close();
  }
});

test('an awaitable Receive is cancelled from a Worker through the same handle', async (t) => {
  const p = await pair();
  try {
    const call = p.server.ReceiveAsync(new Uint8Array(8), 8, 0, { timeout: 20000 });
    // The handle is made while the call already waits: the call answers to it all the same.
    const w = tsWorker(fixture, { op: 'cancel', handle: p.server.GetCancelHandle() });
    const cancelled = nextMessage<{ type: string; ok: boolean }>(w, 'cancelled');
    t.is(await call, SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
    t.true((await cancelled).ok);
    await w.terminate();
  } finally {
    p.close();
  }
});

test('CancelBlockingCallByHandle ignores what is not a handle, and a handle with nothing blocking', (t) => {
  for (const bad of [null, undefined, 42, {}, { sab: new ArrayBuffer(16) }, { sab: new SharedArrayBuffer(4) }]) {
    t.notThrows(() => CancelBlockingCallByHandle(bad as never));
  }
  const s = new CSocket();
  t.notThrows(() => CancelBlockingCallByHandle(s.GetCancelHandle()));
  t.false(s.IsBlocking());
});

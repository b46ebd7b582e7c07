import test from 'ava';
import { WSAEINVAL } from '../../src/index.js';
import { POLL_READ, POLL_WAKE, POLL_WRITE } from '../../src/diagnostics.js';
import { sys, tcpPair } from '../support/native-sockets.js';
import { tsWorker } from '../support/workers.js';

test('waitSync with timeout 0 on an idle socket returns 0', (t) => {
  const p = tcpPair();
  try {
    t.is(sys.waitSync(p.server, POLL_READ, 0), 0);
    t.is(sys.waitSync(p.server, POLL_READ, 30), 0);
  } finally {
    p.close();
  }
});

test('waitSync reports POLL_READ once data is there, POLL_WRITE when asked', (t) => {
  const p = tcpPair();
  try {
    t.is(sys.send(p.client, new Uint8Array([1]), 1, 0), 1);
    const r = sys.waitSync(p.server, POLL_READ, 5000);
    t.true((r & POLL_READ) !== 0);
    t.is(r & POLL_WAKE, 0);
    t.true((sys.waitSync(p.client, POLL_WRITE, 5000) & POLL_WRITE) !== 0);
  } finally {
    p.close();
  }
});

test('waitSync rejects bad events and timeouts', (t) => {
  const p = tcpPair();
  try {
    t.is(sys.waitSync(p.server, 64, 0), -WSAEINVAL);
    t.is(sys.waitSync(p.server, POLL_READ, NaN), -WSAEINVAL);
    t.is(sys.waitSync(p.server, POLL_READ, -5), -WSAEINVAL);
  } finally {
    p.close();
  }
});

test('a Worker signalling the token wakes a blocked waitSync with POLL_WAKE', async (t) => {
  const p = tcpPair();
  const shared = new SharedArrayBuffer(16);
  const flag = new Int32Array(shared, 0, 1);
  const stamp = new BigInt64Array(shared, 8, 1);
  const token = sys.wakeToken();
  t.is(typeof token.value, 'number');
  const worker = tsWorker(new URL('../fixtures/wake-worker.ts', import.meta.url), { token, shared });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const errored = new Promise<Error>((resolve) => worker.once('error', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('online', resolve);
      void errored.then(reject);
    });
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    // Blocks this thread: no data will come, only the wake (or the 10 s bound).
    const r = sys.waitSync(p.server, POLL_READ, 10000);
    const woke = process.hrtime.bigint();
    t.true((r & POLL_WAKE) !== 0, `waitSync returned ${r}`);
    t.is(r & POLL_READ, 0);
    if (stamp[0]! > 0n) t.log(`wake latency ${Number(woke - stamp[0]!) / 1000} µs (signal to return)`);
    t.true((sys.waitSync(p.server, POLL_READ, 0) & POLL_WAKE) !== 0, 'the wake stays set until drained');
    sys.drainWake();
    t.is(sys.waitSync(p.server, POLL_READ, 0), 0, 'drained');
    t.is(await exited, 0);
  } finally {
    await worker.terminate();
    p.close();
  }
});

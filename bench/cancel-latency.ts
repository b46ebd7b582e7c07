/**
 * cancel-latency: time from a cancel to the cancelled call's return, median and p99.
 *
 *  - async:        CancelBlockingCall() -> ReceiveAsync's promise callback (same thread).
 *                  Reference: Node's own nearest thing, a net read (events.once 'data') aborted
 *                  through an AbortSignal. Target: median <= 0.2 ms.
 *  - blocking:     CancelBlockingCall() in OnMessagePending -> the blocking Receive returns.
 *                  Reference: the same Node abort (Node has no blocking read to cancel).
 *  - cross-thread: a Worker's CancelBlockingCallByHandle() -> the main thread's blocking
 *                  Receive returns (m_nTimeOut 10 s). Reference: the bare mechanism, a Worker's
 *                  signalWake() -> waitSync() returns. Target: median <= 1 ms.
 *
 *   npx tsx bench/cancel-latency.ts [--quick] [--json]
 */
import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { BenchRow } from './lib/row.js';
import { makeRow, roundsFor } from './lib/compare.js';
import { isMain, printRows } from './lib/main.js';
import { median, quantile } from './lib/stats.js';
import { CSocket } from '../src/afx/CSocket.js';
import { api, POLL_READ } from '../src/native/index.js';
import { SOCK_STREAM } from '../src/wsa/constants.js';

const HOST = '127.0.0.1';
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

interface Pair { reader: CSocket; close(): void }

async function csocketPair(): Promise<Pair> {
  const l = new CSocket();
  const reader = new CSocket();
  const peer = new CSocket();
  if (!l.Create(0, SOCK_STREAM, HOST) || !l.Listen() || !peer.Create(0, SOCK_STREAM, HOST)) throw new Error('set-up failed');
  const a = { address: '', port: 0 };
  l.GetSockName(a);
  const [ok1, ok2] = await Promise.all([l.AcceptAsync(reader, null, { timeout: 10000 }), peer.ConnectAsync(HOST, a.port, { timeout: 10000 })]);
  if (!ok1 || !ok2) throw new Error('connect failed');
  return { reader, close() { reader.Close(); peer.Close(); l.Close(); } };
}

/** afxsock, awaitable: cancel -> promise callback. */
async function asyncSamples(n: number): Promise<number[]> {
  const p = await csocketPair();
  const buf = new Uint8Array(16);
  const out: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      let t1 = 0;
      const call = p.reader.ReceiveAsync(buf, 16).then((r) => { t1 = nowMs(); return r; });
      await tick();
      const t0 = nowMs();
      p.reader.CancelBlockingCall();
      await call;
      out.push(t1 - t0);
    }
  } finally {
    p.close();
  }
  return out;
}

/** afxsock, blocking: cancel in OnMessagePending -> Receive returns. */
async function blockingSamples(n: number): Promise<number[]> {
  const p = await csocketPair();
  const buf = new Uint8Array(16);
  const out: number[] = [];
  let t0 = 0;
  p.reader.m_nTimeOut = 1;
  p.reader.OnMessagePending = () => {
    t0 = nowMs();
    p.reader.CancelBlockingCall();
    return false;
  };
  try {
    for (let i = 0; i < n; i++) {
      p.reader.Receive(buf, 16);
      out.push(nowMs() - t0);
    }
  } finally {
    p.close();
  }
  return out;
}

/** Node: a net read aborted through an AbortSignal -> rejection callback. */
async function nodeSamples(n: number): Promise<number[]> {
  const server = createServer((s) => s.on('error', () => {}));
  await new Promise<void>((r) => server.listen(0, HOST, r));
  const c: Socket = connect((server.address() as { port: number }).port, HOST);
  await once(c, 'connect');
  const out: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const ac = new AbortController();
      let t1 = 0;
      const read = once(c, 'data', { signal: ac.signal }).catch(() => { t1 = nowMs(); });
      await tick();
      const t0 = nowMs();
      ac.abort();
      await read;
      out.push(t1 - t0);
    }
  } finally {
    c.destroy();
    server.close();
  }
  return out;
}

/**
 * Cross-thread: a Worker waits until the call blocks, stamps the time, cancels (or only signals
 * the wake, for the reference); this thread notes when its wait returned.
 */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const { sab, n, mode, tsx, cancelUrl, nativeUrl } = workerData;
import(tsx).then((m) => { m.register(); return Promise.all([import(cancelUrl), import(nativeUrl)]); }).then(([{ CancelBlockingCallByHandle }, { api }]) => {
  const cells = new Int32Array(workerData.handle, 0, 1);
  const stamp = new Float64Array(sab, 16, 1);
  const go = new Int32Array(sab, 32, 1);
  const native = api();
  for (let i = 0; i < n; i++) {
    // go[0] counts the calls the main thread has started; the handle's cell 0 says one waits.
    while (Atomics.load(go, 0) <= i) Atomics.wait(go, 0, i, 1000);
    if (mode === 'cancel') { while (Atomics.load(cells, 0) === 0) Atomics.wait(cells, 0, 0, 0.05); }
    Atomics.wait(go, 0, i + 1, 0.3);
    stamp[0] = Number(process.hrtime.bigint()) / 1e6;
    if (mode === 'cancel') CancelBlockingCallByHandle({ sab: workerData.handle });
    else native.signalWake(workerData.token);
  }
  parentPort.postMessage('done');
});
`;

async function crossThreadSamples(n: number, mode: 'cancel' | 'wake'): Promise<number[]> {
  const p = await csocketPair();
  const sab = new SharedArrayBuffer(40);
  const stamp = new Float64Array(sab, 16, 1);
  const go = new Int32Array(sab, 32, 1);
  const handle = p.reader.GetCancelHandle();
  const w = new Worker(WORKER, {
    eval: true,
    workerData: {
      sab, n, mode, handle: handle.sab, token: api().wakeToken(),
      tsx: import.meta.resolve('tsx/esm/api'),
      cancelUrl: new URL('../src/afx/cancel-handle.ts', import.meta.url).href,
      nativeUrl: new URL('../src/native/index.ts', import.meta.url).href,
    },
  });
  await once(w, 'online');
  const buf = new Uint8Array(16);
  const out: number[] = [];
  p.reader.m_nTimeOut = 10000;
  try {
    for (let i = 0; i < n; i++) {
      Atomics.add(go, 0, 1);
      Atomics.notify(go, 0);
      if (mode === 'cancel') p.reader.Receive(buf, 16);
      else {
        api().waitSync(p.reader.m_hSocket, POLL_READ, 10000);
        api().drainWake();
      }
      out.push(nowMs() - stamp[0]!);
    }
    await once(w, 'message');
  } finally {
    await w.terminate();
    p.close();
  }
  return out;
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const n = opts.quick ? 200 : 2000;
  const rounds = roundsFor(opts.quick);
  const med = { async: [] as number[], blocking: [] as number[], node: [] as number[], cross: [] as number[], wake: [] as number[] };
  const p99 = { async: [] as number[], blocking: [] as number[], node: [] as number[], cross: [] as number[], wake: [] as number[] };
  const add = (k: keyof typeof med, xs: number[]): void => { med[k].push(median(xs)); p99[k].push(quantile(xs, 0.99)); };
  for (let r = 0; r < rounds; r++) {
    add('async', await asyncSamples(n));
    add('node', await nodeSamples(n));
    add('blocking', await blockingSamples(n));
    add('cross', await crossThreadSamples(Math.min(n, 1000), 'cancel'));
    add('wake', await crossThreadSamples(Math.min(n, 1000), 'wake'));
  }
  const row = (scenario: string, what: string, afx: number[], ref: number[], limit: number | null): BenchRow => {
    const r = makeRow({ scenario, what, unit: 'ms', higherIsBetter: false, targetRatio: null }, afx, ref);
    if (limit === null) return { ...r, target: 'none (reported)', met: true };
    return { ...r, target: `median <= ${limit} ms`, met: r.afxsock <= limit };
  };
  return [
    row('cancel-latency/async', 'CancelBlockingCall -> ReceiveAsync settles, median; ref: net read aborted by AbortSignal', med.async, med.node, 0.2),
    row('cancel-latency/async-p99', 'the same, p99', p99.async, p99.node, null),
    row('cancel-latency/blocking', 'CancelBlockingCall in OnMessagePending -> Receive returns, median; ref: the Node abort', med.blocking, med.node, null),
    row('cancel-latency/blocking-p99', 'the same, p99', p99.blocking, p99.node, null),
    row('cancel-latency/cross-thread', 'Worker CancelBlockingCallByHandle -> blocking Receive returns, median; ref: bare signalWake -> waitSync', med.cross, med.wake, 1),
    row('cancel-latency/cross-thread-p99', 'the same, p99', p99.cross, p99.wake, null),
  ];
}

if (isMain(import.meta.url)) await printRows(run);

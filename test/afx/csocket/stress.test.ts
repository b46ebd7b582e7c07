/**
 * Bounded stress: thousands of cancels at random moments across Receive, Accept, Connect and
 * Send, in both flavours (STRESS_CANCELS per flavour, default 5000; STRESS_SEED to replay).
 * Checked: every call ends exactly once, with its normal result or WSAEINTR; the byte streams
 * (k mod 251 patterns both ways) lose and repeat nothing except where rule 7 reset the
 * connection; every connection a peer made is accepted exactly once; no socket descriptor leaks.
 */
import test, { type ExecutionContext } from 'ava';
import { createServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { CSocket } from '../../../src/afx/CSocket.js';
import { CancelBlockingCallByHandle } from '../../../src/afx/cancel-handle.js';
import { SOCK_STREAM } from '../../../src/wsa/constants.js';
import { WSAECONNABORTED, WSAEINTR } from '../../../src/wsa/errors.js';
import type { OpMessage } from '../../helpers/stress-peer.js';
import {
  fullListener, listener, LOOPBACK, must, nextMessage, patternMismatch, smallSendBuffer, socketFds, tsWorker,
} from '../../helpers/csocket.js';

const CANCELS = Math.max(100, Number(process.env.STRESS_CANCELS ?? 5000));
const OPS = ['receive', 'send', 'accept', 'connect'] as const;
type Op = (typeof OPS)[number];

/** mulberry32: small, seeded, good enough to pick moments. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function seedFor(name: string, t: ExecutionContext): number {
  const seed = process.env.STRESS_SEED !== undefined ? Number(process.env.STRESS_SEED) : (Date.now() ^ (process.pid << 8)) >>> 0;
  const line = `${name}: seed ${seed} (replay with STRESS_SEED=${seed}), ${CANCELS} cancels`;
  t.log(line);
  console.log(line);
  return seed;
}

/** A pattern source big enough for any chunk at any phase. */
const MAX_CHUNK = 256 * 1024;
const SOURCE = new Uint8Array(MAX_CHUNK + 251);
for (let i = 0; i < SOURCE.length; i++) SOURCE[i] = i % 251;
const chunkAt = (offset: number, len: number): Uint8Array => SOURCE.subarray(offset % 251, (offset % 251) + len);

interface Tally {
  calls: number;
  endings: number;
  normal: Record<Op, number>;
  cancelled: Record<Op, number>;
  resets: number;
  wrong: string[];
}

function newTally(): Tally {
  const z = (): Record<Op, number> => ({ receive: 0, send: 0, accept: 0, connect: 0 });
  return { calls: 0, endings: 0, normal: z(), cancelled: z(), resets: 0, wrong: [] };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, LOOPBACK, () => resolve((server.address() as { port: number }).port)));
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/* ================================================================== awaitable flavour */

test.serial('stress, awaitable flavour: cancels at random moments end each call once, lose no byte, leak nothing', async (t) => {
  const rnd = prng(seedFor('awaitable', t));
  const pick = (n: number): number => Math.floor(rnd() * n);
  const before = socketFds();
  const tally = newTally();

  // The stream's far end, in this thread (nothing here blocks the thread).
  let b: Socket | null = null;
  let rxB = 0;
  let mismatchB = 0;
  let bClosed: Promise<void> = Promise.resolve();
  let streamArrived: (() => void) | null = null;
  const streamServer = createServer((s) => {
    b = s;
    rxB = 0;
    s.on('error', () => {});
    s.on('data', (c: Buffer) => {
      if (patternMismatch(c, rxB) !== -1) mismatchB++;
      rxB += c.length;
    });
    bClosed = new Promise((resolve) => s.once('close', () => resolve()));
    streamArrived?.();
  });
  const liveServer = createServer((s) => { s.on('error', () => {}); s.destroy(); });
  const streamPort = await listen(streamServer);
  const livePort = await listen(liveServer);
  const full = await fullListener();
  const l = listener(64);
  const peerClients: Socket[] = [];
  let clientsMade = 0;
  let accepted = 0;

  let a = new CSocket();
  let txA = 0;
  let rxA = 0;
  let txB = 0;
  async function openStream(): Promise<void> {
    a = new CSocket();
    must(a.Create(0, SOCK_STREAM, LOOPBACK), a, 'Create');
    smallSendBuffer(a, 16384);
    const arrived = new Promise<void>((r) => { streamArrived = r; });
    must(await a.ConnectAsync(LOOPBACK, streamPort, { timeout: 10000 }), a, 'ConnectAsync(stream)');
    await arrived;
    txA = 0; rxA = 0; txB = 0;
  }
  await openStream();

  /** Cancels `s`'s call at a random moment, one of six ways. */
  async function cancelSomehow(s: CSocket, ac: AbortController): Promise<void> {
    switch (pick(6)) {
      case 0: s.CancelBlockingCall(); break;
      case 1: { const k = 1 + pick(4); for (let i = 0; i < k; i++) await Promise.resolve(); s.CancelBlockingCall(); break; }
      case 2: await tick(); s.CancelBlockingCall(); break;
      case 3: await sleep(pick(3)); s.CancelBlockingCall(); break;
      case 4: await tick(); ac.abort(); break;
      default: await (pick(2) === 0 ? tick() : sleep(1)); CancelBlockingCallByHandle(s.GetCancelHandle()); break;
    }
  }

  /** When the peer acts: before the call, next turn, after 1-2 ms, or never. */
  async function peerAt(when: number, act: () => void): Promise<void> {
    if (when === 0) return;
    if (when === 1) await tick(); else await sleep(1 + pick(2));
    act();
  }

  for (let i = 0; i < CANCELS; i++) {
    const op = OPS[pick(4)]!;
    const when = pick(4); // 0 before, 1 next turn, 2 later, 3 never
    const ac = new AbortController();
    const opts = { signal: ac.signal, timeout: 10000 };
    tally.calls++;
    let ended = 0;
    const end = (normal: boolean, err: number, what: string): void => {
      ended++;
      tally.endings++;
      if (normal) tally.normal[op]++;
      else if (err === WSAEINTR) tally.cancelled[op]++;
      else tally.wrong.push(`#${i} ${op}: ${what} error ${err}`);
    };

    if (op === 'receive') {
      const amount = 1 + pick(3000);
      const send = (): void => { b!.write(chunkAt(txB, amount)); txB += amount; };
      if (when === 0) send();
      const buf = new Uint8Array(1 + pick(4096));
      const call = a.ReceiveAsync(buf, buf.length, 0, opts);
      const peer = when === 3 ? Promise.resolve() : peerAt(when, send);
      await cancelSomehow(a, ac);
      const n = await call;
      if (n > 0) {
        if (patternMismatch(buf.subarray(0, n), rxA) !== -1) tally.wrong.push(`#${i} receive: wrong bytes at stream offset ${rxA}`);
        rxA += n;
        end(true, 0, '');
      } else end(false, n === 0 ? -1 : a.GetLastError(), n === 0 ? 'unexpected EOF' : 'receive');
      await peer;
    } else if (op === 'send') {
      const len = 1 + pick(MAX_CHUNK);
      const stall = pick(2) === 0;
      if (stall) b!.pause();
      const call = a.SendAsync(chunkAt(txA, len), len, 0, opts);
      const resume = when === 3 ? Promise.resolve() : peerAt(when, () => b!.resume());
      await cancelSomehow(a, ac);
      const n = await call;
      await resume;
      b!.resume();
      if (n === len) { txA += len; end(true, 0, ''); } else {
        end(false, a.GetLastError(), 'send');
        if (!a.GetPeerName({ address: '', port: 0 }) && a.GetLastError() === WSAECONNABORTED) {
          // Rule 7: part of the buffer had left; the connection was reset. Check what came through.
          tally.resets++;
          await Promise.race([bClosed, sleep(10000)]);
          if (mismatchB !== 0) tally.wrong.push(`#${i} send: the peer saw wrong bytes before the reset`);
          if (rxB > txA + len) tally.wrong.push(`#${i} send: the peer got ${rxB} bytes, more than ${txA + len} sent`);
          a.Close();
          await openStream();
          mismatchB = 0;
        }
      }
    } else if (op === 'accept') {
      const connectNow = (): void => {
        const c = netConnect(l.port, LOOPBACK);
        c.on('error', () => {});
        peerClients.push(c);
        clientsMade++;
      };
      if (when === 0) connectNow();
      const into = new CSocket();
      const call = l.sock.AcceptAsync(into, null, opts);
      const peer = when === 3 ? Promise.resolve() : peerAt(when, connectNow);
      await cancelSomehow(l.sock, ac);
      const ok = await call;
      if (ok) { accepted++; into.Close(); }
      end(ok, l.sock.GetLastError(), 'accept');
      await peer;
      if (into.m_hSocket !== -1 && !ok) tally.wrong.push(`#${i} accept: a failed Accept filled its target`);
    } else {
      const live = pick(2) === 0;
      const c = new CSocket();
      must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
      const call = c.ConnectAsync(LOOPBACK, live ? livePort : full.port, opts);
      await cancelSomehow(c, ac);
      const ok = await call;
      if (ok && !live) tally.wrong.push(`#${i} connect: connected to the full listener`);
      end(ok, c.GetLastError(), 'connect');
      c.Close();
    }
    if (ended !== 1) tally.wrong.push(`#${i} ${op}: ended ${ended} times`);
    for (const c of peerClients.splice(0, peerClients.length > 32 ? 16 : 0)) c.destroy();
  }

  // Both directions of the last stream, to the last byte.
  const gotAll = new Promise<void>((resolve) => b!.once('end', () => resolve()));
  t.true(a.ShutDown());
  await Promise.race([gotAll, sleep(10000)]);
  t.is(rxB, txA, 'the peer received exactly what the awaitable Sends reported');
  t.is(mismatchB, 0);
  b!.end();
  const buf = new Uint8Array(65536);
  for (let k = 0; k < 100000; k++) {
    const n = await a.ReceiveAsync(buf, buf.length, 0, { timeout: 10000 });
    if (n <= 0) { t.is(n, 0, `drain ended with ${a.GetLastError()}`); break; }
    if (patternMismatch(buf.subarray(0, n), rxA) !== -1) tally.wrong.push('drain: wrong bytes');
    rxA += n;
  }
  t.is(rxA, txB, 'this side received exactly what the peer sent');
  // Every connection the peer made is accepted exactly once (rule 4).
  for (let k = 0; k < clientsMade && accepted < clientsMade; k++) {
    const into = new CSocket();
    if (await l.sock.AcceptAsync(into, null, { timeout: 5000 })) accepted++;
    into.Close();
  }
  t.is(accepted, clientsMade);

  for (const c of peerClients) c.destroy();
  a.Close();
  l.sock.Close();
  full.close();
  (b as Socket | null)?.destroy();
  await closeServer(streamServer);
  await closeServer(liveServer);
  for (let k = 0; k < 200 && socketFds() !== before; k++) await sleep(5);

  const cancels = OPS.map((o) => `${o} ${tally.normal[o]}+${tally.cancelled[o]}`).join(', ');
  t.log(`normal+WSAEINTR per call: ${cancels}; resets ${tally.resets}`);
  t.deepEqual(tally.wrong, []);
  t.is(tally.endings, tally.calls);
  t.is(tally.calls, CANCELS);
  t.true(OPS.every((o) => tally.cancelled[o] > 0), 'each call was cancelled at least once');
  t.is(socketFds(), before, 'no socket descriptor leaked');
});

/* ================================================================== blocking flavour */

test.serial('stress, blocking flavour: cancels from another thread at random moments end each call once, lose no byte, leak nothing', async (t) => {
  const rnd = prng(seedFor('blocking', t));
  const pick = (n: number): number => Math.floor(rnd() * n);
  const before = socketFds();
  const tally = newTally();
  const w = tsWorker(new URL('../../helpers/stress-peer.ts', import.meta.url), null);
  const full = await fullListener();
  const l = listener(64);
  let hangs = 0;
  const guard = (s: CSocket): void => {
    // A wait slice that runs out means no cancel came: count it, end the call.
    s.OnMessagePending = () => { hangs++; s.CancelBlockingCall(); return false; };
  };
  guard(l.sock);
  try {
    w.postMessage({ type: 'setup', listenPort: l.port });
    const { streamPort, livePort } = await nextMessage<{ type: string; streamPort: number; livePort: number }>(w, 'ready');

    let a = new CSocket();
    let epoch = 0;
    let txA = 0;
    let rxA = 0;
    let accepted = 0;
    const openStream = async (): Promise<void> => {
      a = new CSocket();
      must(a.Create(0, SOCK_STREAM, LOOPBACK), a, 'Create');
      smallSendBuffer(a, 16384);
      guard(a);
      must(a.Connect(LOOPBACK, streamPort), a, 'Connect(stream)');
      epoch++;
      const arrived = nextMessage(w, 'stream');
      w.postMessage({ type: 'awaitStream', epoch });
      await arrived;
      txA = 0;
      rxA = 0;
    };
    await openStream();

    for (let i = 0; i < CANCELS; i++) {
      const op = OPS[pick(4)]!;
      const m: Omit<OpMessage, 'handle'> = {
        type: 'op', i, op,
        amount: op === 'receive' ? pick(4) * (1 + pick(3000)) : op === 'accept' ? pick(4) : 0,
        actAt: [-1, 0, 1, 2][pick(4)]!,
        cancelAt: pick(3),
        stall: op === 'send' && pick(2) === 0,
      };
      const target = op === 'accept' ? l.sock : op === 'connect' ? new CSocket() : a;
      if (op === 'connect') {
        must(target.Create(0, SOCK_STREAM, LOOPBACK), target, 'Create');
        guard(target);
      }
      const armed = nextMessage(w, 'armed');
      w.postMessage({ ...m, handle: target.GetCancelHandle() });
      await armed;
      tally.calls++;
      let normal = false;
      let reset = false;
      let sentLen = 0;
      if (op === 'receive') {
        const buf = new Uint8Array(1 + pick(4096));
        const n = a.Receive(buf, buf.length);
        if (n > 0) {
          if (patternMismatch(buf.subarray(0, n), rxA) !== -1) tally.wrong.push(`#${i} receive: wrong bytes at ${rxA}`);
          rxA += n;
          normal = true;
        } else if (n === 0) tally.wrong.push(`#${i} receive: unexpected EOF`);
      } else if (op === 'send') {
        sentLen = 1 + pick(MAX_CHUNK);
        normal = a.Send(chunkAt(txA, sentLen), sentLen) === sentLen;
        if (normal) txA += sentLen;
        else if (a.GetLastError() === WSAEINTR && !a.GetPeerName({ address: '', port: 0 }) && a.GetLastError() === WSAECONNABORTED) reset = true;
      } else if (op === 'accept') {
        const into = new CSocket();
        normal = l.sock.Accept(into);
        if (normal) accepted++;
        into.Close();
      } else {
        const live = pick(2) === 0;
        normal = target.Connect(LOOPBACK, live ? livePort : full.port);
        if (normal && !live) tally.wrong.push(`#${i} connect: connected to the full listener`);
      }
      const err = target.GetLastError();
      tally.endings++;
      if (normal) tally.normal[op]++;
      else if (err === WSAEINTR || reset) tally.cancelled[op]++;
      else tally.wrong.push(`#${i} ${op}: error ${err}`);
      if (op === 'connect') target.Close();

      const next = nextMessage<{ type: string; rxOffset: number; mismatches: number }>(w, 'next');
      w.postMessage({ type: 'done', i, reset });
      const peer = await next;
      if (peer.mismatches !== 0) tally.wrong.push(`#${i}: the peer saw wrong bytes`);
      if (reset) {
        tally.resets++;
        if (peer.rxOffset > txA + sentLen) tally.wrong.push(`#${i} send: peer got ${peer.rxOffset} > ${txA + sentLen}`);
        a.Close();
        await openStream();
      }
    }

    const finished = nextMessage<{ type: string; rxOffset: number; txOffset: number; mismatches: number; clientConnects: number; cancelsIssued: number; cancelsWhileBlocking: number }>(w, 'finished');
    w.postMessage({ type: 'finish', txOffset: txA });
    const f = await finished;
    t.is(f.rxOffset, txA, 'the peer received exactly what the blocking Sends reported');
    t.is(f.mismatches, 0);
    const buf = new Uint8Array(65536);
    for (let k = 0; k < 100000; k++) {
      const n = await a.ReceiveAsync(buf, buf.length, 0, { timeout: 10000 });
      if (n <= 0) { t.is(n, 0, `drain ended with ${a.GetLastError()}`); break; }
      if (patternMismatch(buf.subarray(0, n), rxA) !== -1) tally.wrong.push('drain: wrong bytes');
      rxA += n;
    }
    t.is(rxA, f.txOffset, 'this side received exactly what the peer sent');
    for (let k = 0; k < f.clientConnects && accepted < f.clientConnects; k++) {
      const into = new CSocket();
      if (await l.sock.AcceptAsync(into, null, { timeout: 5000 })) accepted++;
      into.Close();
    }
    t.is(accepted, f.clientConnects, 'every connection the peer made was accepted exactly once');
    t.is(f.cancelsIssued, CANCELS);
    const cancels = OPS.map((o) => `${o} ${tally.normal[o]}+${tally.cancelled[o]}`).join(', ');
    t.log(`normal+WSAEINTR per call: ${cancels}; resets ${tally.resets}; cancels that hit a waiting call ${f.cancelsWhileBlocking}`);
    a.Close();
  } finally {
    l.sock.Close();
    full.close();
    const exited = new Promise<void>((r) => w.once('exit', () => r()));
    w.postMessage({ type: 'quit' });
    await Promise.race([exited, sleep(5000)]);
    await w.terminate();
  }
  for (let k = 0; k < 200 && socketFds() !== before; k++) await sleep(5);
  t.deepEqual(tally.wrong, []);
  t.is(hangs, 0, 'no call waited a whole m_nTimeOut slice for its cancel');
  t.is(tally.endings, tally.calls);
  t.is(tally.calls, CANCELS);
  t.true(OPS.every((o) => tally.cancelled[o] > 0), 'each call was cancelled at least once');
  t.is(socketFds(), before, 'no socket descriptor leaked');
});

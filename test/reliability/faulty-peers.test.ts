/**
 * Faulty peers: a fault-injecting proxy (Node's `net`) sits between a CSocket client and a CSocket
 * server on loopback. Whatever it does — 1-byte segments, delays, stalls, a half-close, a reset
 * mid-stream — every byte arrives in order or the receiver gets the right error (WSAECONNRESET,
 * WSAECONNABORTED, end of file): never a hang (every wait has a deadline), never a silent
 * truncation. The same for CSocketFile and CArchive.LoadAsync on top.
 */
import test from 'ava';
import { pattern, patternMismatch } from '../support/bytes.js';
import { socketFds } from '../support/descriptors.js';
import { type FaultProxy, type ProxyFaults, startFaultProxy } from '../support/fault-proxy.js';
import { wineGap } from '../support/gates.js';
import { listenOn, refusingPort, smallSendBuffer } from '../support/sockets.js';
import { tally } from '../support/tally.js';
import { nextMessage, tsWorker } from '../support/workers.js';
import {
  CArchive, CArchiveException, CFileException, CMemFile, CSocket, CSocketFile, SOCK_STREAM, SOCKET_ERROR,
  WSAECONNABORTED, WSAECONNRESET, WSAETIMEDOUT,
} from '../../src/index.js';

const rstGap = wineGap('recv after a peer RST returns 0 under Wine 8.0');


interface Link { client: CSocket; server: CSocket; listener: CSocket; proxy: FaultProxy; close(): Promise<void> }

/** client --proxy(faults)--> server, all on loopback; the client's bytes go "up". */
async function link(faults: ProxyFaults): Promise<Link> {
  const listener = new CSocket();
  const proxy = await startFaultProxy(listenOn(listener), faults);
  const client = new CSocket();
  client.Create(0, SOCK_STREAM, '127.0.0.1');
  const server = new CSocket();
  const [acc, con] = await Promise.all([
    listener.AcceptAsync(server, null, { timeout: 10000 }),
    client.ConnectAsync('127.0.0.1', proxy.port, { timeout: 10000 }),
  ]);
  if (!acc || !con) throw new Error(`link: ${listener.GetLastError()} / ${client.GetLastError()}`);
  return {
    client, server, listener, proxy,
    async close() { client.Close(); server.Close(); listener.Close(); await proxy.close(); },
  };
}

/** Reads until end of file or an error (each read bounded by `timeout`); what arrived and how it ended. */
async function drain(s: CSocket, expectAtMost: number): Promise<{ got: number; end: 'eof' | number; mismatch: number }> {
  const buf = new Uint8Array(65536);
  let got = 0;
  for (;;) {
    const n = await s.ReceiveAsync(buf, buf.length, 0, { timeout: 20000 });
    if (n === 0) return { got, end: 'eof', mismatch: -1 };
    if (n === SOCKET_ERROR) return { got, end: s.GetLastError(), mismatch: -1 };
    const bad = patternMismatch(buf.subarray(0, n), got);
    if (bad !== -1) return { got: got + bad, end: 'eof', mismatch: got + bad };
    got += n;
    if (got > expectAtMost) return { got, end: 'eof', mismatch: got };
  }
}

const fdsBefore = socketFds();

for (const [name, faults, size] of [
  ['1-byte segments', { up: { split: 1 }, down: { split: 1 } }, 24 * 1024],
  ['7-byte segments with a 1 ms delay each 7 bytes', { up: { split: 7, delayMs: 1 }, down: { split: 7, delayMs: 1 } }, 8 * 1024],
  ['a 1.5 s stall mid-stream', { up: { stallAfter: 100_000, stallMs: 1500 }, down: { stallAfter: 50_000, stallMs: 1500 } }, 512 * 1024],
  ['large segments and no fault (baseline)', {}, 4 * 1024 * 1024],
] as const) {
  test(`${name}: both directions deliver every byte in order, then end of file`, async (t) => {
    const l = await link(faults as ProxyFaults);
    try {
      const data = pattern(0, size);
      // One direction at a time: a CSocket runs one blocking call at once (WSAEINPROGRESS).
      const [upSent, up] = await Promise.all([
        l.client.SendAsync(data, size, 0, { timeout: 30000 }).then((n) => { l.client.ShutDown(); return n; }),
        drain(l.server, size),
      ]);
      const [downSent, down] = await Promise.all([
        l.server.SendAsync(data, size, 0, { timeout: 30000 }).then((n) => { l.server.ShutDown(); return n; }),
        drain(l.client, size),
      ]);
      t.is(upSent, size);
      t.is(downSent, size);
      t.deepEqual(up, { got: size, end: 'eof', mismatch: -1 });
      t.deepEqual(down, { got: size, end: 'eof', mismatch: -1 });
      tally('faulty-peers', { cases: 1, faults: l.proxy.stats.faults, bytes: up.got + down.got });
    } finally {
      await l.close();
    }
  });
}

test('a half-close after 10,000 bytes: the receiver gets exactly those bytes, then end of file (0), not an error and not more', async (t) => {
  const l = await link({ down: { halfCloseAfter: 10_000, split: 333 } });
  try {
    const size = 64 * 1024;
    void l.server.SendAsync(pattern(0, size), size, 0, { timeout: 20000 });
    const r = await drain(l.client, size);
    t.deepEqual(r, { got: 10_000, end: 'eof', mismatch: -1 });
    tally('faulty-peers', { cases: 1, faults: l.proxy.stats.faults, bytes: r.got });
  } finally {
    await l.close();
  }
});

rstGap('a reset after 20,000 bytes: the receiver gets an unbroken prefix, then WSAECONNRESET (never a silent 0)', async (t) => {
  const l = await link({ down: { resetAfter: 20_000, split: 1000 } });
  try {
    const size = 256 * 1024;
    const sent = l.server.SendAsync(pattern(0, size), size, 0, { timeout: 20000 });
    const r = await drain(l.client, size);
    t.true(r.got <= 20_000, `${r.got} bytes before the reset`);
    t.is(r.mismatch, -1, 'the bytes that arrived are the stream, in order');
    t.is(r.end, WSAECONNRESET);
    // The sender's own connection was reset too: it may have handed everything to its kernel
    // before, but from now on its sends fail with WSAECONNRESET instead of vanishing.
    await sent;
    let err = 0;
    for (let i = 0; i < 200 && err === 0; i++) {
      if (l.server.Send(new Uint8Array(1024), 1024) === SOCKET_ERROR) err = l.server.GetLastError();
      else await new Promise((res) => setTimeout(res, 5));
    }
    t.is(err, WSAECONNRESET);
    tally('faulty-peers', { cases: 1, faults: l.proxy.stats.faults, bytes: r.got });
  } finally {
    await l.close();
  }
});

test('a stalled peer and a SendAsync timeout after a partial send: WSAETIMEDOUT, then WSAECONNABORTED for every later call; a CSocketFile on it throws CFileException(WSAECONNABORTED)', async (t) => {
  const l = await link({ up: { stallAfter: 1, stallMs: 60_000 } });
  try {
    smallSendBuffer(l.client);
    const size = 8 * 1024 * 1024;
    t.is(await l.client.SendAsync(pattern(0, size), size, 0, { timeout: 500 }), SOCKET_ERROR);
    t.is(l.client.GetLastError(), WSAETIMEDOUT);
    t.is(l.client.Send(new Uint8Array(1), 1), SOCKET_ERROR);
    t.is(l.client.GetLastError(), WSAECONNABORTED);
    const file = new CSocketFile(l.client);
    const e = await t.throwsAsync(file.WriteAsync(new Uint8Array(4), 4), { instanceOf: CFileException });
    t.is((e as CFileException).m_lOsError, WSAECONNABORTED);
    tally('faulty-peers', { cases: 1, faults: l.proxy.stats.faults, bytes: 0 });
  } finally {
    await l.close();
  }
});

/* ------------------------------------------------------------------ archives over the proxy */

/** One message: a sequence number, a string that grows with it, and a blob of the pattern. */
function storeMessages(count: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const f = new CMemFile();
    const ar = new CArchive(f, CArchive.store);
    ar.WriteDWord(i).WriteCString(`message ${i} ${'x'.repeat(i % 300)}`).WriteCount(i * 7);
    const blob = pattern(i, i * 7);
    ar.Write(blob, blob.length);
    ar.Close();
    const len = f.GetLength();
    f.SeekToBegin();
    const bytes = new Uint8Array(len);
    f.Read(bytes, len);
    out.push(bytes);
  }
  return out;
}

function loadMessage(ar: CArchive): { i: number; text: string; blobOk: boolean } {
  const i = ar.ReadDWord();
  const text = ar.ReadCString();
  const n = ar.ReadCount();
  const blob = new Uint8Array(n);
  ar.EnsureRead(blob, n);
  return { i, text, blobOk: patternMismatch(blob, i) === -1 };
}

test('CSocketFile + CArchive.LoadAsync through 1-byte segments and stalls: every message, then end of file', async (t) => {
  const l = await link({ down: { split: 1, stallAfter: 3000, stallMs: 800 } });
  try {
    const messages = storeMessages(60);
    const total = messages.reduce((s, m) => s + m.length, 0);
    const all = new Uint8Array(total);
    let off = 0;
    for (const m of messages) { all.set(m, off); off += m.length; }
    const sending = l.server.SendAsync(all, total, 0, { timeout: 30000 }).then((n) => { l.server.ShutDown(); return n; });
    const ar = new CArchive(new CSocketFile(l.client), CArchive.load);
    const seen: number[] = [];
    for (let k = 0; k < messages.length; k++) {
      const m = await ar.LoadAsync(loadMessage, { timeout: 20000 });
      t.true(m.blobOk, `message ${k} blob`);
      t.is(m.text, `message ${k} ${'x'.repeat(k % 300)}`);
      seen.push(m.i);
    }
    t.deepEqual(seen, messages.map((_, i) => i));
    t.is(await sending, total);
    const e = await t.throwsAsync(ar.LoadAsync((a) => a.ReadDWord(), { timeout: 20000 }), { instanceOf: CArchiveException });
    t.is((e as CArchiveException).m_cause, CArchiveException.endOfFile);
    tally('faulty-peers', { cases: 1, faults: l.proxy.stats.faults, bytes: total });
  } finally {
    await l.close();
  }
});

test('CArchive.LoadAsync: a half-close in the middle of a message is CArchiveException endOfFile, never a short message', async (t) => {
  const messages = storeMessages(5);
  const total = messages.reduce((s, m) => s + m.length, 0);
  const cut = messages[0]!.length + messages[1]!.length + Math.floor(messages[2]!.length / 2);
  const l = await link({ down: { halfCloseAfter: cut, split: 5 } });
  try {
    const all = new Uint8Array(total);
    let off = 0;
    for (const m of messages) { all.set(m, off); off += m.length; }
    void l.server.SendAsync(all, total, 0, { timeout: 20000 });
    const ar = new CArchive(new CSocketFile(l.client), CArchive.load);
    t.is((await ar.LoadAsync(loadMessage, { timeout: 20000 })).i, 0);
    t.is((await ar.LoadAsync(loadMessage, { timeout: 20000 })).i, 1);
    const e = await t.throwsAsync(ar.LoadAsync(loadMessage, { timeout: 20000 }), { instanceOf: CArchiveException });
    t.is((e as CArchiveException).m_cause, CArchiveException.endOfFile);
    tally('faulty-peers', { cases: 1, faults: l.proxy.stats.faults, bytes: cut });
  } finally {
    await l.close();
  }
});

rstGap('CArchive.LoadAsync: a reset in the middle of a message is CFileException carrying WSAECONNRESET', async (t) => {
  const messages = storeMessages(8);
  const total = messages.reduce((s, m) => s + m.length, 0);
  const cut = messages[0]!.length + 3;
  const l = await link({ down: { resetAfter: cut, split: 2 } });
  try {
    const all = new Uint8Array(total);
    let off = 0;
    for (const m of messages) { all.set(m, off); off += m.length; }
    void l.server.SendAsync(all, total, 0, { timeout: 20000 });
    const ar = new CArchive(new CSocketFile(l.client), CArchive.load);
    const first = await ar.LoadAsync(loadMessage, { timeout: 20000 }).catch((e: unknown) => e);
    // The reset may overtake the first message's bytes in the kernel; if it arrived, it is whole.
    if (!(first instanceof Error)) t.is((first as { i: number }).i, 0);
    const e = first instanceof Error ? first : await ar.LoadAsync(loadMessage, { timeout: 20000 }).catch((x: unknown) => x);
    t.true(e instanceof CFileException, `got ${String(e)}`);
    t.is((e as CFileException).m_lOsError, WSAECONNRESET);
    tally('faulty-peers', { cases: 1, faults: l.proxy.stats.faults, bytes: cut });
  } finally {
    await l.close();
  }
});

test('connection refused: ConnectAsync and the blocking Connect fail with WSAECONNREFUSED at once', async (t) => {
  const { WSAECONNREFUSED } = await import('../../src/index.js');
  // Bound, never listening, held to the end: a freed port could be taken by a parallel test.
  const refusing = await refusingPort();
  t.teardown(refusing.close);
  const a = { port: refusing.port };
  const s = new CSocket();
  s.Create(0, SOCK_STREAM, '127.0.0.1');
  t.false(await s.ConnectAsync('127.0.0.1', a.port, { timeout: 10000 }));
  t.is(s.GetLastError(), WSAECONNREFUSED);
  s.Close();
  const b = new CSocket();
  b.Create(0, SOCK_STREAM, '127.0.0.1');
  b.m_nTimeOut = 200;
  t.false(b.Connect('127.0.0.1', a.port));
  t.is(b.GetLastError(), WSAECONNREFUSED);
  b.Close();
  tally('faulty-peers', { cases: 2, faults: 2, bytes: 0 });
});

test.after.always('no socket descriptor is left behind by the faulty-peer group', async (t) => {
  await new Promise((r) => setTimeout(r, 100));
  t.is(socketFds(), fdsBefore);
});

/* ------------------------------------------------------------------ blocking archives over the proxy */

async function originBehindProxy(payload: Uint8Array, faults: ProxyFaults): Promise<{ port: number; stats(): Promise<{ faults: number }>; stop(): Promise<void> }> {
  const w = tsWorker(new URL('../fixtures/fault-origin-worker.ts', import.meta.url), { payload, faults });
  const { port } = await nextMessage<{ type: string; port: number }>(w, 'ready');
  return {
    port,
    async stats() { w.postMessage({ type: 'stats' }); return (await nextMessage<{ type: string; stats: { faults: number } }>(w, 'stats')).stats; },
    async stop() { w.postMessage({ type: 'quit' }); const t = setTimeout(() => void w.terminate(), 5000); await new Promise((r) => w.once('exit', r)); clearTimeout(t); },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((s, m) => s + m.length, 0));
  let off = 0;
  for (const m of parts) { all.set(m, off); off += m.length; }
  return all;
}

test('blocking CSocket + CSocketFile + CArchive through 1-byte segments and a stall: every message, then endOfFile', async (t) => {
  const messages = storeMessages(40);
  const all = concat(messages);
  const origin = await originBehindProxy(all, { down: { split: 1, stallAfter: 2000, stallMs: 700 } });
  try {
    const s = new CSocket();
    s.m_nTimeOut = 100;
    t.true(s.Create(0, SOCK_STREAM, '127.0.0.1'));
    t.true(s.Connect('127.0.0.1', origin.port));
    const ar = new CArchive(new CSocketFile(s), CArchive.load);
    for (let k = 0; k < messages.length; k++) {
      const m = loadMessage(ar);
      t.is(m.i, k);
      t.true(m.blobOk);
    }
    const e = t.throws(() => ar.ReadDWord(), { instanceOf: CArchiveException });
    t.is(e.m_cause, CArchiveException.endOfFile);
    s.Close();
    tally('faulty-peers', { cases: 1, faults: (await origin.stats()).faults, bytes: all.length });
  } finally {
    await origin.stop();
  }
});

rstGap('blocking CArchive: a reset in the middle of the stream is CFileException carrying WSAECONNRESET, after whole messages only', async (t) => {
  const messages = storeMessages(20);
  const all = concat(messages);
  const origin = await originBehindProxy(all, { down: { split: 64, resetAfter: Math.floor(all.length / 2) } });
  try {
    const s = new CSocket();
    // A failed assertion throws (under Wine, where this test is a known failure): the socket must
    // still be closed, or its poll keeps the test process from exiting.
    t.teardown(() => s.Close());
    s.m_nTimeOut = 100;
    t.true(s.Create(0, SOCK_STREAM, '127.0.0.1'));
    t.true(s.Connect('127.0.0.1', origin.port));
    const ar = new CArchive(new CSocketFile(s), CArchive.load);
    let k = 0;
    const e = t.throws(() => { for (;; k++) { const m = loadMessage(ar); if (m.i !== k || !m.blobOk) throw new Error(`message ${k} corrupt`); } });
    t.true(e instanceof CFileException, `${e?.constructor?.name}: ${e?.message}`);
    t.is((e as CFileException).m_lOsError, WSAECONNRESET);
    t.true(k < messages.length, `${k} whole messages before the reset`);
    s.Close();
    tally('faulty-peers', { cases: 1, faults: (await origin.stats()).faults, bytes: Math.floor(all.length / 2) });
  } finally {
    await origin.stop();
  }
});

/**
 * Cancellation rules 4-7: the state a socket is in after each cancelled call (docs/cancel-states.md).
 */
import test from 'ava';
import {
  CSocket, SO_SNDBUF, SOCK_STREAM, SOCKET_ERROR, SOL_SOCKET, WSAEALREADY, WSAECONNABORTED, WSAECONNRESET,
  WSAEINTR, WSAEISCONN, WSAEWOULDBLOCK,
} from '../../../src/index.js';
import { api } from '../../../src/diagnostics.js';
import { pattern, patternMismatch } from '../../support/bytes.js';
import { socketFds } from '../../support/descriptors.js';
import { wineGap } from '../../support/gates.js';
import { countsDescriptors, descriptorTitle } from '../../support/platform.js';
import { fullListener, listener, LOOPBACK, must, pair, smallSendBuffer } from '../../support/sockets.js';
import { delay, nextTurn } from '../../support/waits.js';

// Serial: on Linux these tests count the process's sockets, which no other test may change meanwhile.
const resetGapSerial = wineGap('recv after a peer RST returns 0 under Wine 8.0', false, true);

function cancelFromHook(s: CSocket, afterRuns = 1): void {
  let runs = 0;
  s.m_nTimeOut = 20;
  s.OnMessagePending = () => {
    if (++runs >= afterRuns) s.CancelBlockingCall();
    return false;
  };
}

/** Reads with the awaitable Receive until `want` bytes came, the stream ended or failed. */
async function readAll(s: CSocket, want: number): Promise<{ bytes: Uint8Array; error: number }> {
  const out = new Uint8Array(want);
  let got = 0;
  for (let i = 0; i < 100000 && got < want; i++) {
    const n = await s.ReceiveAsync(out.subarray(got), want - got, 0, { timeout: 10000 });
    if (n === SOCKET_ERROR) return { bytes: out.subarray(0, got), error: s.GetLastError() };
    if (n === 0) break;
    got += n;
  }
  return { bytes: out.subarray(0, got), error: 0 };
}

/* ------------------------------------------------------------------ rule 4 */

test('rule 4: after a cancelled Accept (blocking), the next Accept gets the pending connection', async (t) => {
  const l = listener();
  const into = new CSocket();
  const c = new CSocket();
  try {
    cancelFromHook(l.sock);
    t.false(l.sock.Accept(into));
    t.is(l.sock.GetLastError(), WSAEINTR);
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    const connecting = c.ConnectAsync(LOOPBACK, l.port, { timeout: 10000 });
    l.sock.OnMessagePending = () => false;
    t.true(l.sock.Accept(into));
    t.true(await connecting);
    t.is(c.Send(Uint8Array.of(42), 1), 1);
    const b = new Uint8Array(1);
    t.is(into.Receive(b, 1), 1);
    t.is(b[0], 42);
  } finally {
    into.Close();
    c.Close();
    l.sock.Close();
  }
});

test('rule 4: after a cancelled AcceptAsync, the next AcceptAsync gets the pending connection', async (t) => {
  const l = listener();
  const into = new CSocket();
  const c = new CSocket();
  try {
    const first = l.sock.AcceptAsync(into);
    l.sock.CancelBlockingCall();
    t.false(await first);
    t.is(l.sock.GetLastError(), WSAEINTR);
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    const connecting = c.ConnectAsync(LOOPBACK, l.port, { timeout: 10000 });
    t.true(await connecting);
    await delay(20);
    t.true(await l.sock.AcceptAsync(into, null, { timeout: 10000 }));
    t.not(into.m_hSocket, -1);
  } finally {
    into.Close();
    c.Close();
    l.sock.Close();
  }
});

/* ------------------------------------------------------------------ rule 5 */

test.serial(descriptorTitle('rule 5: a cancelled Connect leaves a socket that Close releases at once'), async (t) => {
  const full = await fullListener();
  const before = countsDescriptors ? socketFds() : 0;
  const c = new CSocket();
  must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
  if (countsDescriptors) t.is(socketFds(), before + 1);
  cancelFromHook(c);
  t.false(c.Connect(LOOPBACK, full.port));
  t.is(c.GetLastError(), WSAEINTR);
  c.Close();
  t.is(c.m_hSocket, -1);
  if (countsDescriptors) t.is(socketFds(), before, 'the descriptor is gone as soon as Close returns');
  full.close();
});

test('rule 5: reconnecting after a cancelled Connect: WSAEALREADY while the attempt runs, WSAEISCONN once it made it', async (t) => {
  const full = await fullListener();
  const c = new CSocket();
  const taken = new CSocket();
  try {
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    const first = c.ConnectAsync(LOOPBACK, full.port);
    c.CancelBlockingCall();
    t.false(await first);
    t.is(c.GetLastError(), WSAEINTR);
    t.false(c.Connect(LOOPBACK, full.port));
    t.is(c.GetLastError(), WSAEALREADY);
    t.false(await c.ConnectAsync(LOOPBACK, full.port));
    t.is(c.GetLastError(), WSAEALREADY);
    // Make room in the accept queue: the kernel's SYN retry (about 1 s later) then connects.
    t.true(full.listener.Accept(taken));
    let outcome = WSAEALREADY;
    for (let i = 0; i < 100 && outcome === WSAEALREADY; i++) {
      await delay(100);
      outcome = c.Connect(LOOPBACK, full.port) ? 0 : c.GetLastError();
    }
    t.is(outcome, WSAEISCONN);
  } finally {
    c.Close();
    taken.Close();
    full.close();
  }
});

/* ------------------------------------------------------------------ rule 6 */

test('rule 6: a cancelled Receive (blocking) loses no byte: the next Receive gets exactly the bytes in flight', async (t) => {
  const p = await pair();
  try {
    // The bytes are sent from the hook: they are in flight when the cancel takes effect.
    p.server.m_nTimeOut = 20;
    p.server.OnMessagePending = () => {
      p.client.Send(pattern(0, 100), 100);
      p.server.CancelBlockingCall();
      return false;
    };
    const buf = new Uint8Array(200);
    t.is(p.server.Receive(buf, 200), SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
    p.server.OnMessagePending = () => false;
    let got = 0;
    for (let i = 0; i < 100 && got < 100; i++) got += p.server.Receive(buf.subarray(got), 200 - got);
    t.is(got, 100);
    t.is(patternMismatch(buf.subarray(0, got), 0), -1);
    t.is(api().waitSync(p.server.m_hSocket, 1, 0), 0, 'nothing more, nothing duplicated');
  } finally {
    p.close();
  }
});

test('rule 6: a cancelled ReceiveAsync loses no byte', async (t) => {
  const p = await pair();
  try {
    const buf = new Uint8Array(200);
    const first = p.server.ReceiveAsync(buf, 200);
    t.is(p.client.Send(pattern(0, 50), 50), 50);
    p.server.CancelBlockingCall();
    t.is(await first, SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
    t.is(p.client.Send(pattern(50, 50), 50), 50);
    const all = await readAll(p.server, 100);
    t.is(all.bytes.length, 100);
    t.is(patternMismatch(all.bytes, 0), -1);
  } finally {
    p.close();
  }
});

/* ------------------------------------------------------------------ rule 7 */

test('rule 7: a cancelled Send that wrote nothing leaves the socket usable and the stream whole', async (t) => {
  const p = await pair();
  try {
    smallSendBuffer(p.client);
    // Fill the path with the first bytes of the pattern, so the stream can be checked whole.
    let filled = 0;
    for (let i = 0; i < 100000; i++) {
      const n = api().send(p.client.m_hSocket, pattern(filled, 4096), 4096, 0);
      if (n === -WSAEWOULDBLOCK) break;
      t.true(n > 0);
      filled += n;
    }
    cancelFromHook(p.client);
    t.is(p.client.Send(pattern(filled, 1000), 1000), SOCKET_ERROR);
    t.is(p.client.GetLastError(), WSAEINTR);
    p.client.OnMessagePending = () => false;
    const reading = readAll(p.server, filled + 1000);
    t.is(await p.client.SendAsync(pattern(filled, 1000), 1000, 0, { timeout: 10000 }), 1000);
    const got = await reading;
    t.is(got.error, 0);
    t.is(got.bytes.length, filled + 1000);
    t.is(patternMismatch(got.bytes, 0), -1);
  } finally {
    p.close();
  }
});

async function assertBroken(t: import('ava').ExecutionContext, p: Awaited<ReturnType<typeof pair>>): Promise<void> {
  const c = p.client;
  const b = new Uint8Array(8);
  t.is(c.Receive(b, 8), SOCKET_ERROR);
  t.is(c.GetLastError(), WSAECONNABORTED);
  t.is(c.Send(b, 8), SOCKET_ERROR);
  t.is(c.GetLastError(), WSAECONNABORTED);
  t.is(await c.ReceiveAsync(b, 8), SOCKET_ERROR);
  t.is(c.GetLastError(), WSAECONNABORTED);
  t.is(await c.SendAsync(b, 8), SOCKET_ERROR);
  t.is(c.GetLastError(), WSAECONNABORTED);
  t.false(c.ShutDown());
  t.is(c.GetLastError(), WSAECONNABORTED);
  t.false(c.GetPeerName({ address: '', port: 0 }));
  t.is(c.GetLastError(), WSAECONNABORTED);
  const v = new Uint8Array(4);
  t.false(c.SetSockOpt(SO_SNDBUF, v, 4, SOL_SOCKET));
  t.is(c.GetLastError(), WSAECONNABORTED);
  t.false(c.GetSockOpt(SO_SNDBUF, v, { value: 4 }, SOL_SOCKET));
  t.is(c.GetLastError(), WSAECONNABORTED);
  // Create on the object fails (its dead handle is still there) and leaves it broken.
  t.false(c.Create());
  t.is(c.Receive(b, 8), SOCKET_ERROR);
  t.is(c.GetLastError(), WSAECONNABORTED);
  // The peer sees the reset: some prefix of the pattern, then WSAECONNRESET.
  const seen = await readAll(p.server, 64 << 20);
  t.is(seen.error, WSAECONNRESET);
  t.is(patternMismatch(seen.bytes, 0), -1);
}

resetGapSerial(descriptorTitle('rule 7: a cancelled blocking Send that wrote part of the buffer resets the connection; every later call but Close fails with WSAECONNABORTED'), async (t) => {
  const before = countsDescriptors ? socketFds() : 0;
  const p = await pair();
  // A failed assertion throws: the sockets must still be closed, or their polls keep the process alive.
  t.teardown(() => p.close());
  smallSendBuffer(p.client);
  cancelFromHook(p.client);
  const big = pattern(0, 8 << 20);
  t.is(p.client.Send(big, big.length), SOCKET_ERROR);
  t.is(p.client.GetLastError(), WSAEINTR);
  await assertBroken(t, p);
  p.close();
  p.client.Close();
  if (countsDescriptors) t.is(socketFds(), before, 'the reset socket\'s descriptor is released exactly once');
});

resetGapSerial(descriptorTitle('rule 7: the same for a cancelled SendAsync that wrote part of the buffer'), async (t) => {
  const before = countsDescriptors ? socketFds() : 0;
  const p = await pair();
  // A failed assertion throws: the sockets must still be closed, or their polls keep the process alive.
  t.teardown(() => p.close());
  smallSendBuffer(p.client);
  const big = pattern(0, 8 << 20);
  const call = p.client.SendAsync(big, big.length);
  await nextTurn();
  p.client.CancelBlockingCall();
  t.is(await call, SOCKET_ERROR);
  t.is(p.client.GetLastError(), WSAEINTR);
  await assertBroken(t, p);
  p.close();
  if (countsDescriptors) t.is(socketFds(), before);
});

/**
 * Close() during a blocking call cancels the call first (it ends with WSAEINTR), then closes.
 */
import test from 'ava';
import { CSocket, SOCKET_ERROR, WSAECONNRESET, WSAEINTR, WSAENOTSOCK } from '../../../src/index.js';
import { socketFds } from '../../support/descriptors.js';
import { wineGap } from '../../support/gates.js';
import { countsDescriptors, descriptorTitle } from '../../support/platform.js';
import { listener, pair, smallSendBuffer } from '../../support/sockets.js';
import { nextTurn } from '../../support/waits.js';

test.serial(descriptorTitle('Close during an awaitable Receive ends it with WSAEINTR and releases the descriptor'), async (t) => {
  const before = countsDescriptors ? socketFds() : 0;
  const p = await pair();
  const call = p.server.ReceiveAsync(new Uint8Array(8), 8);
  p.server.Close();
  let settled = false;
  void call.then(() => { settled = true; });
  await nextTurn();
  t.true(settled);
  t.is(await call, SOCKET_ERROR);
  t.is(p.server.GetLastError(), WSAEINTR);
  t.false(p.server.IsBlocking());
  t.is(p.server.m_hSocket, -1);
  p.close();
  if (countsDescriptors) t.is(socketFds(), before);
});

test('Close from OnMessagePending ends the blocking Receive with WSAEINTR; later calls say WSAENOTSOCK', async (t) => {
  const p = await pair();
  try {
    let runs = 0;
    p.server.m_nTimeOut = 20;
    p.server.OnMessagePending = () => {
      runs++;
      p.server.Close();
      return false;
    };
    t.is(p.server.Receive(new Uint8Array(8), 8), SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAEINTR);
    t.is(runs, 1);
    t.is(p.server.Receive(new Uint8Array(8), 8), SOCKET_ERROR);
    t.is(p.server.GetLastError(), WSAENOTSOCK);
  } finally {
    p.close();
  }
});

test('Close during an awaitable Accept ends it with FALSE / WSAEINTR', async (t) => {
  const l = listener();
  const into = new CSocket();
  const call = l.sock.AcceptAsync(into);
  l.sock.Close();
  t.false(await call);
  t.is(l.sock.GetLastError(), WSAEINTR);
  t.is(into.m_hSocket, -1);
});

// Serial: on Linux it counts the process's sockets, which no other test may change meanwhile.
wineGap('recv after a peer RST returns 0 under Wine 8.0', false, true)(descriptorTitle('Close during a SendAsync that wrote part of its buffer: WSAEINTR, the peer sees a reset, one descriptor released once'), async (t) => {
  const before = countsDescriptors ? socketFds() : 0;
  const p = await pair();
  // A failed assertion throws: the sockets must still be closed, or their polls keep the process alive.
  t.teardown(() => p.close());
  smallSendBuffer(p.client);
  const big = new Uint8Array(8 << 20);
  const call = p.client.SendAsync(big, big.length);
  await nextTurn();
  p.client.Close();
  t.is(await call, SOCKET_ERROR);
  t.is(p.client.GetLastError(), WSAEINTR);
  t.is(p.client.m_hSocket, -1);
  const buf = new Uint8Array(1 << 20);
  let last = 0;
  for (let i = 0; i < 10000; i++) {
    last = await p.server.ReceiveAsync(buf, buf.length, 0, { timeout: 10000 });
    if (last <= 0) break;
  }
  t.is(last, SOCKET_ERROR);
  t.is(p.server.GetLastError(), WSAECONNRESET);
  p.close();
  if (countsDescriptors) t.is(socketFds(), before);
});

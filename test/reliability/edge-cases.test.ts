/**
 * Edges a peer or the OS can push a socket to: out-of-band data, zero-length sends, a 100 MiB
 * single Send, datagrams too large to send or to receive (WSAEMSGSIZE), and a full descriptor
 * table (WSAEMFILE, then recovery). Each ends with exact WSA codes and verified bytes.
 */
import test from 'ava';
import {
  CAsyncSocket, CSocket, FD_ALL_EVENTS, MSG_OOB, SOCK_DGRAM, SOCK_STREAM, SOCKET_ERROR, WSAEMFILE, WSAEMSGSIZE, WSAEWOULDBLOCK,
} from '../../src/index.js';
import { pattern } from '../support/bytes.js';
import { jsonLines, runFixture } from '../support/children.js';
import { socketFds } from '../support/descriptors.js';
import { linuxOnly, wineGap } from '../support/gates.js';
import { pair } from '../support/sockets.js';
import { tally } from '../support/tally.js';
import { until } from '../support/waits.js';
import { nextMessage, tsWorker } from '../support/workers.js';
import { listenOn } from '../support/sockets.js';

const fdsBefore = socketFds();

class OobWatcher extends CAsyncSocket {
  oob = 0;
  protected override OnOutOfBandData(): void { this.oob++; }
}

wineGap('the Windows poller (one libuv poll handle per socket) reports no urgent data, so FD_OOB never fires')('out-of-band data: OnOutOfBandData fires, Receive(MSG_OOB) gets the urgent byte, the in-band bytes around it are intact', async (t) => {
  const l = new CAsyncSocket();
  const port = listenOn(l);
  const client = new CAsyncSocket();
  client.Create(0, SOCK_STREAM, FD_ALL_EVENTS, '127.0.0.1');
  client.Connect('127.0.0.1', port);
  const server = new OobWatcher();
  // A failed wait or assertion throws (under Wine, where this test is a known failure): the
  // sockets must still be closed, or their polls keep the test process from exiting.
  t.teardown(() => { client.Close(); server.Close(); l.Close(); });
  await until(() => l.Accept(server), 5000, 'accept');
  await until(() => client.GetPeerName({ address: '', port: 0 }), 5000, 'connect');
  t.is(client.Send(Uint8Array.of(1, 2, 3), 3), 3);
  t.is(client.Send(Uint8Array.of(0x21), 1, MSG_OOB), 1);
  t.is(client.Send(Uint8Array.of(4, 5), 2), 2);
  await until(() => server.oob > 0, 5000, 'OnOutOfBandData');
  const urgent = new Uint8Array(1);
  t.is(server.Receive(urgent, 1, MSG_OOB), 1);
  t.is(urgent[0], 0x21);
  const inband = new Uint8Array(16);
  let got = 0;
  await until(() => {
    const n = server.Receive(inband.subarray(got), 16 - got);
    if (n > 0) got += n;
    return got >= 5;
  }, 5000, 'in-band bytes');
  t.deepEqual([...inband.subarray(0, got)], [1, 2, 3, 4, 5]);
  t.is(server.Receive(urgent, 1, MSG_OOB), SOCKET_ERROR, 'the urgent byte is read once');
  client.Close(); server.Close(); l.Close();
  tally('edges', { cases: 1, faults: 1, bytes: 6 });
});

test('zero-length sends: 0 from Send, CSocket Send and SendAsync; the peer receives nothing extra; a zero-length datagram arrives as 0 with its sender', async (t) => {
  const p = await pair();
  const empty = new Uint8Array(0);
  t.is(p.client.Send(empty, 0), 0);
  t.is(await p.client.SendAsync(empty, 0), 0);
  t.is(p.client.Send(new Uint8Array(8), 0), 0, 'a zero count from a real buffer');
  t.is(await p.client.SendAsync(Uint8Array.of(7, 8, 9), 3), 3);
  const got = new Uint8Array(8);
  t.is(await p.server.ReceiveAsync(got, 8, 0, { timeout: 5000 }), 3);
  t.deepEqual([...got.subarray(0, 3)], [7, 8, 9]);
  p.close();

  const u1 = new CAsyncSocket();
  const u2 = new CAsyncSocket();
  u1.Create(0, SOCK_DGRAM, 0, '127.0.0.1');
  u2.Create(0, SOCK_DGRAM, 0, '127.0.0.1');
  const a2 = { address: '', port: 0 };
  u2.GetSockName(a2);
  t.is(u1.SendTo(empty, 0, a2.port, '127.0.0.1'), 0);
  const from = { address: '', port: 0 };
  let n = SOCKET_ERROR;
  await until(() => { n = u2.ReceiveFrom(got, 8, from); return n !== SOCKET_ERROR || u2.GetLastError() !== WSAEWOULDBLOCK; }, 5000, 'the empty datagram');
  t.is(n, 0);
  t.is(from.address, '127.0.0.1');
  u1.Close(); u2.Close();
  tally('edges', { cases: 4, faults: 0, bytes: 3 });
});

test('datagrams: one larger than UDP allows fails with WSAEMSGSIZE; one larger than the buffer fills it and fails with WSAEMSGSIZE (no silent truncation); the next one is whole', async (t) => {
  const u1 = new CSocket();
  const u2 = new CSocket();
  t.true(u1.Create(0, SOCK_DGRAM, '127.0.0.1'));
  t.true(u2.Create(0, SOCK_DGRAM, '127.0.0.1'));
  const a2 = { address: '', port: 0 };
  u2.GetSockName(a2);
  const huge = new Uint8Array(65536);
  t.is(u1.SendTo(huge, huge.length, a2.port, '127.0.0.1'), SOCKET_ERROR);
  t.is(u1.GetLastError(), WSAEMSGSIZE);
  const big = pattern(0, 2000);
  t.is(await u1.SendToAsync(big, big.length, a2.port, '127.0.0.1'), 2000);
  t.is(await u1.SendToAsync(big, 10, a2.port, '127.0.0.1'), 10);
  const small = new Uint8Array(100);
  const from = { address: '', port: 0 };
  t.is(await u2.ReceiveFromAsync(small, 100, from, 0, { timeout: 5000 }), SOCKET_ERROR);
  t.is(u2.GetLastError(), WSAEMSGSIZE);
  t.deepEqual(small, big.subarray(0, 100), 'the buffer holds the datagram\'s first bytes');
  const next = new Uint8Array(100);
  t.is(await u2.ReceiveFromAsync(next, 100, from, 0, { timeout: 5000 }), 10);
  t.deepEqual(next.subarray(0, 10), big.subarray(0, 10));
  t.is(from.address, '127.0.0.1');
  // The CAsyncSocket Receive on a datagram socket follows the same rule.
  const plain = new CAsyncSocket();
  t.true(plain.Attach(u2.Detach()));
  t.is(await u1.SendToAsync(big, 300, a2.port, '127.0.0.1'), 300);
  let n = SOCKET_ERROR;
  await until(() => { n = plain.Receive(small, 100); return n !== SOCKET_ERROR || plain.GetLastError() !== WSAEWOULDBLOCK; }, 5000, 'datagram');
  t.is(n, SOCKET_ERROR);
  t.is(plain.GetLastError(), WSAEMSGSIZE);
  u1.Close(); plain.Close(); u2.Close();
  tally('edges', { cases: 4, faults: 3, bytes: 2410 });
});

test('a 100 MiB single blocking Send: returns 104,857,600 and the peer verifies every byte in order', async (t) => {
  const size = 100 * 1024 * 1024;
  const w = tsWorker(new URL('../fixtures/sink-worker.ts', import.meta.url), {});
  try {
    const { port } = await nextMessage<{ type: string; port: number }>(w, 'listening');
    const done = nextMessage<{ type: string; bytes: number; mismatch: number; error: string | null }>(w, 'done', 60000);
    const s = new CSocket();
    t.true(s.Create(0, SOCK_STREAM, '127.0.0.1'));
    t.true(s.Connect('127.0.0.1', port));
    const data = pattern(0, size);
    t.is(s.Send(data, size), size);
    t.true(s.ShutDown());
    const r = await done;
    s.Close();
    t.deepEqual(r, { type: 'done', bytes: size, mismatch: -1, error: null });
    tally('edges', { cases: 1, faults: 0, bytes: size });
  } finally {
    await w.terminate();
  }
});

linuxOnly('descriptor exhaustion (ulimit -n 64 in a child): Create, Socket and Accept fail with WSAEMFILE, leave no half-made object, and work again once descriptors are freed', 'prlimit shrinks the descriptor table', async (t) => {
  const r = await runFixture(new URL('../fixtures/emfile-child.ts', import.meta.url), { nofile: 64, timeoutMs: 30000 });
  t.is(r.code, 0, r.stderr.slice(-1500));
  const [o] = jsonLines<Record<string, unknown>>(r.stdout);
  t.truthy(o, r.stdout);
  t.true((o!.opened as number) > 10);
  t.is(o!.createError, WSAEMFILE);
  t.is(o!.createHandle, -1, 'the object that failed holds no handle');
  t.is(o!.acceptOk, false);
  t.is(o!.acceptError, WSAEMFILE);
  t.is(o!.intoHandle, -1);
  t.is(o!.socketOk, false);
  t.is(o!.socketError, WSAEMFILE);
  t.is(o!.acceptAfterOk, true, 'the connection that waited in the queue is accepted after recovery');
  t.is(o!.createAfterOk, true);
  t.is(o!.sent, 11);
  t.is(o!.received, 11);
  tally('edges', { cases: 3, faults: 3, bytes: 11 });
});

test.after.always('no socket descriptor is left behind by the edge group', (t) => {
  t.is(socketFds(), fdsBefore);
});

/**
 * Datagram cases of wine-mirror/wine dlls/ws2_32/tests/sock.c, test_UDP: sendto and recvfrom
 * between peers, sends on a connected socket whose peer port is closed (the ICMP errors must
 * not fail them), and a sendto to port 0, through CAsyncSocket's SendTo / ReceiveFrom / Send.
 */
import test from 'ava';
import { CAsyncSocket, PF_INET, PF_INET6, SOCK_DGRAM } from '../../src/index.js';
import { EXPECT_MS } from './harness.js';
import { gap } from '../support/gates.js';
import { portOf } from '../support/sockets.js';

function dgram(t: import('ava').ExecutionContext, pf = PF_INET): CAsyncSocket {
  const s = new CAsyncSocket();
  if (!s.Socket(SOCK_DGRAM, 0, 0, pf)) throw new Error(`Socket: ${s.GetLastError()}`);
  t.teardown(() => s.Close());
  return s;
}

async function receiveFrom(s: CAsyncSocket, buf: Uint8Array, from: { address: string; port: number }): Promise<number> {
  const end = Date.now() + EXPECT_MS;
  for (;;) {
    const n = s.ReceiveFrom(buf, buf.length, from);
    if (n >= 0 || Date.now() > end) return n;
    await new Promise((r) => setTimeout(r, 2));
  }
}

test('test_UDP: each peer\'s datagram arrives at peer 0 with its sender\'s port', async (t) => {
  const peers = [dgram(t), dgram(t), dgram(t)];
  for (const p of peers) t.true(p.Bind(0, '127.0.0.1'));
  const ports = peers.map(portOf);
  for (let i = 1; i < peers.length; i++) {
    const buf = new Uint8Array(16);
    new DataView(buf.buffer).setUint16(0, ports[i]!, true);
    t.is(peers[i]!.SendTo(buf, 16, ports[0]!, '127.0.0.1'), 16);
  }
  const seen: number[] = [];
  for (let i = 1; i < peers.length; i++) {
    const buf = new Uint8Array(16);
    const from = { address: '', port: 0 };
    t.is(await receiveFrom(peers[0]!, buf, from), 16);
    t.is(from.port, new DataView(buf.buffer).getUint16(0, true), 'the port in the datagram is its sender\'s');
    seen.push(from.port);
  }
  t.deepEqual(seen.sort(), ports.slice(1).sort());
});

gap({ wine: 'Wine 8.0 hands the Linux ICMP error to the next send (WSAECONNREFUSED)' })('test_UDP: sends on a connected socket whose peer port is closed all succeed (the ICMP errors are not theirs)', (t) => {
  const gone = dgram(t);
  t.true(gone.Bind(0, '127.0.0.1'));
  const port = portOf(gone);
  gone.Close();
  const s = dgram(t);
  t.true(s.Connect('127.0.0.1', port));
  const buf = new Uint8Array(16);
  for (let i = 0; i < 10; i++) t.is(s.Send(buf, 16), 16, `send ${i}: ${s.GetLastError()}`);
});

for (const [name, pf, host] of [['IPv4', PF_INET, '127.0.0.1'], ['IPv6', PF_INET6, '::1']] as const) {
  gap({ wine: 'Wine 8.0 passes Linux\'s EINVAL on (WSAEINVAL)' })(`test_UDP: ${name}: a SendTo to port 0 succeeds and binds the socket`, (t) => {
    const s = dgram(t, pf);
    t.is(s.SendTo(new Uint8Array(16), 16, 0, host), 16, `SendTo: ${s.GetLastError()}`);
    t.not(portOf(s), 0);
  });
}

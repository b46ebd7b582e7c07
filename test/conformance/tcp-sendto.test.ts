/**
 * wine-mirror/wine dlls/ws2_32/tests/sock.c, test_tcp_sendto_recvfrom: on a connected stream
 * socket sendto ignores its address and recvfrom leaves the caller's address alone, through
 * CAsyncSocket's SendTo and ReceiveFrom. (sock.c passes garbage bytes as the address; here it
 * is a loopback port nobody listens on, since these tests never name another host.)
 */
import test from 'ava';
import { tcpPair, windowFor } from './harness.js';
import { refusingPort } from '../support/sockets.js';

test('test_tcp_sendto_recvfrom: SendTo on a connected stream ignores the address; ReceiveFrom leaves the address as it was', async (t) => {
  const refusing = await refusingPort();
  t.teardown(refusing.close);
  const win = windowFor(t);
  const { client, server } = await tcpPair(win);
  const msg = new TextEncoder().encode('ws2_32/TCP socket test\0');
  t.is(server.SendTo(msg, msg.length, refusing.port, '127.0.0.1'), msg.length, `SendTo: ${server.GetLastError()}`);
  const buf = new Uint8Array(msg.length);
  const from = { address: 'untouched', port: 0xc0ff };
  const end = Date.now() + 5000;
  let n = -1;
  while ((n = client.ReceiveFrom(buf, buf.length, from)) < 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 2));
  t.is(n, msg.length);
  t.deepEqual(from, { address: 'untouched', port: 0xc0ff });
  t.deepEqual([...buf], [...msg]);
});

/**
 * Bad input gets the documented WSA code: never an exception, never a crash, never a byte
 * written past the buffer.
 */
import test from 'ava';
import net from 'node:net';
import {
  CAsyncSocket, SOCK_STREAM, SOCKET_ERROR, WSAECONNRESET, WSAEFAULT, WSAEINVAL, WSAEWOULDBLOCK,
} from '../../../src/index.js';
import { until } from '../../support/waits.js';

async function pairWithNet(): Promise<{ s: CAsyncSocket; peer: net.Socket; server: net.Server }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  const accepted = new Promise<net.Socket>((r) => server.once('connection', r));
  const s = new CAsyncSocket();
  s.Create(0, SOCK_STREAM, 0);
  s.Connect('127.0.0.1', port);
  const peer = await accepted;
  await until(() => s.GetPeerName({ address: '', port: 0 }), 5000, 'connect');
  return { s, peer, server };
}

test('nBufLen beyond the buffer: WSAEFAULT, and not one byte written past a subarray', async (t) => {
  const { s, peer, server } = await pairWithNet();
  peer.write(Buffer.alloc(64, 0x41));
  const backing = new Uint8Array(16).fill(0xee);
  const view = backing.subarray(4, 8); // 4 bytes, canaries on both sides
  await new Promise((r) => setTimeout(r, 50));
  t.is(s.Receive(view, 5), SOCKET_ERROR);
  t.is(s.GetLastError(), WSAEFAULT);
  t.deepEqual([...backing], new Array(16).fill(0xee), 'nothing written anywhere');
  t.is(s.Receive(view, 4), 4, 'the exact length works');
  t.deepEqual([...backing.subarray(0, 4)], [0xee, 0xee, 0xee, 0xee]);
  t.deepEqual([...backing.subarray(8)], new Array(8).fill(0xee));
  t.deepEqual([...view], [0x41, 0x41, 0x41, 0x41]);
  t.is(s.Send(view, 100), SOCKET_ERROR);
  t.is(s.GetLastError(), WSAEFAULT);
  s.Close(); peer.destroy(); server.close();
});

test('lengths, buffers and flags of the wrong kind fail with WSAEINVAL / WSAEFAULT', (t) => {
  const s = new CAsyncSocket();
  t.true(s.Create());
  const buf = new Uint8Array(8);
  const cases: Array<[string, () => number, number]> = [
    // Winsock's recv reads a negative length as a huge buffer: WSAEFAULT (sock.c, test_read_events).
    ['negative nBufLen of Receive', () => s.Receive(buf, -1), WSAEFAULT],
    ['negative nBufLen of Send', () => s.Send(buf, -1), WSAEINVAL],
    ['NaN nBufLen', () => s.Receive(buf, NaN), WSAEINVAL],
    ['fractional nBufLen', () => s.Send(buf, 1.5), WSAEINVAL],
    ['a string as the buffer', () => s.Send('abc' as unknown as Uint8Array, 3), WSAEFAULT],
    ['a number as the buffer (koffi would take it as an address)', () => s.Receive(64 as unknown as Uint8Array, 8), WSAEFAULT],
    ['null buffer', () => s.Receive(null as unknown as Uint8Array, 0), WSAEFAULT],
    ['a plain array', () => s.Send([1, 2] as unknown as Uint8Array, 2), WSAEFAULT],
  ];
  for (const [what, call, code] of cases) {
    t.is(call(), SOCKET_ERROR, what);
    t.is(s.GetLastError(), code, what);
  }
  const detached = new ArrayBuffer(8);
  const view = new Uint8Array(detached);
  structuredClone(detached, { transfer: [detached] });
  t.is(view.byteLength, 0);
  t.is(s.Receive(view, 8), SOCKET_ERROR, 'a view of a detached ArrayBuffer has length 0');
  t.is(s.GetLastError(), WSAEFAULT);
  s.Close();
});

test('ports outside 0..65535, non-integers and unparsable addresses are WSAEINVAL', (t) => {
  for (const port of [-1, 65536, 1.5, NaN, Infinity]) {
    const s = new CAsyncSocket();
    t.false(s.Create(port), `Create(${port})`);
    t.is(s.GetLastError(), WSAEINVAL);
    t.is(s.m_hSocket, -1, 'no socket is left behind');
  }
  const s = new CAsyncSocket();
  t.true(s.Create());
  for (const host of ['', '999.1.1.1x', '::g', 42 as unknown as string]) {
    t.false(s.Connect(host, 80), `Connect(${String(host)})`);
    t.is(s.GetLastError(), WSAEINVAL);
  }
  t.false(s.Connect('127.0.0.1', 70000));
  t.is(s.GetLastError(), WSAEINVAL);
  t.is(s.SendTo(new Uint8Array(1), 1, -5, '127.0.0.1'), SOCKET_ERROR);
  t.is(s.GetLastError(), WSAEINVAL);
  t.false(s.Create(), 'Create on a socket that exists');
  t.is(s.GetLastError(), WSAEINVAL);
  t.false(s.AsyncSelect(0x400), 'an event bit that does not exist');
  t.is(s.GetLastError(), WSAEINVAL);
  t.false(s.ShutDown(7));
  t.is(s.GetLastError(), WSAEINVAL);
  t.false(s.GetSockName(null as unknown as { address: string; port: number }));
  t.is(s.GetLastError(), WSAEFAULT);
  s.Close();
});

test('a peer that resets mid-send gives WSAECONNRESET, not SIGPIPE', async (t) => {
  const { s, peer, server } = await pairWithNet();
  // A failed assertion throws: the socket must still be closed, or its poll keeps the process alive.
  t.teardown(() => { s.Close(); server.close(); });
  peer.resetAndDestroy();
  const chunk = new Uint8Array(65536);
  let rc = 0;
  await until(() => {
    rc = s.Send(chunk, chunk.length);
    return rc === SOCKET_ERROR && s.GetLastError() !== WSAEWOULDBLOCK;
  }, 5000, 'the send to fail');
  t.is(s.GetLastError(), WSAECONNRESET);
  t.true(process.connected === undefined || process.connected, 'the process is alive');
  s.Close(); server.close();
});

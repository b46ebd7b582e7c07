/**
 * A connection that is made, receives data and is then reset, all before the program looks at
 * the connect's outcome (a busy or loaded thread), did connect: Winsock posts FD_CONNECT with 0,
 * and the next recv returns the data, then WSAECONNRESET. SO_ERROR alone says ECONNRESET there;
 * reading it as the connect's result failed the connect instead (seen in CI under load).
 * The peer is a Node net server in a child process that writes, then resets.
 */
import {
  CAsyncSocket, CSocket, FD_ALL_EVENTS, FD_CONNECT, FD_READ, SOCK_STREAM, SOCKET_ERROR, WSAECONNABORTED,
  WSAECONNRESET, WSAEWOULDBLOCK,
} from '../../../src/index.js';
import { serverChild } from '../../support/children.js';
import { wineGap } from '../../support/gates.js';
import { until } from '../../support/waits.js';

const rstGap = wineGap('recv after a peer RST returns 0 under Wine 8.0', false, true);

/** A server that answers every connection with `hello`, then resets it. */
function writeThenReset(): Promise<{ port: number; stop: () => void }> {
  return serverChild("(c) => { c.on('error', () => {}); c.write('hello', () => c.resetAndDestroy()); }");
}

/** Keeps this thread busy, so the peer's data and reset arrive before the loop looks. */
function busy(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

rstGap('ConnectAsync whose connection was reset before the outcome was read: connected, then the data, then WSAECONNRESET', async (t) => {
  const server = await writeThenReset();
  const s = new CSocket();
  t.teardown(() => { s.Close(); server.stop(); });
  t.true(s.Create(0, SOCK_STREAM, '127.0.0.1'));
  const connecting = s.ConnectAsync('127.0.0.1', server.port, { timeout: 10000 });
  busy(300);
  t.true(await connecting, `ConnectAsync: WSA ${s.GetLastError()}`);
  const buf = new Uint8Array(16);
  t.is(await s.ReceiveAsync(buf, 16, 0, { timeout: 5000 }), 5);
  t.is(new TextDecoder().decode(buf.subarray(0, 5)), 'hello');
  t.is(await s.ReceiveAsync(buf, 16, 0, { timeout: 5000 }), SOCKET_ERROR);
  t.is(s.GetLastError(), WSAECONNRESET);
});

rstGap('CAsyncSocket: OnConnect says 0 for a connection reset before it was seen; Receive gets the data, then WSAECONNRESET', async (t) => {
  const server = await writeThenReset();
  const events: string[] = [];
  class Client extends CAsyncSocket {
    protected override OnConnect(nErrorCode: number): void { events.push(`connect ${nErrorCode}`); }
    protected override OnReceive(nErrorCode: number): void { events.push(`receive ${nErrorCode}`); }
  }
  const s = new Client();
  t.teardown(() => { s.Close(); server.stop(); });
  t.true(s.Create(0, SOCK_STREAM, FD_CONNECT | FD_READ, '127.0.0.1'));
  const started = s.Connect('127.0.0.1', server.port);
  t.true(started || s.GetLastError() === WSAEWOULDBLOCK, `Connect: WSA ${s.GetLastError()}`);
  busy(300);
  await until(() => events.length > 0, 5000, 'OnConnect');
  t.is(events[0], 'connect 0');
  const buf = new Uint8Array(16);
  t.is(s.Receive(buf, 16), 5);
  t.is(s.Receive(buf, 16), SOCKET_ERROR);
  t.is(s.GetLastError(), WSAECONNRESET);
});

rstGap('CAsyncSocket with every event: OnClose gets WSAECONNABORTED (Winsock\'s FD_CLOSE code for a reset), and Receive reports WSAECONNRESET after the data, every time', async (t) => {
  const server = await writeThenReset();
  const events: string[] = [];
  class Client extends CAsyncSocket {
    protected override OnConnect(nErrorCode: number): void { events.push(`connect ${nErrorCode}`); }
    protected override OnClose(nErrorCode: number): void { events.push(`close ${nErrorCode}`); }
  }
  const s = new Client();
  t.teardown(() => { s.Close(); server.stop(); });
  t.true(s.Create(0, SOCK_STREAM, FD_ALL_EVENTS, '127.0.0.1'));
  const started = s.Connect('127.0.0.1', server.port);
  t.true(started || s.GetLastError() === WSAEWOULDBLOCK, `Connect: WSA ${s.GetLastError()}`);
  await until(() => events.some((e) => e.startsWith('close')), 5000, 'OnClose');
  t.true(events.includes('connect 0'), events.join(', '));
  t.true(events.includes(`close ${WSAECONNABORTED}`), events.join(', '));
  const buf = new Uint8Array(16);
  t.is(s.Receive(buf, 16), 5);
  for (let i = 0; i < 2; i++) {
    t.is(s.Receive(buf, 16), SOCKET_ERROR);
    t.is(s.GetLastError(), WSAECONNRESET);
  }
});

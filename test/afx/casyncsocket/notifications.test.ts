/**
 * Every CAsyncSocket notification, in order, from a server and a client written as MFC
 * subclasses, over IPv4 and IPv6 loopback.
 */
import test from 'ava';
import { CAsyncSocket, FD_ALL_EVENTS, PF_INET6, SOCK_STREAM, WSAECONNREFUSED, WSAEWOULDBLOCK } from '../../../src/index.js';
import { dec, enc } from '../../support/bytes.js';
import { until } from '../../support/waits.js';
import { listenOn } from '../../support/sockets.js';

class Logged extends CAsyncSocket {
  readonly log: string[] = [];
  protected record(name: string, nErrorCode: number): void {
    this.log.push(nErrorCode === 0 ? name : `${name}(${nErrorCode})`);
  }
}

/** The server side of one connection: echoes what it receives, closes when the peer does. */
class CEchoConn extends Logged {
  received = '';
  protected override OnSend(e: number): void { this.record('OnSend', e); }
  protected override OnReceive(e: number): void {
    this.record('OnReceive', e);
    const buf = new Uint8Array(256);
    const n = this.Receive(buf, buf.length);
    if (n > 0) {
      this.received += dec(buf.subarray(0, n));
      this.Send(buf, n);
    }
  }
  protected override OnClose(e: number): void {
    this.record('OnClose', e);
    this.Close();
  }
}

class CListener extends Logged {
  conns: CEchoConn[] = [];
  protected override OnAccept(e: number): void {
    this.record('OnAccept', e);
    const c = new CEchoConn();
    const peer = { address: '', port: 0 };
    if (this.Accept(c, peer)) {
      c.log.push(`accepted ${peer.address}`);
      this.conns.push(c);
    }
  }
}

class CClient extends Logged {
  echoed = '';
  protected override OnConnect(e: number): void {
    this.record('OnConnect', e);
    if (e === 0) this.Send(enc('ping'), 4);
  }
  protected override OnSend(e: number): void { this.record('OnSend', e); }
  protected override OnReceive(e: number): void {
    this.record('OnReceive', e);
    const buf = new Uint8Array(256);
    const n = this.Receive(buf, buf.length);
    if (n > 0) this.echoed += dec(buf.subarray(0, n));
    if (this.echoed === 'ping') this.ShutDown(CAsyncSocket.both);
  }
  protected override OnClose(e: number): void { this.record('OnClose', e); }
}

for (const [family, host] of [['IPv4', '127.0.0.1'], ['IPv6', '::1']] as const) {
  test(`${family}: accept, connect, send, receive and close notifications arrive in MFC's order`, async (t) => {
    const server = new CListener();
    t.true(server.Create(0, SOCK_STREAM, FD_ALL_EVENTS, host), `Create: ${server.GetLastError()}`);
    t.true(server.Listen());
    const where = { address: '', port: 0 };
    t.true(server.GetSockName(where));
    t.is(where.address, host);
    t.not(where.port, 0);

    const client = new CClient();
    if (family === 'IPv6') t.true(client.Socket(SOCK_STREAM, FD_ALL_EVENTS, 0, PF_INET6));
    else t.true(client.Create());
    t.false(client.Connect(host, where.port), 'a non-blocking connect reports WSAEWOULDBLOCK');
    t.is(client.GetLastError(), WSAEWOULDBLOCK);

    await until(() => server.conns[0]?.log.includes('OnClose') === true, 5000, 'the server to see the close');
    t.deepEqual(server.log, ['OnAccept']);
    const conn = server.conns[0]!;
    t.is(conn.received, 'ping');
    // The accepted socket: writable at once, then the data, then the peer's close.
    t.deepEqual(conn.log.filter((x) => !x.startsWith('accepted')), ['OnSend', 'OnReceive', 'OnClose']);
    t.is(conn.log[0], `accepted ${host}`);
    await until(() => client.echoed === 'ping', 2000, 'the echo');
    t.deepEqual(client.log.slice(0, 3), ['OnConnect', 'OnSend', 'OnReceive']);
    client.Close();
    server.Close();
  });
}

test('OnConnect reports WSAECONNREFUSED for a port nobody listens on', async (t) => {
  // A socket bound but not listening holds the port for the whole test (nothing else can take
  // it, unlike a port freed before the connect) and the kernel refuses a SYN to it.
  const probe = new CAsyncSocket();
  t.true(probe.Create(0, SOCK_STREAM, 0, '127.0.0.1'));
  const where = { address: '', port: 0 };
  probe.GetSockName(where);
  const client = new CClient();
  t.teardown(() => { client.Close(); probe.Close(); });
  t.true(client.Create());
  const immediate = client.Connect('127.0.0.1', where.port);
  if (immediate) t.fail('connect to a port with no listener cannot succeed');
  if (client.GetLastError() === WSAEWOULDBLOCK) {
    await until(() => client.log.length > 0, 5000, 'OnConnect');
    t.deepEqual(client.log, [`OnConnect(${WSAECONNREFUSED})`]);
  } else {
    t.is(client.GetLastError(), WSAECONNREFUSED);
  }
});

test('OnReceive is posted once and re-enabled by Receive (WSAAsyncSelect rule)', async (t) => {
  let count = 0;
  class Lazy extends CAsyncSocket {
    drain = false;
    protected override OnReceive(): void {
      count++;
      if (this.drain) this.Receive(new Uint8Array(64), 1);
    }
  }
  const server = new CListener();
  const port = listenOn(server);
  const client = new Lazy();
  t.true(client.Create());
  client.Connect('127.0.0.1', port);
  await until(() => server.conns.length === 1, 5000, 'accept');
  // The server echoes twice; the client does not read, so only one OnReceive may come.
  await until(() => client.Send(enc('a'), 1) === 1, 5000, 'send');
  await until(() => count === 1, 5000, 'first OnReceive');
  client.Send(enc('b'), 1);
  await new Promise((r) => setTimeout(r, 100));
  t.is(count, 1, 'no second OnReceive before Receive is called');
  client.drain = true;
  // Read one of the two bytes: data remains, so the re-enabled FD_READ must be posted again.
  t.is(client.Receive(new Uint8Array(64), 1), 1);
  await until(() => count >= 2, 5000, 'OnReceive after the re-enabling Receive');
  t.pass();
  client.Close();
  server.Close();
});

/**
 * The MFC names block the calling thread: the peer runs in a Worker (Node's net), the test's
 * thread really waits in Accept, Connect, Receive, Send, SendTo and ReceiveFrom.
 */
import test from 'ava';
import { pattern, patternMismatch } from '../../support/bytes.js';
import { listener, LOOPBACK, must, portOf, refusingPort, smallSendBuffer } from '../../support/sockets.js';
import { nextTurn } from '../../support/waits.js';
import { nextMessage, startPeer, stopPeer } from '../../support/workers.js';
import {
  CAsyncSocket, CSocket, FD_ALL_EVENTS, SOCK_DGRAM, SOCK_STREAM, SOCKET_ERROR, type SocketAddress,
  WSAECONNREFUSED,
} from '../../../src/index.js';

test('Accept blocks until a peer connects; Receive returns the first chunk, then 0 at orderly close', async (t) => {
  const l = listener();
  const peer = await startPeer([
    { op: 'connect', port: l.port }, { op: 'sleep', ms: 50 }, { op: 'send', offset: 0, length: 5 },
    { op: 'waitGo' }, { op: 'end' },
  ]);
  const server = new CSocket();
  try {
    const peerAddr: SocketAddress = { address: '', port: 0 };
    t.true(l.sock.Accept(server, peerAddr));
    t.is(peerAddr.address, LOOPBACK);
    const buf = new Uint8Array(100);
    t.is(server.Receive(buf, 100), 5);
    t.deepEqual(buf.subarray(0, 5), pattern(0, 5));
    peer.postMessage({ type: 'go' });
    t.is(server.Receive(buf, 100), 0, 'FD_CLOSE ends the wait and the retried recv reports EOF');
    t.false(server.IsBlocking());
  } finally {
    server.Close();
    l.sock.Close();
    await stopPeer(peer);
  }
});

test('Connect blocks until connected; Send loops until every byte is sent', async (t) => {
  const peer = await startPeer([{ op: 'listen' }, { op: 'read' }]);
  const client = new CSocket();
  try {
    const { port } = await nextMessage<{ type: string; port: number }>(peer, 'listening');
    const reading = nextMessage<{ type: string; bytes: Uint8Array; error: string | null }>(peer, 'read');
    must(client.Create(0, SOCK_STREAM, LOOPBACK), client, 'Create');
    smallSendBuffer(client);
    t.true(client.Connect(LOOPBACK, port));
    const big = pattern(0, 4 << 20);
    t.is(client.Send(big, big.length), big.length);
    t.true(client.ShutDown());
    const got = await reading;
    t.is(got.error, null);
    t.is(got.bytes.length, big.length);
    t.is(patternMismatch(got.bytes, 0), -1);
  } finally {
    client.Close();
    await stopPeer(peer);
  }
});

test('Connect to a closed port fails with WSAECONNREFUSED', async (t) => {
  const refusing = await refusingPort();
  t.teardown(refusing.close);
  const port = refusing.port;
  const c = new CSocket();
  try {
    must(c.Create(0, SOCK_STREAM, LOOPBACK), c, 'Create');
    t.false(c.Connect(LOOPBACK, port));
    t.is(c.GetLastError(), WSAECONNREFUSED);
    t.false(c.IsBlocking());
  } finally {
    c.Close();
  }
});

test('OnMessagePending runs between m_nTimeOut slices, while IsBlocking() is true, and the call goes on', async (t) => {
  const l = listener();
  const peer = await startPeer([{ op: 'connect', port: l.port }, { op: 'waitGo' }, { op: 'send', offset: 0, length: 3 }]);
  const server = new CSocket();
  try {
    t.true(l.sock.Accept(server));
    const seen: boolean[] = [];
    server.m_nTimeOut = 20;
    server.OnMessagePending = () => {
      seen.push(server.IsBlocking());
      // The peer sends only once the call has waited at least one slice.
      if (seen.length === 2) peer.postMessage({ type: 'go' });
      return false;
    };
    const buf = new Uint8Array(10);
    t.is(server.Receive(buf, 10), 3);
    t.true(seen.length >= 2);
    t.true(seen.every((b) => b));
    t.false(server.IsBlocking());
  } finally {
    server.Close();
    l.sock.Close();
    await stopPeer(peer);
  }
});

test('ReceiveFrom blocks until a datagram comes and names its sender; SendTo sends one', async (t) => {
  const rx = new CSocket();
  const tx = new CSocket();
  must(rx.Create(0, SOCK_DGRAM, LOOPBACK), rx, 'Create');
  must(tx.Create(0, SOCK_DGRAM, LOOPBACK), tx, 'Create');
  const peer = await startPeer([{ op: 'sleep', ms: 50 }, { op: 'udpSend', port: portOf(rx), bytes: [7, 8, 9] }]);
  try {
    const buf = new Uint8Array(16);
    const from: SocketAddress = { address: '', port: 0 };
    t.is(rx.ReceiveFrom(buf, 16, from), 3);
    t.deepEqual([...buf.subarray(0, 3)], [7, 8, 9]);
    t.is(from.address, LOOPBACK);
    t.true(from.port > 0);
    t.is(tx.SendTo(Uint8Array.of(1, 2), 2, portOf(rx), LOOPBACK), 2);
    t.is(rx.ReceiveFrom(buf, 16, from), 2);
    t.is(from.port, portOf(tx));
  } finally {
    rx.Close();
    tx.Close();
    await stopPeer(peer);
  }
});

class Recorder extends CAsyncSocket {
  constructor(private readonly log: string[], private readonly name: string) { super(); }
  protected override OnReceive(): void { this.log.push(`${this.name}.OnReceive`); }
  protected override OnClose(): void { this.log.push(`${this.name}.OnClose`); }
}

class RecordingCSocket extends CSocket {
  constructor(private readonly log: string[]) { super(); }
  protected override OnReceive(): void { this.log.push('blocked.OnReceive'); }
  protected override OnClose(): void { this.log.push('blocked.OnClose'); }
}

test('other sockets\' notifications wait until the blocking call returns; its own stop event and FD_CLOSE are consumed', async (t) => {
  const log: string[] = [];
  // Another socket with data waiting before the call starts.
  const ol = listener();
  const other = new Recorder(log, 'other');
  must(other.Create(0, SOCK_STREAM, FD_ALL_EVENTS, LOOPBACK), other, 'Create');
  other.Connect(LOOPBACK, ol.port);
  const otherServer = new CSocket();
  t.true(await ol.sock.AcceptAsync(otherServer, null, { timeout: 10000 }));

  const l = listener();
  const peer = await startPeer([{ op: 'connect', port: l.port }, { op: 'send', offset: 0, length: 4 }, { op: 'waitGo' }, { op: 'end' }]);
  const blocked = new RecordingCSocket(log);
  try {
    t.true(l.sock.Accept(blocked));
    // Sent without yielding to the event loop: its FD_READ becomes due during the blocking calls.
    t.is(otherServer.Send(Uint8Array.of(1), 1), 1);
    const buf = new Uint8Array(4);
    let got = 0;
    for (let i = 0; i < 10 && got < 4; i++) {
      const n = blocked.Receive(buf.subarray(got), 4 - got);
      t.true(n > 0);
      got += n;
    }
    // The peer closes only while this Receive waits: FD_CLOSE ends the wait.
    blocked.m_nTimeOut = 20;
    let kicked = false;
    blocked.OnMessagePending = () => {
      if (!kicked) peer.postMessage({ type: 'go' });
      kicked = true;
      return false;
    };
    t.is(blocked.Receive(buf, 4), 0);
    t.true(kicked);
    log.push('returned');
    for (let i = 0; i < 20 && !log.includes('other.OnReceive'); i++) await nextTurn();
    t.is(log[0], 'returned', 'nothing was dispatched during the blocking calls');
    t.true(log.includes('other.OnReceive'), 'the other socket\'s notification arrives afterwards');
    t.false(log.includes('blocked.OnClose'), 'the FD_CLOSE that ended the wait is consumed');
  } finally {
    blocked.Close();
    l.sock.Close();
    other.Close();
    otherServer.Close();
    ol.sock.Close();
    await stopPeer(peer);
  }
});

test('Receive on a socket that is not connected fails at once, without blocking', (t) => {
  const s = new CSocket();
  try {
    must(s.Create(0, SOCK_STREAM, LOOPBACK), s, 'Create');
    t.is(s.Receive(new Uint8Array(4), 4), SOCKET_ERROR);
    t.not(s.GetLastError(), 0);
    t.false(s.IsBlocking());
  } finally {
    s.Close();
  }
});

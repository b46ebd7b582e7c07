/**
 * A datagram request/response pair with SendTo / ReceiveFrom: a time server written in MFC's
 * event style (a CAsyncSocket whose OnReceive answers each "TIME" request with the time), and a
 * client using CSocket's awaitable SendToAsync / ReceiveFromAsync with a time limit and retries
 * (datagrams may be lost).
 *
 *   npx tsx examples/udp-time.ts                          both, on loopback, then exit 0
 *   npx tsx examples/udp-time.ts server [port] [address]  serve until "quit" / SIGINT / SIGTERM
 *   npx tsx examples/udp-time.ts client host port [count]
 */
import { createInterface } from 'node:readline';
import {
  CAsyncSocket, CSocket, FD_READ, SOCK_DGRAM, SOCKET_ERROR, WSAETIMEDOUT, WSAEWOULDBLOCK, wsaErrorName,
  type SocketAddress,
} from '../src/index.js';

const REQUEST = 'TIME';
const TRIES = 3;
const TIMEOUT_MS = 2000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The server: one datagram in, one datagram back to its sender. */
class CTimeServer extends CAsyncSocket {
  answered = 0;
  private readonly buf = new Uint8Array(512);

  protected override OnReceive(nErrorCode: number): void {
    const from: SocketAddress = { address: '', port: 0 };
    const n = this.ReceiveFrom(this.buf, this.buf.length, from);
    if (n === SOCKET_ERROR) {
      // On Windows an ICMP "port unreachable" from an earlier reply surfaces here as
      // WSAECONNRESET; a datagram server just goes on.
      if (this.GetLastError() !== WSAEWOULDBLOCK) console.log(`server: receive: ${wsaErrorName(this.GetLastError())}`);
      return;
    }
    const text = decoder.decode(this.buf.subarray(0, n));
    if (text !== REQUEST) {
      console.log(`server: ignored ${n} bytes from ${from.address}:${from.port}`);
      return;
    }
    const reply = encoder.encode(new Date().toISOString());
    if (this.SendTo(reply, reply.length, from.port, from.address) === SOCKET_ERROR) {
      console.log(`server: reply to ${from.address}:${from.port}: ${wsaErrorName(this.GetLastError())}`);
      return;
    }
    this.answered++;
    console.log(`server: answered ${from.address}:${from.port}`);
  }
}

function startServer(port: number, address: string): CTimeServer {
  const server = new CTimeServer();
  if (!server.Create(port, SOCK_DGRAM, FD_READ, address)) {
    console.error(`server: cannot bind ${address}:${port}: ${wsaErrorName(server.GetLastError())}`);
    process.exit(1);
  }
  const where: SocketAddress = { address: '', port: 0 };
  server.GetSockName(where);
  console.log(`server: time server on udp ${where.address}:${where.port}`);
  return server;
}

/** Asks `count` times; true when every request got an answer. */
async function askTime(host: string, port: number, count: number): Promise<boolean> {
  const s = new CSocket();
  if (!s.Create(0, SOCK_DGRAM, host.includes(':') ? '::' : null)) {
    console.log(`client: create: ${wsaErrorName(s.GetLastError())}`);
    return false;
  }
  const request = encoder.encode(REQUEST);
  const reply = new Uint8Array(512);
  let ok = true;
  for (let i = 0; i < count && ok; i++) {
    ok = false;
    for (let attempt = 1; attempt <= TRIES && !ok; attempt++) {
      if ((await s.SendToAsync(request, request.length, port, host)) === SOCKET_ERROR) {
        console.log(`client: send: ${wsaErrorName(s.GetLastError())}`);
        break;
      }
      const from: SocketAddress = { address: '', port: 0 };
      const n = await s.ReceiveFromAsync(reply, reply.length, from, 0, { timeout: TIMEOUT_MS });
      if (n === SOCKET_ERROR) {
        const err = s.GetLastError();
        console.log(`client: no answer (${wsaErrorName(err)})${err === WSAETIMEDOUT && attempt < TRIES ? ', asking again' : ''}`);
        if (err !== WSAETIMEDOUT) break;
        continue;
      }
      console.log(`client: time from ${from.address}:${from.port}: ${decoder.decode(reply.subarray(0, n))}`);
      ok = true;
    }
  }
  s.Close();
  return ok;
}

const [mode, a1, a2, a3] = process.argv.slice(2);
if (mode === undefined) {
  const server = startServer(0, '127.0.0.1');
  const where: SocketAddress = { address: '', port: 0 };
  server.GetSockName(where);
  const ok = await askTime('127.0.0.1', where.port, 2);
  server.Close();
  console.log(ok ? 'done' : 'failed');
  process.exit(ok ? 0 : 1);
} else if (mode === 'server') {
  const server = startServer(Number(a1 ?? '7013'), a2 ?? '127.0.0.1');
  const stop = (): void => {
    server.Close();
    console.log(`server: stopped after ${server.answered} answers`);
    process.exit(0);
  };
  createInterface({ input: process.stdin, terminal: false }).on('line', (line) => {
    if (line.trim() === 'quit') stop();
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else if (mode === 'client' && a1 !== undefined && a2 !== undefined) {
  const ok = await askTime(a1, Number(a2), Number(a3 ?? '1'));
  process.exit(ok ? 0 : 1);
} else {
  console.error('usage: udp-time.ts [server [port] [address] | client host port [count]]');
  process.exit(2);
}

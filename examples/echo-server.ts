/**
 * An echo server in either of afxsock's two styles:
 *
 *   --style async    (default) MFC's event style: CAsyncSocket subclasses overriding OnAccept,
 *                    OnReceive, OnSend and OnClose, with non-blocking calls that may answer
 *                    WSAEWOULDBLOCK.
 *   --style csocket  CSocket's awaitable calls: AcceptAsync, then per connection a
 *                    ReceiveAsync / SendAsync loop that reads top to bottom.
 *
 *   npx tsx examples/echo-server.ts [--style async|csocket] [--port 7007] [--address 127.0.0.1] [--max N]
 *
 * Logs each connection and what it echoed. Stops after N connections with --max, or on "quit",
 * SIGINT or SIGTERM, and exits 0.
 */
import { createInterface } from 'node:readline';
import {
  CAsyncSocket, CSocket, FD_ACCEPT, FD_CLOSE, FD_READ, FD_WRITE, SOCK_STREAM, SOCKET_ERROR,
  WSAEWOULDBLOCK, wsaErrorName, type SocketAddress,
} from '../src/index.js';

interface Options {
  style: 'async' | 'csocket';
  port: number;
  address: string;
  max: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { style: 'async', port: 7007, address: '127.0.0.1', max: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--style' && (v === 'async' || v === 'csocket')) o.style = v;
    else if (a === '--port' && v !== undefined && /^\d+$/.test(v)) o.port = Number(v);
    else if (a === '--address' && v !== undefined) o.address = v;
    else if (a === '--max' && v !== undefined && /^\d+$/.test(v)) o.max = Number(v);
    else {
      console.error('usage: echo-server.ts [--style async|csocket] [--port N] [--address A] [--max N]');
      process.exit(2);
    }
    i++;
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
let served = 0;
let stopServer: () => void = () => {};

function connectionDone(peer: string, bytes: number): void {
  console.log(`${peer}: closed after echoing ${bytes} bytes`);
  served++;
  if (opts.max > 0 && served >= opts.max) stopServer();
}

/* ---------------------------------------------------------------- the MFC event style */

class CEchoConnection extends CAsyncSocket {
  private readonly buf = new Uint8Array(16 * 1024);
  /** Bytes received but not yet sent back: while any wait, reading pauses (back-pressure). */
  private pending: Uint8Array | null = null;
  private total = 0;
  private peerClosed = false;
  private done = false;
  peer = '';

  protected override OnReceive(nErrorCode: number): void {
    if (this.pending !== null) return; // OnSend resumes reading once the backlog is out.
    const n = this.Receive(this.buf, this.buf.length);
    if (n === SOCKET_ERROR) {
      if (this.GetLastError() !== WSAEWOULDBLOCK) this.finish(`receive failed: ${wsaErrorName(this.GetLastError())}`);
      return;
    }
    if (n === 0) {
      this.peerClosed = true;
      this.finish();
      return;
    }
    this.total += n;
    this.sendOut(this.buf.slice(0, n));
  }

  protected override OnSend(nErrorCode: number): void {
    if (this.pending === null) return;
    const backlog = this.pending;
    this.pending = null;
    this.sendOut(backlog);
    // Data may have queued up while sending was blocked: read it now.
    if (this.pending === null && !this.peerClosed) this.OnReceive(0);
  }

  protected override OnClose(nErrorCode: number): void {
    this.peerClosed = true;
    // Bytes can still wait in the socket behind the FIN: echo them before closing.
    while (this.pending === null && !this.done) {
      const n = this.Receive(this.buf, this.buf.length);
      if (n <= 0) break;
      this.total += n;
      this.sendOut(this.buf.slice(0, n));
    }
    if (this.pending === null) this.finish(nErrorCode !== 0 ? wsaErrorName(nErrorCode) : undefined);
  }

  private sendOut(data: Uint8Array): void {
    let off = 0;
    while (off < data.length) {
      const n = this.Send(data.subarray(off), data.length - off);
      if (n === SOCKET_ERROR) {
        if (this.GetLastError() === WSAEWOULDBLOCK) {
          this.pending = data.slice(off); // OnSend comes when there is room again.
          return;
        }
        this.finish(`send failed: ${wsaErrorName(this.GetLastError())}`);
        return;
      }
      off += n;
    }
    if (this.peerClosed) this.finish();
  }

  private finish(why?: string): void {
    if (this.done) return;
    this.done = true;
    if (why !== undefined) console.log(`${this.peer}: ${why}`);
    this.Close();
    connectionDone(this.peer, this.total);
  }
}

class CEchoListener extends CAsyncSocket {
  protected override OnAccept(nErrorCode: number): void {
    const conn = new CEchoConnection();
    const peer: SocketAddress = { address: '', port: 0 };
    if (!this.Accept(conn, peer)) {
      if (this.GetLastError() !== WSAEWOULDBLOCK) console.log(`accept failed: ${wsaErrorName(this.GetLastError())}`);
      return;
    }
    conn.peer = `${peer.address}:${peer.port}`;
    console.log(`${conn.peer}: connected`);
  }
}

function runAsyncStyle(): void {
  const listener = new CEchoListener();
  if (!listener.Create(opts.port, SOCK_STREAM, FD_ACCEPT | FD_READ | FD_WRITE | FD_CLOSE, opts.address) || !listener.Listen()) {
    console.error(`cannot listen on ${opts.address}:${opts.port}: ${wsaErrorName(listener.GetLastError())}`);
    process.exit(1);
  }
  announce(listener);
  stopServer = () => {
    listener.Close();
    console.log('echo server stopped');
    process.exit(0);
  };
}

/* ---------------------------------------------------------------- the awaitable CSocket style */

async function echoConnection(conn: CSocket, peer: string): Promise<void> {
  const buf = new Uint8Array(16 * 1024);
  let total = 0;
  for (;;) {
    const n = await conn.ReceiveAsync(buf, buf.length);
    if (n === 0) break;
    if (n === SOCKET_ERROR) {
      console.log(`${peer}: receive failed: ${wsaErrorName(conn.GetLastError())}`);
      break;
    }
    if ((await conn.SendAsync(buf, n)) === SOCKET_ERROR) {
      console.log(`${peer}: send failed: ${wsaErrorName(conn.GetLastError())}`);
      break;
    }
    total += n;
  }
  conn.Close();
  connectionDone(peer, total);
}

async function runCSocketStyle(): Promise<void> {
  const listener = new CSocket();
  if (!listener.Create(opts.port, SOCK_STREAM, opts.address) || !listener.Listen()) {
    console.error(`cannot listen on ${opts.address}:${opts.port}: ${wsaErrorName(listener.GetLastError())}`);
    process.exit(1);
  }
  announce(listener);
  stopServer = () => {
    listener.Close(); // ends a waiting AcceptAsync with WSAEINTR
    console.log('echo server stopped');
    process.exit(0);
  };
  for (;;) {
    const conn = new CSocket();
    const peer: SocketAddress = { address: '', port: 0 };
    if (!(await listener.AcceptAsync(conn, peer))) {
      console.log(`accept failed: ${wsaErrorName(listener.GetLastError())}`);
      return;
    }
    const name = `${peer.address}:${peer.port}`;
    console.log(`${name}: connected`);
    void echoConnection(conn, name);
  }
}

/* ---------------------------------------------------------------- common */

function announce(listener: CAsyncSocket): void {
  const where: SocketAddress = { address: '', port: 0 };
  listener.GetSockName(where);
  console.log(`echo server (${opts.style} style) listening on ${where.address}:${where.port}`);
}

const rl = createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  if (line.trim() === 'quit') stopServer();
});
process.on('SIGINT', () => stopServer());
process.on('SIGTERM', () => stopServer());

if (opts.style === 'async') runAsyncStyle();
else await runCSocketStyle();

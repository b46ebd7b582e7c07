/**
 * An echo client in each of afxsock's styles:
 *
 *   --style async     (default) MFC's event style: a CAsyncSocket subclass whose Connect
 *                     answers WSAEWOULDBLOCK and whose OnConnect / OnReceive / OnSend drive the
 *                     exchange.
 *   --style csocket   CSocket's awaitable calls: ConnectAsync, SendAsync, ReceiveAsync, each
 *                     with a time limit.
 *   --style blocking  CSocket's MFC names: Connect, Send, Receive block the thread, as in an
 *                     MFC worker thread (fine for a script; in a server use the other two).
 *
 *   npx tsx examples/echo-client.ts [--style async|csocket|blocking] [host] [port] [message ...]
 *
 * Sends each message, waits for the same bytes back, prints both; exits 0 when every echo
 * matched, 1 otherwise.
 */
import {
  CAsyncSocket, CSocket, SOCKET_ERROR, WSAEWOULDBLOCK, wsaErrorName,
} from '../src/index.js';

const TIMEOUT_MS = 5000;
type Style = 'async' | 'csocket' | 'blocking';

let style: Style = 'async';
const positional: string[] = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--style') {
    const v = argv[++i];
    if (v !== 'async' && v !== 'csocket' && v !== 'blocking') {
      console.error('usage: echo-client.ts [--style async|csocket|blocking] [host] [port] [message ...]');
      process.exit(2);
    }
    style = v;
  } else {
    positional.push(argv[i]!);
  }
}
const host = positional[0] ?? '127.0.0.1';
const port = Number(positional[1] ?? '7007');
const messages = positional.length > 2 ? positional.slice(2) : ['Hello from afxsock', 'CAsyncSocket, CSocket: one socket API, two styles'];
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/* ---------------------------------------------------------------- the MFC event style */

class CEchoClient extends CAsyncSocket {
  private index = 0;
  private out: Uint8Array = new Uint8Array(0);
  private sent = 0;
  private readonly got = new Uint8Array(64 * 1024);
  private gotLen = 0;
  constructor(private readonly done: (ok: boolean) => void) {
    super();
  }

  protected override OnConnect(nErrorCode: number): void {
    if (nErrorCode !== 0) {
      console.log(`connect failed: ${wsaErrorName(nErrorCode)}`);
      this.finish(false);
      return;
    }
    console.log(`connected to ${host}:${port}`);
    this.next();
  }

  /** Starts the next message, or ends when all were echoed. */
  private next(): void {
    if (this.index >= messages.length) {
      this.finish(true);
      return;
    }
    this.out = encoder.encode(messages[this.index]!);
    this.sent = 0;
    this.gotLen = 0;
    console.log(`sent: ${messages[this.index]}`);
    this.OnSend(0);
  }

  protected override OnSend(nErrorCode: number): void {
    while (this.sent < this.out.length) {
      const n = this.Send(this.out.subarray(this.sent), this.out.length - this.sent);
      if (n === SOCKET_ERROR) {
        if (this.GetLastError() !== WSAEWOULDBLOCK) this.failed('send');
        return; // WSAEWOULDBLOCK: OnSend comes back when there is room.
      }
      this.sent += n;
    }
  }

  protected override OnReceive(nErrorCode: number): void {
    const n = this.Receive(this.got.subarray(this.gotLen), this.got.length - this.gotLen);
    if (n === SOCKET_ERROR) {
      if (this.GetLastError() !== WSAEWOULDBLOCK) this.failed('receive');
      return;
    }
    if (n === 0) {
      console.log('the server closed the connection early');
      this.finish(false);
      return;
    }
    this.gotLen += n;
    if (this.gotLen < this.out.length) return;
    const echo = decoder.decode(this.got.subarray(0, this.gotLen));
    console.log(`echo: ${echo}`);
    if (echo !== messages[this.index]) {
      this.finish(false);
      return;
    }
    this.index++;
    this.next();
  }

  protected override OnClose(nErrorCode: number): void {
    if (this.index < messages.length) {
      console.log(`connection closed: ${nErrorCode === 0 ? 'by the server' : wsaErrorName(nErrorCode)}`);
      this.finish(false);
    }
  }

  private failed(what: string): void {
    console.log(`${what} failed: ${wsaErrorName(this.GetLastError())}`);
    this.finish(false);
  }

  private finish(ok: boolean): void {
    this.Close();
    this.done(ok);
  }
}

function runAsyncStyle(): Promise<boolean> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      resolve(ok);
    };
    const client = new CEchoClient(done);
    timer = setTimeout(() => {
      console.log('timed out');
      client.Close();
      resolve(false);
    }, TIMEOUT_MS);
    if (!client.Create()) {
      console.log(`create failed: ${wsaErrorName(client.GetLastError())}`);
      done(false);
      return;
    }
    // A non-blocking connect "fails" with WSAEWOULDBLOCK; OnConnect tells how it ended.
    if (!client.Connect(host, port) && client.GetLastError() !== WSAEWOULDBLOCK) {
      console.log(`connect failed: ${wsaErrorName(client.GetLastError())}`);
      client.Close();
      done(false);
    }
  });
}

/* ---------------------------------------------------------------- CSocket, awaitable */

async function runCSocketStyle(): Promise<boolean> {
  const s = new CSocket();
  if (!s.Create()) return report(s, 'create');
  const limit = { timeout: TIMEOUT_MS };
  if (!(await s.ConnectAsync(host, port, limit))) return report(s, 'connect');
  console.log(`connected to ${host}:${port}`);
  const buf = new Uint8Array(64 * 1024);
  for (const m of messages) {
    const bytes = encoder.encode(m);
    console.log(`sent: ${m}`);
    if ((await s.SendAsync(bytes, bytes.length, 0, limit)) === SOCKET_ERROR) return report(s, 'send');
    let got = 0;
    while (got < bytes.length) {
      const n = await s.ReceiveAsync(buf.subarray(got), buf.length - got, 0, limit);
      if (n === SOCKET_ERROR) return report(s, 'receive');
      if (n === 0) return report(s, 'receive (closed by the server)');
      got += n;
    }
    const echo = decoder.decode(buf.subarray(0, got));
    console.log(`echo: ${echo}`);
    if (echo !== m) return report(s, 'compare');
  }
  s.Close();
  return true;
}

/* ---------------------------------------------------------------- CSocket, blocking */

function runBlockingStyle(): boolean {
  const s = new CSocket();
  if (!s.Create()) return report(s, 'create');
  // Blocking calls have no time limit of their own; a cancel would come from OnMessagePending.
  if (!s.Connect(host, port)) return report(s, 'connect');
  console.log(`connected to ${host}:${port}`);
  const buf = new Uint8Array(64 * 1024);
  for (const m of messages) {
    const bytes = encoder.encode(m);
    console.log(`sent: ${m}`);
    if (s.Send(bytes, bytes.length) === SOCKET_ERROR) return report(s, 'send');
    let got = 0;
    while (got < bytes.length) {
      const n = s.Receive(buf.subarray(got), buf.length - got);
      if (n === SOCKET_ERROR) return report(s, 'receive');
      if (n === 0) return report(s, 'receive (closed by the server)');
      got += n;
    }
    const echo = decoder.decode(buf.subarray(0, got));
    console.log(`echo: ${echo}`);
    if (echo !== m) return report(s, 'compare');
  }
  s.Close();
  return true;
}

function report(s: CSocket, what: string): false {
  console.log(`${what} failed: ${wsaErrorName(s.GetLastError())}`);
  s.Close();
  return false;
}

let ok: boolean;
if (style === 'async') ok = await runAsyncStyle();
else if (style === 'csocket') ok = await runCSocketStyle();
else ok = runBlockingStyle();
console.log(ok ? 'all echoes matched' : 'echo client failed');
process.exit(ok ? 0 : 1);

/**
 * Bulk peer: one way, one connection, one reused buffer.
 *   bulk.ts recv <impl> <bytes> <chunk>         listens, READY <port>, RESULT {value: MB/s}
 *   bulk.ts send <impl> <bytes> <chunk> <port>  connects and sends
 * Time runs from the accept to the last byte, measured by the receiver (as bench/c/bulk.c).
 */
import net from 'node:net';
import { afx } from './lib.js';
import { afxListener, arg, check, fatal, implArg, intArg, ready, result, seconds } from './common.js';

const { CSocket, SOCK_STREAM } = afx;
const role = arg(0);
const impl = implArg(1);
const total = intArg(2);
const chunk = intArg(3);

function report(t0: bigint, got: number): void {
  const s = seconds(t0);
  if (got !== total) fatal(`received ${got} of ${total} bytes`);
  result({ bytes: got, seconds: s, value: got / s / 1e6 });
}

async function afxRecv(): Promise<void> {
  const { srv, port } = afxListener();
  ready(port);
  const conn = new CSocket();
  const buf = new Uint8Array(chunk).fill(0x5a);
  if (impl === 'afx-sync') {
    check(srv.Accept(conn), srv, 'Accept');
    const t0 = process.hrtime.bigint();
    let got = 0;
    while (got < total) {
      const n = conn.Receive(buf, chunk);
      check(n, conn, 'Receive');
      if (n === 0) break;
      got += n;
    }
    report(t0, got);
  } else {
    check(await srv.AcceptAsync(conn), srv, 'AcceptAsync');
    const t0 = process.hrtime.bigint();
    let got = 0;
    while (got < total) {
      const n = await conn.ReceiveAsync(buf, chunk);
      check(n, conn, 'ReceiveAsync');
      if (n === 0) break;
      got += n;
    }
    report(t0, got);
  }
  conn.Close();
  srv.Close();
}

async function afxSend(port: number): Promise<void> {
  const s = new CSocket();
  check(s.Create(0, SOCK_STREAM, '127.0.0.1'), s, 'Create');
  // Every sender fills its buffer, as bench/c/bulk.c does: real bytes, resident pages.
  const buf = new Uint8Array(chunk).fill(0x5a);
  let sent = 0;
  if (impl === 'afx-sync') {
    check(s.Connect('127.0.0.1', port), s, 'Connect');
    while (sent < total) {
      const n = Math.min(chunk, total - sent);
      check(s.Send(buf, n), s, 'Send');
      sent += n;
    }
  } else {
    check(await s.ConnectAsync('127.0.0.1', port), s, 'ConnectAsync');
    while (sent < total) {
      const n = Math.min(chunk, total - sent);
      check(await s.SendAsync(buf, n), s, 'SendAsync');
      sent += n;
    }
  }
  s.Close();
}

function netRecv(): void {
  const server = net.createServer((c) => {
    const t0 = process.hrtime.bigint();
    let got = 0;
    c.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= total) {
        report(t0, got);
        c.destroy();
        server.close();
      }
    });
    c.on('error', (e) => fatal(String(e)));
  });
  server.listen(0, '127.0.0.1', () => ready((server.address() as net.AddressInfo).port));
}

function netSend(port: number): void {
  const buf = Buffer.alloc(chunk, 0x5a);
  const c = net.connect(port, '127.0.0.1');
  let sent = 0;
  const pump = (): void => {
    while (sent < total) {
      const n = Math.min(chunk, total - sent);
      sent += n;
      if (!c.write(n === chunk ? buf : buf.subarray(0, n))) {
        c.once('drain', pump);
        return;
      }
    }
    c.end();
  };
  c.on('connect', pump);
  c.on('error', (e) => fatal(String(e)));
}

if (role === 'recv') {
  if (impl === 'net') netRecv(); else await afxRecv();
} else if (role === 'send') {
  const port = intArg(4);
  if (impl === 'net') netSend(port); else await afxSend(port);
} else {
  fatal(`bad role ${role}`);
}

/**
 * Idle-connections peer.
 *   idle.ts hold <impl> <count>   (run with --expose-gc) listens, READY <port>, accepts <count>
 *                                 connections and keeps them idle with reads enabled; RESULT
 *                                 {value: resident bytes per held connection}
 *   idle.ts open net <count> <port>  opens <count> connections and keeps them until killed
 * Only the holder is measured; the other ends live in the opener so that both sides of 10,000
 * pairs stay under the process's descriptor limit.
 */
import net from 'node:net';
import type { CAsyncSocket as CAsyncSocketType } from '../../src/index.js';
import { afx } from './lib.js';
import { arg, check, fatal, implArg, intArg, ready, result } from './common.js';

const { CAsyncSocket, FD_ALL_EVENTS, SOCK_STREAM, WSAEWOULDBLOCK } = afx;
const role = arg(0);
const impl = implArg(1);
const count = intArg(2);

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) fatal('run with --expose-gc');
  gc();
  gc();
}

/**
 * Resident memory is sampled after a full collection at half and at all of the connections:
 * the difference divided by the second half's count leaves out startup and first-use costs,
 * which are larger than 1,000 connections' worth and shrink as the code warms.
 */
function checkpoints(): (held: number) => void {
  let rssHalf = 0;
  const half = Math.floor(count / 2);
  return (held) => {
    if (held === half) {
      collect();
      rssHalf = process.memoryUsage().rss;
    } else if (held === count) {
      collect();
      const rss = process.memoryUsage().rss;
      result({ count, rssHalf, rssAll: rss, value: (rss - rssHalf) / (count - half) });
    }
  };
}

class Holder extends CAsyncSocket {
  readonly held: CAsyncSocketType[] = [];
  readonly checkpoint = checkpoints();
  protected override OnAccept(): void {
    for (;;) {
      const c = new CAsyncSocket();
      if (!this.Accept(c)) {
        if (this.GetLastError() !== WSAEWOULDBLOCK) fatal(`Accept: WSA ${this.GetLastError()}`);
        return;
      }
      this.held.push(c);
      this.checkpoint(this.held.length);
    }
  }
}

/** Stays up, holding every connection, until the harness ends the run. */
function afxHold(): void {
  const srv = new Holder();
  check(srv.Create(0, SOCK_STREAM, FD_ALL_EVENTS, '127.0.0.1'), srv, 'Create');
  check(srv.Listen(1024), srv, 'Listen');
  const a = { address: '', port: 0 };
  check(srv.GetSockName(a), srv, 'GetSockName');
  ready(a.port);
}

function netHold(): void {
  const held: net.Socket[] = [];
  const checkpoint = checkpoints();
  const server = net.createServer((c) => {
    c.on('error', () => {});
    held.push(c);
    checkpoint(held.length);
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, () => ready((server.address() as net.AddressInfo).port));
}

function open(port: number): void {
  const socks: net.Socket[] = [];
  let started = 0;
  const PARALLEL = 256;
  const next = (): void => {
    if (started >= count) return;
    started++;
    const c = net.connect(port, '127.0.0.1');
    c.on('error', (e) => fatal(`open: ${String(e)}`));
    c.on('connect', next);
    socks.push(c);
  };
  for (let i = 0; i < PARALLEL; i++) next();
}

if (role === 'hold') {
  if (impl === 'net') netHold(); else afxHold();
} else if (role === 'open') {
  open(intArg(3));
} else {
  fatal(`bad role ${role}`);
}

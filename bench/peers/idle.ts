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
 * Resident memory is sampled, after full collections and a pause, at half and at all of the
 * connections (the opener waits in between); the difference divided by the second half's count
 * leaves out start-up and first-use costs, which are larger than a thousand connections' worth.
 */
async function sample(): Promise<number> {
  for (let i = 0; i < 2; i++) {
    await new Promise((r) => setTimeout(r, 60));
    collect();
  }
  return process.memoryUsage().rss;
}

function checkpoints(): (held: number) => void {
  let rssHalf: Promise<number> = Promise.resolve(0);
  const half = Math.floor(count / 2);
  return (held) => {
    if (held === half) {
      rssHalf = sample();
      void rssHalf.then(() => process.stdout.write('HALF\n'));
    } else if (held === count) {
      void Promise.all([rssHalf, sample()]).then(([h, rss]) => {
        result({ count, rssHalf: h, rssAll: rss, value: (rss - h) / (count - half) });
      });
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

/** Opens the first half, waits for a line on stdin (the holder has sampled), then the rest. */
function open(port: number): void {
  const socks: net.Socket[] = [];
  const half = Math.floor(count / 2);
  let started = 0;
  let limit = half;
  const PARALLEL = 256;
  const next = (): void => {
    if (started >= limit) return;
    started++;
    const c = net.connect(port, '127.0.0.1');
    c.on('error', (e) => fatal(`open: ${String(e)}`));
    c.on('connect', next);
    socks.push(c);
  };
  for (let i = 0; i < PARALLEL; i++) next();
  process.stdin.once('data', () => {
    limit = count;
    for (let i = 0; i < PARALLEL; i++) next();
  });
}

if (role === 'hold') {
  if (impl === 'net') netHold(); else afxHold();
} else if (role === 'open') {
  open(intArg(3));
} else {
  fatal(`bad role ${role}`);
}

/**
 * Fan-out peer: many concurrent echo connections, 64-byte round trips on each.
 *   fanout.ts server <impl> <conns>                          echoes; READY <port>; exits after <conns> closed
 *   fanout.ts client <impl> <conns> <warm> <trips> <port>     every connection does <warm> untimed, then
 *                                                            <trips> timed round trips; RESULT {value: round trips/s}
 * The afxsock side uses the awaitable calls: one async loop per connection.
 */
import net from 'node:net';
import type { CSocket as CSocketType } from '../../src/index.js';
import { afx } from './lib.js';
import { afxListener, afxNoDelay, arg, check, cpuPerOp, fatal, implArg, intArg, ready, result, seconds } from './common.js';

const { CSocket, SOCK_STREAM } = afx;
type CSocket = CSocketType;
const SIZE = 64;
const role = arg(0);
const impl = implArg(1);
const conns = intArg(2);

async function afxEcho(c: CSocket): Promise<void> {
  const buf = new Uint8Array(4096);
  for (;;) {
    const n = await c.ReceiveAsync(buf, buf.length);
    if (n <= 0) break;
    if (await c.SendAsync(buf, n) < 0) break;
  }
  c.Close();
}

async function afxServer(): Promise<void> {
  const { srv, port } = afxListener(1024);
  ready(port);
  const loops: Promise<void>[] = [];
  for (let i = 0; i < conns; i++) {
    const c = new CSocket();
    check(await srv.AcceptAsync(c), srv, 'AcceptAsync');
    afxNoDelay(c);
    loops.push(afxEcho(c));
  }
  srv.Close();
  await Promise.all(loops);
}

/** A barrier: every connection finishes its warm-up before the clock starts. */
function barrier(n: number): { arrive: () => Promise<void> } {
  let left = n;
  let open!: () => void;
  const all = new Promise<void>((r) => { open = r; });
  return { arrive: () => { if (--left === 0) open(); return all; } };
}

async function afxClient(warm: number, trips: number, port: number): Promise<void> {
  const socks: CSocket[] = [];
  for (let i = 0; i < conns; i++) {
    const s = new CSocket();
    check(s.Create(0, SOCK_STREAM, '127.0.0.1'), s, 'Create');
    check(await s.ConnectAsync('127.0.0.1', port), s, 'ConnectAsync');
    afxNoDelay(s);
    socks.push(s);
  }
  const gate = barrier(conns);
  let t0 = 0n;
  let cpu0 = process.cpuUsage();
  const one = async (s: CSocket): Promise<void> => {
    const buf = new Uint8Array(SIZE);
    const trip = async (): Promise<void> => {
      check(await s.SendAsync(buf, SIZE), s, 'SendAsync');
      let got = 0;
      while (got < SIZE) {
        const n = await s.ReceiveAsync(got === 0 ? buf : buf.subarray(got), SIZE - got);
        check(n, s, 'ReceiveAsync');
        if (n === 0) fatal('server closed');
        got += n;
      }
    };
    for (let i = 0; i < warm; i++) await trip();
    await gate.arrive();
    if (t0 === 0n) {
      t0 = process.hrtime.bigint();
      cpu0 = process.cpuUsage();
    }
    for (let i = 0; i < trips; i++) await trip();
  };
  await Promise.all(socks.map(one));
  const sec = seconds(t0);
  result({ count: conns * trips, seconds: sec, value: (conns * trips) / sec, cpuUsPerTrip: cpuPerOp(cpu0, conns * trips) });
  for (const s of socks) s.Close();
}

function netServer(): void {
  let closed = 0;
  const server = net.createServer((c) => {
    c.setNoDelay(true);
    c.on('data', (d: Buffer) => c.write(d));
    c.on('error', () => {});
    c.on('close', () => { if (++closed === conns) server.close(); });
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, () => ready((server.address() as net.AddressInfo).port));
}

function netClient(warm: number, trips: number, port: number): void {
  let connected = 0;
  let warmed = 0;
  let finished = 0;
  let t0 = 0n;
  let cpu0 = process.cpuUsage();
  const socks: net.Socket[] = [];
  const buf = Buffer.alloc(SIZE);
  const startTimed = (): void => {
    t0 = process.hrtime.bigint();
    cpu0 = process.cpuUsage();
    for (const s of socks) s.write(buf);
  };
  for (let i = 0; i < conns; i++) {
    const c = net.connect(port, '127.0.0.1');
    c.setNoDelay(true);
    socks.push(c);
    let got = 0;
    let done = 0;
    c.on('connect', () => {
      if (++connected !== conns) return;
      for (const s of socks) {
        if (warm > 0) s.write(buf);
        else if (++warmed === conns) startTimed();
      }
    });
    c.on('data', (d: Buffer) => {
      got += d.length;
      while (got >= SIZE) {
        got -= SIZE;
        done++;
        if (done < warm) c.write(buf);
        else if (done === warm) {
          if (++warmed === conns) startTimed();
        } else if (done < warm + trips) c.write(buf);
        else if (++finished === conns) {
          const sec = seconds(t0);
          result({ count: conns * trips, seconds: sec, value: (conns * trips) / sec, cpuUsPerTrip: cpuPerOp(cpu0, conns * trips) });
          for (const s of socks) s.end();
        }
      }
    });
    c.on('error', (e) => fatal(String(e)));
  }
}

if (role === 'server') {
  if (impl === 'net') netServer(); else await afxServer();
} else if (role === 'client') {
  const [warm, trips, port] = [intArg(3), intArg(4), intArg(5)];
  if (impl === 'net') netClient(warm, trips, port); else await afxClient(warm, trips, port);
} else {
  fatal(`bad role ${role}`);
}

/**
 * Accept-rate peer.
 *   accept.ts server <impl> <count>                 accepts <count> connections, closing each at
 *                                                   once; READY <port>; RESULT {value: accepts/s}
 *                                                   from the first accept to the last
 *   accept.ts client net <count> <parallel> <port>  the load: one Node net client for both servers,
 *                                                   <parallel> connects in flight, each ended when
 *                                                   the server's FIN arrives
 * The afxsock server is the awaitable AcceptAsync loop.
 */
import net from 'node:net';
import { afx } from './lib.js';
import { afxListener, arg, check, cpuPerOp, fatal, implArg, intArg, ready, result, seconds } from './common.js';

const { CSocket } = afx;
const role = arg(0);
const impl = implArg(1);
const count = intArg(2);

async function afxServer(): Promise<void> {
  const { srv, port } = afxListener(1024);
  ready(port);
  let t0 = 0n;
  let cpu0 = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const c = new CSocket();
    check(await srv.AcceptAsync(c), srv, 'AcceptAsync');
    if (i === 0) {
      t0 = process.hrtime.bigint();
      cpu0 = process.cpuUsage();
    }
    c.Close();
  }
  const sec = seconds(t0);
  result({ count, seconds: sec, value: (count - 1) / sec, cpuUsPerAccept: cpuPerOp(cpu0, count - 1) });
  srv.Close();
}

function netServer(): void {
  let n = 0;
  let t0 = 0n;
  let cpu0 = process.cpuUsage();
  const server = net.createServer((c) => {
    if (n === 0) {
      t0 = process.hrtime.bigint();
      cpu0 = process.cpuUsage();
    }
    c.on('error', () => {});
    c.destroy();
    if (++n === count) {
      const sec = seconds(t0);
      result({ count, seconds: sec, value: (count - 1) / sec, cpuUsPerAccept: cpuPerOp(cpu0, count - 1) });
      server.close();
    }
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, () => ready((server.address() as net.AddressInfo).port));
}

function client(parallel: number, port: number): void {
  let started = 0;
  let finished = 0;
  const next = (): void => {
    if (started >= count) return;
    started++;
    const c = net.connect(port, '127.0.0.1');
    let over = false;
    const end = (): void => {
      if (over) return;
      over = true;
      c.destroy();
      finished++;
      if (finished === count) process.exit(0);
      next();
    };
    c.on('end', end);
    c.on('close', end);
    c.on('error', end);
    c.resume();
  };
  for (let i = 0; i < parallel; i++) next();
}

if (role === 'server') {
  if (impl === 'net') netServer(); else await afxServer();
} else if (role === 'client') {
  client(intArg(3), intArg(4));
} else {
  fatal(`bad role ${role}`);
}

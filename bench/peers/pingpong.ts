/**
 * Ping-pong peer: 64-byte request/response on one connection, TCP_NODELAY on both ends.
 *   pingpong.ts server <impl>                             echoes one connection; READY <port>
 *   pingpong.ts client <impl> <warm> <count> <size> <port> untimed warm-up, then timed round
 *                                                        trips; RESULT {value: round trips/s}
 */
import net from 'node:net';
import { afx } from './lib.js';
import { afxListener, afxNoDelay, arg, check, fatal, implArg, intArg, ready, result, seconds } from './common.js';

const { CSocket, SOCK_STREAM } = afx;
const role = arg(0);

/** The client's own CPU time per round trip (user + system, µs): steadier than the rate on a VM. */
function cpuPerTrip(since: NodeJS.CpuUsage, count: number): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / count;
}
const impl = implArg(1);

async function afxServer(): Promise<void> {
  const { srv, port } = afxListener();
  ready(port);
  const c = new CSocket();
  const buf = new Uint8Array(65536);
  if (impl === 'afx-sync') {
    check(srv.Accept(c), srv, 'Accept');
    afxNoDelay(c);
    for (;;) {
      const n = c.Receive(buf, buf.length);
      check(n, c, 'Receive');
      if (n === 0) break;
      check(c.Send(buf, n), c, 'Send');
    }
  } else {
    check(await srv.AcceptAsync(c), srv, 'AcceptAsync');
    afxNoDelay(c);
    for (;;) {
      const n = await c.ReceiveAsync(buf, buf.length);
      check(n, c, 'ReceiveAsync');
      if (n === 0) break;
      check(await c.SendAsync(buf, n), c, 'SendAsync');
    }
  }
  c.Close();
  srv.Close();
}

async function afxClient(warm: number, count: number, size: number, port: number): Promise<void> {
  const s = new CSocket();
  check(s.Create(0, SOCK_STREAM, '127.0.0.1'), s, 'Create');
  const buf = new Uint8Array(size);
  const sync = impl === 'afx-sync';
  check(sync ? s.Connect('127.0.0.1', port) : await s.ConnectAsync('127.0.0.1', port), s, 'Connect');
  afxNoDelay(s);
  const trips = async (k: number): Promise<void> => {
    for (let i = 0; i < k; i++) {
      check(sync ? s.Send(buf, size) : await s.SendAsync(buf, size), s, 'Send');
      let got = 0;
      while (got < size) {
        const part = got === 0 ? buf : buf.subarray(got);
        const n = sync ? s.Receive(part, size - got) : await s.ReceiveAsync(part, size - got);
        check(n, s, 'Receive');
        if (n === 0) fatal('peer closed');
        got += n;
      }
    }
  };
  await trips(warm);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await trips(count);
  const sec = seconds(t0);
  result({ count, seconds: sec, value: count / sec, cpuUsPerTrip: cpuPerTrip(cpu0, count) });
  s.Close();
}

function netServer(): void {
  const server = net.createServer((c) => {
    c.setNoDelay(true);
    c.on('data', (d: Buffer) => c.write(d));
    c.on('end', () => { c.end(); server.close(); });
    c.on('error', () => server.close());
  });
  server.listen(0, '127.0.0.1', () => ready((server.address() as net.AddressInfo).port));
}

function netClient(warm: number, count: number, size: number, port: number): void {
  const c = net.connect(port, '127.0.0.1');
  c.setNoDelay(true);
  const buf = Buffer.alloc(size);
  let done = 0;
  let got = 0;
  let t0 = 0n;
  let cpu0 = process.cpuUsage();
  const next = (): void => {
    if (done === warm) {
      cpu0 = process.cpuUsage();
      t0 = process.hrtime.bigint();
    }
    if (done === warm + count) {
      const sec = seconds(t0);
      result({ count, seconds: sec, value: count / sec, cpuUsPerTrip: cpuPerTrip(cpu0, count) });
      c.end();
      return;
    }
    c.write(buf);
  };
  c.on('data', (d: Buffer) => {
    got += d.length;
    while (got >= size) {
      got -= size;
      done++;
      next();
    }
  });
  c.on('connect', next);
  c.on('error', (e) => fatal(String(e)));
}

if (role === 'server') {
  if (impl === 'net') netServer(); else await afxServer();
} else if (role === 'client') {
  const [warm, count, size, port] = [intArg(2), intArg(3), intArg(4), intArg(5)];
  if (impl === 'net') netClient(warm, count, size, port); else await afxClient(warm, count, size, port);
} else {
  fatal(`bad role ${role}`);
}

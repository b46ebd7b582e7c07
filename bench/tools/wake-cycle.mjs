/**
 * In-process wake cycle, the profiling probe of PROFILE.md §6: socket B waits in ReceiveAsync,
 * A sends 64 bytes, B's call settles; then the other way. Both ends live in one process, so the
 * figure (CPU µs per message) is the awaitable path's own cost, without a second process's
 * scheduling. Node's net runs the same exchange for reference.
 *
 *   node bench/tools/wake-cycle.mjs <afxsock build> afx|net [messages/2, default 50000]
 *
 * `<afxsock build>` is an ESM build of the package (`npm run bench -- --only pingpong-async`
 * leaves one in node_modules/.cache/afxsock-bench/index.js). Loopback only; the loop is bounded.
 */
import net from 'node:net';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const [lib, mode = 'afx', count = '50000'] = process.argv.slice(2);
const N = Math.min(Math.max(Number(count) | 0, 1000), 1_000_000);
const WARM = 5000;

function report(name, c0, t0) {
  const d = process.cpuUsage(c0);
  const ns = Number(process.hrtime.bigint() - t0);
  console.log(`${name}: CPU ${((d.user + d.system) / N / 2).toFixed(2)} µs/message, wall ${(ns / N / 2 / 1000).toFixed(2)} µs/message`);
}

async function runAfx() {
  if (!lib) throw new Error('usage: wake-cycle.mjs <afxsock build> afx|net [count]');
  const { CSocket, SOCK_STREAM } = await import(pathToFileURL(resolve(lib)).href);
  const srv = new CSocket();
  srv.Create(0, SOCK_STREAM, '127.0.0.1');
  srv.Listen();
  const addr = { address: '', port: 0 };
  srv.GetSockName(addr);
  const a = new CSocket();
  a.Create();
  const b = new CSocket();
  const accepted = srv.AcceptAsync(b, null, { timeout: 10000 });
  if (!await a.ConnectAsync('127.0.0.1', addr.port, { timeout: 10000 }) || !await accepted) throw new Error('connect failed');
  const noDelay = new Uint8Array([1, 0, 0, 0]);
  a.SetSockOpt(1, noDelay, 4, 6);
  b.SetSockOpt(1, noDelay, 4, 6);
  const buf = new Uint8Array(64);
  const atB = new Uint8Array(64);
  const atA = new Uint8Array(64);
  const cycle = async () => {
    const toB = b.ReceiveAsync(atB, 64);
    await a.SendAsync(buf, 64);
    if (await toB !== 64) throw new Error(`B received ${b.GetLastError()}`);
    const toA = a.ReceiveAsync(atA, 64);
    await b.SendAsync(atB, 64);
    if (await toA !== 64) throw new Error(`A received ${a.GetLastError()}`);
  };
  for (let i = 0; i < WARM; i++) await cycle();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await cycle();
  report('afxsock', c0, t0);
  a.Close();
  b.Close();
  srv.Close();
}

async function runNet() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const connected = new Promise((r) => server.once('connection', r));
  const a = net.connect(server.address().port, '127.0.0.1');
  await new Promise((r) => a.once('connect', r));
  const b = await connected;
  a.setNoDelay(true);
  b.setNoDelay(true);
  const buf = Buffer.alloc(64);
  let got = 0;
  let c0;
  let t0;
  await new Promise((done) => {
    b.on('data', (d) => b.write(d));
    a.on('data', (d) => {
      got += d.length;
      const cycles = Math.floor(got / 64);
      if (cycles === WARM && c0 === undefined) {
        c0 = process.cpuUsage();
        t0 = process.hrtime.bigint();
      }
      if (cycles === WARM + N) {
        report('net', c0, t0);
        done();
        return;
      }
      if (got % 64 === 0) a.write(buf);
    });
    a.write(buf);
  });
  a.destroy();
  b.destroy();
  server.close();
}

if (mode === 'net') await runNet();
else await runAfx();

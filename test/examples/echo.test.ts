/**
 * examples/echo-server.ts and echo-client.ts, in every style, run as child processes against
 * each other and against Node's `net` as the other end.
 */
import test from 'ava';
import { createConnection, createServer } from 'node:net';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { runToEnd, Sample } from '../support/samples.js';

const serverStyles = ['async', 'csocket'] as const;
const clientStyles = ['async', 'csocket', 'blocking'] as const;

for (const ss of serverStyles) {
  test(`${ss}-style echo server serves a client of each style, then stops (--max 3)`, async (t) => {
    const server = new Sample(t, 'echo-server.ts', ['--style', ss, '--port', '0', '--max', String(clientStyles.length)]);
    const m = await server.waitFor(new RegExp(`echo server \\(${ss} style\\) listening on 127\\.0\\.0\\.1:(\\d+)`));
    const port = m[1]!;
    for (const cs of clientStyles) {
      const r = await runToEnd('echo-client.ts', ['--style', cs, '127.0.0.1', port, `from the ${cs} client`, 'second line']);
      t.is(r.status, 0, r.out);
      t.regex(r.out, new RegExp(`^echo: from the ${cs} client$`, 'm'));
      t.regex(r.out, /^echo: second line$/m);
      t.regex(r.out, /^all echoes matched$/m);
    }
    const s = await server.exit();
    t.is(s.status, 0, s.out);
    const bytes = Buffer.byteLength('from the async clientsecond line');
    t.regex(s.out, new RegExp(`closed after echoing ${bytes} bytes`));
    t.is(s.out.match(/: connected$/gm)?.length, clientStyles.length);
  });

  test(`${ss}-style echo server returns 4 MiB from a Node client intact (back-pressure through OnSend / SendAsync)`, async (t) => {
    const server = new Sample(t, 'echo-server.ts', ['--style', ss, '--port', '0', '--max', '1']);
    const m = await server.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    const payload = randomBytes(4 * 1024 * 1024);
    const sock = createConnection({ host: '127.0.0.1', port: Number(m[1]) });
    t.teardown(() => sock.destroy());
    await once(sock, 'connect');
    const chunks: Buffer[] = [];
    let got = 0;
    const all = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`echoed ${got} of ${payload.length} bytes`)), 30_000);
      sock.on('data', (d: Buffer) => {
        chunks.push(d);
        got += d.length;
        if (got >= payload.length) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    sock.write(payload);
    await all;
    t.true(Buffer.concat(chunks).equals(payload));
    sock.end();
    const s = await server.exit();
    t.is(s.status, 0, s.out);
    t.regex(s.out, new RegExp(`closed after echoing ${payload.length} bytes`));
  });
}

for (const cs of clientStyles) {
  test(`${cs}-style echo client works against a Node net echo server`, async (t) => {
    const srv = createServer((c) => c.pipe(c));
    t.teardown(() => srv.close());
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const port = (srv.address() as { port: number }).port;
    const client = new Sample(t, 'echo-client.ts', ['--style', cs, '127.0.0.1', String(port), 'ping', 'pong ✓']);
    const r = await client.exit();
    t.is(r.status, 0, r.out);
    t.regex(r.out, /^echo: ping$/m);
    t.regex(r.out, /^echo: pong ✓$/m);
  });

  test(`${cs}-style echo client reports a refused connection with WSAECONNREFUSED and exits 1`, async (t) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const r = await runToEnd('echo-client.ts', ['--style', cs, '127.0.0.1', String(port)]);
    t.is(r.status, 1, r.out);
    t.regex(r.out, /connect failed: WSAECONNREFUSED/);
  });
}

test('NODE_DEBUG=afxsock logs each notification the async client gets, and stays silent without it', async (t) => {
  const srv = createServer((c) => c.pipe(c));
  t.teardown(() => srv.close());
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = String((srv.address() as { port: number }).port);
  const loud = await runToEnd('echo-client.ts', ['--style', 'async', '127.0.0.1', port, 'x'], '', { NODE_DEBUG: 'afxsock' });
  t.is(loud.status, 0, loud.out);
  t.regex(loud.out, /^AFXSOCK \d+: notify \d+ FD_CONNECT error=0$/m);
  t.regex(loud.out, /^AFXSOCK \d+: notify \d+ FD_READ error=0$/m);
  const silent = await runToEnd('echo-client.ts', ['--style', 'async', '127.0.0.1', port, 'x'], '', { NODE_DEBUG: '' });
  t.is(silent.status, 0, silent.out);
  t.notRegex(silent.out, /AFXSOCK/);
});

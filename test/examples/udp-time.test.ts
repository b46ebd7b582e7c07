/** examples/udp-time.ts: the in-process pair, the split server and client, and a Node dgram peer. */
import test from 'ava';
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { runToEnd, Sample } from '../support/samples.js';

const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

test('with no arguments: a server and a client on loopback, two answers, exit 0', async (t) => {
  const r = await runToEnd('udp-time.ts');
  t.is(r.status, 0, r.out);
  t.is(r.out.match(new RegExp(`^client: time from 127\\.0\\.0\\.1:\\d+: ${ISO}$`, 'gm'))?.length, 2, r.out);
  t.is(r.out.match(/^server: answered 127\.0\.0\.1:\d+$/gm)?.length, 2, r.out);
  t.regex(r.out, /^done$/m);
});

for (const host of ['127.0.0.1', '::1']) {
  test(`server and client as separate processes over ${host}`, async (t) => {
    const server = new Sample(t, 'udp-time.ts', ['server', '0', host]);
    const m = await server.waitFor(/time server on udp .*:(\d+)/);
    const client = new Sample(t, 'udp-time.ts', ['client', host, m[1]!, '3']);
    const c = await client.exit();
    t.is(c.status, 0, c.out);
    t.is(c.out.match(new RegExp(`^client: time from ${host.replace(/\./g, '\\.')}:${m[1]}: ${ISO}$`, 'gm'))?.length, 3, c.out);
    server.write('quit');
    const s = await server.exit();
    t.is(s.status, 0, s.out);
    t.regex(s.out, /stopped after 3 answers/);
  });
}

test('the server answers a Node dgram client with the time, to the sender\'s address', async (t) => {
  const server = new Sample(t, 'udp-time.ts', ['server', '0', '127.0.0.1']);
  const m = await server.waitFor(/time server on udp .*:(\d+)/);
  const sock = createSocket('udp4');
  t.teardown(() => sock.close());
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  const junk = once(sock, 'message');
  sock.send('not a request', Number(m[1]), '127.0.0.1');
  await server.waitFor(/ignored 13 bytes from 127\.0\.0\.1:\d+/);
  sock.send('TIME', Number(m[1]), '127.0.0.1');
  const [msg, rinfo] = (await junk) as [Buffer, { port: number }];
  t.regex(msg.toString(), new RegExp(`^${ISO}$`));
  t.is(rinfo.port, Number(m[1]));
  server.write('quit');
  t.is((await server.exit()).status, 0);
});

test('the client against a Node dgram server, and its retries when no answer comes', async (t) => {
  const sock = createSocket('udp4');
  t.teardown(() => sock.close());
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  const port = sock.address().port;
  let requests = 0;
  sock.on('message', (msg, rinfo) => {
    requests++;
    t.is(msg.toString(), 'TIME');
    // Drop the first request: the client must ask again after its time limit.
    if (requests > 1) sock.send('1999-12-31T23:59:59.000Z', rinfo.port, rinfo.address);
  });
  const client = new Sample(t, 'udp-time.ts', ['client', '127.0.0.1', String(port)]);
  const r = await client.exit();
  t.is(r.status, 0, r.out);
  t.regex(r.out, /client: no answer \(WSAETIMEDOUT\), asking again/);
  t.regex(r.out, new RegExp(`client: time from 127\\.0\\.0\\.1:${port}: 1999-12-31T23:59:59\\.000Z`));
  t.is(requests, 2);
});

/**
 * The CHATSRVR / CHATTER ports (examples/chat-server.ts, chat-client.ts, and the npm start demo)
 * run as child processes against each other and against peers written with Node's `net` that
 * speak the MFC samples' CMsg bytes, encoded here by hand from the wire format, independently of
 * afxsock's CArchive.
 */
import test, { type ExecutionContext } from 'ava';
import { createConnection, createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { runToEnd, Sample } from '../support/samples.js';

const JOIN = 'has just joined the discussion';
const LEFT = 'has just left the discussion';
const SHUTDOWN = 'The discussion server has shutdown';

/** Windows-1252 for the characters these tests use: Latin-1, plus the euro sign at 0x80. */
function cp1252(s: string): Buffer {
  return Buffer.from([...s].map((c) => (c === '€' ? 0x80 : c.charCodeAt(0) & 0xff)));
}

/** An MFC CString: ANSI `len | bytes`, or Unicode `FF FE FF len | UTF-16LE` (short strings). */
function cstring(s: string, unicode = false): Buffer {
  if (s.length >= 255) throw new Error('short strings only');
  return unicode
    ? Buffer.concat([Buffer.from([0xff, 0xfe, 0xff, s.length]), Buffer.from(s, 'utf16le')])
    : Buffer.concat([Buffer.from([s.length]), cp1252(s)]);
}

/** CMsg::Serialize: WORD bClose | CString text | WORD count | CStrings. */
function cmsg(text: string, list: string[] = [], close = false, unicode = false): Buffer {
  const count = Buffer.alloc(2);
  count.writeUInt16LE(list.length);
  return Buffer.concat([
    Buffer.from([close ? 1 : 0, 0]), cstring(text, unicode), count, ...list.map((s) => cstring(s, unicode)),
  ]);
}

/** Collects what a socket receives; `take(n)` waits (bounded) for n bytes. */
function collector(sock: Socket): { take(n: number): Promise<Buffer>; ended: Promise<void> } {
  let data = Buffer.alloc(0);
  let wake: (() => void) | null = null;
  sock.on('data', (d) => {
    data = Buffer.concat([data, d]);
    wake?.();
  });
  const ended = new Promise<void>((resolve) => sock.on('end', () => {
    resolve();
    wake?.();
  }));
  return {
    ended,
    async take(n) {
      const deadline = Date.now() + 15_000;
      while (data.length < n) {
        if (Date.now() > deadline || sock.readableEnded) throw new Error(`got ${data.length} of ${n} bytes: ${data.toString('hex')}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
        wake = null;
      }
      const out = data.subarray(0, n);
      data = data.subarray(n);
      return out;
    },
  };
}

async function startServer(t: ExecutionContext, ...extra: string[]): Promise<{ server: Sample; channel: number; port: number }> {
  // Channel -700 is port 0: the system picks a free port, and the server prints it.
  const server = new Sample(t, 'chat-server.ts', ['-700', '--address', '127.0.0.1', ...extra]);
  const m = await server.waitFor(/Chat server on port (\d+) \(channel (-?\d+)\)/);
  return { server, port: Number(m[1]), channel: Number(m[2]) };
}

test('npm start: the demo holds a whole discussion on loopback and exits 0', async (t) => {
  const r = await runToEnd('demo.ts');
  t.is(r.status, 0, r.out);
  for (const line of [
    `[alice's window] alice: ${JOIN}`,
    `[bob's window] alice: ${JOIN}`,
    `[alice's window] bob: ${JOIN}`,
    "[bob's window] alice: Hello bob, this is a CArchive talking.",
    "[alice's window] bob: Hi alice. Same bytes as the MFC sample, over the OS socket API.",
    `[bob's window] alice: ${LEFT}`,
    `[server log] ${SHUTDOWN}`,
    `[bob's window] ${SHUTDOWN}`,
    'the discussion is over',
  ]) t.true(r.out.includes(line), `missing "${line}" in:\n${r.out}`);
});

test('two piped clients talk through the server; leaving and shutdown reach everyone', async (t) => {
  const { server, channel } = await startServer(t);
  const alice = new Sample(t, 'chat-client.ts', ['alice', String(channel), '127.0.0.1']);
  await alice.waitFor(new RegExp(`^alice: ${JOIN}$`, 'm'));
  const bob = new Sample(t, 'chat-client.ts', ['bob', String(channel), '127.0.0.1']);
  await bob.waitFor(new RegExp(`^bob: ${JOIN}$`, 'm'));
  // A newcomer is sent the whole discussion so far (m_nMsgCount starts at 0).
  t.regex(bob.out, new RegExp(`^alice: ${JOIN}$`, 'm'));
  await alice.waitFor(new RegExp(`^bob: ${JOIN}$`, 'm'));

  alice.write('hello bob');
  await bob.waitFor(/^alice: hello bob$/m);
  bob.write('hi alice, café');
  await alice.waitFor(/^bob: hi alice, café$/m);

  alice.endInput();
  const a = await alice.exit();
  t.is(a.status, 0, a.out);
  await bob.waitFor(new RegExp(`^alice: ${LEFT}$`, 'm'));

  server.write('quit');
  await bob.waitFor(new RegExp(`^${SHUTDOWN}$`, 'm'));
  const b = await bob.exit();
  t.is(b.status, 0, b.out);
  const s = await server.exit();
  t.is(s.status, 0, s.out);
  for (const line of [`alice: ${JOIN}`, `bob: ${JOIN}`, 'alice: hello bob', 'bob: hi alice, café', `alice: ${LEFT}`, SHUTDOWN]) {
    t.regex(s.out, new RegExp(`^${line}$`, 'm'));
  }
  t.regex(s.out, /^Connection from 127\.0\.0\.1:\d+ closed$/m);
});

for (const unicode of [false, true]) {
  test(`the server reads and writes the samples' CMsg bytes (${unicode ? 'Unicode' : 'ANSI'} build)`, async (t) => {
    const { server, port } = await startServer(t, ...(unicode ? ['--unicode'] : []));
    const sock = createConnection({ host: '127.0.0.1', port });
    t.teardown(() => sock.destroy());
    await once(sock, 'connect');
    const rx = collector(sock);
    // A client from the ANSI build says something; the server relays the discussion so far.
    sock.write(cmsg('bob: hi'));
    t.deepEqual(cmsg('bob: hi'), Buffer.from('00000762 6f623a20 68690000'.replace(/ /g, ''), 'hex'));
    const expected = cmsg('', ['bob: hi'], false, unicode);
    t.is((await rx.take(expected.length)).toString('hex'), expected.toString('hex'));
    // A Unicode client's message is read too, whatever the server's own build.
    sock.write(cmsg('bob: ünïcode', [], false, true));
    const second = cmsg('', ['bob: ünïcode'], false, unicode);
    t.is((await rx.take(second.length)).toString('hex'), second.toString('hex'));
    // The goodbye message: the server closes this connection.
    sock.write(cmsg(`bob: ${LEFT}`, [], true));
    await rx.ended;
    await server.waitFor(/Connection from 127\.0\.0\.1:\d+ closed/);
    t.regex(server.out, /^bob: hi$/m);
    t.regex(server.out, /^bob: ünïcode$/m);
    server.write('quit');
    t.is((await server.exit()).status, 0);
  });

  test(`the client writes and reads the samples' CMsg bytes (${unicode ? 'Unicode' : 'ANSI'} build)`, async (t) => {
    const fake = createServer();
    t.teardown(() => fake.close());
    fake.listen(0, '127.0.0.1');
    await once(fake, 'listening');
    const port = (fake.address() as { port: number }).port;
    const accepted = once(fake, 'connection');
    const client = new Sample(t, 'chat-client.ts', ['alice', String(port - 700), '127.0.0.1', ...(unicode ? ['--unicode'] : [])]);
    const [sock] = (await accepted) as [Socket];
    t.teardown(() => sock.destroy());
    const rx = collector(sock);
    const join = cmsg(`alice: ${JOIN}`, [], false, unicode);
    t.is((await rx.take(join.length)).toString('hex'), join.toString('hex'));
    // What a CHATSRVR sends: the new texts, then (here) the shutdown with m_bClose set.
    sock.write(cmsg('', ['carol: hello alice', 'dave: 3 € please']));
    await client.waitFor(/^dave: 3 € please$/m);
    t.regex(client.out, /^carol: hello alice$/m);
    sock.write(cmsg('', [SHUTDOWN], true, true));
    const r = await client.exit();
    t.is(r.status, 0, r.out);
    t.regex(r.out, new RegExp(`^${SHUTDOWN}$`, 'm'));
    await rx.ended;
  });
}

test('a client types a line, then leaves: its goodbye carries m_bClose and the server closes', async (t) => {
  const fake = createServer();
  t.teardown(() => fake.close());
  fake.listen(0, '127.0.0.1');
  await once(fake, 'listening');
  const port = (fake.address() as { port: number }).port;
  const accepted = once(fake, 'connection');
  const client = new Sample(t, 'chat-client.ts', ['erin', String(port - 700), '127.0.0.1']);
  const [sock] = (await accepted) as [Socket];
  t.teardown(() => sock.destroy());
  const rx = collector(sock);
  await rx.take(cmsg(`erin: ${JOIN}`).length);
  client.write('one line');
  client.endInput();
  const line = cmsg('erin: one line');
  t.is((await rx.take(line.length)).toString('hex'), line.toString('hex'));
  const bye = cmsg(`erin: ${LEFT}`, [], true);
  t.is((await rx.take(bye.length)).toString('hex'), bye.toString('hex'));
  // The client half-closed and waits for the server to close its end.
  await rx.ended;
  sock.end();
  const r = await client.exit();
  t.is(r.status, 0, r.out);
});

test('a client that cannot connect says why and exits 1', async (t) => {
  // A port just freed: nothing listens there.
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const r = await runToEnd('chat-client.ts', ['zed', String(port - 700), '127.0.0.1']);
  t.is(r.status, 1, r.out);
  t.regex(r.out, new RegExp(`Unable to connect to 127\\.0\\.0\\.1 on port ${port} \\(WSA error 10061\\)`));
});

test('a client that stops half-way through a message costs the server only that client', async (t) => {
  const { server, port } = await startServer(t);
  const stalled = createConnection({ host: '127.0.0.1', port });
  t.teardown(() => stalled.destroy());
  await once(stalled, 'connect');
  // WORD bClose, then a CString announcing 40 bytes of which only 3 come.
  stalled.write(Buffer.from([0, 0, 40, 0x61, 0x62, 0x63]));
  await server.waitFor(/^Error reading socket$/m);
  await server.waitFor(/Connection from 127\.0\.0\.1:\d+ closed/);
  // The server still serves others.
  const sock = createConnection({ host: '127.0.0.1', port });
  t.teardown(() => sock.destroy());
  await once(sock, 'connect');
  const rx = collector(sock);
  sock.write(cmsg('frank: still there?'));
  const expected = cmsg('', ['frank: still there?']);
  t.is((await rx.take(expected.length)).toString('hex'), expected.toString('hex'));
  server.write('quit');
  t.is((await server.exit()).status, 0);
});

if (process.platform !== 'win32') {
  test('SIGTERM shuts the server down the MFC way: every client is told, then it exits 0', async (t) => {
    const { server, channel } = await startServer(t);
    const gina = new Sample(t, 'chat-client.ts', ['gina', String(channel), '127.0.0.1']);
    await gina.waitFor(new RegExp(`^gina: ${JOIN}$`, 'm'));
    server.child.kill('SIGTERM');
    await gina.waitFor(new RegExp(`^${SHUTDOWN}$`, 'm'));
    t.is((await gina.exit()).status, 0);
    t.is((await server.exit()).status, 0);
  });
}

test('a Unicode-build server and an ANSI-build client understand each other', async (t) => {
  const { server, channel } = await startServer(t, '--unicode');
  const hana = new Sample(t, 'chat-client.ts', ['hana', String(channel), '127.0.0.1']);
  await hana.waitFor(new RegExp(`^hana: ${JOIN}$`, 'm'));
  const ivan = new Sample(t, 'chat-client.ts', ['ivan', String(channel), '127.0.0.1', '--unicode']);
  await hana.waitFor(new RegExp(`^ivan: ${JOIN}$`, 'm'));
  ivan.write('Grüße aus Köln');
  await hana.waitFor(/^ivan: Grüße aus Köln$/m);
  hana.write('déjà vu');
  await ivan.waitFor(/^hana: déjà vu$/m);
  server.write('quit');
  for (const c of [hana, ivan]) {
    const r = await c.exit();
    t.is(r.status, 0, r.out);
    t.regex(r.out, new RegExp(`^${SHUTDOWN}$`, 'm'));
  }
  t.is((await server.exit()).status, 0);
});

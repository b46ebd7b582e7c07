/**
 * Lifetime: no descriptor leaks across many cycles, and which sockets keep the process alive
 * (a listening or connected socket with notifications does, like a net.Server; one with none
 * selected does not).
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { CAsyncSocket, SOCK_STREAM } from '../../../src/index.js';
import { registeredCount } from '../../../src/diagnostics.js';
import { openFds } from '../../support/descriptors.js';
import { until } from '../../support/waits.js';
import { root } from '../../support/repo.js';
import { listenOn } from '../../support/sockets.js';

const linux = process.platform === 'linux';

(linux ? test : test.skip)(`no descriptor leaks after 1,000 create/connect/accept/close cycles${linux ? '' : ' [Linux only: counts /proc/self/fd]'}`, async (t) => {
  const l = new CAsyncSocket();
  const port = listenOn(l, { events: 0, backlog: 128 });
  let before = 0;
  // Cycle 0 warms up the lazily created descriptors (the poller's epoll set) before counting.
  for (let i = 0; i <= 1000; i++) {
    if (i === 1) before = openFds();
    const c = new CAsyncSocket();
    if (!c.Create()) t.fail(`Create ${i}: ${c.GetLastError()}`);
    c.Connect('127.0.0.1', port);
    const a = new CAsyncSocket();
    await until(() => l.Accept(a), 5000, `accept ${i}`);
    a.Close();
    c.Close();
  }
  l.Close();
  t.is(openFds(), before - 1, 'only the listening socket is gone');
  t.is(registeredCount(), 0, 'no socket is left in the notification sink');
});

function runChild(code: string): { status: number | null; ms: number; out: string } {
  const start = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: root, timeout: 8000, encoding: 'utf8',
  });
  return { status: r.status, ms: Date.now() - start, out: `${r.stdout}${r.stderr}` };
}

test('a socket with no notifications selected does not keep the process alive', (t) => {
  const r = runChild(`
    import { CAsyncSocket, SOCK_STREAM } from './src/index.ts';
    const s = new CAsyncSocket();
    if (!s.Create(0, SOCK_STREAM, 0, '127.0.0.1') || !s.Listen()) process.exit(3);
    console.log('listening, nothing selected');
  `);
  t.is(r.status, 0, r.out);
  t.true(r.out.includes('listening, nothing selected'));
});

test('a listening socket with OnAccept selected keeps the process alive until it is closed', (t) => {
  const r = runChild(`
    import { CAsyncSocket, SOCK_STREAM, FD_ACCEPT } from './src/index.ts';
    const s = new CAsyncSocket();
    if (!s.Create(0, SOCK_STREAM, FD_ACCEPT, '127.0.0.1') || !s.Listen()) process.exit(3);
    const t0 = Date.now();
    setTimeout(() => { console.log('still alive after', Date.now() - t0 >= 290 ? 'the wait' : '?'); s.Close(); }, 300).unref();
  `);
  t.is(r.status, 0, r.out);
  t.true(r.out.includes('still alive after the wait'), r.out);
});

test('Attach takes an unbound socket of either family (MFC does; Windows names no unbound socket)', async (t) => {
  const { api } = await import('../../../src/diagnostics.js');
  const { AF_INET, AF_INET6 } = await import('../../../src/index.js');
  for (const [family, host] of [[AF_INET, '127.0.0.1'], [AF_INET6, '::1']] as const) {
    const srv = new CAsyncSocket();
    t.true(srv.Create(0, SOCK_STREAM, 0, host), `listener on ${host}`);
    t.true(srv.Listen());
    const addr = { address: '', port: 0 };
    t.true(srv.GetSockName(addr));
    const h = api().socket(family, SOCK_STREAM, 0);
    t.true(h >= 0, `socket(${family})`);
    const s = new CAsyncSocket();
    t.true(s.Attach(h, 0), `Attach of an unbound ${host} socket: WSA ${s.GetLastError()}`);
    // The family was learnt right: a connect to the same family's loopback goes through.
    const ok = s.Connect(host, addr.port);
    t.true(ok || s.GetLastError() === 10035, `Connect: WSA ${s.GetLastError()}`);
    const peer = new CAsyncSocket();
    await until(() => srv.Accept(peer), 5000, 'the accept');
    const name = { address: '', port: 0 };
    t.true(s.GetSockName(name));
    t.is(name.address, host);
    peer.Close();
    s.Close();
    srv.Close();
  }
});

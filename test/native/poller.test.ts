import test from 'ava';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOCK_DGRAM, WSAEINVAL } from '../../src/index.js';
import { POLL_HUP, POLL_READ, POLL_WRITE } from '../../src/diagnostics.js';
import { AF_INET, loopback, nameOf, nextEvent, ok, recvExactly, sys, tcpPair } from '../support/native-sockets.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

test('readable after the peer sends', async (t) => {
  const p = tcpPair();
  try {
    const pending = nextEvent(p.server, POLL_READ);
    t.is(sys.send(p.client, new Uint8Array([1, 2, 3]), 3, 0), 3);
    t.true((await pending & POLL_READ) !== 0);
    t.deepEqual(recvExactly(p.server, 3), new Uint8Array([1, 2, 3]));
  } finally {
    p.close();
  }
});

test('writable on a connected socket', async (t) => {
  const p = tcpPair();
  try {
    t.true((await nextEvent(p.client, POLL_WRITE) & POLL_WRITE) !== 0);
  } finally {
    p.close();
  }
});

test('peer close is reported; recv then returns 0', async (t) => {
  const p = tcpPair();
  try {
    sys.close(p.client);
    const revents = await nextEvent(p.server, POLL_READ);
    t.not(revents & (POLL_READ | POLL_HUP), 0);
    t.is(sys.recv(p.server, new Uint8Array(4), 4, 0), 0);
  } finally {
    for (const h of [p.server, p.listener]) { sys.poller().forget(h); sys.close(h); }
  }
});

test('interest changes: narrowed to 0 stops callbacks, widened to WRITE reports writable', async (t) => {
  const p = tcpPair();
  const seen: number[] = [];
  let onEvent = (_h: number, revents: number): void => {
    seen.push(revents);
    sys.poller().watch(p.server, 0, cb);
  };
  const cb = (h: number, revents: number): void => onEvent(h, revents);
  try {
    t.is(sys.poller().watch(p.server, POLL_READ, cb), 0);
    t.is(sys.send(p.client, new Uint8Array(8), 8, 0), 8);
    for (let i = 0; i < 100 && seen.length === 0; i++) await tick(10);
    t.is(seen.length, 1);
    t.true((seen[0]! & POLL_READ) !== 0);
    // The data is still unread: a level-triggered watch with interest would keep firing.
    await tick(50);
    t.is(seen.length, 1, 'no callback while the interest is 0');

    const writable = new Promise<number>((resolve) => {
      onEvent = (_h, revents) => { sys.poller().watch(p.server, 0, cb); resolve(revents); };
    });
    t.is(sys.poller().watch(p.server, POLL_WRITE, () => t.fail('a later watch must not replace the callback')), 0);
    t.true((await writable & POLL_WRITE) !== 0);
    t.is(sys.poller().watch(p.server, 64, cb), -WSAEINVAL);
  } finally {
    p.close();
  }
});

test('forget then close: the descriptor number can be watched again by a new socket', async (t) => {
  const a = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  let stale = 0;
  t.is(sys.poller().watch(a, POLL_READ, () => { stale++; }), 0);
  sys.poller().forget(a);
  sys.poller().forget(a);
  t.is(sys.close(a), 0);

  const b = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  const c = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  try {
    ok(sys.bind(b, loopback(AF_INET)), 'bind');
    const pending = nextEvent(b, POLL_READ);
    t.is(sys.sendto(c, new Uint8Array([9]), 1, 0, nameOf(b)), 1);
    t.true((await pending & POLL_READ) !== 0);
    t.is(stale, 0, 'the forgotten callback never ran');
  } finally {
    for (const h of [b, c]) { sys.poller().forget(h); sys.close(h); }
  }
});

test('forget of a handle never watched is harmless', (t) => {
  t.notThrows(() => sys.poller().forget(123456));
  t.notThrows(() => sys.poller().setRef(123456, false));
  t.notThrows(() => sys.poller().forget(123456));
});

test('one batch serves many sockets: every datagram reaches its own callback', async (t) => {
  const N = 50;
  const receivers: number[] = [];
  const sender = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
  try {
    for (let i = 0; i < N; i++) {
      const r = ok(sys.socket(AF_INET, SOCK_DGRAM, 0), 'socket');
      ok(sys.bind(r, loopback(AF_INET)), 'bind');
      receivers.push(r);
    }
    const waits = receivers.map((r) => nextEvent(r, POLL_READ));
    receivers.forEach((r, i) => t.is(sys.sendto(sender, new Uint8Array([i]), 1, 0, nameOf(r)), 1));
    const results = await Promise.all(waits);
    t.true(results.every((rv) => (rv & POLL_READ) !== 0));
    const one = new Uint8Array(1);
    receivers.forEach((r, i) => { t.is(sys.recv(r, one, 1, 0), 1); t.is(one[0], i); });
  } finally {
    for (const h of [...receivers, sender]) { sys.poller().forget(h); sys.close(h); }
  }
});

/* Child processes: whether the poller lets a process exit. */

const INDEX = pathToFileURL(fileURLToPath(new URL('../../src/native/index.ts', import.meta.url))).href;

interface ChildResult { exited: boolean; code: number | null; signal: NodeJS.Signals | null; stderr: string }

function runChild(body: string, graceMs: number): Promise<ChildResult> {
  const code = `import { api } from ${JSON.stringify(INDEX)};\nconst sys = api();\n${body}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ exited: false, code: null, signal: null, stderr });
    }, graceMs);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ exited: true, code, signal, stderr }); });
  });
}

const UDP = `const h = sys.socket(2, 2, 0); if (h < 0) throw new Error('socket ' + h);
sys.bind(h, { family: 2, addr: new Uint8Array([127, 0, 0, 1]), port: 0, flowinfo: 0, scopeId: 0 });`;

test('a process whose watches are all idle exits', async (t) => {
  const r = await runChild(`${UDP}\nsys.poller().watch(h, 1, () => {}); sys.poller().watch(h, 0, () => {});`, 20000);
  t.true(r.exited, r.stderr);
  t.is(r.code, 0, r.stderr);
});

test('a process whose only armed watch is unref\'d exits', async (t) => {
  const r = await runChild(`${UDP}\nsys.poller().watch(h, 1, () => {}); sys.poller().setRef(h, false);`, 20000);
  t.true(r.exited, r.stderr);
  t.is(r.code, 0, r.stderr);
});

test('a process that forgot its watch exits', async (t) => {
  const r = await runChild(`${UDP}\nsys.poller().watch(h, 1, () => {}); sys.poller().forget(h); sys.close(h);`, 20000);
  t.true(r.exited, r.stderr);
  t.is(r.code, 0, r.stderr);
});

test('control: an armed, ref\'d watch keeps the process alive', async (t) => {
  // The child would exit on its own after 30 s; it must still be running after 3.
  const r = await runChild(`${UDP}\nsys.poller().watch(h, 1, () => {}); setTimeout(() => process.exit(7), 30000).unref();`, 3000);
  t.false(r.exited, r.stderr);
});

test('an exception in a callback surfaces as an uncaught exception, not a native crash', async (t) => {
  const body = `${UDP}
const me = { family: 2, addr: new Uint8Array(4), port: 0, flowinfo: 0, scopeId: 0 };
sys.getsockname(h, me);
sys.poller().watch(h, 1, () => { throw new Error('boom-from-callback'); });
sys.sendto(h, new Uint8Array([1]), 1, 0, me);`;
  const r = await runChild(body, 20000);
  t.true(r.exited);
  t.is(r.signal, null, 'no abort or segfault');
  t.is(r.code, 1);
  t.regex(r.stderr, /boom-from-callback/);
});

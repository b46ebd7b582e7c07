import test from 'ava';
import { completion, UNRESOLVABLE_HOST } from '../support/lookups.js';
import { delay as sleep, within } from '../support/waits.js';
import {
  AF_INET, AF_INET6, type HOSTENT, type PROTOENT, type SERVENT, SOCKET_ERROR, WSAAsyncGetHostByAddr,
  WSAAsyncGetHostByName, WSAAsyncGetProtoByName, WSAAsyncGetProtoByNumber, WSAAsyncGetServByName,
  WSAAsyncGetServByPort, WSACancelAsyncRequest, WSACleanup, type WSADATA, WSAEAFNOSUPPORT, WSAEALREADY,
  WSAEFAULT, WSAEINPROGRESS, WSAEINVAL, WSAENOBUFS, WSAGetLastError, WSAHOST_NOT_FOUND, WSANO_DATA,
  WSANOTINITIALISED, WSASetBlockingHook, WSASetLastError, WSAStartup, WSAUnhookBlockingHook,
} from '../../src/index.js';
import { beginBlockingCall, endBlockingCall, runBlockingHook } from '../../src/diagnostics.js';

const wsaData = (): WSADATA => ({ wVersion: 0, wHighVersion: 0, szDescription: '', szSystemStatus: '', iMaxSockets: 0, iMaxUdpDg: 0 });

// First, before any WSAStartup in this process.
test.serial('before WSAStartup every lookup returns 0 with WSANOTINITIALISED', (t) => {
  const cb = (): void => t.fail('no callback may run');
  const starts: Array<() => number> = [
    () => WSAAsyncGetHostByName(cb, 'localhost'),
    () => WSAAsyncGetHostByAddr(cb, new Uint8Array([127, 0, 0, 1]), 4, AF_INET),
    () => WSAAsyncGetServByName(cb, 'http', 'tcp'),
    () => WSAAsyncGetServByPort(cb, 80, 'tcp'),
    () => WSAAsyncGetProtoByName(cb, 'tcp'),
    () => WSAAsyncGetProtoByNumber(cb, 6),
  ];
  for (const s of starts) {
    WSASetLastError(0);
    t.is(s(), 0);
    t.is(WSAGetLastError(), WSANOTINITIALISED);
  }
  WSASetLastError(0);
  t.is(WSACancelAsyncRequest(1), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSANOTINITIALISED);
});

test.serial('start Winsock for the rest of this file', (t) => {
  t.is(WSAStartup(0x0101, wsaData()), 0);
});

test.serial('WSAAsyncGetHostByName(localhost)', async (t) => {
  const c = completion<HOSTENT>();
  const h = WSAAsyncGetHostByName(c.cb, 'localhost');
  t.true(h > 0);
  const r = await within(c.done, 10_000, 'localhost');
  t.is(r.h, h);
  t.is(r.err, 0);
  t.deepEqual(r.result, { h_name: 'localhost', h_aliases: [], h_addrtype: AF_INET, h_length: 4, h_addr_list: ['127.0.0.1'] });
  // Wine's layout: 32 (hostent) + "localhost\0" 10 + aliases [NULL] 8 + addresses [p, NULL] 16 + 4.
  t.is(r.len, 70);
});

test.serial('WSAAsyncGetHostByName of a numeric address gives it back', async (t) => {
  const c = completion<HOSTENT>();
  WSAAsyncGetHostByName(c.cb, '10.1.2.3');
  const r = await within(c.done, 10_000, 'numeric');
  t.is(r.err, 0);
  t.deepEqual(r.result?.h_addr_list, ['10.1.2.3']);
  t.is(r.result?.h_name, '10.1.2.3');
});

test.serial('WSAAsyncGetHostByAddr(127.0.0.1) finds localhost', async (t) => {
  const c = completion<HOSTENT>();
  const h = WSAAsyncGetHostByAddr(c.cb, new Uint8Array([127, 0, 0, 1]), 4, AF_INET);
  t.true(h > 0);
  const r = await within(c.done, 10_000, 'by addr');
  t.is(r.err, 0);
  t.deepEqual(r.result, { h_name: 'localhost', h_aliases: [], h_addrtype: AF_INET, h_length: 4, h_addr_list: ['127.0.0.1'] });
});

test.serial('WSAAsyncGetServByName(http, tcp) is port 80', async (t) => {
  const c = completion<SERVENT>();
  WSAAsyncGetServByName(c.cb, 'http', 'tcp');
  const r = await within(c.done, 10_000, 'http');
  t.is(r.err, 0);
  t.is(r.result?.s_name, 'http');
  t.is(r.result?.s_port, 80);
  t.is(r.result?.s_proto, 'tcp');
  t.true(Array.isArray(r.result?.s_aliases));
  // 32 + "tcp\0" 4 + "http\0" 5 + aliases (n + 1) * 8 + their strings.
  const aliases = r.result!.s_aliases;
  t.is(r.len, 32 + 4 + 5 + (aliases.length + 1) * 8 + aliases.reduce((n, a) => n + a.length + 1, 0));
});

test.serial('WSAAsyncGetServByPort(443, tcp) is https', async (t) => {
  const c = completion<SERVENT>();
  WSAAsyncGetServByPort(c.cb, 443, 'tcp');
  const r = await within(c.done, 10_000, '443');
  t.is(r.err, 0);
  t.is(r.result?.s_name, 'https');
  t.is(r.result?.s_port, 443);
  t.is(r.result?.s_proto, 'tcp');
});

test.serial('WSAAsyncGetProtoByName(tcp) is 6', async (t) => {
  const c = completion<PROTOENT>();
  WSAAsyncGetProtoByName(c.cb, 'tcp');
  const r = await within(c.done, 10_000, 'tcp');
  t.is(r.err, 0);
  t.is(r.result?.p_name, 'tcp');
  t.is(r.result?.p_proto, 6);
});

test.serial('WSAAsyncGetProtoByNumber(17) is udp', async (t) => {
  const c = completion<PROTOENT>();
  WSAAsyncGetProtoByNumber(c.cb, 17);
  const r = await within(c.done, 10_000, '17');
  t.is(r.err, 0);
  t.is(r.result?.p_name, 'udp');
  t.is(r.result?.p_proto, 17);
});

test.serial('an unknown host gives WSAHOST_NOT_FOUND or WSANO_DATA', async (t) => {
  const c = completion<HOSTENT>();
  WSAAsyncGetHostByName(c.cb, UNRESOLVABLE_HOST);
  const r = await within(c.done, 30_000, 'unknown host');
  t.true(r.err === WSAHOST_NOT_FOUND || r.err === WSANO_DATA, `got ${r.err}`);
  t.is(r.result, null);
  t.is(r.len, 0);
});

test.serial('unknown services and protocols give WSANO_DATA', async (t) => {
  const s = completion<SERVENT>();
  const p = completion<PROTOENT>();
  const n = completion<PROTOENT>();
  const q = completion<SERVENT>();
  WSAAsyncGetServByName(s.cb, 'no-such-service', 'tcp');
  WSAAsyncGetProtoByName(p.cb, 'no-such-protocol');
  WSAAsyncGetProtoByNumber(n.cb, 250);
  WSAAsyncGetServByPort(q.cb, 1, 'no-such-protocol');
  for (const done of [s.done, p.done, n.done, q.done] as Array<Promise<{ err: number; result: unknown }>>) {
    const r = await within(done, 10_000, 'unknown');
    t.is(r.err, WSANO_DATA);
    t.is(r.result, null);
  }
});

test.serial('a buffer too small gives WSAENOBUFS and the size needed', async (t) => {
  const c = completion<HOSTENT>();
  WSAAsyncGetHostByName(c.cb, 'localhost', 69);
  const r = await within(c.done, 10_000, 'small');
  t.is(r.err, WSAENOBUFS);
  t.is(r.result, null);
  t.is(r.len, 70);
  const ok = completion<HOSTENT>();
  WSAAsyncGetHostByName(ok.cb, 'localhost', 70);
  t.is((await within(ok.done, 10_000, 'exact')).err, 0);
});

test.serial('bad arguments complete through the callback with Winsock errors', async (t) => {
  const cases: Array<[string, (cb: (h: number, e: number, r: unknown, n: number) => void) => number, number]> = [
    ['family', (cb) => WSAAsyncGetHostByAddr(cb, new Uint8Array(4), 4, 99), WSAEAFNOSUPPORT],
    ['len beyond buffer', (cb) => WSAAsyncGetHostByAddr(cb, new Uint8Array(4), 16, AF_INET6), WSAEFAULT],
    ['len for family', (cb) => WSAAsyncGetHostByAddr(cb, new Uint8Array(16), 16, AF_INET), WSAEFAULT],
    ['not bytes', (cb) => WSAAsyncGetHostByAddr(cb, [127, 0, 0, 1] as unknown as Uint8Array, 4, AF_INET), WSAEFAULT],
    ['name not a string', (cb) => WSAAsyncGetHostByName(cb, 42 as unknown as string), WSAEFAULT],
    ['NUL in name', (cb) => WSAAsyncGetHostByName(cb, 'local\0host'), WSAHOST_NOT_FOUND],
    ['negative buflen', (cb) => WSAAsyncGetHostByName(cb, 'localhost', -1), WSAEFAULT],
    ['port out of range', (cb) => WSAAsyncGetServByPort(cb, 70000), WSANO_DATA],
  ];
  for (const [what, start, expected] of cases) {
    const c = completion<unknown>();
    const h = start(c.cb);
    t.true(h > 0, what);
    t.is(WSACancelAsyncRequest(h), SOCKET_ERROR, `${what}: already complete`);
    t.is(WSAGetLastError(), WSAEALREADY, what);
    const r = await within(c.done, 10_000, what);
    t.is(r.err, expected, what);
  }
});

test.serial('a callback that is not a function: 0 with WSAEINVAL', (t) => {
  WSASetLastError(0);
  t.is(WSAAsyncGetHostByName(null as unknown as () => void, 'localhost'), 0);
  t.is(WSAGetLastError(), WSAEINVAL);
});

test.serial('handles are non-zero and distinct', async (t) => {
  const cs = Array.from({ length: 20 }, () => completion<PROTOENT>());
  const hs = cs.map((c) => WSAAsyncGetProtoByNumber(c.cb, 6));
  t.true(hs.every((h) => Number.isInteger(h) && h > 0));
  t.is(new Set(hs).size, hs.length);
  const results = await Promise.all(cs.map((c) => within(c.done, 10_000, 'proto')));
  t.deepEqual(results.map((r) => r.h), hs);
});

test.serial('cancel of 0 or of an unknown handle gives WSAEINVAL', (t) => {
  for (const h of [0, 0x7ffffff0, -5, 1.5]) {
    WSASetLastError(0);
    t.is(WSACancelAsyncRequest(h), SOCKET_ERROR);
    t.is(WSAGetLastError(), WSAEINVAL, `handle ${h}`);
  }
});

test.serial('cancel of a queued lookup: 0, and its callback never runs', async (t) => {
  const first = completion<HOSTENT>();
  const second = completion<HOSTENT>();
  WSAAsyncGetHostByName(first.cb, 'localhost');
  const h = WSAAsyncGetHostByName(second.cb, 'localhost');
  t.is(WSACancelAsyncRequest(h), 0);
  WSASetLastError(0);
  t.is(WSACancelAsyncRequest(h), SOCKET_ERROR, 'a cancelled task is gone');
  t.is(WSAGetLastError(), WSAEINVAL);
  await within(first.done, 10_000, 'first');
  // A later lookup has completed, so the cancelled one would have had its turn by now.
  const third = completion<HOSTENT>();
  WSAAsyncGetHostByName(third.cb, 'localhost');
  await within(third.done, 10_000, 'third');
  await sleep(200);
  t.is(second.calls(), 0);
});

test.serial('cancel after the callback ran gives WSAEALREADY', async (t) => {
  const c = completion<PROTOENT>();
  const h = WSAAsyncGetProtoByName(c.cb, 'udp');
  await within(c.done, 10_000, 'udp');
  WSASetLastError(0);
  t.is(WSACancelAsyncRequest(h), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSAEALREADY);
});

test.serial('from inside a blocking hook while this thread blocks: WSAEINPROGRESS', async (t) => {
  const pending = completion<HOSTENT>();
  const h = WSAAsyncGetHostByName(pending.cb, 'localhost');
  const seen: number[] = [];
  WSASetBlockingHook(() => {
    seen.push(WSACancelAsyncRequest(h), WSAGetLastError());
    seen.push(WSAAsyncGetProtoByNumber(() => t.fail('must not start'), 6), WSAGetLastError());
    return false;
  });
  const call = { cancel: (): void => {} };
  beginBlockingCall(call);
  try {
    runBlockingHook();
  } finally {
    endBlockingCall(call);
    WSAUnhookBlockingHook();
  }
  t.deepEqual(seen, [SOCKET_ERROR, WSAEINPROGRESS, 0, WSAEINPROGRESS]);
  const r = await within(pending.done, 10_000, 'pending');
  t.is(r.err, 0, 'the refused cancel left the lookup alone');
});

test.serial('the last WSACleanup cancels pending lookups without a callback', async (t) => {
  t.is(WSAStartup(0x0202, wsaData()), 0); // a second reference
  const a = completion<HOSTENT>();
  const b = completion<HOSTENT>();
  WSAAsyncGetHostByName(a.cb, 'localhost');
  WSAAsyncGetHostByName(b.cb, 'localhost');
  t.is(WSACleanup(), 0);
  await within(a.done, 10_000, 'a');
  await within(b.done, 10_000, 'b');
  const c = completion<HOSTENT>();
  const d = completion<HOSTENT>();
  const hc = WSAAsyncGetHostByName(c.cb, 'localhost');
  WSAAsyncGetHostByName(d.cb, 'localhost');
  t.is(WSACleanup(), 0); // the last one
  await sleep(500);
  t.is(c.calls() + d.calls(), 0);
  t.is(WSAStartup(0x0202, wsaData()), 0);
  WSASetLastError(0);
  t.is(WSACancelAsyncRequest(hc), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSAEINVAL);
  t.is(WSACleanup(), 0);
});

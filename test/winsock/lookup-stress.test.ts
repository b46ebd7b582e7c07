import test from 'ava';
import {
  SOCKET_ERROR, WSAAsyncGetHostByName, WSAAsyncGetProtoByName, WSAAsyncGetProtoByNumber,
  WSAAsyncGetServByName, WSAAsyncGetServByPort, WSACancelAsyncRequest, WSAEALREADY, WSAGetLastError,
  WSAStartup,
} from '../../src/index.js';
import { liveLookupCount } from '../../src/diagnostics.js';
import { untilDone } from '../support/waits.js';

test('thousands of lookups with random cancels: each ends exactly once', async (t) => {
  t.is(WSAStartup(0x0202, { wVersion: 0, wHighVersion: 0, szDescription: '', szSystemStatus: '', iMaxSockets: 0, iMaxUdpDg: 0 }), 0);
  const TOTAL = 3000;
  let seed = 12345;
  const rand = (): number => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };

  const callbacks = new Map<number, number>();
  const cancelled = new Set<number>();
  const errors: string[] = [];
  const live: number[] = [];
  let ended = 0;
  const end = (): void => { ended++; };

  const tryCancel = (): void => {
    if (live.length === 0) return;
    const i = Math.floor(rand() * live.length);
    const h = live[i]!;
    live.splice(i, 1);
    const rc = WSACancelAsyncRequest(h);
    if (rc === 0) {
      if (callbacks.has(h)) errors.push(`cancel succeeded after the callback of ${h}`);
      cancelled.add(h);
      end();
    } else if (rc !== SOCKET_ERROR || WSAGetLastError() !== WSAEALREADY) {
      errors.push(`cancel of ${h}: ${rc} / ${WSAGetLastError()}`);
    }
  };

  const cb = (h: number, err: number): void => {
    callbacks.set(h, (callbacks.get(h) ?? 0) + 1);
    if (cancelled.has(h)) errors.push(`callback after a successful cancel of ${h}`);
    if (err !== 0) errors.push(`lookup ${h} failed with ${err}`);
    const i = live.indexOf(h);
    if (i >= 0) live.splice(i, 1);
    end();
    if (rand() < 0.2) tryCancel();
  };

  const starts = [
    () => WSAAsyncGetHostByName(cb, 'localhost'),
    () => WSAAsyncGetHostByName(cb, '127.0.0.1'),
    () => WSAAsyncGetServByName(cb, 'http', 'tcp'),
    () => WSAAsyncGetServByPort(cb, 80, 'tcp'),
    () => WSAAsyncGetProtoByName(cb, 'tcp'),
    () => WSAAsyncGetProtoByNumber(cb, 17),
  ];
  const handles = new Set<number>();
  for (let i = 0; i < TOTAL; i++) {
    const h = starts[i % starts.length]!();
    if (h === 0) { errors.push(`start ${i} failed: ${WSAGetLastError()}`); end(); continue; }
    if (handles.has(h)) errors.push(`handle ${h} issued twice while live`);
    handles.add(h);
    live.push(h);
    const r = rand();
    if (r < 0.15) tryCancel();
    else if (r < 0.3) setImmediate(tryCancel);
    else if (r < 0.35) setTimeout(tryCancel, Math.floor(rand() * 20));
    if (i % 500 === 499) await new Promise((r2) => setImmediate(r2));
  }

  // Every task must end, however long the machine takes; only 30 s without one ending is a hang.
  await untilDone(() => ended >= TOTAL, () => ended, 30_000, 'the lookup tasks');
  // Give a dropped reply or a stray callback the chance to show up.
  await new Promise((r) => setTimeout(r, 200));

  t.deepEqual(errors, []);
  t.is(ended, TOTAL, 'every task ended');
  for (const h of handles) {
    const n = (callbacks.get(h) ?? 0) + (cancelled.has(h) ? 1 : 0);
    if (n !== 1) t.fail(`task ${h} ended ${n} times`);
  }
  t.true(cancelled.size > 0, 'some cancels succeeded');
  t.true(callbacks.size > 0, 'some callbacks ran');
  t.is(liveLookupCount(), 0);
  t.log(`${callbacks.size} callbacks, ${cancelled.size} cancels`);
});

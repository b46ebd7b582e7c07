import test from 'ava';
import {
  AF_INET, AF_INET6, AF_UNSPEC, WSAEAFNOSUPPORT, WSAHOST_NOT_FOUND, WSANO_DATA, WSANO_RECOVERY, WSATRY_AGAIN,
} from '../../src/index.js';
import { formatAddress, } from '../../src/diagnostics.js';
import { UNRESOLVABLE_HOST } from '../support/lookups.js';
import { sys } from '../support/native-sockets.js';

test('resolve("localhost") gives loopback addresses', (t) => {
  const all = sys.resolve('localhost', AF_UNSPEC);
  if (typeof all === 'number') { t.fail(`resolve failed with WSA ${-all}`); return; }
  t.true(all.length > 0);
  for (const sa of all) t.true(sa.family === AF_INET || sa.family === AF_INET6);
  const texts = all.map(formatAddress);
  t.true(texts.includes('127.0.0.1') || texts.includes('::1'), texts.join(', '));
  t.is(new Set(texts).size, texts.length, 'one entry per address (SOCK_STREAM hint)');

  const v4 = sys.resolve('localhost', AF_INET);
  if (typeof v4 === 'number') { t.fail(`IPv4 resolve failed with WSA ${-v4}`); return; }
  t.true(v4.every((sa) => sa.family === AF_INET && sa.addr.length === 4));
});

test('a numeric address resolves to itself', (t) => {
  const r = sys.resolve('127.0.0.1', AF_INET);
  t.deepEqual(typeof r === 'number' ? r : r.map(formatAddress), ['127.0.0.1']);
});

test('an unknown host is one of the documented host errors', (t) => {
  const r = sys.resolve(UNRESOLVABLE_HOST, AF_UNSPEC);
  t.is(typeof r, 'number');
  t.true([-WSAHOST_NOT_FOUND, -WSATRY_AGAIN, -WSANO_RECOVERY, -WSANO_DATA].includes(r as number), `got ${String(r)}`);
});

test('resolve refuses a family it does not know', (t) => {
  t.is(sys.resolve('localhost', 99), -WSAEAFNOSUPPORT);
});

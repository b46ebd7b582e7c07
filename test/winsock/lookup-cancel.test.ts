/**
 * Cancelling a lookup the Worker is already running. The Worker reads
 * AFXSOCK_LOOKUP_TEST_STALL_MS when it starts: every lookup first sleeps that long in native
 * code, standing in for a slow resolver, so "still running" is certain rather than likely.
 */
import test from 'ava';
import {
  type HOSTENT, type SERVENT, SOCKET_ERROR, WSAAsyncGetHostByName, WSAAsyncGetServByName,
  WSACancelAsyncRequest, WSAEALREADY, WSAGetLastError, WSASetLastError, WSAStartup,
} from '../../src/index.js';
import { lookupFinishedInWorker } from '../../src/diagnostics.js';
import { completion } from '../support/lookups.js';
import { delay as sleep, spinUntil, within } from '../support/waits.js';

const STALL_MS = 300;
process.env.AFXSOCK_LOOKUP_TEST_STALL_MS = String(STALL_MS);

test.before(() => {
  WSAStartup(0x0202, { wVersion: 0, wHighVersion: 0, szDescription: '', szSystemStatus: '', iMaxSockets: 0, iMaxUdpDg: 0 });
});

test.serial('cancel of the running lookup: 0, its callback never runs, the next one still does', async (t) => {
  const running = completion<HOSTENT>();
  const next = completion<SERVENT>();
  const h = WSAAsyncGetHostByName(running.cb, 'localhost');
  WSAAsyncGetServByName(next.cb, 'http', 'tcp');
  t.false(lookupFinishedInWorker(h), 'the stall keeps it running');
  t.is(WSACancelAsyncRequest(h), 0);
  const r = await within(next.done, 20_000, 'next');
  t.is(r.err, 0);
  t.is(r.result?.s_port, 80);
  await sleep(STALL_MS * 2);
  t.is(running.calls(), 0);
});

test.serial('lookup complete but callback not yet run: cancel gives WSAEALREADY and the callback runs', async (t) => {
  const c = completion<HOSTENT>();
  const h = WSAAsyncGetHostByName(c.cb, 'localhost');
  // Hold the event loop until the Worker has finished: its reply cannot have been delivered.
  t.true(spinUntil(() => lookupFinishedInWorker(h), 20_000), 'the Worker finished');
  WSASetLastError(0);
  t.is(WSACancelAsyncRequest(h), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSAEALREADY);
  t.is(c.calls(), 0, 'the callback has not run yet');
  const r = await within(c.done, 20_000, 'completion');
  t.is(r.h, h);
  t.is(r.err, 0);
  t.deepEqual(r.result?.h_addr_list, ['127.0.0.1']);
});

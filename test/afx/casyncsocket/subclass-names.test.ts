/**
 * A port's subclass may name its members freely: afxsock's own helpers live under symbols and
 * #private names, so `fail`, `ok`, `checkHandle`, `m_lEvent`, `blockSync`... belong to the user.
 */
import test from 'ava';
import { CAsyncSocket, CSocket } from '../../../src/index.js';
import { until } from '../../support/waits.js';
import { listenOn } from '../../support/sockets.js';

class UserSocket extends CSocket {
  // Every name afxsock used internally at some point, redefined with other meanings.
  fail = 'user field';
  ok(): string { return 'user ok'; }
  failCount(): number { return 42; }
  checkHandle(): string { return 'mine'; }
  checkBuffer(): string { return 'mine'; }
  resolveHost(): string { return 'mine'; }
  m_lEvent = 'user event';
  m_nFamily = 'user family';
  m_nLastError = 'user last error';
  SetLastError(): string { return 'mine'; }
  blockSync(): string { return 'mine'; }
  blockAsync(): string { return 'mine'; }
  mayStart(): boolean { return false; }
  breakStream(): string { return 'mine'; }
}

test('a CSocket subclass that uses afxsock\'s former helper names still works', async (t) => {
  const l = new CAsyncSocket();
  const port = listenOn(l, { events: 0 });
  const s = new UserSocket();
  t.true(s.Create());
  t.true(await s.ConnectAsync('127.0.0.1', port, { timeout: 5000 }));
  const a = new CAsyncSocket();
  await until(() => l.Accept(a), 5000, 'accept');
  t.is(await s.SendAsync(new Uint8Array([1, 2, 3]), 3), 3);
  t.is(s.Receive(new Uint8Array(1), 5), -1, 'validation still runs');
  t.is(s.GetLastError(), 10014);
  t.is(s.fail, 'user field');
  t.is(s.m_lEvent, 'user event');
  t.is(s.ok(), 'user ok');
  s.Close(); a.Close(); l.Close();
});

/**
 * A port's subclass may name its members freely: afxsock's own helpers live under symbols and
 * #private names, so `fail`, `ok`, `checkHandle`, `m_lEvent`, `blockSync`... belong to the user.
 */
import test, { type ExecutionContext } from 'ava';
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

/** A listener, `s` connected to it, and the accepted peer. */
async function connect<T extends CSocket>(t: ExecutionContext, s: T): Promise<{ l: CAsyncSocket; s: T; a: CAsyncSocket }> {
  const l = new CAsyncSocket();
  const port = listenOn(l, { events: 0 });
  t.true(s.Create());
  t.true(await s.ConnectAsync('127.0.0.1', port, { timeout: 5000 }));
  const a = new CAsyncSocket();
  await until(() => l.Accept(a), 5000, 'accept');
  return { l, s, a };
}

test('a CSocket subclass that uses afxsock\'s former helper names still works', async (t) => {
  const { l, s, a } = await connect(t, new UserSocket());
  t.is(await s.SendAsync(new Uint8Array([1, 2, 3]), 3), 3);
  t.is(s.Receive(new Uint8Array(1), 5), -1, 'validation still runs');
  t.is(s.GetLastError(), 10014);
  t.is(s.fail, 'user field');
  t.is(s.m_lEvent, 'user event');
  t.is(s.ok(), 'user ok');
  s.Close(); a.Close(); l.Close();
});

/** MFC's own internal names, which a port's subclass may well declare with its own meaning. */
class PortedSocket extends CSocket {
  m_pbBlocking = 'user flag';
  dispatched: string[] = [];
  received: number[] = [];
  dispatchNotification(event: number, nErrorCode: number): void { this.dispatched.push(`${event}/${nErrorCode}`); }
  protected override OnReceive(nErrorCode: number): void { this.received.push(nErrorCode); }
}

test('a subclass defining m_pbBlocking and dispatchNotification still blocks, cancels and gets its notifications', async (t) => {
  const { l, s, a } = await connect(t, new PortedSocket());
  t.false(s.IsBlocking(), 'a user field named m_pbBlocking is not a waiting call');
  const pending = s.ReceiveAsync(new Uint8Array(4), 4, 0, { timeout: 5000 });
  t.true(s.IsBlocking());
  s.CancelBlockingCall();
  t.is(await pending, -1);
  t.is(s.GetLastError(), 10004, 'WSAEINTR');
  t.false(s.IsBlocking());
  t.is(s.m_pbBlocking, 'user flag');
  t.is(a.Send(new Uint8Array([7]), 1), 1);
  await until(() => s.received.length > 0, 5000, 'OnReceive');
  t.deepEqual(s.received, [0], 'the sink reached OnReceive, not the subclass\'s dispatchNotification');
  t.deepEqual(s.dispatched, []);
  s.Close(); a.Close(); l.Close();
});

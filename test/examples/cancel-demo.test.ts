/** examples/cancel-demo.ts, run as a user would, cancelled by its timers and by Ctrl+C (SIGINT). */
import test from 'ava';
import { Sample } from './run.js';

test('cancel-demo: the timer and Ctrl+C each end a waiting Receive with WSAEINTR, and no byte is lost', async (t) => {
  const s = new Sample(t, 'cancel-demo.ts', ['200']);
  await s.waitFor(/press Ctrl\+C to cancel it/);
  s.child.kill('SIGINT');
  const r = await s.exit();
  t.is(r.status, 0, r.out);
  t.regex(r.out, /1\. blocking Receive[^\n]*\n\s+Receive returned SOCKET_ERROR, WSAEINTR after \d+ ms/);
  t.regex(r.out, /2\. ReceiveAsync[^\n]*\n\s+ReceiveAsync returned SOCKET_ERROR, WSAEINTR/);
  t.regex(r.out, /Ctrl\+C: ReceiveAsync returned SOCKET_ERROR, WSAEINTR/);
  t.regex(r.out, /after the cancels, Receive returned 10 bytes: "still here"/);
});

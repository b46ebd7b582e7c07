/** examples/cancel-demo.ts, run as a user would, cancelled by its timers and by Ctrl+C (SIGINT). */
import test from 'ava';
import { windowsGap } from '../support/gates.js';
import { Sample } from '../support/samples.js';

test('cancel-demo: its timers end a blocking Receive and a ReceiveAsync with WSAEINTR', async (t) => {
  const s = new Sample(t, 'cancel-demo.ts', ['200']);
  await s.waitFor(/press Ctrl\+C to cancel it/);
  t.regex(s.out, /1\. blocking Receive[^\n]*\r?\n\s+Receive returned SOCKET_ERROR, WSAEINTR after \d+ ms/);
  t.regex(s.out, /2\. ReceiveAsync[^\n]*\r?\n\s+ReceiveAsync returned SOCKET_ERROR, WSAEINTR/);
});

// Windows has no signals to send: Node's child.kill('SIGINT') there ends the child outright
// (TerminateProcess, as its documentation says), so the demo's SIGINT handler cannot run.
const ctrlC = windowsGap("kill('SIGINT') terminates the child, no Ctrl+C reaches its handler");

ctrlC('cancel-demo: Ctrl+C ends the waiting ReceiveAsync with WSAEINTR, and no byte is lost', async (t) => {
  const s = new Sample(t, 'cancel-demo.ts', ['200']);
  await s.waitFor(/press Ctrl\+C to cancel it/);
  s.child.kill('SIGINT');
  const r = await s.exit();
  t.is(r.status, 0, r.out);
  t.regex(r.out, /Ctrl\+C: ReceiveAsync returned SOCKET_ERROR, WSAEINTR/);
  t.regex(r.out, /after the cancels, Receive returned 10 bytes: "still here"/);
});

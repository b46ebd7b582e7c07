/** examples/worker-client.ts, run as a user would: a blocking Receive in a Worker, cancelled from main. */
import test from 'ava';
import { Sample } from '../support/samples.js';

test('worker-client: the Worker\'s blocking Receive ends with WSAEINTR when main cancels, long before m_nTimeOut', async (t) => {
  const s = new Sample(t, 'worker-client.ts', ['200']);
  const r = await s.exit(30000);
  t.is(r.status, 0, r.out);
  t.regex(r.out, /worker received: hello from the server/);
  t.regex(r.out, /main: CancelBlockingCallByHandle/);
  const m = r.out.match(/worker: Receive returned SOCKET_ERROR, WSAEINTR after blocking (\d+) ms/);
  t.truthy(m, r.out);
  // 60 s slices: a cancel that waited for the slice would show a minute here.
  t.true(Number(m?.[1]) < 30000);
  t.regex(r.out, /main: the worker exited with 0/);
});

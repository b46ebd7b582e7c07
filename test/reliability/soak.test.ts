/**
 * The short soak of `npm test` (20 s): a seeded random walk over up to 100 CSockets, both
 * flavours, with the model checked after every step. The seed is printed; set
 * AFXSOCK_SOAK_SEED to replay a failure, and run `npm run soak -- --minutes N` for a long run.
 */
import test from 'ava';

import { socketFds } from '../support/descriptors.js';
import { exchangeOnFreshPair } from '../support/health.js';
import { runSoak } from '../support/soak.js';
import { tally } from '../support/tally.js';

test('soak: 20 s of random open / send / receive / cancel / shutdown / close over 100 sockets; every byte checked, the model holds after every step', async (t) => {
  const seed = process.env.AFXSOCK_SOAK_SEED !== undefined ? Number(process.env.AFXSOCK_SOAK_SEED) : (Date.now() ^ (process.pid << 16)) >>> 0;
  // Printed before the run, so that even a crash leaves the seed in the log.
  console.log(`afxsock soak seed ${seed} (replay: AFXSOCK_SOAK_SEED=${seed})`);
  t.log(`seed ${seed}`);
  const fds = socketFds();
  const r = await runSoak({ seed, ms: Number(process.env.AFXSOCK_SOAK_MS ?? 20000) });
  t.log(r);
  t.true(r.steps > 100, `${r.steps} steps`);
  t.true(r.opens > 0 && r.sends > 0 && r.receives > 0 && r.cancels > 0);
  t.is(socketFds(), fds, 'every socket the soak opened is closed');
  t.is(await exchangeOnFreshPair(64 * 1024), 64 * 1024, 'a fresh pair still works');
  tally('soak', { cases: r.steps, faults: r.cancels + r.shutdowns, bytes: r.bytesVerified });
});

/**
 * The short soak of `npm test`: a seeded random walk of a fixed number of steps (100,000; 2,000
 * under Windows, where a step costs some 50 times more) over up to 100 CSockets, both flavours,
 * with the model checked after every step. The walk takes as long as the machine needs: no
 * time decides how many steps run, and only a hang is bounded (each blocking step cancels
 * itself after 5 s, which fails it; every awaitable step has its own timeout). The seed is
 * printed; set AFXSOCK_SOAK_SEED to replay a failure (AFXSOCK_SOAK_STEPS for another length),
 * and run `npm run soak -- --minutes N` for a long run.
 */
import test from 'ava';
import { onWindows } from '../support/platform.js';
import { socketFds } from '../support/descriptors.js';
import { exchangeOnFreshPair } from '../support/health.js';
import { runSoak } from '../support/soak.js';
import { tally } from '../support/tally.js';

const STEPS = Number(process.env.AFXSOCK_SOAK_STEPS ?? (onWindows ? 2_000 : 100_000));

test(`soak: ${STEPS.toLocaleString('en-US')} random steps of open / send / receive / cancel / shutdown / close over 100 sockets; every byte checked, the model holds after every step`, async (t) => {
  t.timeout(20 * 60_000, 'the soak walk neither ended nor failed a step: a hang');
  const seed = process.env.AFXSOCK_SOAK_SEED !== undefined ? Number(process.env.AFXSOCK_SOAK_SEED) : (Date.now() ^ (process.pid << 16)) >>> 0;
  // Printed before the run, so that even a crash leaves the seed in the log.
  console.log(`afxsock soak seed ${seed} (replay: AFXSOCK_SOAK_SEED=${seed})`);
  t.log(`seed ${seed}`);
  const fds = socketFds();
  const r = await runSoak({ seed, ms: Infinity, maxSteps: STEPS });
  t.log(r);
  t.is(r.steps, STEPS);
  t.true(r.opens > 0 && r.sends > 0 && r.receives > 0 && r.cancels > 0);
  t.is(socketFds(), fds, 'every socket the soak opened is closed');
  t.is(await exchangeOnFreshPair(64 * 1024), 64 * 1024, 'a fresh pair still works');
  tally('soak', { cases: r.steps, faults: r.cancels + r.shutdowns, bytes: r.bytesVerified });
});

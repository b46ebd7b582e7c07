/**
 * The long soak: `npm run soak -- --minutes N [--seed S] [--connections C] [--model-runs R]`.
 * Runs the same seeded random walk as test/reliability/soak.test.ts, one seed after another
 * until the time is up, and prints every seed so that a failure can be replayed with --seed.
 * Then runs the model-based random test of test/reliability/random-sequences.test.ts for R
 * sequences (default 2000) on a random seed of its own, printed with how to replay a failure.
 */
import { socketFds } from '../test/support/descriptors.js';
import { runModel } from '../test/support/random-sequences.js';
import { runSoak, SoakFailure } from '../test/support/soak.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const minutes = Number(arg('minutes') ?? 5);
const fixedSeed = arg('seed');
const connections = Number(arg('connections') ?? 50);
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('usage: npm run soak -- --minutes N [--seed S] [--connections C] [--model-runs R]');
  process.exit(2);
}
const end = Date.now() + minutes * 60_000;
const fds = socketFds();
let totalSteps = 0;
let totalBytes = 0;
let runs = 0;
while (Date.now() < end) {
  const seed = fixedSeed !== undefined ? Number(fixedSeed) : (Date.now() ^ (runs * 0x9e3779b1)) >>> 0;
  const ms = Math.min(60_000, end - Date.now());
  console.log(`run ${runs + 1}: seed ${seed} for ${Math.round(ms / 1000)} s (replay: npm run soak -- --minutes 1 --seed ${seed})`);
  try {
    const r = await runSoak({ seed, ms, maxConnections: connections, log: (l) => console.log(`  ${l}`) });
    totalSteps += r.steps;
    totalBytes += r.bytesVerified;
    console.log(`  ok: ${r.steps} steps, ${r.opens} opens, ${r.cancels} cancels, ${r.shutdowns} shutdowns, ${r.bytesVerified} bytes verified`);
  } catch (e) {
    console.error(e instanceof SoakFailure ? `FAILED: ${e.message}` : e);
    process.exit(1);
  }
  const now = socketFds();
  if (now !== fds) {
    console.error(`FAILED: ${now - fds} socket descriptors left open after seed ${seed}`);
    process.exit(1);
  }
  runs++;
  if (fixedSeed !== undefined) break;
}
console.log(`soak walk passed: ${runs} runs, ${totalSteps} steps, ${totalBytes} bytes verified`);

const modelRuns = Number(arg('model-runs') ?? 2000);
const modelSeed = fixedSeed !== undefined ? Number(fixedSeed) : (Date.now() * 7919) >>> 0;
console.log(`model-based sequences: seed ${modelSeed}, ${modelRuns} runs of up to 60 steps`);
try {
  const stats = await runModel({ seed: modelSeed, numRuns: modelRuns, maxCommands: 60 });
  console.log(`  ok: ${stats.steps} steps, ${stats.calls} calls (${stats.failedCalls} failed with a known code), ${stats.cancels} cancels, ${stats.notifications} notifications`);
} catch (e) {
  console.error(`FAILED: ${e instanceof Error ? e.message : String(e)}`);
  console.error(`replay: AFXSOCK_MODEL_SEED=${modelSeed} AFXSOCK_MODEL_RUNS=${modelRuns} AFXSOCK_MODEL_COMMANDS=60 AFXSOCK_MODEL_PATH=<path> AFXSOCK_MODEL_REPLAY=<replayPath> node --import tsx test/fixtures/model-child.ts`);
  process.exit(1);
}

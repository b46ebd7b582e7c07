/**
 * The model-based random test (lib/model.ts) over CAsyncSocket and CSocket, both flavours, run in
 * a child process: a hang is a killed child, and a child that does not end by itself once
 * everything is closed fails too. `npm test` runs a fixed seed, so that the suite gives the same
 * sequences on every machine; `npm run soak` runs many random seeds. A failure prints fast-check's
 * shrunk sequence with the seed and paths that replay it:
 *
 *   AFXSOCK_MODEL_SEED=S AFXSOCK_MODEL_PATH=P AFXSOCK_MODEL_REPLAY=R npx ava test/reliability/random-sequences.test.ts
 *
 * (with AFXSOCK_MODEL_RUNS and AFXSOCK_MODEL_COMMANDS as well for a failure from the soak).
 */
import test from 'ava';
import { jsonLines, runFixture } from '../support/children.js';
import type { ModelStats } from '../support/random-sequences.js';
import { tally } from '../support/tally.js';

const CHILD = new URL('../fixtures/model-child.ts', import.meta.url);
const SEED = process.env.AFXSOCK_MODEL_SEED ?? '20261204';
const RUNS = Number(process.env.AFXSOCK_MODEL_RUNS ?? 150);
const COMMANDS = Number(process.env.AFXSOCK_MODEL_COMMANDS ?? 40);

test(`random call sequences (fast-check, seed ${SEED}, ${RUNS} runs of up to ${COMMANDS} steps): nothing throws, every failure has a known WSA code, no write outside the buffer, OS sockets stay non-blocking, no call holds the thread, descriptors come back, the process ends by itself`, async (t) => {
  const r = await runFixture(CHILD, {
    env: {
      AFXSOCK_MODEL_SEED: SEED, AFXSOCK_MODEL_RUNS: String(RUNS), AFXSOCK_MODEL_COMMANDS: String(COMMANDS),
      AFXSOCK_MODEL_PATH: process.env.AFXSOCK_MODEL_PATH, AFXSOCK_MODEL_REPLAY: process.env.AFXSOCK_MODEL_REPLAY,
    },
    timeoutMs: 150000,
  });
  const lines = jsonLines<{ ok?: boolean; report?: string; stats?: ModelStats }>(r.stdout);
  const end = lines.find((l) => 'ok' in l);
  t.log(`seed ${SEED}; ${r.ms} ms`);
  if (end === undefined) {
    t.fail(`the run hung (killed: ${r.timedOut}); replay with AFXSOCK_MODEL_SEED=${SEED}\n${r.stderr}`);
    return;
  }
  t.true(end.ok, end.report);
  t.false(r.timedOut, 'the child did not end by itself after closing everything');
  t.is(r.code, 0, r.stderr);
  const stats = end.stats;
  if (stats === undefined) return;
  t.log(JSON.stringify(stats));
  t.is(stats.runs, RUNS);
  tally('model-based sequences', { cases: stats.steps, faults: stats.failedCalls, bytes: stats.bytesSent + stats.bytesReceived });
});

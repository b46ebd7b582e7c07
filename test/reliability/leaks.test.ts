/**
 * Leaks: 100,000 notifications (20,000 under Wine) and 10,000 cancelled calls leave the
 * descriptor count where it was and the heap (after forced GC) within a small bound, and once
 * the sockets are closed nothing keeps the process alive. Runs in a child with --expose-gc.
 */
import test from 'ava';
import { jsonLines, runFixture } from '../support/children.js';
import { descriptorTitle, onLinux } from '../support/platform.js';
import { tally } from '../support/tally.js';

/**
 * Under Wine a notification costs 1 to 2.5 ms (more on a loaded machine), so it runs 20,000 of
 * them. Every notification asked for must arrive, however long that takes: no bound decides
 * the count. The child prints progress and fails on its own when the ping-pong stalls; the
 * bounds here only catch a hang, and say so.
 */
const NOTIFICATIONS = onLinux ? 100_000 : 20_000;
/** The child printed nothing for this long: hung, or still alive after its last line. */
const SILENCE_MS = onLinux ? 60_000 : 240_000;
/** The whole run, silence or not: only a hang gets near it (Linux takes ~10 s, Wine ~2 min). */
const HANG_MS = 30 * 60_000;

/** 2 MiB over 110,000 operations: a leak of even ~20 bytes per operation would cross it. */
const HEAP_BOUND = 2 * 1024 * 1024;

// The descriptor count reads /proc/self/fd, which under Wine lists Wine's own Unix descriptors
// (they come and go on their own): it is checked on Linux only, and the title says so elsewhere.
const TITLE = `${NOTIFICATIONS.toLocaleString('en-US')} notifications then 10,000 cancelled calls: same descriptors, bounded heap, and the process ends by itself`;
test(descriptorTitle(TITLE), async (t) => {
  t.timeout(HANG_MS + 60_000, 'a hang: the leak child outlived its own bounds');
  const r = await runFixture(new URL('../fixtures/leak-child.ts', import.meta.url), {
    nodeArgs: ['--expose-gc'], args: [String(NOTIFICATIONS), '10000'], idleMs: SILENCE_MS, timeoutMs: HANG_MS,
  });
  const [o] = jsonLines<Record<string, number>>(r.stdout);
  const last = r.stdout.trimEnd().split('\n').pop() ?? '';
  t.false(r.timedOut, o !== undefined
    ? `the process did not end by itself (killed ${SILENCE_MS} ms after its last line): something still holds the event loop\n${r.stderr.slice(-1000)}`
    : `a hang: killed after ${r.killed === 'silence' ? `${SILENCE_MS} ms of silence` : `${HANG_MS} ms`} (last line: ${last})\n${r.stderr.slice(-1000)}`);
  t.is(r.code, 0, r.stderr.slice(-1500));
  t.truthy(o, r.stdout);
  t.log(`heap ${o!.heap0} -> ${o!.heap1} (after notifications) -> ${o!.heap2} (after cancels); fds ${o!.fds0}/${o!.fds1}/${o!.fds2}`);
  t.true(o!.notifications >= NOTIFICATIONS, `${o!.notifications} notifications`);
  t.is(o!.cancelled, 10_000);
  if (onLinux) {
    t.is(o!.fds1, o!.fds0, 'descriptors after the notifications');
    t.is(o!.fds2, o!.fds0, 'descriptors after the cancelled calls');
  }
  t.true(o!.heap1 - o!.heap0 < HEAP_BOUND, `heap grew ${o!.heap1 - o!.heap0} bytes over the notifications`);
  t.true(o!.heap2 - o!.heap0 < HEAP_BOUND, `heap grew ${o!.heap2 - o!.heap0} bytes overall`);
  tally('leaks', { cases: o!.notifications + o!.cancelled, faults: o!.cancelled, bytes: o!.notifications });
});

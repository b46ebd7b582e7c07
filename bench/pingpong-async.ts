/** pingpong-async: pingpong-sync with the awaitable SendAsync/ReceiveAsync on both ends, against net. */
import type { BenchRow } from './lib/row.js';
import { interleave, makeRow, roundsFor } from './lib/compare.js';
import { isMain, printRows } from './lib/main.js';
import { pingpongRun, pingpongSizes } from './pingpong-sync.js';

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const { warm, count } = pingpongSizes(opts.quick);
  const [afx, ref] = await interleave(roundsFor(opts.quick), [() => pingpongRun('afx-async', warm, count), () => pingpongRun('net', warm, count)], 'pingpong-async');
  return [makeRow({
    scenario: 'pingpong-async', what: `64-byte request/response x ${count}, awaitable calls, 2 processes, vs net`,
    unit: 'round trips/s', higherIsBetter: true, targetRatio: 1.0,
  }, afx!, ref!)];
}

if (isMain(import.meta.url)) await printRows(run);

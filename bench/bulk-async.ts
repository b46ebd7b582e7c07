/**
 * bulk-async: the bulk-sync transfer with the awaitable SendAsync/ReceiveAsync on each side's
 * event loop (two processes, 256 KiB reused buffer), against Node's net.
 */
import type { BenchRow } from './lib/row.js';
import { interleave, makeRow, roundsFor } from './lib/compare.js';
import { isMain, printRows } from './lib/main.js';
import { bulkRun } from './bulk-sync.js';

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const bytes = opts.quick ? 32 * 1024 * 1024 : 1024 * 1024 * 1024;
  const [afx, ref] = await interleave(roundsFor(opts.quick), [() => bulkRun('afx-async', bytes), () => bulkRun('net', bytes)], 'bulk-async');
  return [makeRow({
    scenario: 'bulk-async', what: `${opts.quick ? '32 MiB' : '1 GiB'} one way, SendAsync/ReceiveAsync, 2 processes, vs net`,
    unit: 'MB/s', higherIsBetter: true, targetRatio: 1.5,
  }, afx!, ref!)];
}

if (isMain(import.meta.url)) await printRows(run);

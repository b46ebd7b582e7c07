/**
 * bulk-sync: 1 GiB one way between two processes with CSocket's blocking Send/Receive and one
 * reused 256 KiB buffer, against Node's net (two processes) and the C ceiling (bench/c/bulk.c).
 */
import type { BenchRow } from './lib/row.js';
import { interleave, makeRow, roundsFor } from './lib/compare.js';
import { nodePeer, serverClient, startPeer } from './lib/peer.js';
import { cProgram } from './lib/cbuild.js';
import { isMain, printRows } from './lib/main.js';

const CHUNK = 256 * 1024;

/** One bulk run of the given peer kind; MB/s measured by the receiver. */
export async function bulkRun(impl: 'afx-sync' | 'afx-async' | 'net' | 'c', bytes: number): Promise<number> {
  const limit = 120_000;
  const c = impl === 'c' ? cProgram('bulk') : null;
  const { server } = await serverClient(
    () => (c !== null ? startPeer(c, ['recv', String(bytes), String(CHUNK)], limit, 'c/bulk') : nodePeer('bulk.ts', ['recv', impl, bytes, CHUNK], limit)),
    (port) => (c !== null ? startPeer(c, ['send', port, String(bytes), String(CHUNK)], limit, 'c/bulk') : nodePeer('bulk.ts', ['send', impl, bytes, CHUNK, port], limit)),
  );
  if (server === undefined || !Number.isFinite(server['value'])) throw new Error(`bulk ${impl}: no result`);
  return server['value']!;
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const bytes = opts.quick ? 32 * 1024 * 1024 : 1024 * 1024 * 1024;
  const rounds = roundsFor(opts.quick);
  const haveC = cProgram('bulk') !== null;
  const contenders = [() => bulkRun('afx-sync', bytes), () => bulkRun('net', bytes)];
  if (haveC) contenders.push(() => bulkRun('c', bytes));
  const [afx, ref, c] = await interleave(rounds, contenders, 'bulk-sync');
  const size = opts.quick ? '32 MiB' : '1 GiB';
  const rows = [makeRow({
    scenario: 'bulk-sync', what: `${size} one way, CSocket Send/Receive, 2 processes, vs net`,
    unit: 'MB/s', higherIsBetter: true, targetRatio: 1.5,
  }, afx!, ref!)];
  if (c !== undefined) {
    rows.push(makeRow({
      scenario: 'bulk-sync/c', what: `the same vs the C program (bench/c/bulk.c, cc -O2)`,
      unit: 'MB/s', higherIsBetter: true, targetRatio: 0.9,
    }, afx!, c));
  } else {
    process.stderr.write('bulk-sync: no C compiler (cc) found: the C ceiling row is skipped\n');
  }
  return rows;
}

if (isMain(import.meta.url)) await printRows(run);

/**
 * pingpong-sync: 64-byte request/response between two processes with CSocket's blocking
 * Send/Receive on both ends, against Node's net and the C ceiling (bench/c/pingpong.c).
 */
import type { BenchRow } from './lib/row.js';
import { interleave, makeRow, roundsFor } from './lib/compare.js';
import { nodePeer, serverClient, startPeer } from './lib/peer.js';
import { cProgram } from './lib/cbuild.js';
import { isMain, printRows } from './lib/main.js';

const SIZE = 64;

/** One ping-pong run; round trips per second measured by the client. */
export async function pingpongRun(impl: 'afx-sync' | 'afx-async' | 'net' | 'c', warm: number, count: number): Promise<number> {
  const limit = 120_000;
  const c = impl === 'c' ? cProgram('pingpong') : null;
  const tail = [String(warm), String(count), String(SIZE)];
  const { client } = await serverClient(
    () => (c !== null ? startPeer(c, ['server'], limit, 'c/pingpong') : nodePeer('pingpong.ts', ['server', impl], limit)),
    (port) => (c !== null ? startPeer(c, ['client', ...tail, port], limit, 'c/pingpong') : nodePeer('pingpong.ts', ['client', impl, ...tail, port], limit)),
  );
  if (client === undefined || !Number.isFinite(client['value'])) throw new Error(`pingpong ${impl}: no result`);
  return client['value']!;
}

export function pingpongSizes(quick: boolean): { warm: number; count: number } {
  return quick ? { warm: 500, count: 3000 } : { warm: 5000, count: 50_000 };
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const { warm, count } = pingpongSizes(opts.quick);
  const haveC = cProgram('pingpong') !== null;
  const contenders = [() => pingpongRun('afx-sync', warm, count), () => pingpongRun('net', warm, count)];
  if (haveC) contenders.push(() => pingpongRun('c', warm, count));
  const [afx, ref, c] = await interleave(roundsFor(opts.quick), contenders, 'pingpong-sync');
  const rows = [makeRow({
    scenario: 'pingpong-sync', what: `${SIZE}-byte request/response x ${count}, CSocket, 2 processes, vs net`,
    unit: 'round trips/s', higherIsBetter: true, targetRatio: 1.2,
  }, afx!, ref!)];
  if (c !== undefined) {
    rows.push(makeRow({
      scenario: 'pingpong-sync/c', what: 'the same vs the C program (bench/c/pingpong.c); no target, the ceiling',
      unit: 'round trips/s', higherIsBetter: true, targetRatio: null,
    }, afx!, c));
  } else {
    process.stderr.write('pingpong-sync: no C compiler (cc) found: the C ceiling row is skipped\n');
  }
  return rows;
}

if (isMain(import.meta.url)) await printRows(run);

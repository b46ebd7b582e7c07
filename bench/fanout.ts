/**
 * fanout: 200 concurrent echo connections doing 64-byte round trips, server and client in two
 * processes, both afxsock (awaitable calls) or both Node's net; aggregate round trips per second.
 */
import type { BenchRow } from './lib/row.js';
import { interleave, makeRow, roundsFor } from './lib/compare.js';
import { nodePeer, serverClient } from './lib/peer.js';
import { isMain, printRows } from './lib/main.js';

async function fanoutRun(impl: 'afx-async' | 'net', conns: number, warm: number, trips: number): Promise<number> {
  const { client } = await serverClient(
    () => nodePeer('fanout.ts', ['server', impl, conns], 120_000),
    (port) => nodePeer('fanout.ts', ['client', impl, conns, warm, trips, port], 120_000),
  );
  if (client === undefined || !Number.isFinite(client['value'])) throw new Error(`fanout ${impl}: no result`);
  return client['value']!;
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const conns = 200;
  const warm = opts.quick ? 10 : 50;
  const trips = opts.quick ? 50 : 1000;
  const [afx, ref] = await interleave(roundsFor(opts.quick), [() => fanoutRun('afx-async', conns, warm, trips), () => fanoutRun('net', conns, warm, trips)], 'fanout');
  return [makeRow({
    scenario: 'fanout', what: `${conns} concurrent echo connections x ${trips} round trips, awaitable calls, 2 processes, vs net`,
    unit: 'round trips/s', higherIsBetter: true, targetRatio: 1.0,
  }, afx!, ref!)];
}

if (isMain(import.meta.url)) await printRows(run);

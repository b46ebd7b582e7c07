/**
 * accept-rate: connections accepted and closed per second by the server (afxsock's AcceptAsync
 * loop vs a net.Server), both loaded by the same client in other processes: bench/c/acceptload
 * (4 forked connect loops) when cc exists, else a Node net client. A Node client saturates a
 * core before either server does, which pins the ratio near 1 whatever the servers cost.
 */
import type { BenchRow } from './lib/row.js';
import { interleave, makeRow, roundsFor } from './lib/compare.js';
import { nodePeer, serverClient, startPeer } from './lib/peer.js';
import { cProgram } from './lib/cbuild.js';
import { isMain, printRows } from './lib/main.js';

const PARALLEL = 32;

const C_PARALLEL = 4;

async function acceptRun(impl: 'afx-async' | 'net', count: number): Promise<number> {
  const load = cProgram('acceptload');
  const { server } = await serverClient(
    () => nodePeer('accept.ts', ['server', impl, count], 120_000),
    (port) => (load !== null
      ? startPeer(load, [String(count), String(C_PARALLEL), port], 120_000, 'c/acceptload')
      : nodePeer('accept.ts', ['client', 'net', count, PARALLEL, port], 120_000)),
  );
  if (server === undefined || !Number.isFinite(server['value'])) throw new Error(`accept-rate ${impl}: no result`);
  return server['value']!;
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const count = opts.quick ? 500 : 5000;
  const [afx, ref] = await interleave(roundsFor(opts.quick), [() => acceptRun('afx-async', count), () => acceptRun('net', count)], 'accept-rate');
  return [makeRow({
    scenario: 'accept-rate',
    what: `${count} connections accepted and closed (AcceptAsync loop), same ${cProgram('acceptload') !== null ? 'C' : 'net'} client, vs net.Server`,
    unit: 'accepts/s', higherIsBetter: true, targetRatio: 1.0,
  }, afx!, ref!)];
}

if (isMain(import.meta.url)) await printRows(run);

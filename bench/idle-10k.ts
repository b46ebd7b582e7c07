/**
 * idle-10k: resident memory per idle connection. One process holds 10,000 accepted connections
 * with reads enabled (afxsock CAsyncSocket objects with every notification selected, or net
 * sockets); their other ends live in a second process. Lower is better: ratio = afxsock / net.
 */
import type { BenchRow } from './lib/row.js';
import { interleave, makeRow, roundsFor } from './lib/compare.js';
import { nodePeer } from './lib/peer.js';
import { isMain, printRows } from './lib/main.js';

async function idleRun(impl: 'afx-async' | 'net', count: number): Promise<number> {
  const holder = nodePeer('idle.ts', ['hold', impl, count], 180_000, ['--expose-gc']);
  let opener: ReturnType<typeof nodePeer> | undefined;
  try {
    const [port] = await holder.ready;
    opener = nodePeer('idle.ts', ['open', 'net', count, port!], 180_000);
    const o = opener;
    // The second half is opened only once the holder has sampled at half.
    void holder.waitFor('HALF').then(() => o.send('go'), () => {});
    const r = await Promise.race([
      holder.early,
      opener.result.then((): never => { throw new Error('idle opener exited early'); }),
    ]);
    return r['value']!;
  } finally {
    holder.kill();
    opener?.kill();
  }
}

export async function run(opts: { quick: boolean }): Promise<BenchRow[]> {
  const count = opts.quick ? 4000 : 10_000;
  const [afx, ref] = await interleave(roundsFor(opts.quick), [() => idleRun('afx-async', count), () => idleRun('net', count)], 'idle-10k');
  return [makeRow({
    scenario: 'idle-10k', what: `${count.toLocaleString('en-US')} idle connections held: resident bytes per connection (lower is better)`,
    unit: 'bytes/conn', higherIsBetter: false, targetRatio: 1.0,
  }, afx!, ref!)];
}

if (isMain(import.meta.url)) await printRows(run);

/**
 * A fault-injecting TCP proxy on loopback, built on Node's own `net` (an independent TCP stack
 * user, so the faults come from a peer afxsock does not control). Each accepted client is piped
 * to `target`; per direction, the bytes can be delayed, split into small segments, stalled, cut
 * by a half-close (FIN) or by a reset (RST) after a given count. Counters say what was forwarded
 * and how many faults were injected, for the closing report.
 */
import net from 'node:net';

export interface DirectionFaults {
  /** Largest segment written at once (1 = every byte its own write). */
  split?: number;
  /** Milliseconds to wait before each segment. */
  delayMs?: number;
  /** After this many bytes, stop forwarding for `stallMs`. */
  stallAfter?: number;
  stallMs?: number;
  /** After this many bytes, send FIN towards the receiver and drop the rest of this direction. */
  halfCloseAfter?: number;
  /** After this many bytes, reset both connections (RST). */
  resetAfter?: number;
}

export interface ProxyFaults {
  /** Client -> target. */
  up?: DirectionFaults;
  /** Target -> client. */
  down?: DirectionFaults;
}

export interface ProxyStats {
  connections: number;
  bytesUp: number;
  bytesDown: number;
  faults: number;
}

export interface FaultProxy {
  readonly port: number;
  readonly stats: ProxyStats;
  /** Resolves once every proxied connection has ended on both sides. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Forwards `from` to `to` with the faults; resolves when this direction is over. */
async function forward(from: net.Socket, to: net.Socket, f: DirectionFaults, count: (n: number) => void, fault: () => void, resetBoth: () => void): Promise<void> {
  let passed = 0;
  let stalled = false;
  const queue: Buffer[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  from.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    // Backpressure: the proxy must not buffer without bound while it dawdles.
    if (queue.length > 64) from.pause();
    wake?.();
  });
  from.once('end', () => { ended = true; wake?.(); });
  from.once('close', () => { ended = true; wake?.(); });
  const split = Math.max(1, f.split ?? Infinity);
  for (;;) {
    if (queue.length === 0) {
      if (ended) break;
      if (from.isPaused()) from.resume();
      await new Promise<void>((r) => { wake = r; });
      wake = null;
      continue;
    }
    let chunk = queue.shift()!;
    while (chunk.length > 0) {
      let take = Math.min(chunk.length, split === Infinity ? chunk.length : split);
      for (const limit of [f.stallAfter, f.halfCloseAfter, f.resetAfter]) {
        if (limit !== undefined && passed < limit) take = Math.min(take, limit - passed);
      }
      if (f.resetAfter !== undefined && passed >= f.resetAfter) {
        fault();
        resetBoth();
        return;
      }
      if (f.halfCloseAfter !== undefined && passed >= f.halfCloseAfter) {
        fault();
        to.end();
        from.resume();
        from.removeAllListeners('data');
        from.on('data', () => {});
        return;
      }
      if (f.stallAfter !== undefined && passed >= f.stallAfter && !stalled) {
        stalled = true;
        fault();
        await sleep(f.stallMs ?? 500);
      }
      if (f.delayMs) await sleep(f.delayMs);
      if (to.destroyed) return;
      const piece = chunk.subarray(0, take);
      chunk = chunk.subarray(take);
      passed += piece.length;
      count(piece.length);
      if (split !== Infinity && piece.length < chunk.length + piece.length) fault();
      if (!to.write(piece)) await new Promise<void>((r) => { to.once('drain', r); to.once('close', r); });
    }
  }
  if (f.resetAfter !== undefined && passed >= f.resetAfter) { fault(); resetBoth(); return; }
  if (f.halfCloseAfter !== undefined && passed >= f.halfCloseAfter) fault();
  if (!to.destroyed) to.end();
}

export async function startFaultProxy(targetPort: number, faults: ProxyFaults = {}, targetHost = '127.0.0.1'): Promise<FaultProxy> {
  const stats: ProxyStats = { connections: 0, bytesUp: 0, bytesDown: 0, faults: 0 };
  const open = new Set<Promise<void>>();
  const sockets = new Set<net.Socket>();
  // Half-open allowed: a FIN in one direction must not close the other (Node's default would).
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    stats.connections++;
    const target = net.connect({ port: targetPort, host: targetHost, allowHalfOpen: true });
    for (const s of [client, target]) {
      sockets.add(s);
      s.on('error', () => {});
      s.once('close', () => sockets.delete(s));
    }
    const resetBoth = (): void => { client.resetAndDestroy(); target.resetAndDestroy(); };
    const fault = (): void => { stats.faults++; };
    const done = new Promise<void>((resolve) => {
      target.once('connect', () => {
        const up = forward(client, target, faults.up ?? {}, (n) => { stats.bytesUp += n; }, fault, resetBoth);
        const down = forward(target, client, faults.down ?? {}, (n) => { stats.bytesDown += n; }, fault, resetBoth);
        void Promise.all([up, down]).then(() => resolve());
      });
      target.once('error', () => { client.resetAndDestroy(); resolve(); });
    });
    const p = done.then(() => new Promise<void>((r) => {
      // Both directions are over: wait until both sockets are closed.
      const check = (): void => { if (client.destroyed && target.destroyed) r(); };
      client.once('close', check); target.once('close', check);
      client.end(); target.end();
      setTimeout(() => { client.destroy(); target.destroy(); }, 2000).unref();
      check();
    }));
    open.add(p);
    void p.then(() => open.delete(p));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    stats,
    async idle() { await Promise.all([...open]); },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * Sockets for the native tests, at the OS level: loopback socket pairs built through `api()`
 * only, and bounded waits on the poller, so that every file runs unchanged on Linux and on
 * Windows. The MFC-level equivalents are in sockets.ts.
 */
import { AF_INET, AF_INET6, SOCK_STREAM, WSAEWOULDBLOCK } from '../../src/index.js';
import { api, emptySockAddr, parseAddress, POLL_READ, POLL_WRITE, type SockAddr } from '../../src/diagnostics.js';

export const sys = api();

export const LOOPBACK4 = '127.0.0.1';
export const LOOPBACK6 = '::1';

export function loopback(family: number, port = 0): SockAddr {
  return parseAddress(family === AF_INET6 ? LOOPBACK6 : LOOPBACK4, port)!;
}

/** Throws with the WSA code when a call fails: set-up steps are not what a test checks. */
export function ok(rc: number, what: string): number {
  if (rc < 0) throw new Error(`${what} failed with WSA ${-rc}`);
  return rc;
}

export function nameOf(h: number): SockAddr {
  const sa = emptySockAddr();
  ok(sys.getsockname(h, sa), 'getsockname');
  return sa;
}

export interface Pair { listener: number; client: number; server: number; close(): void }

/** An IPv4 loopback address whose port was free a moment ago: a connect there is refused. */
export function closedPort(): SockAddr {
  const probe = ok(sys.socket(AF_INET, SOCK_STREAM, 0), 'socket');
  ok(sys.bind(probe, loopback(AF_INET)), 'bind');
  const dead = nameOf(probe);
  ok(sys.close(probe), 'close');
  return dead;
}

/** A connected TCP pair on loopback, built with non-blocking calls and bounded waits. */
export function tcpPair(family: number = AF_INET): Pair {
  const listener = ok(sys.socket(family, SOCK_STREAM, 0), 'socket');
  ok(sys.bind(listener, loopback(family)), 'bind');
  ok(sys.listen(listener, 16), 'listen');
  const client = ok(sys.socket(family, SOCK_STREAM, 0), 'socket');
  const rc = sys.connect(client, nameOf(listener));
  if (rc !== 0 && rc !== -WSAEWOULDBLOCK) ok(rc, 'connect');
  ok(sys.waitSync(listener, POLL_READ, 5000), 'wait accept');
  const server = ok(sys.accept(listener, null), 'accept');
  ok(sys.waitSync(client, POLL_WRITE, 5000), 'wait connect');
  return {
    listener, client, server,
    close() { for (const h of [client, server, listener]) { sys.poller().forget(h); sys.close(h); } },
  };
}

const waiting = new Map<number, (revents: number) => void>();

/**
 * Resolves with the first revents the poller reports for `h`, or rejects after `ms`. The
 * poller keeps the callback of a handle's first watch, so one dispatcher serves every wait.
 * The bound only catches a lost event: under Wine on a loaded machine a first event has taken
 * over 5 s to arrive, so it is 20 s.
 */
export function nextEvent(h: number, events: number, ms = 20000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(h);
      sys.poller().watch(h, 0, dispatch);
      reject(new Error(`no event on ${h} within ${ms} ms`));
    }, ms);
    waiting.set(h, (revents) => { clearTimeout(timer); resolve(revents); });
    const rc = sys.poller().watch(h, events, dispatch);
    if (rc < 0) { waiting.delete(h); clearTimeout(timer); reject(new Error(`watch failed with WSA ${-rc}`)); }
  });
}

function dispatch(h: number, revents: number): void {
  sys.poller().watch(h, 0, dispatch);
  const done = waiting.get(h);
  waiting.delete(h);
  done?.(revents);
}

/** Reads until `want` bytes arrived, waiting synchronously between reads; bounded. */
export function recvExactly(h: number, want: number): Uint8Array {
  const out = new Uint8Array(want);
  let got = 0;
  for (let i = 0; i < 1000 && got < want; i++) {
    const n = sys.recv(h, out.subarray(got), want - got, 0);
    if (n === -WSAEWOULDBLOCK) { ok(sys.waitSync(h, POLL_READ, 5000), 'wait read'); continue; }
    if (n <= 0) throw new Error(`recv returned ${n} after ${got} bytes`);
    got += n;
  }
  if (got < want) throw new Error(`only ${got} of ${want} bytes`);
  return out;
}

export { AF_INET, AF_INET6 };


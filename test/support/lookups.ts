/** For the lookup tests: a host name that fails without a query, and a completion recorder. */

/**
 * A host name no resolver can find *without asking the network*: its first label is 64
 * characters long, over DNS's limit of 63, so glibc (and Wine's getaddrinfo, which calls it)
 * fails it locally. A plain `no-such-host.invalid` would send a query to the configured DNS
 * server, and tests send nothing beyond loopback (checked with strace: no packet to port 53).
 */
export const UNRESOLVABLE_HOST = `${'x'.repeat(64)}.invalid`;

export interface Completion<T> { h: number; err: number; result: T | null; len: number }

/** A callback plus a promise of its first call, and a count of every call. */
export function completion<T>(): { cb: (h: number, err: number, result: T | null, len: number) => void; done: Promise<Completion<T>>; calls: () => number } {
  let n = 0;
  let resolve!: (c: Completion<T>) => void;
  const done = new Promise<Completion<T>>((r) => { resolve = r; });
  return {
    cb: (h, err, result, len) => { n++; resolve({ h, err, result, len }); },
    done,
    calls: () => n,
  };
}

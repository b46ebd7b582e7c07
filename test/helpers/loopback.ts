/** Small helpers shared by the CAsyncSocket tests: bounded waits and fd counting. */
import { readdirSync } from 'node:fs';

/** Resolves when `cond()` is true; rejects after `ms` (every wait in a test is bounded). */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Number of open descriptors of this process (Linux), or -1 where /proc is absent. */
export function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/**
 * A host name no resolver can find *without asking the network*: its first label is 64
 * characters long, over DNS's limit of 63, so glibc (and Wine's getaddrinfo, which calls it)
 * fails it locally. A plain `no-such-host.invalid` would send a query to the configured DNS
 * server, and tests send nothing beyond loopback (checked with strace: no packet to port 53).
 */
export const UNRESOLVABLE_HOST = `${'x'.repeat(64)}.invalid`;

/**
 * A loopback port on which connects are refused, held until `close()`: a socket bound but not
 * listening. A port merely freed before the connect can be taken by a parallel test meanwhile.
 */
export async function refusingPort(): Promise<{ port: number; close: () => void }> {
  const { CAsyncSocket, SOCK_STREAM } = await import('../../src/index.js');
  const s = new CAsyncSocket();
  if (!s.Create(0, SOCK_STREAM, 0, '127.0.0.1')) throw new Error(`Create: ${s.GetLastError()}`);
  const where = { address: '', port: 0 };
  s.GetSockName(where);
  return { port: where.port, close: () => s.Close() };
}

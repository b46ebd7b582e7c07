/**
 * "Still healthy": after hostile calls, faults or a long run, a brand-new CSocket pair on
 * loopback carries a pattern both ways and closes cleanly; and leak probes for the group's end.
 */
import { type CSocket, SOCKET_ERROR } from '../../src/index.js';
import { pattern, patternMismatch } from './bytes.js';
import { pair } from './sockets.js';

/** Sends `bytes` of the pattern each way over a new pair; returns the bytes verified one way. */
export async function exchangeOnFreshPair(bytes: number): Promise<number> {
  const p = await pair();
  try {
    const [toServer, toClient] = await Promise.all([
      pump(p.client, p.server, bytes),
      pump(p.server, p.client, bytes),
    ]);
    return Math.min(toServer, toClient);
  } finally {
    p.close();
  }
}

/** Sends the pattern from `a` and reads it on `b`; the count of bytes that matched. */
async function pump(a: CSocket, b: CSocket, bytes: number): Promise<number> {
  const data = pattern(0, bytes);
  const sent = a.SendAsync(data, bytes, 0, { timeout: 20000 });
  const buf = new Uint8Array(65536);
  let got = 0;
  while (got < bytes) {
    const n = await b.ReceiveAsync(buf, Math.min(buf.length, bytes - got), 0, { timeout: 20000 });
    if (n === SOCKET_ERROR || n === 0) break;
    if (patternMismatch(buf.subarray(0, n), got) !== -1) break;
    got += n;
  }
  if ((await sent) !== bytes) return -1;
  return got;
}

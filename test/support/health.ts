/**
 * "Still healthy": after hostile calls, faults or a long run, a brand-new CSocket pair on
 * loopback carries a pattern both ways and closes cleanly; and leak probes for the group's end.
 */
import { CSocket, SOCK_STREAM, SOCKET_ERROR } from '../../src/index.js';
import { pattern, patternMismatch } from './bytes.js';

/** Sends `bytes` of the pattern each way over a new pair; returns the bytes verified one way. */
export async function exchangeOnFreshPair(bytes: number): Promise<number> {
  const l = new CSocket();
  const client = new CSocket();
  const server = new CSocket();
  try {
    if (!l.Create(0, SOCK_STREAM, '127.0.0.1') || !l.Listen()) throw new Error(`listener: WSA ${l.GetLastError()}`);
    const a = { address: '', port: 0 };
    l.GetSockName(a);
    if (!client.Create(0, SOCK_STREAM, '127.0.0.1')) throw new Error(`client: WSA ${client.GetLastError()}`);
    const [acc, con] = await Promise.all([l.AcceptAsync(server, null, { timeout: 10000 }), client.ConnectAsync('127.0.0.1', a.port, { timeout: 10000 })]);
    if (!acc || !con) throw new Error(`pair: WSA ${l.GetLastError()} / ${client.GetLastError()}`);
    const [toServer, toClient] = await Promise.all([
      pump(client, server, bytes),
      pump(server, client, bytes),
    ]);
    return Math.min(toServer, toClient);
  } finally {
    client.Close(); server.Close(); l.Close();
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

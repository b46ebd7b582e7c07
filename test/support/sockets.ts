/**
 * Sockets for tests, at the MFC level: a socket made to listen on loopback (the set-up nearly
 * every test starts with), connected CSocket pairs built with the awaitable calls (no thread
 * blocks, so both ends can live in the test's thread), a listener that holds connect attempts
 * pending, a port that refuses, and a reader that checks the stream pattern to the end.
 * The OS-level equivalents for the native tests are in native-sockets.ts.
 */
import {
  CAsyncSocket, CSocket, FD_ALL_EVENTS, SO_SNDBUF, SOCK_STREAM, SOL_SOCKET, type SocketAddress,
} from '../../src/index.js';
import { patternMismatch } from './bytes.js';

export const LOOPBACK = '127.0.0.1';

/** Throws with the socket's error: set-up steps are not what a test checks. */
export function must(ok: boolean | number, s: CAsyncSocket, what: string): void {
  if (ok === false || ok === -1) throw new Error(`${what} failed with WSA ${s.GetLastError()}`);
}

/** The port a socket is bound to. */
export function portOf(s: CAsyncSocket): number {
  const a: SocketAddress = { address: '', port: 0 };
  must(s.GetSockName(a), s, 'GetSockName');
  return a.port;
}

export interface ListenOptions {
  /** Default 127.0.0.1. */
  host?: string;
  backlog?: number;
  /** The lEvent of Create (default all six notifications). */
  events?: number;
}

/**
 * Creates `sock` (a CAsyncSocket, a CSocket or a subclass) as a stream socket on an ephemeral
 * loopback port and makes it listen; returns the port. Throws when a step fails.
 */
export function listenOn(sock: CAsyncSocket, o: ListenOptions = {}): number {
  must(sock.Create(0, SOCK_STREAM, o.events ?? FD_ALL_EVENTS, o.host ?? LOOPBACK), sock, 'Create');
  must(o.backlog === undefined ? sock.Listen() : sock.Listen(o.backlog), sock, 'Listen');
  return portOf(sock);
}

/** A CSocket listening on loopback (ephemeral port). */
export function listener(backlog = 16, host = LOOPBACK): { sock: CSocket; port: number } {
  const sock = new CSocket();
  return { sock, port: listenOn(sock, { backlog, host }) };
}

export interface Pair {
  listener: CSocket;
  client: CSocket;
  server: CSocket;
  close(): void;
}

/** A connected CSocket pair on loopback, made with AcceptAsync + ConnectAsync. */
export async function pair(host = LOOPBACK): Promise<Pair> {
  const l = listener(16, host);
  const client = new CSocket();
  must(client.Create(0, SOCK_STREAM, host), client, 'Create');
  const server = new CSocket();
  const [accepted, connected] = await Promise.all([
    l.sock.AcceptAsync(server, null, { timeout: 10000 }),
    client.ConnectAsync(host, l.port, { timeout: 10000 }),
  ]);
  must(accepted, l.sock, 'AcceptAsync');
  must(connected, client, 'ConnectAsync');
  return {
    listener: l.sock, client, server,
    close() { client.Close(); server.Close(); l.sock.Close(); },
  };
}

/** Makes sends block sooner: a small send buffer (or, with SO_RCVBUF, a small receive buffer). */
export function smallSendBuffer(s: CAsyncSocket, bytes = 8192, option = SO_SNDBUF): void {
  const v = new Uint8Array(4);
  new DataView(v.buffer).setInt32(0, bytes, true);
  must(s.SetSockOpt(option, v, 4, SOL_SOCKET), s, `SetSockOpt(${option})`);
}

/**
 * A listener whose accept queue is full, so that a connect to it stays in progress (the kernel
 * drops the SYN) until it is cancelled: Linux's backlog 0 admits one connection, which
 * `filler` holds and nobody accepts.
 */
export async function fullListener(): Promise<{ port: number; listener: CAsyncSocket; close(): void }> {
  const l = new CAsyncSocket();
  const port = listenOn(l, { events: 0, backlog: 0 });
  const filler = new CSocket();
  must(filler.Create(0, SOCK_STREAM, LOOPBACK), filler, 'Create');
  must(await filler.ConnectAsync(LOOPBACK, port, { timeout: 10000 }), filler, 'ConnectAsync(filler)');
  return { port, listener: l, close() { filler.Close(); l.Close(); } };
}

/**
 * A loopback port on which connects are refused, held until `close()`: a socket bound but not
 * listening. A port merely freed before the connect can be taken by a parallel test meanwhile.
 */
export function refusingPort(): { port: number; close: () => void } {
  const s = new CAsyncSocket();
  must(s.Create(0, SOCK_STREAM, 0, LOOPBACK), s, 'Create');
  return { port: portOf(s), close: () => s.Close() };
}

/**
 * Reads `s` until the stream ends: how many bytes came, whether they were the pattern from 0
 * throughout, and the error that ended it (0 for a graceful end). Bounded in reads and, per
 * read, by a 10 s timeout.
 */
export async function readToEnd(s: CSocket): Promise<{ bytes: number; intact: boolean; error: number }> {
  const buf = new Uint8Array(65536);
  let bytes = 0;
  let intact = true;
  for (let i = 0; i < 100000; i++) {
    const n = await s.ReceiveAsync(buf, buf.length, 0, { timeout: 10000 });
    if (n < 0) return { bytes, intact, error: s.GetLastError() };
    if (n === 0) return { bytes, intact, error: 0 };
    if (patternMismatch(buf.subarray(0, n), bytes) !== -1) intact = false;
    bytes += n;
  }
  throw new Error('the stream never ended');
}

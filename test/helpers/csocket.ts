/**
 * Set-up shared by the CSocket tests: loopback pairs built with the awaitable calls (no thread
 * blocks, so both ends can live in the test's thread), a listener that holds connect attempts
 * pending, socket-descriptor counting for leak checks, and Workers that run TypeScript.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CAsyncSocket, type SocketAddress } from '../../src/afx/CAsyncSocket.js';
import { CSocket } from '../../src/afx/CSocket.js';
import { SO_SNDBUF, SOCK_STREAM, SOL_SOCKET } from '../../src/wsa/constants.js';

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

/** A CSocket listening on loopback (ephemeral port). */
export function listener(backlog = 16, host = LOOPBACK): { sock: CSocket; port: number } {
  const sock = new CSocket();
  must(sock.Create(0, SOCK_STREAM, host), sock, 'Create');
  must(sock.Listen(backlog), sock, 'Listen');
  return { sock, port: portOf(sock) };
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
  must(l.Create(0, SOCK_STREAM, 0, LOOPBACK), l, 'Create');
  must(l.Listen(0), l, 'Listen');
  const port = portOf(l);
  const filler = new CSocket();
  must(filler.Create(0, SOCK_STREAM, LOOPBACK), filler, 'Create');
  must(await filler.ConnectAsync(LOOPBACK, port, { timeout: 10000 }), filler, 'ConnectAsync(filler)');
  return { port, listener: l, close() { filler.Close(); l.Close(); } };
}

/** How many socket descriptors this process holds (Linux: /proc/self/fd). */
export function socketFds(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // The directory's own descriptor is gone by the time it is read.
    }
  }
  return n;
}

/** The stream pattern: byte k of a stream is k mod 251, so a lost or repeated byte shows. */
export function pattern(offset: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (offset + i) % 251;
  return out;
}

/** Index of the first byte of `data` that breaks the pattern from `offset`, or -1. */
export function patternMismatch(data: Uint8Array, offset: number): number {
  for (let i = 0; i < data.length; i++) if (data[i] !== (offset + i) % 251) return i;
  return -1;
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

/** A Worker running a TypeScript module (tsx registered inside it first). */
export function tsWorker(moduleUrl: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/** Resolves with a Worker's next message of `type`, rejecting on error, exit or after `ms`. */
export function nextMessage<T extends { type: string }>(w: Worker, type: string, ms = 20000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`no '${type}' from the worker within ${ms} ms`)); }, ms);
    const onMessage = (m: T): void => { if (m?.type === type) { cleanup(); resolve(m); } };
    const onError = (e: Error): void => { cleanup(); reject(e); };
    const onExit = (code: number): void => { cleanup(); reject(new Error(`worker exited (${code}) before '${type}'`)); };
    function cleanup(): void {
      clearTimeout(timer);
      w.off('message', onMessage); w.off('error', onError); w.off('exit', onExit);
    }
    w.on('message', onMessage); w.once('error', onError); w.once('exit', onExit);
  });
}

/** A promise that settles after `ms` (set-up pacing only, never asserted on). */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The next macrotask: anything still pending now did not settle within this turn's microtasks. */
export function nextTurn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Starts a scripted `net` peer in a Worker (see net-peer.ts) and waits until it runs. */
export async function startPeer(steps: import('./net-peer.js').Step[]): Promise<Worker> {
  const w = tsWorker(new URL('./net-peer.ts', import.meta.url), { steps });
  await new Promise<void>((resolve, reject) => { w.once('online', resolve); w.once('error', reject); });
  return w;
}

/** Ends a peer Worker: asks it to quit, terminates it if it does not within 5 s. */
export async function stopPeer(w: Worker): Promise<void> {
  if (w.threadId === -1) return;
  const exited = new Promise<void>((r) => w.once('exit', () => r()));
  w.postMessage({ type: 'quit' });
  const timer = setTimeout(() => void w.terminate(), 5000);
  await exited;
  clearTimeout(timer);
}

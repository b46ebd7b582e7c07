/**
 * The soak engine: a seeded random walk of open / send / receive / cancel / shutdown / close
 * over up to 50 loopback connections (100 CSockets), each step made with the blocking MFC names
 * or their awaitable twins at random. A model holds, per direction, how many bytes were sent and
 * received and whether the sender shut down; every received byte is checked against the stream
 * pattern, and after every step the model's invariants are checked. Any failure names the seed
 * and the step, so `AFXSOCK_SOAK_SEED=<seed>` replays it exactly (up to kernel timing).
 */
import { CSocket, SOCK_STREAM, SOCKET_ERROR, WSAEINTR, WSAESHUTDOWN, WSAETIMEDOUT } from '../../src/index.js';
import { pattern, patternMismatch } from './bytes.js';
import { listenOn } from './sockets.js';

/** mulberry32: small, fast, and the same sequence on every platform for one seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Direction {
  from: CSocket;
  to: CSocket;
  sent: number;
  received: number;
  shut: boolean;
  eofSeen: boolean;
}

interface Conn {
  id: number;
  /** [client -> server, server -> client] */
  dirs: [Direction, Direction];
}

export interface SoakOptions {
  seed: number;
  ms: number;
  maxSteps?: number;
  maxConnections?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  seed: number;
  steps: number;
  opens: number;
  closes: number;
  sends: number;
  receives: number;
  cancels: number;
  shutdowns: number;
  bytesVerified: number;
  maxOpen: number;
}

export class SoakFailure extends Error {}

/** Unread bytes a sender may leave in flight: well below loopback's socket buffers, so a blocking Send never waits on a peer in this same thread. */
const MAX_IN_FLIGHT = 48 * 1024;

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const rand = rng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const maxConn = o.maxConnections ?? 50;
  const res: SoakResult = { seed: o.seed, steps: 0, opens: 0, closes: 0, sends: 0, receives: 0, cancels: 0, shutdowns: 0, bytesVerified: 0, maxOpen: 0 };
  const conns: Conn[] = [];
  let nextId = 1;
  let step = 0;
  let what = '';
  const fail = (msg: string): never => { throw new SoakFailure(`seed ${o.seed}, step ${step} (${what}): ${msg}`); };

  const listener = new CSocket();
  const listenPort = listenOn(listener, { backlog: 64 });
  const buf = new Uint8Array(64 * 1024);

  /** A blocking call must not wait for ever: a step that waits 5 s is cancelled, which fails it. */
  const hangNote = (err: number): string => (err === WSAEINTR || err === WSAETIMEDOUT ? ': a hang, the step\'s bound (5 s blocking, 10 s awaitable) fired' : '');
  let stepStarted = Date.now();
  const guard = (s: CSocket): void => {
    s.m_nTimeOut = 50;
    s.OnMessagePending = () => { if (Date.now() - stepStarted > 5000) s.CancelBlockingCall(); return false; };
  };

  async function open(): Promise<void> {
    const c = new CSocket();
    const s = new CSocket();
    guard(c); guard(s);
    if (!c.Create(0, SOCK_STREAM, '127.0.0.1')) fail(`Create: WSA ${c.GetLastError()}`);
    const [acc, con] = await Promise.all([listener.AcceptAsync(s, null, { timeout: 10000 }), c.ConnectAsync('127.0.0.1', listenPort, { timeout: 10000 })]);
    if (!acc || !con) fail(`open: WSA ${listener.GetLastError()} / ${c.GetLastError()}`);
    guard(s);
    const mk = (from: CSocket, to: CSocket): Direction => ({ from, to, sent: 0, received: 0, shut: false, eofSeen: false });
    conns.push({ id: nextId++, dirs: [mk(c, s), mk(s, c)] });
    res.opens++;
  }

  /** Receives once (blocking or awaitable) and checks the bytes; returns the count (0 = end of file). */
  async function receiveOnce(d: Direction, sync: boolean, max: number): Promise<number> {
    const n = sync ? d.to.Receive(buf, max) : await d.to.ReceiveAsync(buf, max, 0, { timeout: 10000 });
    if (n === SOCKET_ERROR) fail(`Receive failed with WSA ${d.to.GetLastError()}${hangNote(d.to.GetLastError())} (${d.sent - d.received} bytes in flight)`);
    if (n === 0) {
      if (!d.shut || d.received !== d.sent) fail(`end of file with ${d.sent - d.received} bytes missing`);
      d.eofSeen = true;
      return 0;
    }
    const bad = patternMismatch(buf.subarray(0, n), d.received);
    if (bad !== -1) fail(`byte ${d.received + bad} of the stream is wrong`);
    d.received += n;
    res.bytesVerified += n;
    if (d.received > d.sent) fail(`received ${d.received} > sent ${d.sent}`);
    return n;
  }

  const checkInvariants = (): void => {
    for (const c of conns) {
      for (const d of c.dirs) {
        if (d.received > d.sent) fail(`conn ${c.id}: received ${d.received} > sent ${d.sent}`);
        if (d.eofSeen && d.received !== d.sent) fail(`conn ${c.id}: end of file before every byte`);
        if (d.from.IsBlocking() || d.to.IsBlocking()) fail(`conn ${c.id}: a call is still waiting between steps`);
      }
    }
  };

  const deadline = Date.now() + o.ms;
  const maxSteps = o.maxSteps ?? Infinity;
  try {
    while (Date.now() < deadline && step < maxSteps) {
      step++;
      stepStarted = Date.now();
      const r = rand();
      const sync = rand() < 0.5;
      const flavour = sync ? 'blocking' : 'awaitable';
      if (conns.length === 0 || (r < 0.08 && conns.length < maxConn)) {
        what = 'open';
        await open();
      } else {
        const c = pick(conns);
        const d = c.dirs[rand() < 0.5 ? 0 : 1];
        const inFlight = d.sent - d.received;
        if (r < 0.45) {
          if (d.shut) {
            what = `send after shutdown on conn ${c.id} (${flavour})`;
            const n = sync ? d.from.Send(buf, 1) : await d.from.SendAsync(buf, 1);
            if (n !== SOCKET_ERROR || d.from.GetLastError() !== WSAESHUTDOWN) fail(`expected WSAESHUTDOWN, got ${n} / WSA ${d.from.GetLastError()}`);
          } else if (inFlight < MAX_IN_FLIGHT) {
            const size = Math.min(1 + Math.floor(rand() ** 3 * 32 * 1024), MAX_IN_FLIGHT - inFlight);
            what = `send ${size} on conn ${c.id} (${flavour})`;
            const data = pattern(d.sent, size);
            const n = sync ? d.from.Send(data, size) : await d.from.SendAsync(data, size, 0, { timeout: 10000 });
            if (n !== size) fail(`Send returned ${n} (WSA ${d.from.GetLastError()}${hangNote(d.from.GetLastError())})`);
            d.sent += size;
            res.sends++;
          }
        } else if (r < 0.75) {
          if (inFlight > 0 || (d.shut && !d.eofSeen)) {
            what = `receive on conn ${c.id} (${flavour}, ${inFlight} in flight)`;
            await receiveOnce(d, sync, 1 + Math.floor(rand() * buf.length));
            res.receives++;
          }
        } else if (r < 0.87) {
          if (inFlight === 0 && !d.shut) {
            what = `cancel a waiting receive on conn ${c.id} (${flavour})`;
            let n: number;
            if (sync) {
              const s = d.to;
              const saved = s.OnMessagePending;
              s.m_nTimeOut = 0;
              s.OnMessagePending = () => { s.CancelBlockingCall(); return false; };
              n = s.Receive(buf, 16);
              s.OnMessagePending = saved;
              s.m_nTimeOut = 50;
            } else {
              const how = Math.floor(rand() * 3);
              const ac = new AbortController();
              const p = d.to.ReceiveAsync(buf, 16, 0, how === 0 ? { signal: ac.signal } : how === 1 ? { timeout: 0 } : undefined);
              if (how === 0) ac.abort();
              if (how === 2) d.to.CancelBlockingCall();
              n = await p;
            }
            if (n !== SOCKET_ERROR) fail(`a cancelled receive returned ${n}`);
            const err = d.to.GetLastError();
            if (err !== WSAEINTR && err !== 10060) fail(`a cancelled receive failed with WSA ${err}`);
            res.cancels++;
          }
        } else if (r < 0.93) {
          if (!d.shut) {
            what = `shutdown sends on conn ${c.id}`;
            if (!d.from.ShutDown()) fail(`ShutDown: WSA ${d.from.GetLastError()}`);
            d.shut = true;
            res.shutdowns++;
            // The receiver must now get exactly what is in flight, then end of file.
            while (!d.eofSeen) {
              if ((await receiveOnce(d, sync, buf.length)) === 0) break;
            }
          }
        } else {
          what = `close conn ${c.id}`;
          // Drain what is owed first, so the model can say every sent byte arrived.
          for (const x of c.dirs) {
            while (x.received < x.sent) await receiveOnce(x, false, buf.length);
          }
          c.dirs[0].from.Close();
          c.dirs[0].to.Close();
          conns.splice(conns.indexOf(c), 1);
          res.closes++;
        }
      }
      res.maxOpen = Math.max(res.maxOpen, conns.length);
      checkInvariants();
      res.steps = step;
      if (o.log && step % 5000 === 0) o.log(`seed ${o.seed}: ${step} steps, ${conns.length} open, ${res.bytesVerified} bytes verified`);
    }
    what = 'final drain';
    for (const c of conns) for (const x of c.dirs) while (x.received < x.sent) await receiveOnce(x, false, buf.length);
    return res;
  } finally {
    for (const c of conns) { c.dirs[0].from.Close(); c.dirs[0].to.Close(); }
    listener.Close();
  }
}

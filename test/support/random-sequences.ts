/**
 * A stateful random test of the socket classes (issue #16): fast-check draws sequences of public
 * calls over a small pool of CAsyncSocket and CSocket objects, with hostile arguments, `On…`
 * overrides that close, detach or re-select from inside the notification, handles moved from one
 * object to another, and awaitable calls cancelled at random moments. It predicts no results:
 * what it checks holds for any sequence.
 *
 * - No method throws and no awaitable call rejects; an `On…` handler does not throw either.
 * - A failed call leaves a WSA code the library knows; a notification's code is 0 or one.
 * - No call writes outside `[0, nBufLen)` of a receive buffer (canary bytes on both sides).
 * - Every socket stays non-blocking at the OS level (no step asks for FIONBIO 0).
 * - A call that does not wait returns within HOLD_MS (a hang catcher, not a speed test).
 * - A blocking CSocket call runs OnMessagePending every m_nTimeOut slice while it waits (no gap
 *   longer than a slice plus HOLD_MS); its cancel there is the only way the call ends when no
 *   data comes, so one that never ran it would hang the run, which the caller bounds.
 * - After closing everything the socket descriptor count is back exactly (Linux).
 *
 * Everything stays on 127.0.0.1. Host strings are refused before any resolver query (a 64-char
 * label, an empty string, a NUL, non-strings): never a malformed number glibc would read as an
 * address elsewhere.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  CAsyncSocket, CSocket, FD_ALL_EVENTS, FD_CLOSE, FD_READ, FD_WRITE, FIONBIO, FIONREAD, INVALID_SOCKET, IPPROTO_TCP, SIOCATMARK, SO_LINGER,
  SO_RCVBUF, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOCKET_ERROR, SOL_SOCKET, TCP_NODELAY, WSA_ERROR_CODES,
} from '../../src/index.js';
import { serverChild } from './children.js';
import { socketFds } from './descriptors.js';
import { hostileBuffers, hostileLengths, hostileOuts, pastTheEnd } from './hostile.js';
import { UNRESOLVABLE_HOST } from './lookups.js';
import { delay, nextTurn, until } from './waits.js';
import { listenOn } from './sockets.js';

const HOST = '127.0.0.1';
const SLOTS = 5;
/** The longest a call that does not wait may hold the thread. */
const HOLD_MS = 3000;
/** The longest an awaitable call may take to settle; every one has a timeout of at most 2 s. */
const SETTLE_MS = 20000;
const CANARY = 0xa5;
const KNOWN = new Set(WSA_ERROR_CODES);
const onLinux = process.platform === 'linux';

export class ModelFailure extends Error {}

type Reaction = 'none' | 'close' | 'detach' | 'reselect' | 'receive';

interface Probe extends CAsyncSocket {
  world: World;
  reaction: Reaction;
  reselect: number;
}

/** The `On…` overrides of both flavours: each counts, checks its code and may re-enter. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript's mixin rule
function probeClass<B extends new (...args: any[]) => CAsyncSocket>(Base: B) {
  return class extends Base implements Probe {
    world!: World;
    reaction: Reaction = 'none';
    reselect = FD_ALL_EVENTS;
    protected override OnReceive(e: number): void { this.world.notified(this, 'OnReceive', e); }
    protected override OnSend(e: number): void { this.world.notified(this, 'OnSend', e); }
    protected override OnClose(e: number): void { this.world.notified(this, 'OnClose', e); }
    protected override OnAccept(e: number): void { this.world.notified(this, 'OnAccept', e); }
    protected override OnConnect(e: number): void { this.world.notified(this, 'OnConnect', e); }
    protected override OnOutOfBandData(e: number): void { this.world.notified(this, 'OnOutOfBandData', e); }
  };
}

const AsyncProbe = probeClass(CAsyncSocket);

class BlockingProbe extends probeClass(CSocket) {
  /** OnMessagePending cancels the waiting call on its n-th run (per call). */
  cancelAfter = 1;
  pendingRuns = 0;
  /** When the current call started and each OnMessagePending of it ran (performance.now()). */
  marks: number[] = [];
  override OnMessagePending(): boolean {
    this.marks.push(performance.now());
    this.world.stats.messagePending++;
    if (++this.pendingRuns >= this.cancelAfter) this.CancelBlockingCall();
    return false;
  }
}

type AnyProbe = InstanceType<typeof AsyncProbe> | BlockingProbe;

export interface ModelStats {
  runs: number;
  steps: number;
  calls: number;
  failedCalls: number;
  codes: Record<string, number>;
  notifications: number;
  messagePending: number;
  cancels: number;
  bytesSent: number;
  bytesReceived: number;
}

export function emptyStats(): ModelStats {
  return { runs: 0, steps: 0, calls: 0, failedCalls: 0, codes: {}, notifications: 0, messagePending: 0, cancels: 0, bytesSent: 0, bytesReceived: 0 };
}

/** A receive buffer with canary bytes on both sides of `[0, n)`. */
class Guarded {
  readonly whole: Uint8Array;
  readonly view: Uint8Array;
  constructor(readonly n: number) {
    this.whole = new Uint8Array(n + 16).fill(CANARY);
    this.view = this.whole.subarray(8, 8 + n + 8);
  }

  intact(): boolean {
    for (let i = 0; i < 8; i++) if (this.whole[i] !== CANARY || this.whole[8 + this.n + i] !== CANARY) return false;
    return true;
  }
}

/** The real system one fast-check run drives. */
class World {
  readonly slots: Array<AnyProbe | null> = new Array<AnyProbe | null>(SLOTS).fill(null);
  /** Handles detached and not yet attached again: closed at the end. */
  readonly orphans: number[] = [];
  readonly listener = new AsyncProbe();
  readonly refusing = new CAsyncSocket();
  listenPort = 0;
  refusedPort = 0;
  /** A failure seen where throwing is not allowed (inside a notification): thrown by the next check. */
  failure: string | null = null;

  constructor(readonly netPort: number, readonly stats: ModelStats) {
    this.listener.world = this;
    this.listenPort = listenOn(this.listener, { host: HOST, backlog: 4 });
    this.refusing.Create(0, SOCK_STREAM, 0, HOST);
    this.refusedPort = portOf(this.refusing);
    // A start with something to do: streams to the echo peer and datagram sockets, both
    // flavours; the last slot starts empty.
    const start: Array<[boolean, number]> = [[false, SOCK_STREAM], [true, SOCK_STREAM], [true, SOCK_DGRAM], [false, SOCK_DGRAM]];
    start.forEach(([blocking, type], i) => {
      const s = this.probe(i, blocking);
      s.Create(0, type, FD_ALL_EVENTS, HOST);
      if (type === SOCK_STREAM) s.Connect(HOST, netPort);
    });
  }

  probe(slot: number, blocking: boolean): AnyProbe {
    let s = this.slots[slot];
    if (s == null) {
      s = blocking ? new BlockingProbe() : new AsyncProbe();
      s.world = this;
      if (s instanceof BlockingProbe) s.m_nTimeOut = 10 + slot * 5;
      this.slots[slot] = s;
    }
    return s;
  }

  /** Runs a call that must not wait, checking the rules every call obeys. */
  call<T>(what: string, s: CAsyncSocket, fn: () => T, waits = false, failsWithCode = true): T {
    const start = performance.now();
    if (s instanceof BlockingProbe) {
      s.pendingRuns = 0;
      s.marks = [start];
    }
    let r: T;
    try {
      r = fn();
    } catch (err) {
      throw new ModelFailure(`${what} threw ${String(err)}`);
    }
    const held = performance.now() - start;
    if (!waits && held > HOLD_MS) throw new ModelFailure(`${what} held the thread ${Math.round(held)} ms`);
    if (waits && s instanceof BlockingProbe) this.slices(what, s, start + held);
    if (failsWithCode) this.result(what, s, r);
    return r;
  }

  /** An awaitable call: no synchronous throw, no rejection, settles within SETTLE_MS. */
  async await<T>(what: string, s: CAsyncSocket, start: () => Promise<T>, meanwhile?: () => Promise<void> | void): Promise<T> {
    const p = this.call(`${what} (start)`, s, start);
    if (!(p instanceof Promise)) throw new ModelFailure(`${what} returned no promise`);
    await meanwhile?.();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new ModelFailure(`${what} did not settle within ${SETTLE_MS} ms`)), SETTLE_MS); });
    let r: T;
    try {
      r = await Promise.race([p, late]);
    } catch (err) {
      throw err instanceof ModelFailure ? err : new ModelFailure(`${what} rejected with ${String(err)}`);
    } finally {
      clearTimeout(timer);
    }
    this.result(what, s, r);
    return r;
  }

  /**
   * A blocking call ran OnMessagePending at least once per m_nTimeOut slice: no gap between its
   * start, each run and its end is longer than a slice plus HOLD_MS (a hang catcher).
   */
  private slices(what: string, s: BlockingProbe, end: number): void {
    const marks = [...s.marks, end];
    for (let i = 1; i < marks.length; i++) {
      const gap = marks[i]! - marks[i - 1]!;
      if (gap > s.m_nTimeOut + HOLD_MS) throw new ModelFailure(`${what} went ${Math.round(gap)} ms without OnMessagePending (m_nTimeOut ${s.m_nTimeOut})`);
    }
  }

  private result(what: string, s: CAsyncSocket, r: unknown): void {
    this.stats.calls++;
    if (r !== false && r !== SOCKET_ERROR) return;
    this.stats.failedCalls++;
    const code = s.GetLastError();
    const name = String(code);
    this.stats.codes[name] = (this.stats.codes[name] ?? 0) + 1;
    if (!KNOWN.has(code)) throw new ModelFailure(`${what} failed with unknown code ${code}`);
  }

  notified(s: AnyProbe, what: string, code: number): void {
    this.stats.notifications++;
    if (code !== 0 && !KNOWN.has(code)) this.failure ??= `${what} with unknown code ${code}`;
    try {
      switch (s.reaction) {
        case 'close': s.Close(); break;
        case 'detach': this.detach(s); break;
        case 'reselect': s.AsyncSelect(s.reselect); break;
        case 'receive': this.receiveInto(s, 64, `${what} → Receive`); break;
        default: break;
      }
    } catch (err) {
      this.failure ??= `${what} (reaction ${s.reaction}): ${String(err)}`;
    }
  }

  detach(s: CAsyncSocket): void {
    // INVALID_SOCKET with no error when nothing was attached, as in MFC.
    const h = this.call('Detach', s, () => s.Detach(), false, false);
    if (h !== INVALID_SOCKET) this.orphans.push(h);
  }

  receiveInto(s: CAsyncSocket, n: number, what = 'Receive'): void {
    const g = new Guarded(n);
    const rc = this.call(what, s, () => s.Receive(g.view, n), s instanceof CSocket);
    if (!g.intact()) throw new ModelFailure(`${what} wrote outside [0, ${n})`);
    if (rc > 0) this.stats.bytesReceived += rc;
  }

  /** The rules that hold after every step. */
  check(step: string): void {
    if (this.failure !== null) throw new ModelFailure(`${this.failure} (by step ${step})`);
    if (!onLinux) return;
    const handles = [...this.slots.map((s) => s?.m_hSocket ?? INVALID_SOCKET), ...this.orphans, this.listener.m_hSocket];
    for (const h of handles) {
      if (h === INVALID_SOCKET) continue;
      if (!osNonBlocking(h)) throw new ModelFailure(`socket ${h} is blocking at the OS level after ${step}`);
    }
  }

  /** Closes everything this run made. */
  close(): void {
    for (const s of this.slots) s?.Close();
    for (const h of this.orphans.splice(0)) {
      const c = new CAsyncSocket();
      if (!c.Attach(h)) throw new ModelFailure(`a detached handle ${h} could not be attached again: ${c.GetLastError()}`);
      c.Close();
    }
    this.listener.Close();
    this.refusing.Close();
  }
}

function portOf(s: CAsyncSocket): number {
  const a = { address: '', port: 0 };
  s.GetSockName(a);
  return a.port;
}

/** O_NONBLOCK in /proc/self/fdinfo's octal flags. */
function osNonBlocking(fd: number): boolean {
  const m = /flags:\s*([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
  return m !== null && (parseInt(m[1]!, 8) & 0o4000) !== 0;
}

/* ------------------------------------------------------------------ the steps */

class Step implements fc.AsyncCommand<object, World> {
  constructor(readonly label: string, readonly act: (w: World) => Promise<void> | void) {}
  check(): boolean { return true; }
  async run(_m: object, w: World): Promise<void> {
    w.stats.steps++;
    await this.act(w);
    w.check(this.label);
  }
  toString(): string { return this.label; }
}

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const flavour = fc.boolean();
const named = <T>(pairs: Array<[string, T]>) => fc.constantFrom(...pairs);
const lengths = fc.constantFrom(0, 1, 100, 4096, 70000, 1 << 20);
const badBuffer = named(hostileBuffers());
const badLength = named<unknown>([...hostileLengths(), ...pastTheEnd()]);
const badOut = named(hostileOuts());
const hosts = named<unknown>([['the 64-char label', UNRESOLVABLE_HOST], ['empty', ''], ['a NUL inside', `${HOST}\0x`], ['a number', 42], ['an object', {}]]);
const events = fc.constantFrom(0, FD_ALL_EVENTS, FD_READ | FD_CLOSE, FD_WRITE, 0x40, -1, 1.5);
type Cancel = 'none' | 'abort-now' | 'abort-later' | 'timeout-1' | 'cancel-later' | 'detach-later' | 'close-later';
const cancels = fc.constantFrom<Cancel>('none', 'abort-now', 'abort-later', 'timeout-1', 'cancel-later', 'detach-later', 'close-later');

function target(w: World, to: 'net' | 'listener' | 'refused'): number {
  return to === 'net' ? w.netPort : to === 'listener' ? w.listenPort : w.refusedPort;
}

/** An awaitable call of a CSocket with `cancel` applied at its moment. */
async function awaitable(w: World, s: BlockingProbe, what: string, cancel: Cancel, start: (opts: { signal: AbortSignal; timeout: number }) => Promise<unknown>): Promise<unknown> {
  const ac = new AbortController();
  const opts = { signal: ac.signal, timeout: cancel === 'timeout-1' ? 1 : 2000 };
  if (cancel !== 'none' && cancel !== 'timeout-1') w.stats.cancels++;
  return w.await(`${what} [${cancel}]`, s, () => start(opts), async () => {
    if (cancel === 'abort-now') { ac.abort(); return; }
    if (cancel === 'none' || cancel === 'timeout-1') return;
    await nextTurn();
    if (cancel === 'abort-later') ac.abort();
    else if (cancel === 'cancel-later') (s as BlockingProbe).CancelBlockingCall();
    else if (cancel === 'detach-later') w.detach(s);
    else s.Close();
  });
}

const steps: Array<fc.Arbitrary<Step>> = [
  fc.tuple(slot, flavour, fc.constantFrom(SOCK_STREAM, SOCK_DGRAM), fc.integer({ min: 1, max: 3 })).map(([i, blocking, type, cancelAfter]) =>
    new Step(`Create(${i}, ${blocking ? 'CSocket' : 'CAsyncSocket'}, ${type === SOCK_STREAM ? 'stream' : 'dgram'})`, (w) => {
      const s = w.probe(i, blocking);
      if (s instanceof BlockingProbe) s.cancelAfter = cancelAfter;
      w.call('Create', s, () => s.Create(0, type, FD_ALL_EVENTS, HOST));
    })),
  fc.tuple(slot, fc.constantFrom<'net' | 'listener' | 'refused'>('net', 'listener', 'refused')).map(([i, to]) =>
    new Step(`Connect(${i}, ${to})`, (w) => {
      const s = w.slots[i];
      if (s) w.call('Connect', s, () => s.Connect(HOST, target(w, to)), s instanceof CSocket);
    })),
  fc.tuple(slot, named<unknown>([['an ephemeral port', 0], ['-1', -1], ['65536', 65536], ['1.5', 1.5]]), hosts).map(([i, [pn, port], [hn, host]]) =>
    new Step(`Connect(${i}, ${hn}, ${pn})`, (w) => {
      const s = w.slots[i];
      if (s) w.call('Connect(hostile)', s, () => s.Connect(host as string, port as number), s instanceof CSocket);
    })),
  fc.tuple(slot, fc.constantFrom<'net' | 'listener' | 'refused'>('net', 'listener', 'refused'), cancels).map(([i, to, cancel]) =>
    new Step(`ConnectAsync(${i}, ${to}, ${cancel})`, async (w) => {
      const s = w.slots[i];
      if (s instanceof CSocket) await awaitable(w, s, 'ConnectAsync', cancel, (o) => s.ConnectAsync(HOST, target(w, to), o));
    })),
  fc.tuple(slot, lengths).map(([i, n]) =>
    new Step(`Send(${i}, ${n})`, (w) => {
      const s = w.slots[i];
      if (!s) return;
      const rc = w.call('Send', s, () => s.Send(new Uint8Array(n).fill(7), n), s instanceof CSocket);
      if (rc > 0) w.stats.bytesSent += rc;
    })),
  fc.tuple(slot, badBuffer, badLength).map(([i, [bn, buf], [ln, len]]) =>
    new Step(`Send(${i}, ${bn}, ${ln})`, (w) => {
      const s = w.slots[i];
      if (s) w.call('Send(hostile)', s, () => s.Send(buf as Uint8Array, len as number));
    })),
  fc.tuple(slot, lengths, cancels).map(([i, n, cancel]) =>
    new Step(`SendAsync(${i}, ${n}, ${cancel})`, async (w) => {
      const s = w.slots[i];
      if (!(s instanceof CSocket)) return;
      const rc = await awaitable(w, s, 'SendAsync', cancel, (o) => s.SendAsync(new Uint8Array(n).fill(7), n, 0, o));
      if (typeof rc === 'number' && rc > 0) w.stats.bytesSent += rc;
    })),
  fc.tuple(slot, fc.constantFrom(1, 64, 65536)).map(([i, n]) =>
    new Step(`Receive(${i}, ${n})`, (w) => {
      const s = w.slots[i];
      if (s) w.receiveInto(s, n);
    })),
  fc.tuple(slot, badBuffer, badLength).map(([i, [bn, buf], [ln, len]]) =>
    new Step(`Receive(${i}, ${bn}, ${ln})`, (w) => {
      const s = w.slots[i];
      if (s) w.call('Receive(hostile)', s, () => s.Receive(buf as Uint8Array, len as number));
    })),
  fc.tuple(slot, fc.constantFrom(1, 64, 65536), cancels).map(([i, n, cancel]) =>
    new Step(`ReceiveAsync(${i}, ${n}, ${cancel})`, async (w) => {
      const s = w.slots[i];
      if (!(s instanceof CSocket)) return;
      const g = new Guarded(n);
      const rc = await awaitable(w, s, 'ReceiveAsync', cancel, (o) => s.ReceiveAsync(g.view, n, 0, o));
      if (!g.intact()) throw new ModelFailure(`ReceiveAsync wrote outside [0, ${n})`);
      if (typeof rc === 'number' && rc > 0) w.stats.bytesReceived += rc;
    })),
  fc.tuple(slot, slot).map(([i, j]) =>
    new Step(`SendTo(${i} → ${j})`, (w) => {
      const s = w.slots[i];
      const to = w.slots[j];
      if (!s || !to || to.m_hSocket === INVALID_SOCKET) return;
      w.call('SendTo', s, () => s.SendTo(Uint8Array.of(1, 2, 3), 3, portOf(to), HOST), s instanceof CSocket);
    })),
  fc.tuple(slot, badOut).map(([i, [on, out]]) =>
    new Step(`ReceiveFrom(${i}, ${on})`, (w) => {
      const s = w.slots[i];
      if (!s) return;
      const g = new Guarded(16);
      w.call('ReceiveFrom(hostile)', s, () => s.ReceiveFrom(g.view, 16, out as never));
      if (!g.intact()) throw new ModelFailure('ReceiveFrom wrote outside [0, 16)');
    })),
  fc.tuple(slot).map(([i]) =>
    new Step(`ReceiveFrom(${i})`, (w) => {
      const s = w.slots[i];
      if (!s) return;
      const g = new Guarded(16);
      w.call('ReceiveFrom', s, () => s.ReceiveFrom(g.view, 16, { address: '', port: 0 }), s instanceof CSocket);
      if (!g.intact()) throw new ModelFailure('ReceiveFrom wrote outside [0, 16)');
    })),
  fc.tuple(slot, named<unknown>([['1', 1], ['2**32', 2 ** 32], ['-1', -1], ['1.5', 1.5], ['2**53', 2 ** 53], ['-(2**32)', -(2 ** 32)], ['frozen', 'frozen']]), fc.constantFrom(FIONBIO, FIONREAD, SIOCATMARK, 0x1234)).map(([i, [vn, v], cmd]) =>
    new Step(`IOCtl(${i}, ${cmd}, ${vn})`, (w) => {
      const s = w.slots[i];
      if (!s) return;
      // FIONBIO 0 is never asked: a blocking OS socket may rightly freeze a later call.
      const arg = v === 'frozen' ? Object.freeze({ value: 1 }) : { value: v as number };
      w.call('IOCtl', s, () => s.IOCtl(cmd, arg));
    })),
  fc.tuple(slot, fc.constantFrom(SO_TYPE, SO_RCVBUF, SO_LINGER), fc.constantFrom(0, 1, 2, 4, 8), badLength).map(([i, name, size, [ln, len]]) =>
    new Step(`GetSockOpt(${i}, ${name}, ${size}, ${ln})`, (w) => {
      const s = w.slots[i];
      if (!s) return;
      w.call('GetSockOpt', s, () => s.GetSockOpt(name, new Uint8Array(size), { value: len as number }));
      w.call('GetSockOpt', s, () => s.GetSockOpt(name, new Uint8Array(8), { value: size }));
    })),
  fc.tuple(slot, fc.constantFrom<[number, number, Uint8Array]>(
    [SO_RCVBUF, SOL_SOCKET, Uint8Array.of(0, 16, 0, 0)], [TCP_NODELAY, IPPROTO_TCP, Uint8Array.of(1, 0, 0, 0)], [SO_LINGER, SOL_SOCKET, Uint8Array.of(1, 0, 0, 0)],
  ), fc.constantFrom<unknown>(0, 1, 4, -1, 9, 1.5)).map(([i, [name, level, value], len]) =>
    new Step(`SetSockOpt(${i}, ${name}, ${String(len)})`, (w) => {
      const s = w.slots[i];
      // SO_LINGER only as {1, 0}: a lingering close would outlive the run's descriptor check.
      if (s) w.call('SetSockOpt', s, () => s.SetSockOpt(name, value, len as number, level));
    })),
  fc.tuple(slot, events).map(([i, ev]) =>
    new Step(`AsyncSelect(${i}, ${ev})`, (w) => {
      const s = w.slots[i];
      if (s) w.call('AsyncSelect', s, () => s.AsyncSelect(ev));
    })),
  fc.tuple(slot, fc.constantFrom(0, 1, 2, 3, -1)).map(([i, how]) =>
    new Step(`ShutDown(${i}, ${how})`, (w) => {
      const s = w.slots[i];
      if (s) w.call('ShutDown', s, () => s.ShutDown(how));
    })),
  slot.map((i) => new Step(`Detach(${i})`, (w) => { const s = w.slots[i]; if (s) w.detach(s); })),
  fc.tuple(slot, flavour, fc.nat(), events).map(([i, blocking, k, ev]) =>
    new Step(`Attach(${i}, orphan ${k}, ${ev})`, (w) => {
      if (w.orphans.length === 0) return;
      const at = k % w.orphans.length;
      const s = w.probe(i, blocking);
      const h = w.orphans[at]!;
      w.call('Attach', s, () => s.Attach(h, ev));
      // As in MFC, an Attach whose AsyncSelect fails keeps the handle and returns FALSE.
      if (s.m_hSocket === h) w.orphans.splice(at, 1);
    })),
  slot.map((i) => new Step(`Close(${i})`, (w) => { const s = w.slots[i]; if (s) w.call('Close', s, () => s.Close()); })),
  fc.tuple(slot, flavour, badOut).map(([i, blocking, [on, out]]) =>
    new Step(`Accept(${i}, ${on})`, (w) => {
      const s = w.probe(i, blocking);
      w.call('Accept(hostile)', w.listener, () => w.listener.Accept(s, out as never));
    })),
  fc.tuple(slot, flavour).map(([i, blocking]) =>
    new Step(`Accept(${i})`, (w) => {
      const s = w.probe(i, blocking);
      w.call('Accept', w.listener, () => w.listener.Accept(s, { address: '', port: 0 }));
    })),
  fc.tuple(slot, badOut, fc.boolean()).map(([i, [on, out], peer]) =>
    new Step(`${peer ? 'GetPeerName' : 'GetSockName'}(${i}, ${on})`, (w) => {
      const s = w.slots[i];
      if (s) w.call('name', s, () => (peer ? s.GetPeerName(out as never) : s.GetSockName(out as never)));
    })),
  fc.tuple(slot, fc.constantFrom<Reaction>('none', 'close', 'detach', 'reselect', 'receive'), events).map(([i, reaction, ev]) =>
    new Step(`react(${i}, ${reaction}, ${ev})`, (w) => {
      const s = w.slots[i];
      if (!s) return;
      s.reaction = reaction;
      s.reselect = ev;
    })),
  fc.constantFrom(0, 1, 10).map((ms) => new Step(`turn(${ms} ms)`, () => (ms === 0 ? nextTurn() : delay(ms)))),
];

/* ------------------------------------------------------------------ the runner */

export interface ModelOptions {
  seed: number;
  numRuns: number;
  maxCommands: number;
  /** fast-check's path of a failure (`path: "…"` in its report), to replay it. */
  path?: string;
  /** The commands' own replay path (`replayPath="…"` in the report), with `path`. */
  replayPath?: string;
  log?: (line: string) => void;
}

/**
 * Runs the property: `numRuns` sequences of up to `maxCommands` steps. Throws fast-check's report
 * (the shrunk sequence, its seed and path) on the first failure.
 */
export async function runModel(opts: ModelOptions): Promise<ModelStats> {
  const stats = emptyStats();
  // The echo peer lives in a child process: its descriptors, and the moment it accepts, stay
  // out of this process's count.
  const echo = await serverChild('(c) => { c.on("error", () => c.destroy()); c.pipe(c); }', 24 * 3600 * 1000);
  try {
    await fc.assert(
      fc.asyncProperty(fc.commands(steps, { maxCommands: opts.maxCommands, size: 'max', replayPath: opts.replayPath }), async (cmds) => {
        stats.runs++;
        // Per run, so that a leak is blamed on the run that made it, and shrinking finds it.
        const baseline = onLinux ? socketFds() : -1;
        const world = new World(echo.port, stats);
        try {
          await fc.asyncModelRun(() => ({ model: {}, real: world }), cmds);
        } finally {
          world.close();
        }
        try {
          await until(() => !onLinux || socketFds() === baseline, 5000, 'descriptors');
        } catch {
          throw new ModelFailure(`descriptors not back after closing everything: ${socketFds()} sockets open, ${baseline} before`);
        }
      }),
      { seed: opts.seed, numRuns: opts.numRuns, path: opts.path, endOnFailure: opts.path !== undefined, includeErrorInReport: true },
    );
  } finally {
    echo.stop();
  }
  return stats;
}

/**
 * The notification sink: afxsock's analogue of MFC's hidden "Socket Notification Sink" window
 * plus WSAAsyncSelect. It turns level-triggered readiness from the native poller into MFC's
 * one-shot notifications, with Winsock's re-enabling rules:
 *
 *  - FD_READ is posted once, then re-enabled by the next recv/recvfrom;
 *  - FD_WRITE once after a connection is made, then again only after a send that would block;
 *  - FD_ACCEPT once, re-enabled by accept; FD_OOB once, re-enabled by an MSG_OOB recv;
 *  - FD_CONNECT and FD_CLOSE once each.
 *
 * The sink is the glue: the poller's readiness and the OS's answers go in, rules.ts says what
 * they mean, and the per-thread queue delivers. Each socket's state is its SocketRecord
 * (socket-record.ts), which the afx classes own and pass in.
 *
 * Notifications go through one FIFO queue per thread (MFC's auxiliary queue), are never
 * nested, and are dropped if the socket was closed or deselected before their turn (MFC's dead
 * map). While a blocking call of a socket waits, that socket's notifications are held and
 * delivered after the call returns; its stop event and FD_CLOSE are consumed by the call.
 */
import { debuglog } from 'node:util';
import { api, POLL_ERR, POLL_HUP, POLL_READ, POLL_WRITE, type Poller } from '../native/index.js';
import { AF_INET6, FD_ACCEPT, FD_CLOSE, FD_CONNECT, FD_OOB, FD_READ, FD_WRITE, FIONREAD } from '../wsa/constants.js';
import { emptySockAddr } from '../wsa/address.js';
import {
  CLOSE_SEEN, closeCode, closePosts, Cond, CONNECTED_ENABLES, connectPosts, DISABLE_SHIFT, interest, needsCloseProbe,
  readiness, selectEnables, selectPostsClose, shutdownCond, SockState,
} from './rules.js';
import { kDispatch, SocketRecord, type NotifyTarget, type Waiter } from './socket-record.js';

export { SockState } from './rules.js';
export { kDispatch, SocketRecord, type NotifyTarget, type Waiter, type WaitingCall } from './socket-record.js';

const log = debuglog('afxsock');

interface Queued {
  rec: SocketRecord;
  gen: number;
  event: number;
  error: number;
}

const FD_NAMES: Record<number, string> = {
  [FD_READ]: 'FD_READ', [FD_WRITE]: 'FD_WRITE', [FD_OOB]: 'FD_OOB',
  [FD_ACCEPT]: 'FD_ACCEPT', [FD_CONNECT]: 'FD_CONNECT', [FD_CLOSE]: 'FD_CLOSE',
};

/** The registered records by handle: for the poller's callback and FromHandle only. */
const records = new Map<number, SocketRecord>();
const queue: Queued[] = [];
let draining = false;
let poller: Poller | undefined;

function getPoller(): Poller {
  if (poller === undefined) poller = api().poller();
  return poller;
}

/** Widens the poller's interest at once; narrowing waits until a readiness proves it stale. */
function rearm(r: SocketRecord, narrow = false): void {
  if (!r.live) return;
  let want = interest(r.state, r.lEvent, r.enabled, r.cond);
  if (r.waiter !== null) want |= r.waiter.events;
  const next = narrow ? want : (r.armed | want);
  if (next === r.armed && r.registered) return;
  if (!r.registered && next === 0) return;
  const rc = getPoller().watch(r.h, next, onReady);
  if (rc < 0) {
    log('poller.watch(%d) failed: %d', r.h, -rc);
    return;
  }
  r.registered = true;
  r.armed = next;
  // Only a socket with notifications selected keeps the process alive (like net.Server).
  getPoller().setRef(r.h, r.lEvent !== 0 || r.waiter !== null);
}

function post(r: SocketRecord, event: number, error: number): void {
  if (r.blocking > 0) {
    r.held.push(event, error);
    return;
  }
  queue.push({ rec: r, gen: r.gen, event, error });
}

function pendingBytes(h: number): number {
  const n = new Uint32Array(1);
  return api().ioctl(h, FIONREAD, n) < 0 ? 0 : n[0]!;
}

/**
 * The outcome of a connect attempt at a readiness: 0 connected, a WSA code failed, -1 not yet.
 * A connection that was made and then reset before anyone looked (under load the peer's data
 * and RST are both in by then) has SO_ERROR ECONNRESET and no peer name, yet it did connect:
 * Winsock posts FD_CONNECT with 0 and lets the next recv return the data, then the reset. Data
 * waiting proves the connection, and SO_ERROR is then left unread for that recv.
 */
export function connectOutcome(h: number, writable: boolean): number {
  if (pendingBytes(h) > 0) return 0;
  const err = api().socketError(h);
  if (err !== 0) return err < 0 ? -err : err;
  if (writable) return 0;
  return api().getpeername(h, emptySockAddr(AF_INET6)) < 0 ? -1 : 0;
}

/**
 * The peer's close or reset was seen: remember it once (with its error, read here whether or not
 * FD_CLOSE is selected; the native layer keeps it for the recvs, as Linux clears SO_ERROR once
 * read), and post FD_CLOSE if the rules say so.
 */
function noteClose(r: SocketRecord): void {
  if (!(r.cond & Cond.PeerClosed)) {
    r.cond |= Cond.PeerClosed;
    stopProbe(r);
    r.closeCode = closeCode(api().socketError(r.h));
  }
  if (closePosts(r.lEvent, r.cond)) {
    r.cond |= Cond.CloseDone;
    post(r, FD_CLOSE, r.closeCode);
  }
}

/** How often a socket whose receives were shut down here asks whether the peer closed. */
const PROBE_MS = 100;

function startProbe(r: SocketRecord): void {
  if (r.probe !== null || !r.live || !needsCloseProbe(r.state, r.lEvent, r.cond)) return;
  if (api().peerClosed(r.h) < 0) return;
  const gen = r.gen;
  r.probe = setInterval(() => {
    if (!r.live || r.gen !== gen) {
      stopProbe(r);
      return;
    }
    const closed = api().peerClosed(r.h);
    if (closed === 0) return;
    if (closed < 0) {
      stopProbe(r);
      return;
    }
    noteClose(r);
    drain();
  }, PROBE_MS);
  if (r.lEvent === 0) r.probe.unref();
}

function stopProbe(r: SocketRecord): void {
  if (r.probe !== null) {
    clearInterval(r.probe);
    r.probe = null;
  }
}

function onReady(h: number, revents: number): void {
  const r = records.get(h);
  if (r === undefined || !r.live) return;

  // A waiting blocking call takes the readiness first: its stop event is consumed.
  let consumed = 0;
  const w = r.waiter;
  if (w !== null && (revents & (w.events | POLL_HUP | POLL_ERR)) !== 0) {
    r.waiter = null;
    consumed = revents;
    if (revents & (POLL_HUP | POLL_ERR)) r.cond |= Cond.CloseDone;
    w.done(revents);
  }

  if (r.state === SockState.Connecting) {
    if (revents & (POLL_WRITE | POLL_ERR | POLL_HUP)) {
      const code = connectOutcome(h, (revents & POLL_WRITE) !== 0);
      if (code >= 0) {
        r.state = code === 0 ? SockState.Connected : SockState.Idle;
        if (code === 0) {
          r.enabled |= CONNECTED_ENABLES;
          r.cond |= Cond.Fresh;
        }
        if (connectPosts(r.lEvent, consumed)) post(r, FD_CONNECT, code);
      }
    }
  } else if (r.state !== SockState.Idle) {
    let ev = revents;
    if ((ev & (POLL_HUP | POLL_ERR)) && (r.cond & Cond.LocalRd) && r.state === SockState.Connected) {
      // After the own receive shutdown a hang-up is the shutdown itself unless the TCP state
      // shows the peer's FIN or a reset. A back end that cannot tell (-1, Windows) posts no
      // FD_CLOSE here: Wine reports its own SHUT_RD as a disconnect.
      const closed = api().peerClosed(h);
      if (closed !== 1) ev &= ~(POLL_HUP | POLL_ERR);
      if (closed === 0) startProbe(r);
    }
    const eof = (ev & (POLL_HUP | POLL_ERR)) !== 0 && (ev & POLL_READ) !== 0 && pendingBytes(h) === 0;
    const out = readiness(r.state, r.lEvent, r.enabled, r.cond, ev, consumed, eof);
    // FD_WRITE first on a new connection: Winsock posts it the moment the connection exists,
    // before any data. Otherwise in FD_* bit order, as a re-select posts them.
    const writeFirst = (r.cond & Cond.Fresh) !== 0;
    r.cond &= ~Cond.Fresh;
    r.enabled &= ~(out >> DISABLE_SHIFT);
    if (writeFirst && (out & FD_WRITE)) post(r, FD_WRITE, 0);
    if (out & FD_READ) post(r, FD_READ, 0);
    if (!writeFirst && (out & FD_WRITE)) post(r, FD_WRITE, 0);
    if (out & FD_OOB) post(r, FD_OOB, 0);
    if (out & FD_ACCEPT) post(r, FD_ACCEPT, 0);
    if (out & CLOSE_SEEN) noteClose(r);
  }
  rearm(r, true);
  drain();
}

/** Delivers queued notifications in FIFO order, never nested. */
function drain(): void {
  if (draining) return;
  draining = true;
  try {
    for (let q = queue.shift(); q !== undefined; q = queue.shift()) {
      const { rec, event, error } = q;
      if (rec.gen !== q.gen || !rec.live || !(rec.lEvent & event)) continue;
      if (log.enabled) log('notify %d %s error=%d', rec.h, FD_NAMES[event], error);
      try {
        rec.target[kDispatch](event, error);
      } catch (err) {
        // A throwing handler must not wedge the queue; surface it like any uncaught error.
        process.nextTick(() => { throw err; });
      }
    }
  } finally {
    draining = false;
  }
}

/* ------------------------------------------------------------------ the sink's API */

/**
 * Registers handle `h` under its socket's record (AttachHandle): a new registration. A handle
 * another record still holds is taken over (the poller already knows it).
 */
export function attach(r: SocketRecord, h: number, state: SockState = SockState.Idle): void {
  const old = records.get(h);
  r.reset(h, state);
  if (state === SockState.Connected) r.cond |= Cond.Fresh;
  if (old !== undefined && old !== r) {
    old.live = false;
    stopProbe(old);
    r.registered = old.registered;
    r.armed = old.armed;
  }
  r.live = true;
  records.set(h, r);
}

/** The registered target of a handle, if any (CAsyncSocket::FromHandle). */
export function lookup(h: number): NotifyTarget | undefined {
  return records.get(h)?.target;
}

/**
 * Ends the registration and forgets the poll handle: must come before the socket is closed.
 * Notifications already queued for it are dropped (MFC's dead map).
 */
export function detach(r: SocketRecord): void {
  if (!r.live) return;
  r.live = false;
  r.lEvent = 0;
  stopProbe(r);
  if (records.get(r.h) === r) records.delete(r.h);
  if (r.waiter !== null) {
    const w = r.waiter;
    r.waiter = null;
    w.done(0);
  }
  if (r.registered) getPoller().forget(r.h);
}

/** WSAAsyncSelect: selects the events to notify; re-enables them all (a fresh selection). */
export function select(r: SocketRecord, lEvent: number): void {
  r.lEvent = lEvent;
  if (!r.live) return;
  // A connect that completed while nothing watched it (nothing selected) is found now; its
  // FD_CONNECT is not posted by a select (sock.c, test_connect_events, message mode).
  if (r.state === SockState.Connecting) {
    const code = connectOutcome(r.h, false);
    if (code === 0) {
      r.state = SockState.Connected;
      r.cond |= Cond.Fresh;
    } else if (code > 0) {
      r.state = SockState.Idle;
    }
  }
  r.enabled = selectEnables(r.state);
  r.cond &= ~Cond.CloseDone;
  if (selectPostsClose(r.state, lEvent, r.cond)) {
    // Posted after the readiness-driven events of this select (a queued post runs after the
    // poller's next callback at the earliest).
    r.cond |= Cond.CloseDone;
    postSoon(r, FD_CLOSE, r.closeCode);
  }
  startProbe(r);
  rearm(r, true);
}

/** The own ShutDown succeeded: a local receive shutdown must not read as the peer's close. */
export function shutdownLocal(r: SocketRecord, how: number): void {
  if (!r.live) return;
  r.cond |= shutdownCond(how);
  startProbe(r);
  rearm(r, true);
}

/** Changes the socket's state (after Listen, a connect attempt, a connection, ...). */
export function setState(r: SocketRecord, state: SockState): void {
  if (!r.live) return;
  const wasConnected = r.state === SockState.Connected || r.state === SockState.Datagram;
  r.state = state;
  if (!wasConnected && (state === SockState.Connected || state === SockState.Datagram)) {
    r.enabled |= CONNECTED_ENABLES;
    r.cond |= Cond.Fresh;
  }
  rearm(r, true);
}

/** The re-enabling calls: recv → FD_READ, send that would block → FD_WRITE, accept → FD_ACCEPT, MSG_OOB recv → FD_OOB. */
export function reenable(r: SocketRecord, fd: number): void {
  if (!r.live || (r.enabled & fd) === fd) return;
  r.enabled |= fd;
  rearm(r);
}

/** A blocking call observed the peer's close: MFC swallows that FD_CLOSE. */
export function consumeClose(r: SocketRecord): void {
  if (!r.live || (r.cond & Cond.CloseDone)) return;
  r.cond |= Cond.CloseDone;
  rearm(r, true);
}

/** Posts a notification without waiting for readiness (e.g. FD_CONNECT of an immediate connect). */
export function postSoon(r: SocketRecord, event: number, error: number): void {
  const gen = r.gen;
  setImmediate(() => {
    if (!r.live || r.gen !== gen) return;
    post(r, event, error);
    drain();
  });
}

/**
 * An awaitable call of this socket starts: the socket's notifications are held until
 * `endBlocking`.
 */
export function beginBlocking(r: SocketRecord): void {
  if (r.live) r.blocking++;
}

/** The awaitable call ended: held notifications are delivered once it has returned, in order. */
export function endBlocking(r: SocketRecord): void {
  if (!r.live || r.blocking === 0) return;
  if (--r.blocking > 0 || r.held.length === 0) return;
  const gen = r.gen;
  // The caller settles the call's promise right after this: a microtask queued now runs after
  // the call has ended and before the awaiting code goes on, so held notifications cannot
  // starve behind the next call (a setImmediate found the socket blocking again, every time).
  queueMicrotask(() => {
    if (!r.live || r.gen !== gen || r.blocking > 0) return;
    const held = r.held;
    for (let i = 0; i < held.length; i += 2) queue.push({ rec: r, gen, event: held[i]!, error: held[i + 1]! });
    held.length = 0;
    drain();
  });
}

/**
 * Waits on the event loop until the socket is ready for `w.events` (POLL_READ / POLL_WRITE):
 * `w.done` gets the readiness bits once, or 0 (at once, or when the socket is detached
 * meanwhile). One waiter per socket; the object itself is the registration, so a wait costs
 * no closure.
 */
export function waitReady(r: SocketRecord, w: Waiter): void {
  if (!r.live) {
    w.done(0);
    return;
  }
  r.waiter = w;
  rearm(r);
}

/** Withdraws `w` if it still waits (synchronously: `done` is not called). */
export function withdraw(r: SocketRecord, w: Waiter): void {
  if (r.waiter === w) {
    r.waiter = null;
    rearm(r, true);
  }
}

/** Number of registered sockets (for leak checks). */
export function registeredCount(): number {
  return records.size;
}

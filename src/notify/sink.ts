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
 * Notifications go through one FIFO queue per thread (MFC's auxiliary queue), are never
 * nested, and are dropped if the socket was closed or deselected before their turn (MFC's dead
 * map). While a blocking call of a socket waits, that socket's notifications are held and
 * delivered after the call returns; its stop event and FD_CLOSE are consumed by the call.
 */
import { debuglog } from 'node:util';
import { api, POLL_ERR, POLL_HUP, POLL_OOB, POLL_READ, POLL_WRITE, type Poller } from '../native/index.js';
import { AF_INET6, FD_ACCEPT, FD_CLOSE, FD_CONNECT, FD_OOB, FD_READ, FD_WRITE, FIONREAD, SD_BOTH, SD_RECEIVE } from '../wsa/constants.js';
import { WSAECONNABORTED, WSAECONNRESET } from '../wsa/errors.js';
import { emptySockAddr } from '../wsa/address.js';

const log = debuglog('afxsock');

/** What the sink calls to deliver a notification (CAsyncSocket's DoCallBack). */
export interface NotifyTarget {
  dispatchNotification(event: number, nErrorCode: number): void;
}

/** Where a socket is in its life; decides which readiness means what. */
export const enum SockState {
  /** Created (maybe bound), neither listening nor connected: no readiness means anything. */
  Idle,
  Listening,
  Connecting,
  Connected,
  /** A datagram socket: FD_READ / FD_WRITE only. */
  Datagram,
}

/** A readiness wait of a blocking call (the awaitable flavour). */
export interface Waiter {
  events: number;
  done: (revents: number) => void;
}

class Entry {
  lEvent = 0;
  /** FD_* bits whose notification may be posted now (not pending, not consumed). */
  enabled = 0;
  state = SockState.Idle;
  /** FD_CLOSE was posted (or a blocking call took it) since the last select. */
  closeDone = false;
  /**
   * The peer closed or reset the connection (seen once, kept): every select with FD_CLOSE
   * posts FD_CLOSE again, with `closeCode`, as Winsock's message mode does.
   */
  peerClosed = false;
  /** FD_CLOSE's error: 0 for an orderly close, WSAECONNABORTED after a reset. */
  closeCode = 0;
  /** The error of a reset, read from SO_ERROR (Linux clears it there): later recvs report it. */
  closeError = 0;
  /** This side shut down receives: Linux then reports end of stream, which is not the peer's close. */
  localRd = false;
  /** Both directions shut down here: Linux reports a hang-up whatever the interest. */
  localBoth = false;
  /** Probing for the peer's close after a local receive shutdown (epoll cannot see it). */
  probe: NodeJS.Timeout | null = null;
  /** The connection is new: its first FD_WRITE goes before any FD_READ. */
  fresh = false;
  /** Interest currently set in the poller. */
  armed = 0;
  registered = false;
  dead = false;
  waiter: Waiter | null = null;
  /** Depth of blocking calls of this socket in progress (awaitable flavour). */
  blocking = 0;
  held: Array<[number, number]> = [];
  constructor(readonly h: number, public target: NotifyTarget) {}
}

interface Queued {
  entry: Entry;
  event: number;
  error: number;
}

const FD_NAMES: Record<number, string> = {
  [FD_READ]: 'FD_READ', [FD_WRITE]: 'FD_WRITE', [FD_OOB]: 'FD_OOB',
  [FD_ACCEPT]: 'FD_ACCEPT', [FD_CONNECT]: 'FD_CONNECT', [FD_CLOSE]: 'FD_CLOSE',
};

const entries = new Map<number, Entry>();
const queue: Queued[] = [];
let draining = false;
let poller: Poller | undefined;

function getPoller(): Poller {
  if (poller === undefined) poller = api().poller();
  return poller;
}

/** The interest this entry needs from the poller right now. */
function desired(e: Entry): number {
  let want = 0;
  const sel = e.lEvent & e.enabled;
  switch (e.state) {
    case SockState.Listening:
      if (sel & FD_ACCEPT) want |= POLL_READ;
      break;
    case SockState.Connecting:
      // Any selection needs the outcome: FD_WRITE and the rest follow a connect even when
      // FD_CONNECT is not selected.
      if (e.lEvent !== 0) want |= POLL_WRITE;
      break;
    case SockState.Connected:
      if (e.localRd) {
        // Linux reports the socket at end of stream (and, after SD_BOTH, hung up) from now on:
        // readiness says nothing about the peer any more (startProbe asks the TCP state).
        if ((sel & FD_WRITE) && !e.localBoth) want |= POLL_WRITE;
        break;
      }
      if (sel & FD_READ) want |= POLL_READ;
      if (sel & FD_WRITE) want |= POLL_WRITE;
      // No urgent byte can follow the peer's FIN.
      if ((sel & FD_OOB) && !e.peerClosed) want |= POLL_OOB;
      if ((e.lEvent & FD_CLOSE) && !e.closeDone) want |= POLL_HUP;
      break;
    case SockState.Datagram:
      // After its own receive shutdown a datagram socket stays readable with nothing to read.
      if ((sel & FD_READ) && !e.localRd) want |= POLL_READ;
      if (sel & FD_WRITE) want |= POLL_WRITE;
      break;
    default:
      break;
  }
  if (e.waiter !== null) want |= e.waiter.events;
  return want;
}

/** Widens the poller's interest at once; narrowing waits until a readiness proves it stale. */
function rearm(e: Entry, narrow = false): void {
  if (e.dead) return;
  const want = desired(e);
  const next = narrow ? want : (e.armed | want);
  if (next === e.armed && e.registered) return;
  if (!e.registered && next === 0) return;
  const rc = getPoller().watch(e.h, next, onReady);
  if (rc < 0) {
    log('poller.watch(%d) failed: %d', e.h, -rc);
    return;
  }
  e.registered = true;
  e.armed = next;
  // Only a socket with notifications selected keeps the process alive (like net.Server).
  getPoller().setRef(e.h, e.lEvent !== 0 || e.waiter !== null);
}

function post(e: Entry, event: number, error: number): void {
  if (e.blocking > 0) {
    e.held.push([event, error]);
    return;
  }
  queue.push({ entry: e, event, error });
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

function postWrite(e: Entry, revents: number, sel: number, consumed: number): void {
  if ((revents & POLL_WRITE) && (sel & FD_WRITE) && !(consumed & POLL_WRITE)) {
    e.enabled &= ~FD_WRITE;
    post(e, FD_WRITE, 0);
  }
}

/**
 * The peer's close or reset was seen: remember it once (with its error: reading SO_ERROR clears
 * it on Linux, so it is read here whether or not FD_CLOSE is selected, and kept for the recvs),
 * and post FD_CLOSE if selected and not posted since the last select.
 */
function noteClose(e: Entry): void {
  if (!e.peerClosed) {
    e.peerClosed = true;
    stopProbe(e);
    const err = api().socketError(e.h);
    if (err > 0) e.closeError = err;
    // Winsock reports the peer's abortive close in FD_CLOSE as WSAECONNABORTED (sock.c,
    // test_close_events: close_with_rst gives MAKELONG(FD_CLOSE, WSAECONNABORTED)), while its
    // recv says WSAECONNRESET.
    e.closeCode = err === WSAECONNRESET ? WSAECONNABORTED : err < 0 ? 0 : err;
  }
  if ((e.lEvent & FD_CLOSE) && !e.closeDone) {
    e.closeDone = true;
    post(e, FD_CLOSE, e.closeCode);
  }
}

/** How often a socket whose receives were shut down here asks whether the peer closed. */
const PROBE_MS = 100;

function startProbe(e: Entry): void {
  if (e.probe !== null || e.peerClosed || !(e.lEvent & FD_CLOSE) || e.dead) return;
  if (api().peerClosed(e.h) < 0) return;
  e.probe = setInterval(() => {
    if (e.dead) {
      stopProbe(e);
      return;
    }
    const closed = api().peerClosed(e.h);
    if (closed === 0) return;
    if (closed < 0) {
      stopProbe(e);
      return;
    }
    noteClose(e);
    drain();
  }, PROBE_MS);
  if (e.lEvent === 0) e.probe.unref();
}

function stopProbe(e: Entry): void {
  if (e.probe !== null) {
    clearInterval(e.probe);
    e.probe = null;
  }
}

function onReady(h: number, revents: number): void {
  const e = entries.get(h);
  if (e === undefined || e.dead) return;

  // A waiting blocking call takes the readiness first: its stop event is consumed.
  let consumed = 0;
  const w = e.waiter;
  if (w !== null && (revents & (w.events | POLL_HUP | POLL_ERR)) !== 0) {
    e.waiter = null;
    consumed = revents;
    if (revents & (POLL_HUP | POLL_ERR)) e.closeDone = true;
    w.done(revents);
  }

  const sel = e.lEvent & e.enabled;
  switch (e.state) {
    case SockState.Listening:
      if ((revents & POLL_READ) && (sel & FD_ACCEPT) && !(consumed & POLL_READ)) {
        e.enabled &= ~FD_ACCEPT;
        post(e, FD_ACCEPT, 0);
      }
      break;
    case SockState.Connecting:
      if (revents & (POLL_WRITE | POLL_ERR | POLL_HUP)) {
        const code = connectOutcome(h, (revents & POLL_WRITE) !== 0);
        if (code < 0) break;
        e.state = code === 0 ? SockState.Connected : SockState.Idle;
        if (code === 0) {
          e.enabled |= FD_WRITE | FD_READ | FD_OOB;
          e.fresh = true;
        }
        if ((e.lEvent & FD_CONNECT) && !(consumed & POLL_WRITE)) post(e, FD_CONNECT, code);
      }
      break;
    case SockState.Connected:
    case SockState.Datagram: {
      let hup = (revents & (POLL_HUP | POLL_ERR)) !== 0;
      if (hup && e.localRd && e.state === SockState.Connected) {
        // After the own receive shutdown a hang-up is the shutdown itself unless the TCP state
        // shows the peer's FIN or a reset. A back end that cannot tell (-1, Windows) posts no
        // FD_CLOSE here: Wine reports its own SHUT_RD as a disconnect.
        const closed = api().peerClosed(h);
        hup = closed === 1;
        if (closed === 0) startProbe(e);
      }
      // FD_WRITE first on a new connection: Winsock posts it the moment the connection exists,
      // before any data. Otherwise in FD_* bit order, as a re-select posts them.
      const writeFirst = e.fresh;
      e.fresh = false;
      if (writeFirst) postWrite(e, revents, sel, consumed);
      if ((revents & POLL_READ) && (sel & FD_READ) && !(consumed & POLL_READ) && !e.localRd) {
        // At end of stream (and on a datagram socket whose receives were shut down) the socket
        // stays readable with nothing to read; FD_CLOSE, not FD_READ, reports that. FD_READ is
        // disabled either way until the next Receive re-enables it: a level-triggered poll
        // would otherwise report the same readiness again at once, for ever, and spin the loop.
        e.enabled &= ~FD_READ;
        if (!(hup && pendingBytes(h) === 0)) post(e, FD_READ, 0);
      }
      if (!writeFirst) postWrite(e, revents, sel, consumed);
      if ((revents & POLL_OOB) && (sel & FD_OOB)) {
        e.enabled &= ~FD_OOB;
        post(e, FD_OOB, 0);
      }
      // A waiting blocking call that took the hang-up has seen the close itself (MFC swallows
      // that FD_CLOSE), and its recv must still find SO_ERROR.
      if (hup && e.state === SockState.Connected && !(consumed & (POLL_HUP | POLL_ERR))) noteClose(e);
      break;
    }
    default:
      break;
  }
  rearm(e, true);
  drain();
}

/** Delivers queued notifications in FIFO order, never nested. */
function drain(): void {
  if (draining) return;
  draining = true;
  try {
    for (let q = queue.shift(); q !== undefined; q = queue.shift()) {
      const { entry, event, error } = q;
      if (entry.dead || !(entry.lEvent & event)) continue;
      if (log.enabled) log('notify %d %s error=%d', entry.h, FD_NAMES[event], error);
      try {
        entry.target.dispatchNotification(event, error);
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

/** Registers a socket (AttachHandle). A handle already registered is taken over. */
export function attach(h: number, target: NotifyTarget, state: SockState = SockState.Idle): void {
  const old = entries.get(h);
  if (old !== undefined) old.dead = true;
  const e = new Entry(h, target);
  e.state = state;
  e.fresh = state === SockState.Connected;
  if (old !== undefined) {
    e.registered = old.registered;
    e.armed = old.armed;
  }
  entries.set(h, e);
}

/** The registered target of a handle, if any (CAsyncSocket::FromHandle). */
export function lookup(h: number): NotifyTarget | undefined {
  return entries.get(h)?.target;
}

/**
 * Unregisters a handle and forgets its poll handle: must come before the socket is closed.
 * Notifications already queued for it are dropped (MFC's dead map).
 */
export function detach(h: number): void {
  const e = entries.get(h);
  if (e === undefined) return;
  e.dead = true;
  stopProbe(e);
  entries.delete(h);
  if (e.waiter !== null) {
    const w = e.waiter;
    e.waiter = null;
    w.done(0);
  }
  if (e.registered) getPoller().forget(h);
}

/** WSAAsyncSelect: selects the events to notify; re-enables them all (a fresh selection). */
export function select(h: number, lEvent: number): void {
  const e = entries.get(h);
  if (e === undefined) return;
  e.lEvent = lEvent;
  // A connect that completed while nothing watched it (nothing selected) is found now; its
  // FD_CONNECT is not posted by a select (sock.c, test_connect_events, message mode).
  if (e.state === SockState.Connecting) {
    const code = connectOutcome(h, false);
    if (code === 0) {
      e.state = SockState.Connected;
      e.fresh = true;
    } else if (code > 0) {
      e.state = SockState.Idle;
    }
  }
  e.enabled = FD_READ | FD_ACCEPT | FD_OOB | (e.state === SockState.Connected || e.state === SockState.Datagram ? FD_WRITE : 0);
  e.closeDone = false;
  if (e.state === SockState.Connected && e.peerClosed && (lEvent & FD_CLOSE)) {
    // The close stays a condition that holds: posted again, after the readiness-driven events
    // of this select (a queued post runs after the poller's next callback at the earliest).
    e.closeDone = true;
    postSoon(h, FD_CLOSE, e.closeCode);
  }
  if (e.localRd && e.state === SockState.Connected && !e.peerClosed) startProbe(e);
  rearm(e, true);
}

/** The own ShutDown succeeded: a local receive shutdown must not read as the peer's close. */
export function shutdownLocal(h: number, how: number): void {
  const e = entries.get(h);
  if (e === undefined) return;
  if (how === SD_RECEIVE || how === SD_BOTH) e.localRd = true;
  if (how === SD_BOTH) e.localBoth = true;
  if (e.localRd && e.state === SockState.Connected && !e.peerClosed) startProbe(e);
  rearm(e, true);
}

/** Changes the socket's state (after Listen, a connect attempt, a connection, ...). */
export function setState(h: number, state: SockState): void {
  const e = entries.get(h);
  if (e === undefined) return;
  const wasConnected = e.state === SockState.Connected || e.state === SockState.Datagram;
  e.state = state;
  if (!wasConnected && (state === SockState.Connected || state === SockState.Datagram)) {
    e.enabled |= FD_WRITE | FD_READ | FD_OOB;
    e.fresh = true;
  }
  rearm(e, true);
}

export function getState(h: number): SockState | undefined {
  return entries.get(h)?.state;
}

/** The re-enabling calls: recv → FD_READ, send that would block → FD_WRITE, accept → FD_ACCEPT, MSG_OOB recv → FD_OOB. */
export function reenable(h: number, fd: number): void {
  const e = entries.get(h);
  if (e === undefined || (e.enabled & fd) === fd) return;
  e.enabled |= fd;
  rearm(e);
}

/**
 * The error of a connection that ended abnormally (a reset), once FD_CLOSE has read it, else 0:
 * what a recv that now sees end of file must say instead, as Winsock's recv keeps failing with
 * WSAECONNRESET after a reset.
 */
export function closeError(h: number): number {
  return entries.get(h)?.closeError ?? 0;
}

/** A blocking call observed the peer's close: MFC swallows that FD_CLOSE. */
export function consumeClose(h: number): void {
  const e = entries.get(h);
  if (e === undefined || e.closeDone) return;
  e.closeDone = true;
  rearm(e, true);
}

/** Posts a notification without waiting for readiness (e.g. FD_CONNECT of an immediate connect). */
export function postSoon(h: number, event: number, error: number): void {
  setImmediate(() => {
    const e = entries.get(h);
    if (e === undefined || e.dead) return;
    post(e, event, error);
    drain();
  });
}

/**
 * A blocking call of this socket starts (awaitable flavour): the socket's notifications are
 * held until `endBlocking`.
 */
export function beginBlocking(h: number): void {
  const e = entries.get(h);
  if (e !== undefined) e.blocking++;
}

/** The blocking call ended: held notifications are delivered once it has returned, in order. */
export function endBlocking(h: number): void {
  const e = entries.get(h);
  if (e === undefined || e.blocking === 0) return;
  if (--e.blocking > 0 || e.held.length === 0) return;
  // The caller settles the call's promise right after this: a microtask queued now runs after
  // the call has ended and before the awaiting code goes on, so held notifications cannot
  // starve behind the next call (a setImmediate found the socket blocking again, every time).
  queueMicrotask(() => {
    if (e.dead || e.blocking > 0) return;
    for (const [event, error] of e.held.splice(0)) queue.push({ entry: e, event, error });
    drain();
  });
}

/**
 * Waits on the event loop until the socket is ready for `w.events` (POLL_READ / POLL_WRITE):
 * `w.done` gets the readiness bits once, or 0 (at once, or when the socket is detached
 * meanwhile). One waiter per socket; the object itself is the registration, so a wait costs
 * no closure.
 */
export function waitReady(h: number, w: Waiter): void {
  const e = entries.get(h);
  if (e === undefined) {
    w.done(0);
    return;
  }
  e.waiter = w;
  rearm(e);
}

/** Withdraws `w` if it still waits (synchronously: `done` is not called). */
export function withdraw(h: number, w: Waiter): void {
  const e = entries.get(h);
  if (e !== undefined && e.waiter === w) {
    e.waiter = null;
    rearm(e, true);
  }
}

/** Number of registered sockets (for leak checks). */
export function registeredCount(): number {
  return entries.size;
}

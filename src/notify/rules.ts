/**
 * WSAAsyncSelect's rules as pure functions of the socket's state, its selected events, the
 * events enabled now, a few remembered conditions and the readiness the poller reported. The
 * sink (sink.ts) asks the OS, then these functions say what that means; nothing here touches a
 * socket, so test/notify/rules.test.ts checks every rule by table.
 *
 * Winsock's rules (the WSAAsyncSelect page, and Wine's sock.c message-mode tests, which also
 * run on Windows):
 *  - each event is posted once, then not again until its re-enabling call: FD_READ by
 *    recv/recvfrom, FD_OOB by an MSG_OOB recv, FD_ACCEPT by accept, FD_WRITE by a send that
 *    failed WSAEWOULDBLOCK (and by a connect);
 *  - FD_CONNECT and FD_CLOSE are posted once each; a new select re-enables everything;
 *  - a new connection posts FD_WRITE first, before any FD_READ;
 *  - a peer's close is a condition that holds: every select with FD_CLOSE posts it again.
 */
import { POLL_ERR, POLL_HUP, POLL_OOB, POLL_READ, POLL_WRITE } from '../native/types.js';
import { FD_ACCEPT, FD_CLOSE, FD_CONNECT, FD_OOB, FD_READ, FD_WRITE } from '../wsa/constants.js';
import { WSAECONNABORTED, WSAECONNRESET } from '../wsa/errors.js';

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

/** Conditions the rules remember (a record's `cond` bits). */
export const enum Cond {
  /** This side shut down receives: Linux then reports end of stream, which is not the peer's close. */
  LocalRd = 1,
  /** Both directions shut down here: Linux reports a hang-up whatever the interest. */
  LocalBoth = 2,
  /** The peer closed or reset the connection (seen once, kept). */
  PeerClosed = 4,
  /** FD_CLOSE was posted (or a blocking call took it) since the last select. */
  CloseDone = 8,
  /** The connection is new: its first FD_WRITE goes before any FD_READ. */
  Fresh = 16,
}

/** In `readiness`'s result: the readiness shows the peer's close (the sink then notes it). */
export const CLOSE_SEEN = 1 << 16;
/** `readiness`'s result: bits 0..7 the events to post, bits 8..15 the events to disable. */
export const DISABLE_SHIFT = 8;

/** What a connection (made, accepted, or a datagram socket) enables at once. */
export const CONNECTED_ENABLES = FD_WRITE | FD_READ | FD_OOB;

function isConnected(state: SockState): boolean {
  return state === SockState.Connected || state === SockState.Datagram;
}

/**
 * The poll interest the selected, enabled notifications need now (a waiting call adds its own).
 *
 * @returns POLL_* bits.
 */
export function interest(state: SockState, selected: number, enabled: number, cond: number): number {
  const sel = selected & enabled;
  switch (state) {
    case SockState.Listening:
      return sel & FD_ACCEPT ? POLL_READ : 0;
    case SockState.Connecting:
      // Any selection needs the outcome: FD_WRITE and the rest follow a connect even when
      // FD_CONNECT is not selected.
      return selected !== 0 ? POLL_WRITE : 0;
    case SockState.Connected: {
      if (cond & Cond.LocalRd) {
        // Linux reports the socket at end of stream (and, after SD_BOTH, hung up) from now on:
        // readiness says nothing about the peer any more (the sink asks the TCP state).
        return (sel & FD_WRITE) && !(cond & Cond.LocalBoth) ? POLL_WRITE : 0;
      }
      let want = 0;
      if (sel & FD_READ) want |= POLL_READ;
      if (sel & FD_WRITE) want |= POLL_WRITE;
      // No urgent byte can follow the peer's FIN.
      if ((sel & FD_OOB) && !(cond & Cond.PeerClosed)) want |= POLL_OOB;
      if ((selected & FD_CLOSE) && !(cond & Cond.CloseDone)) want |= POLL_HUP;
      return want;
    }
    case SockState.Datagram: {
      // After its own receive shutdown a datagram socket stays readable with nothing to read.
      let want = 0;
      if ((sel & FD_READ) && !(cond & Cond.LocalRd)) want |= POLL_READ;
      if (sel & FD_WRITE) want |= POLL_WRITE;
      return want;
    }
    default:
      return 0;
  }
}

/**
 * What a readiness of a listening, connected or datagram socket posts (a connecting socket's
 * readiness is its connect's outcome: `connectPosts`).
 *
 * @param revents - The POLL_* bits reported; a hang-up the own receive shutdown caused is
 *   already taken out.
 * @param consumed - The bits a waiting blocking call took (its stop event is not posted).
 * @param eof - Hung up and nothing left to read: FD_CLOSE, not FD_READ, reports that.
 * @returns The events to post | the events to disable << DISABLE_SHIFT | CLOSE_SEEN.
 */
export function readiness(state: SockState, selected: number, enabled: number, cond: number, revents: number, consumed: number, eof: boolean): number {
  const sel = selected & enabled;
  if (state === SockState.Listening) {
    return (revents & POLL_READ) && (sel & FD_ACCEPT) && !(consumed & POLL_READ) ? FD_ACCEPT | (FD_ACCEPT << DISABLE_SHIFT) : 0;
  }
  if (!isConnected(state)) return 0;
  let post = 0;
  let disable = 0;
  if ((revents & POLL_WRITE) && (sel & FD_WRITE) && !(consumed & POLL_WRITE)) {
    post |= FD_WRITE;
    disable |= FD_WRITE;
  }
  if ((revents & POLL_READ) && (sel & FD_READ) && !(consumed & POLL_READ) && !(cond & Cond.LocalRd)) {
    // FD_READ is disabled even at end of stream: a level-triggered poll would otherwise report
    // the same readiness again at once, for ever, until the next recv re-enables it.
    disable |= FD_READ;
    if (!eof) post |= FD_READ;
  }
  if ((revents & POLL_OOB) && (sel & FD_OOB)) {
    post |= FD_OOB;
    disable |= FD_OOB;
  }
  // A waiting blocking call that took the hang-up has seen the close itself (MFC swallows
  // that FD_CLOSE), and its recv must still find SO_ERROR.
  const closeSeen = state === SockState.Connected && (revents & (POLL_HUP | POLL_ERR)) !== 0 && !(consumed & (POLL_HUP | POLL_ERR));
  return post | (disable << DISABLE_SHIFT) | (closeSeen ? CLOSE_SEEN : 0);
}

/** Whether a finished connect attempt posts FD_CONNECT (not when a waiting call took it). */
export function connectPosts(selected: number, consumed: number): boolean {
  return (selected & FD_CONNECT) !== 0 && !(consumed & POLL_WRITE);
}

/** Whether the peer's close posts FD_CLOSE now: selected, and not posted since the last select. */
export function closePosts(selected: number, cond: number): boolean {
  return (selected & FD_CLOSE) !== 0 && !(cond & Cond.CloseDone);
}

/**
 * FD_CLOSE's error for a close whose SO_ERROR was `soError` (negative: unreadable). Winsock
 * reports the peer's abortive close as WSAECONNABORTED (sock.c, test_close_events:
 * close_with_rst gives MAKELONG(FD_CLOSE, WSAECONNABORTED)), while its recv says WSAECONNRESET.
 */
export function closeCode(soError: number): number {
  return soError === WSAECONNRESET ? WSAECONNABORTED : soError < 0 ? 0 : soError;
}

/** The events a new select enables: all but FD_WRITE, which waits for a connection. */
export function selectEnables(state: SockState): number {
  return FD_READ | FD_ACCEPT | FD_OOB | (isConnected(state) ? FD_WRITE : 0);
}

/**
 * Whether a new select posts FD_CLOSE again: the close stays a condition that holds, as
 * Winsock's message mode does (sock.c, test_close_events).
 */
export function selectPostsClose(state: SockState, selected: number, cond: number): boolean {
  return state === SockState.Connected && (cond & Cond.PeerClosed) !== 0 && (selected & FD_CLOSE) !== 0;
}

/**
 * Whether the sink must ask the TCP state for the peer's close: after the own receive
 * shutdown, epoll can no longer see it.
 */
export function needsCloseProbe(state: SockState, selected: number, cond: number): boolean {
  return state === SockState.Connected && (cond & Cond.LocalRd) !== 0 && !(cond & Cond.PeerClosed) && (selected & FD_CLOSE) !== 0;
}

/** The conditions an own, successful shutdown `how` (SD_RECEIVE 0, SD_SEND 1, SD_BOTH 2) adds. */
export function shutdownCond(how: number): number {
  return how === 0 ? Cond.LocalRd : how === 2 ? Cond.LocalRd | Cond.LocalBoth : 0;
}

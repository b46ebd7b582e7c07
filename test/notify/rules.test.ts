/**
 * WSAAsyncSelect's rules (src/notify/rules.ts) by table, without sockets. Each row names where
 * its expectation comes from: the WSAAsyncSelect page's re-enabling table ("WSAAsyncSelect
 * docs"), or a message-mode function of wine-mirror/wine dlls/ws2_32/tests/sock.c (Windows
 * behaviour: the file runs on Windows too). test/conformance/events.test.ts checks the same
 * rules end to end on real sockets.
 */
import test from 'ava';
import { FD_ACCEPT, FD_CLOSE, FD_CONNECT, FD_OOB, FD_READ, FD_WRITE, WSAECONNABORTED, WSAECONNRESET, WSAETIMEDOUT } from '../../src/index.js';
import {
  CLOSE_SEEN, closeCode, closePosts, Cond, connectPosts, DISABLE_SHIFT, interest, needsCloseProbe, POLL_ERR, POLL_HUP,
  POLL_OOB, POLL_READ, POLL_WRITE, readiness, selectEnables, selectPostsClose, shutdownCond, SockState,
} from '../../src/diagnostics.js';

const ALL = FD_READ | FD_WRITE | FD_OOB | FD_ACCEPT | FD_CONNECT | FD_CLOSE;

interface InterestRow { from: string; state: SockState; selected: number; enabled: number; cond: number; want: number }

const interestRows: InterestRow[] = [
  { from: 'test_accept_events: FD_ACCEPT needs a pending connection', state: SockState.Listening, selected: ALL, enabled: FD_ACCEPT, cond: 0, want: POLL_READ },
  { from: 'WSAAsyncSelect docs: FD_ACCEPT waits for accept once posted', state: SockState.Listening, selected: ALL, enabled: FD_READ, cond: 0, want: 0 },
  { from: 'test_connect_events: a connect without FD_CONNECT selected still ends in FD_WRITE', state: SockState.Connecting, selected: FD_READ | FD_WRITE | FD_CLOSE, enabled: 0, cond: 0, want: POLL_WRITE },
  { from: 'WSAAsyncSelect docs: nothing selected, nothing posted', state: SockState.Connecting, selected: 0, enabled: 0, cond: 0, want: 0 },
  { from: 'test_read_events / test_write_events / test_oob_events / test_close_events', state: SockState.Connected, selected: ALL, enabled: FD_READ | FD_WRITE | FD_OOB, cond: 0, want: POLL_READ | POLL_WRITE | POLL_OOB | POLL_HUP },
  { from: 'test_close_events: FD_CLOSE once per select', state: SockState.Connected, selected: ALL, enabled: FD_READ, cond: Cond.CloseDone, want: POLL_READ },
  { from: 'test_oob_events: no urgent data after the peer\'s FIN', state: SockState.Connected, selected: FD_OOB, enabled: FD_OOB, cond: Cond.PeerClosed, want: 0 },
  { from: 'test_close_events: the own SD_RECEIVE posts nothing (the sink asks the TCP state)', state: SockState.Connected, selected: ALL, enabled: FD_READ | FD_WRITE, cond: Cond.LocalRd, want: POLL_WRITE },
  { from: 'test_close_events: the own SD_BOTH posts nothing', state: SockState.Connected, selected: ALL, enabled: FD_READ | FD_WRITE, cond: Cond.LocalRd | Cond.LocalBoth, want: 0 },
  { from: 'test_connect_events: a datagram socket reads and writes only', state: SockState.Datagram, selected: ALL, enabled: FD_READ | FD_WRITE | FD_OOB, cond: 0, want: POLL_READ | POLL_WRITE },
  { from: 'test_shutdown: a datagram socket after SD_RECEIVE has nothing to read', state: SockState.Datagram, selected: ALL, enabled: FD_READ | FD_WRITE, cond: Cond.LocalRd, want: POLL_WRITE },
  { from: 'WSAAsyncSelect docs: a socket neither listening nor connected has no event', state: SockState.Idle, selected: ALL, enabled: ALL, cond: 0, want: 0 },
];

test('interest: the poll interest each state and selection needs', (t) => {
  for (const r of interestRows) t.is(interest(r.state, r.selected, r.enabled, r.cond), r.want, r.from);
});

interface ReadyRow {
  from: string; state: SockState; selected: number; enabled: number; cond?: number; revents: number; consumed?: number; eof?: boolean;
  posts: number; disables: number; closeSeen: boolean;
}

const readyRows: ReadyRow[] = [
  { from: 'test_accept_events: a pending connection posts FD_ACCEPT once', state: SockState.Listening, selected: ALL, enabled: FD_ACCEPT, revents: POLL_READ, posts: FD_ACCEPT, disables: FD_ACCEPT, closeSeen: false },
  { from: 'MFC CSocket::Accept: a waiting Accept takes the readiness', state: SockState.Listening, selected: ALL, enabled: FD_ACCEPT, revents: POLL_READ, consumed: POLL_READ, posts: 0, disables: 0, closeSeen: false },
  { from: 'test_read_events: data posts FD_READ, then nothing until recv', state: SockState.Connected, selected: ALL, enabled: FD_READ, revents: POLL_READ, posts: FD_READ, disables: FD_READ, closeSeen: false },
  { from: 'test_read_events: no recv yet, no second FD_READ', state: SockState.Connected, selected: ALL, enabled: 0, revents: POLL_READ, posts: 0, disables: 0, closeSeen: false },
  { from: 'test_close_events: end of stream is FD_CLOSE, not FD_READ', state: SockState.Connected, selected: ALL, enabled: FD_READ, revents: POLL_READ | POLL_HUP, eof: true, posts: 0, disables: FD_READ, closeSeen: true },
  { from: 'test_close_events: data then close: FD_READ and FD_CLOSE', state: SockState.Connected, selected: ALL, enabled: FD_READ, revents: POLL_READ | POLL_HUP, posts: FD_READ, disables: FD_READ, closeSeen: true },
  { from: 'test_write_events: room to send posts FD_WRITE once', state: SockState.Connected, selected: ALL, enabled: FD_WRITE, revents: POLL_WRITE, posts: FD_WRITE, disables: FD_WRITE, closeSeen: false },
  { from: 'test_write_events: a send that did not block re-enables nothing', state: SockState.Connected, selected: ALL, enabled: 0, revents: POLL_WRITE, posts: 0, disables: 0, closeSeen: false },
  { from: 'test_oob_events: urgent data posts FD_OOB', state: SockState.Connected, selected: ALL, enabled: FD_OOB, revents: POLL_OOB, posts: FD_OOB, disables: FD_OOB, closeSeen: false },
  { from: 'MFC CSocket: a waiting call that saw the close swallows FD_CLOSE', state: SockState.Connected, selected: ALL, enabled: FD_READ, revents: POLL_READ | POLL_HUP, consumed: POLL_READ | POLL_HUP, eof: true, posts: 0, disables: 0, closeSeen: false },
  { from: 'test_close_events: a reset is a close too', state: SockState.Connected, selected: ALL, enabled: 0, revents: POLL_ERR, posts: 0, disables: 0, closeSeen: true },
  { from: 'test_shutdown: after the own SD_RECEIVE nothing is read', state: SockState.Connected, selected: ALL, enabled: FD_READ, cond: Cond.LocalRd, revents: POLL_READ, posts: 0, disables: 0, closeSeen: false },
  { from: 'WSAAsyncSelect docs: FD_CLOSE belongs to connection-oriented sockets', state: SockState.Datagram, selected: ALL, enabled: FD_READ, revents: POLL_READ | POLL_HUP, posts: FD_READ, disables: FD_READ, closeSeen: false },
  { from: 'WSAAsyncSelect docs: an idle socket posts nothing', state: SockState.Idle, selected: ALL, enabled: ALL, revents: POLL_READ | POLL_WRITE | POLL_HUP, posts: 0, disables: 0, closeSeen: false },
  { from: 'test_connect_events: a connecting socket\'s readiness is its connect outcome', state: SockState.Connecting, selected: ALL, enabled: ALL, revents: POLL_WRITE, posts: 0, disables: 0, closeSeen: false },
];

test('readiness: what a readiness posts and disables', (t) => {
  for (const r of readyRows) {
    const out = readiness(r.state, r.selected, r.enabled, r.cond ?? 0, r.revents, r.consumed ?? 0, r.eof ?? false);
    t.deepEqual(
      { posts: out & 0xff, disables: (out >> DISABLE_SHIFT) & 0xff, closeSeen: (out & CLOSE_SEEN) !== 0 },
      { posts: r.posts, disables: r.disables, closeSeen: r.closeSeen },
      r.from,
    );
  }
});

test('connectPosts: FD_CONNECT once, only when selected, never for a call that waits', (t) => {
  const rows: [string, number, number, boolean][] = [
    ['test_connect_events: FD_CONNECT selected', FD_CONNECT | FD_WRITE, 0, true],
    ['test_connect_events: FD_CONNECT unselected posts no FD_CONNECT', FD_WRITE | FD_READ | FD_CLOSE, 0, false],
    ['MFC CSocket::ConnectHelper: OnConnect is never called for a waiting connect', ALL, POLL_WRITE, false],
  ];
  for (const [from, selected, consumed, want] of rows) t.is(connectPosts(selected, consumed), want, from);
});

test('closePosts and selectPostsClose: FD_CLOSE once per select, again on every select once closed', (t) => {
  const rows: [string, number, number, boolean][] = [
    ['test_close_events: the peer\'s close posts FD_CLOSE', ALL, 0, true],
    ['test_close_events: not twice within one select', ALL, Cond.CloseDone, false],
    ['test_close_events: a close while FD_CLOSE is unselected posts nothing yet', FD_READ, 0, false],
  ];
  for (const [from, selected, cond, want] of rows) t.is(closePosts(selected, cond), want, from);
  const reselect: [string, SockState, number, number, boolean][] = [
    ['test_close_events: every re-select posts the close again', SockState.Connected, ALL, Cond.PeerClosed, true],
    ['test_close_events: a close that arrived unselected is posted once selected', SockState.Connected, FD_CLOSE, Cond.PeerClosed | Cond.CloseDone, true],
    ['test_close_events: no close, nothing posted', SockState.Connected, ALL, 0, false],
    ['test_close_events: FD_CLOSE not selected', SockState.Connected, FD_READ, Cond.PeerClosed, false],
  ];
  for (const [from, state, selected, cond, want] of reselect) t.is(selectPostsClose(state, selected, cond), want, from);
});

test('closeCode: an abortive close is WSAECONNABORTED in FD_CLOSE', (t) => {
  const rows: [string, number, number][] = [
    ['test_close_events: close_with_rst gives MAKELONG(FD_CLOSE, WSAECONNABORTED)', WSAECONNRESET, WSAECONNABORTED],
    ['test_close_events: an orderly close is FD_CLOSE with 0', 0, 0],
    ['SO_ERROR unreadable: reported as an orderly close', -1, 0],
    ['WSAAsyncSelect docs: other errors as they are (WSAETIMEDOUT)', WSAETIMEDOUT, WSAETIMEDOUT],
  ];
  for (const [from, soError, want] of rows) t.is(closeCode(soError), want, from);
});

test('selectEnables: a select re-enables every event, FD_WRITE only once connected', (t) => {
  const rows: [string, SockState, number][] = [
    ['test_accept_events: a listener re-selected gets FD_ACCEPT again', SockState.Listening, FD_READ | FD_ACCEPT | FD_OOB],
    ['test_write_events: a connected socket re-selected gets FD_WRITE again', SockState.Connected, FD_READ | FD_ACCEPT | FD_OOB | FD_WRITE],
    ['test_connect_events: a datagram socket gets FD_WRITE when selected', SockState.Datagram, FD_READ | FD_ACCEPT | FD_OOB | FD_WRITE],
    ['test_connect_events: FD_WRITE follows the connection, not the select', SockState.Connecting, FD_READ | FD_ACCEPT | FD_OOB],
    ['test_connect_events: an unconnected socket gets no FD_WRITE', SockState.Idle, FD_READ | FD_ACCEPT | FD_OOB],
  ];
  for (const [from, state, want] of rows) t.is(selectEnables(state), want, from);
});

test('shutdownCond and needsCloseProbe: the own shutdown is not the peer\'s close', (t) => {
  t.is(shutdownCond(0), Cond.LocalRd, 'test_shutdown: SD_RECEIVE');
  t.is(shutdownCond(1), 0, 'test_shutdown: SD_SEND changes nothing on this side\'s reads');
  t.is(shutdownCond(2), Cond.LocalRd | Cond.LocalBoth, 'test_shutdown: SD_BOTH');
  t.true(needsCloseProbe(SockState.Connected, ALL, Cond.LocalRd), 'test_close_events: the peer\'s close after the own SD_BOTH still posts FD_CLOSE');
  t.false(needsCloseProbe(SockState.Connected, ALL, Cond.LocalRd | Cond.PeerClosed), 'the close was already seen');
  t.false(needsCloseProbe(SockState.Connected, FD_READ, Cond.LocalRd), 'FD_CLOSE not selected');
  t.false(needsCloseProbe(SockState.Connected, ALL, 0), 'no own receive shutdown: readiness shows the close');
  t.false(needsCloseProbe(SockState.Datagram, ALL, Cond.LocalRd), 'a datagram socket has no close');
});

/**
 * The FFI edge, systematically: one table row per public method of every exported class and
 * function. Each row lists hostile calls with their exact documented outcome (return value + WSA
 * code for the socket classes, which never throw; the CException subclass for the file and
 * archive classes). A sweep then puts every hostile value in every argument position of every
 * method and checks the contract of its family. A public method without a row fails the test.
 * Afterwards the process must still be healthy: a fresh socket pair exchanges data and no
 * descriptor was leaked.
 */
import test from 'ava';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as afx from '../../src/index.js';
import {
  AF_INET6, CArchive, CArchiveException, CAsyncSocket, CException, CFile, CFileException, CInvalidArgException,
  CMemFile, CNotSupportedException, CObject, CRuntimeClass, CSocket, CSocketFile, FD_ALL_EVENTS, FIONBIO, FIONREAD,
  INVALID_SOCKET, MSG_OOB, SO_RCVBUF, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOCKET_ERROR, WSA_ERROR_CODES,
  WSA_INVALID_HANDLE, WSAEAFNOSUPPORT, WSAEFAULT, WSAEINVAL, WSAENOTCONN, WSAENOTSOCK, WSAEOPNOTSUPP,
  WSAESOCKTNOSUPPORT, WSAEWOULDBLOCK, WSANOTINITIALISED, IMPLEMENT_SERIAL, RUNTIME_CLASS,
} from '../../src/index.js';
import { api } from '../../src/diagnostics.js';
import { socketFds } from '../support/descriptors.js';
import { exchangeOnFreshPair } from '../support/health.js';
import { anything, describe, detachedView, hostileBuffers, hostileHosts, hostileLengths, hostileOuts, hostilePorts, pastTheEnd } from '../support/hostile.js';
import { UNRESOLVABLE_HOST } from '../support/lookups.js';
import { onLinux, underWine } from '../support/platform.js';
import { publicMembers } from '../support/surface.js';
import { tally } from '../support/tally.js';


type Ctor = abstract new (...a: never[]) => unknown;
/** What one hostile call must give. */
type Expect =
  | { ret: unknown; wsa: number }
  | { throws: Ctor; cause?: number }
  | { ret: unknown };

interface Case {
  what: string;
  /** The socket whose GetLastError() holds the code (socket rows). */
  sock?: CAsyncSocket;
  call: () => unknown;
  expect: Expect;
}

/* ------------------------------------------------------------------ sockets to call on */

const live: CAsyncSocket[] = [];
function track<T extends CAsyncSocket>(s: T): T { live.push(s); return s; }
function mk<T extends CAsyncSocket>(C: new () => T, how: 'fresh' | 'tcp' | 'udp' | 'closed' | 'detached' | 'listening' | 'tcp6'): T {
  const s = track(new C());
  if (s instanceof CSocket) {
    // A blocking call that a platform wrongly leaves waiting ends as WSAEINTR after ~2 s (a
    // failed row that names itself) instead of hanging the whole table.
    let slices = 0;
    s.m_nTimeOut = 50;
    s.OnMessagePending = () => { if (++slices > 40) s.CancelBlockingCall(); return false; };
  }
  if (how === 'fresh') return s;
  const ok = how === 'udp' ? s.Create(0, SOCK_DGRAM, FD_ALL_EVENTS, '127.0.0.1')
    : how === 'tcp6' ? s.Create(0, SOCK_STREAM, FD_ALL_EVENTS, '::1')
      : s.Create(0, SOCK_STREAM, FD_ALL_EVENTS, '127.0.0.1');
  if (!ok) throw new Error(`set-up Create failed: ${s.GetLastError()}`);
  if (how === 'listening' && !s.Listen()) throw new Error('set-up Listen failed');
  if (how === 'closed') s.Close();
  if (how === 'detached') {
    const h = s.Detach();
    const owner = track(new CAsyncSocket());
    owner.Attach(h, 0); // closed with the others at the end: no descriptor leaks
  }
  return s;
}

const buf8 = (): Uint8Array => new Uint8Array(8);
/** A plain file to open (Windows has no /dev/null). */
const PLAIN = join(tmpdir(), `afxsock-ffi-edge-${process.pid}.bin`);
writeFileSync(PLAIN, new Uint8Array(16));
const addr = (): { address: string; port: number } => ({ address: '', port: 0 });

/* ------------------------------------------------------------------ rows */

/** Cases shared by every socket method that needs an attached socket. */
function noSocket<T extends CAsyncSocket>(C: new () => T, ret: unknown, call: (s: T) => unknown): Case[] {
  return (['fresh', 'closed', 'detached'] as const).map((how) => {
    const s = mk(C, how);
    return { what: `on a ${how} object`, sock: s, call: () => call(s), expect: { ret, wsa: WSAENOTSOCK } };
  });
}

/** The buffer checks of Send / Receive / SendTo / ReceiveFrom and their awaitable twins. */
function bufferCases<T extends CAsyncSocket>(C: new () => T, how: 'tcp' | 'udp', call: (s: T, b: unknown, n: unknown) => unknown, negativeLength = WSAEINVAL): Case[] {
  const cases: Case[] = [];
  for (const [w, b] of hostileBuffers()) {
    const s = mk(C, how);
    cases.push({ what: `buffer = ${w}`, sock: s, call: () => call(s, b, 8), expect: { ret: SOCKET_ERROR, wsa: WSAEFAULT } });
  }
  for (const [w, n] of hostileLengths()) {
    const s = mk(C, how);
    cases.push({ what: `length = ${w}`, sock: s, call: () => call(s, buf8(), n), expect: { ret: SOCKET_ERROR, wsa: n === -1 ? negativeLength : WSAEINVAL } });
  }
  for (const [w, n] of pastTheEnd()) {
    const s = mk(C, how);
    cases.push({ what: `length ${w} past an 8-byte buffer`, sock: s, call: () => call(s, buf8(), n), expect: { ret: SOCKET_ERROR, wsa: WSAEFAULT } });
  }
  {
    const s = mk(C, how);
    const backing = new Uint8Array(32);
    cases.push({ what: 'a subarray at offset 8 with its length + 1', sock: s, call: () => call(s, backing.subarray(8, 16), 9), expect: { ret: SOCKET_ERROR, wsa: WSAEFAULT } });
  }
  {
    const s = mk(C, how);
    cases.push({ what: 'a detached buffer with length 1', sock: s, call: () => call(s, detachedView(), 1), expect: { ret: SOCKET_ERROR, wsa: WSAEFAULT } });
  }
  return cases;
}


function socketRows<T extends CAsyncSocket>(name: string, C: new () => T): Record<string, Case[]> {
  const S = (how: Parameters<typeof mk>[1]): T => mk(C, how);
  const r: Record<string, Case[]> = {};
  r[`${name}.GetLastError`] = [{ what: 'on a fresh object', call: () => S('fresh').GetLastError(), expect: { ret: 0 } }];
  r[`${name}.Create`] = [
    ...hostilePorts().map(([w, p]): Case => { const s = S('fresh'); return { what: `port = ${w}`, sock: s, call: () => s.Create(p as number), expect: { ret: false, wsa: WSAEINVAL } }; }),
    ...([['type 99', 99, WSAESOCKTNOSUPPORT], ['type NaN', NaN, WSAEINVAL], ['type "1"', '1', WSAEINVAL]] as const).map(([w, ty, code]): Case => {
      const s = S('fresh'); return { what: w, sock: s, call: () => s.Create(0, ty as number), expect: { ret: false, wsa: code } };
    }),
    (() => { const s = S('fresh'); return { what: 'a host name as the address', sock: s, call: () => s.Create(0, SOCK_STREAM, FD_ALL_EVENTS, 'localhost'), expect: { ret: false, wsa: WSAEINVAL } }; })(),
    (() => { const s = S('tcp'); return { what: 'twice', sock: s, call: () => s.Create(), expect: { ret: false, wsa: WSAEINVAL } }; })(),
  ];
  r[`${name}.Socket`] = [
    (() => { const s = S('fresh'); return { what: 'family 99', sock: s, call: () => s.Socket(SOCK_STREAM, FD_ALL_EVENTS, 0, 99), expect: { ret: false, wsa: WSAEAFNOSUPPORT } }; })(),
    (() => { const s = S('fresh'); return { what: 'event bits that do not exist', sock: s, call: () => s.Socket(SOCK_STREAM, 0x4000), expect: { ret: false, wsa: WSAEINVAL } }; })(),
    (() => { const s = S('fresh'); return { what: 'protocol 1.5', sock: s, call: () => s.Socket(SOCK_STREAM, 0, 1.5), expect: { ret: false, wsa: WSAEINVAL } }; })(),
  ];
  const fileFd = (): number => openSync(PLAIN, 'r');
  r[`${name}.Attach`] = [
    (() => { const s = S('fresh'); return { what: 'INVALID_SOCKET', sock: s, call: () => s.Attach(INVALID_SOCKET), expect: { ret: false, wsa: WSA_INVALID_HANDLE } }; })(),
    ...([['1.5', 1.5], ['-7', -7], ['2^31', 2 ** 31], ['2^53', 2 ** 53], ['NaN', NaN], ['a string', '3'], ['a bigint', 3n]] as const).map(([w, h]): Case => {
      const s = S('fresh'); return { what: `handle = ${w}`, sock: s, call: () => s.Attach(h as number), expect: { ret: false, wsa: WSAENOTSOCK } };
    }),
    (() => { const s = S('fresh'); return { what: 'a regular file\'s descriptor', sock: s, call: () => { const fd = fileFd(); try { return s.Attach(fd); } finally { closeSync(fd); } }, expect: { ret: false, wsa: WSAENOTSOCK } }; })(),
    (() => { const s = S('fresh'); return { what: 'the thread\'s own wake eventfd', sock: s, call: () => s.Attach(api().wakeToken().value), expect: { ret: false, wsa: WSAENOTSOCK } }; })(),
    (() => { const s = S('fresh'); return { what: 'a descriptor number nobody holds (closed)', sock: s, call: () => { const fd = fileFd(); closeSync(fd); return s.Attach(fd); }, expect: { ret: false, wsa: WSAENOTSOCK } }; })(),
    (() => { const a = S('tcp'); const s = S('fresh'); return { what: 'a handle another object holds', sock: s, call: () => s.Attach(a.m_hSocket), expect: { ret: false, wsa: WSAEINVAL } }; })(),
    (() => { const a = S('tcp'); const s = S('tcp'); return { what: 'onto an object that holds a socket', sock: s, call: () => s.Attach(a.m_hSocket), expect: { ret: false, wsa: WSAEINVAL } }; })(),
  ];
  r[`${name}.Detach`] = [
    { what: 'with nothing attached', call: () => S('fresh').Detach(), expect: { ret: INVALID_SOCKET } },
    { what: 'after Close', call: () => S('closed').Detach(), expect: { ret: INVALID_SOCKET } },
  ];
  r[`${name}.static.FromHandle`] = [
    ...anything().map(([w, v]): Case => ({ what: `handle = ${w}`, call: () => (C as unknown as typeof CAsyncSocket).FromHandle(v as number), expect: { ret: null } })),
    { what: 'a closed handle', call: () => { const s = S('tcp'); const h = s.m_hSocket; s.Close(); return CAsyncSocket.FromHandle(h); }, expect: { ret: null } },
  ];
  r[`${name}.static.GetLastError`] = [{ what: 'any time', call: () => typeof CAsyncSocket.GetLastError(), expect: { ret: 'number' } }];
  for (const m of ['GetPeerName', 'GetSockName'] as const) {
    r[`${name}.${m}`] = [
      ...noSocket(C, false, (s) => s[m](addr())),
      ...hostileOuts().filter(([w]) => w !== 'a frozen object').map(([w, o]): Case => { const s = S('tcp'); return { what: `out = ${w}`, sock: s, call: () => s[m](o as never), expect: { ret: false, wsa: WSAEFAULT } }; }),
    ];
  }
  r[`${name}.GetPeerName`]!.push((() => { const s = S('tcp'); return { what: 'not connected', sock: s, call: () => s.GetPeerName(addr()), expect: { ret: false, wsa: WSAENOTCONN } }; })());
  r[`${name}.GetSockOpt`] = [
    ...noSocket(C, false, (s) => s.GetSockOpt(SO_TYPE, new Uint8Array(4), { value: 4 })),
    ...hostileBuffers().map(([w, b]): Case => { const s = S('tcp'); return { what: `value = ${w}`, sock: s, call: () => s.GetSockOpt(SO_TYPE, b as Uint8Array, { value: 4 }), expect: { ret: false, wsa: WSAEFAULT } }; }),
    ...hostileOuts().filter(([w]) => w !== 'a frozen object').map(([w, o]): Case => { const s = S('tcp'); return { what: `length ref = ${w}`, sock: s, call: () => s.GetSockOpt(SO_TYPE, new Uint8Array(4), o as never), expect: { ret: false, wsa: WSAEFAULT } }; }),
    ...[...hostileLengths(), ...pastTheEnd()].map(([w, n]): Case => { const s = S('tcp'); return { what: `length = ${w}`, sock: s, call: () => s.GetSockOpt(SO_TYPE, new Uint8Array(4), { value: n as number }), expect: { ret: false, wsa: WSAEFAULT } }; }),
    (() => { const s = S('tcp'); return { what: 'option 0x7777', sock: s, call: () => s.GetSockOpt(0x7777, new Uint8Array(4), { value: 4 }), expect: { ret: false, wsa: afx.WSAENOPROTOOPT } }; })(),
  ];
  r[`${name}.SetSockOpt`] = [
    ...noSocket(C, false, (s) => s.SetSockOpt(SO_RCVBUF, new Uint8Array(4), 4)),
    ...hostileBuffers().map(([w, b]): Case => { const s = S('tcp'); return { what: `value = ${w}`, sock: s, call: () => s.SetSockOpt(SO_RCVBUF, b as Uint8Array, 4), expect: { ret: false, wsa: WSAEFAULT } }; }),
    // Winsock's setsockopt takes length -1 as a 4-byte SOL_SOCKET option's own size (sock.c, test_set_getsockopt).
    ...hostileLengths().map(([w, n]): Case => { const s = S('tcp'); return { what: `length = ${w}`, sock: s, call: () => s.SetSockOpt(SO_RCVBUF, new Uint8Array(4), n as number), expect: n === -1 ? { ret: true } : { ret: false, wsa: WSAEINVAL } }; }),
    ...pastTheEnd().map(([w, n]): Case => { const s = S('tcp'); return { what: `length ${w} past the value`, sock: s, call: () => s.SetSockOpt(SO_RCVBUF, new Uint8Array(4), n), expect: { ret: false, wsa: WSAEFAULT } }; }),
    (() => { const s = S('tcp'); return { what: 'a 1-byte int option', sock: s, call: () => s.SetSockOpt(SO_RCVBUF, new Uint8Array(1), 1), expect: { ret: false, wsa: WSAEFAULT } }; })(),
  ];
  r[`${name}.IOCtl`] = [
    ...noSocket(C, false, (s) => s.IOCtl(FIONREAD, { value: 0 })),
    ...hostileOuts().filter(([w]) => w !== 'a frozen object').map(([w, o]): Case => { const s = S('tcp'); return { what: `argument = ${w}`, sock: s, call: () => s.IOCtl(FIONREAD, o as never), expect: { ret: false, wsa: WSAEFAULT } }; }),
    (() => { const s = S('tcp'); return { what: 'argument.value NaN', sock: s, call: () => s.IOCtl(FIONREAD, { value: NaN }), expect: { ret: false, wsa: WSAEFAULT } }; })(),
    (() => { const s = S('tcp'); return { what: 'FIONBIO 0 while events are selected', sock: s, call: () => s.IOCtl(FIONBIO, { value: 0 }), expect: { ret: false, wsa: WSAEINVAL } }; })(),
    (() => { const s = S('tcp'); return { what: 'an unknown command', sock: s, call: () => s.IOCtl(0x12345, { value: 0 }), expect: { ret: false, wsa: WSAEINVAL } }; })(),
  ];
  r[`${name}.AsyncSelect`] = [
    ...noSocket(C, false, (s) => s.AsyncSelect(FD_ALL_EVENTS)),
    ...([['0x400', 0x400], ['-1', -1], ['NaN', NaN], ['1.5', 1.5], ['a string', '1']] as const).map(([w, e]): Case => { const s = S('tcp'); return { what: `events = ${w}`, sock: s, call: () => s.AsyncSelect(e as number), expect: { ret: false, wsa: WSAEINVAL } }; }),
  ];
  r[`${name}.Bind`] = [
    ...noSocket(C, false, (s) => s.Bind(0)),
    ...hostilePorts().map(([w, p]): Case => { const s = mk(C, 'fresh'); s.Socket(); return { what: `port = ${w}`, sock: s, call: () => s.Bind(p as number), expect: { ret: false, wsa: WSAEINVAL } }; }),
    ...hostileHosts(UNRESOLVABLE_HOST).map(([w, h]): Case => { const s = mk(C, 'fresh'); s.Socket(); return { what: `address = ${w}`, sock: s, call: () => s.Bind(0, h as string), expect: { ret: false, wsa: WSAEINVAL } }; }),
    (() => { const s = mk(C, 'fresh'); s.Socket(); return { what: 'an IPv6 address on an IPv4 socket', sock: s, call: () => s.Bind(0, '::1'), expect: { ret: false, wsa: WSAEAFNOSUPPORT } }; })(),
    (() => { const s = S('tcp'); return { what: 'twice', sock: s, call: () => s.Bind(0, '127.0.0.1'), expect: { ret: false, wsa: WSAEINVAL } }; })(),
  ];
  r[`${name}.Listen`] = [
    ...noSocket(C, false, (s) => s.Listen()),
    ...([['NaN', NaN], ['a string', '5'], ['1.5', 1.5]] as const).map(([w, n]): Case => { const s = S('tcp'); return { what: `backlog = ${w}`, sock: s, call: () => s.Listen(n as number), expect: { ret: false, wsa: WSAEINVAL } }; }),
    (() => { const s = S('udp'); return { what: 'on a datagram socket', sock: s, call: () => s.Listen(), expect: { ret: false, wsa: WSAEOPNOTSUPP } }; })(),
  ];
  r[`${name}.Accept`] = [
    ...noSocket(C, false, (s) => s.Accept(new CAsyncSocket())),
    ...anything().map(([w, v]): Case => { const s = S('listening'); return { what: `into = ${w}`, sock: s, call: () => s.Accept(v as CAsyncSocket), expect: { ret: false, wsa: WSAEINVAL } }; }),
    (() => { const s = S('listening'); const into = S('tcp'); return { what: 'into a socket that holds a handle', sock: s, call: () => s.Accept(into), expect: { ret: false, wsa: WSAEINVAL } }; })(),
    (() => { const s = S('udp'); return { what: 'on a datagram socket', sock: s, call: () => s.Accept(track(new CAsyncSocket())), expect: { ret: false, wsa: WSAEOPNOTSUPP } }; })(),
    (() => { const s = S('tcp'); return { what: 'on a socket that is not listening', sock: s, call: () => s.Accept(track(new CAsyncSocket())), expect: { ret: false, wsa: WSAEINVAL } }; })(),
  ];
  r[`${name}.Connect`] = [
    ...noSocket(C, false, (s) => s.Connect('127.0.0.1', 1)),
    ...hostileHosts(UNRESOLVABLE_HOST).map(([w, h]): Case => { const s = S('tcp'); return { what: `host = ${w}`, sock: s, call: () => s.Connect(h as string, 80), expect: { ret: false, wsa: WSAEINVAL } }; }),
    ...hostilePorts().map(([w, p]): Case => { const s = S('tcp'); return { what: `port = ${w}`, sock: s, call: () => s.Connect('127.0.0.1', p as number), expect: { ret: false, wsa: WSAEINVAL } }; }),
    (() => { const s = S('tcp6'); return { what: 'an IPv4 address from an IPv6 socket', sock: s, call: () => s.Connect('127.0.0.1', 80), expect: { ret: false, wsa: WSAEAFNOSUPPORT } }; })(),
    (() => { const s = S('listening'); return { what: 'a listening socket (Winsock: WSAEINVAL)', sock: s, call: () => s.Connect('127.0.0.1', 9), expect: { ret: false, wsa: WSAEINVAL } }; })(),
  ];
  r[`${name}.Send`] = [
    ...noSocket(C, SOCKET_ERROR, (s) => s.Send(buf8(), 8)),
    ...bufferCases(C, 'tcp', (s, b, n) => s.Send(b as Uint8Array, n as number)),
    (() => { const s = S('tcp'); return { what: 'not connected', sock: s, call: () => s.Send(buf8(), 8), expect: { ret: SOCKET_ERROR, wsa: WSAENOTCONN } }; })(),
    (() => { const s = S('listening'); return { what: 'on a listening socket', sock: s, call: () => s.Send(buf8(), 8), expect: { ret: SOCKET_ERROR, wsa: WSAENOTCONN } }; })(),
    (() => { const s = S('tcp'); return { what: 'flags with bits Winsock does not define', sock: s, call: () => s.Send(buf8(), 8, 0x40000), expect: { ret: SOCKET_ERROR, wsa: WSAEOPNOTSUPP } }; })(),
  ];
  r[`${name}.Receive`] = [
    ...noSocket(C, SOCKET_ERROR, (s) => s.Receive(buf8(), 8)),
    // Winsock's recv reads a negative length as a huge buffer: WSAEFAULT (sock.c, test_read_events).
    ...bufferCases(C, 'tcp', (s, b, n) => s.Receive(b as Uint8Array, n as number), WSAEFAULT),
    (() => { const s = S('tcp'); return { what: 'not connected', sock: s, call: () => s.Receive(buf8(), 8), expect: { ret: SOCKET_ERROR, wsa: WSAENOTCONN } }; })(),
    (() => { const s = S('udp'); return { what: 'MSG_OOB on a datagram socket', sock: s, call: () => s.Receive(buf8(), 8, MSG_OOB), expect: { ret: SOCKET_ERROR, wsa: WSAEOPNOTSUPP } }; })(),
  ];
  r[`${name}.SendTo`] = [
    ...noSocket(C, SOCKET_ERROR, (s) => s.SendTo(buf8(), 8, 9, '127.0.0.1')),
    ...bufferCases(C, 'udp', (s, b, n) => s.SendTo(b as Uint8Array, n as number, 9, '127.0.0.1')),
    ...hostilePorts().map(([w, p]): Case => { const s = S('udp'); return { what: `port = ${w}`, sock: s, call: () => s.SendTo(buf8(), 8, p as number, '127.0.0.1'), expect: { ret: SOCKET_ERROR, wsa: WSAEINVAL } }; }),
    ...hostileHosts(UNRESOLVABLE_HOST).map(([w, h]): Case => { const s = S('udp'); return { what: `host = ${w}`, sock: s, call: () => s.SendTo(buf8(), 8, 9, h as string), expect: { ret: SOCKET_ERROR, wsa: WSAEINVAL } }; }),
  ];
  r[`${name}.ReceiveFrom`] = [
    ...noSocket(C, SOCKET_ERROR, (s) => s.ReceiveFrom(buf8(), 8, addr())),
    ...bufferCases(C, 'udp', (s, b, n) => s.ReceiveFrom(b as Uint8Array, n as number, addr())),
    ...hostileOuts().filter(([w]) => w !== 'a frozen object').map(([w, o]): Case => { const s = S('udp'); return { what: `from = ${w}`, sock: s, call: () => s.ReceiveFrom(buf8(), 8, o as never), expect: { ret: SOCKET_ERROR, wsa: WSAEFAULT } }; }),
  ];
  r[`${name}.ShutDown`] = [
    // Winsock's WSAENOTCONN applies to connection-oriented sockets only.
    (() => { const s = S('udp'); return { what: 'an unconnected datagram socket succeeds, then sends fail with WSAESHUTDOWN', sock: s, call: () => s.ShutDown() && s.SendTo(buf8(), 8, 9, '127.0.0.1'), expect: { ret: SOCKET_ERROR, wsa: afx.WSAESHUTDOWN } }; })(),
    ...noSocket(C, false, (s) => s.ShutDown()),
    ...([['3', 3], ['-1', -1], ['NaN', NaN], ['a string', '1']] as const).map(([w, n]): Case => { const s = S('tcp'); return { what: `how = ${w}`, sock: s, call: () => s.ShutDown(n as number), expect: { ret: false, wsa: WSAEINVAL } }; }),
    (() => { const s = S('tcp'); return { what: 'not connected', sock: s, call: () => s.ShutDown(), expect: { ret: false, wsa: WSAENOTCONN } }; })(),
  ];
  /* MFC's protected virtuals: callable from JavaScript, so they take hostile input too. */
  type Prot = Record<string, (...a: unknown[]) => unknown>;
  r[`${name}.SetLastError`] = anything().filter(([w]) => !w.startsWith('a Proxy') && !['a symbol', 'a bigint'].includes(w)).map(([w, v]): Case => ({ what: `code = ${w}`, call: () => { const s = S('fresh'); (s as unknown as Prot).SetLastError!(v); return typeof s.GetLastError(); }, expect: { ret: 'number' } }));
  r[`${name}.ConnectHelper`] = [
    ...anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => { const s = S('tcp'); return { what: `address = ${w}`, sock: s, call: () => (s as unknown as Prot).ConnectHelper!(v), expect: { ret: false, wsa: WSAEFAULT } }; }),
    (() => { const s = S('tcp'); return { what: 'an address of 3 bytes', sock: s, call: () => (s as unknown as Prot).ConnectHelper!({ family: 2, addr: new Uint8Array(3), port: 1, flowinfo: 0, scopeId: 0 }), expect: { ret: false, wsa: WSAEFAULT } }; })(),
  ];
  r[`${name}.SendToHelper`] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => { const s = S('udp'); return { what: `address = ${w}`, sock: s, call: () => (s as unknown as Prot).SendToHelper!(buf8(), 8, v, 0), expect: { ret: SOCKET_ERROR, wsa: WSAEFAULT } }; });
  r[`${name}.ReceiveFromHelper`] = hostileBuffers().map(([w, b]): Case => { const s = S('udp'); return { what: `buffer = ${w}`, sock: s, call: () => (s as unknown as Prot).ReceiveFromHelper!(b, 8, addr(), 0), expect: { ret: SOCKET_ERROR, wsa: WSAEFAULT } }; });
  for (const m of ['OnAccept', 'OnConnect', 'OnReceive', 'OnSend', 'OnClose', 'OnOutOfBandData']) {
    r[`${name}.${m}`] = anything().map(([w, v]): Case => ({ what: `nErrorCode = ${w}`, call: () => (S('fresh') as unknown as Prot)[m]!(v), expect: { ret: undefined } }));
  }
  r[`${name}.Close`] = [
    { what: 'on a fresh object', call: () => S('fresh').Close(), expect: { ret: undefined } },
    { what: 'twice', call: () => { const s = S('tcp'); s.Close(); return s.Close(); }, expect: { ret: undefined } },
  ];
  return r;
}


function csocketRows(): Record<string, Case[]> {
  const r = socketRows('CSocket', CSocket);
  const S = (how: Parameters<typeof mk>[1]): CSocket => mk(CSocket, how);
  const optsCases = (call: (s: CSocket, o: unknown) => unknown, how: Parameters<typeof mk>[1], ret: unknown): Case[] =>
    ([['a number', 5], ['a string', 'x'], ['signal = {}', { signal: {} }], ['timeout = NaN', { timeout: NaN }], ['timeout = -1', { timeout: -1 }], ['timeout = "5"', { timeout: '5' }]] as const)
      .map(([w, o]): Case => { const s = S(how); return { what: `opts = ${w}`, sock: s, call: () => call(s, o), expect: { ret, wsa: WSAEINVAL } }; });
  r['CSocket.IsBlocking'] = [{ what: 'on a fresh object', call: () => S('fresh').IsBlocking(), expect: { ret: false } }];
  r['CSocket.CancelBlockingCall'] = [{ what: 'with nothing waiting', call: () => S('tcp').CancelBlockingCall(), expect: { ret: undefined } }];
  r['CSocket.OnMessagePending'] = [{ what: 'called directly', call: () => S('fresh').OnMessagePending(), expect: { ret: false } }];
  r['CSocket.GetCancelHandle'] = [{ what: 'on a fresh object', call: () => S('fresh').GetCancelHandle().sab instanceof SharedArrayBuffer, expect: { ret: true } }];
  r['CSocket.static.FromHandle'] = anything().map(([w, v]): Case => ({ what: `handle = ${w}`, call: () => CSocket.FromHandle(v as number), expect: { ret: null } }));
  r['CSocket.ReceiveAsync'] = [
    ...noSocket(CSocket, SOCKET_ERROR, (s) => s.ReceiveAsync(buf8(), 8)),
    ...bufferCases(CSocket, 'tcp', (s, b, n) => s.ReceiveAsync(b as Uint8Array, n as number), WSAEFAULT),
  ];
  r['CSocket.SendAsync'] = [
    ...noSocket(CSocket, SOCKET_ERROR, (s) => s.SendAsync(buf8(), 8)),
    ...bufferCases(CSocket, 'tcp', (s, b, n) => s.SendAsync(b as Uint8Array, n as number)),
    ...optsCases((s, o) => s.SendAsync(buf8(), 8, 0, o as never), 'tcp', SOCKET_ERROR),
  ];
  r['CSocket.SendToAsync'] = [
    ...noSocket(CSocket, SOCKET_ERROR, (s) => s.SendToAsync(buf8(), 8, 9, '127.0.0.1')),
    ...bufferCases(CSocket, 'udp', (s, b, n) => s.SendToAsync(b as Uint8Array, n as number, 9, '127.0.0.1')),
    ...hostilePorts().map(([w, p]): Case => { const s = S('udp'); return { what: `port = ${w}`, sock: s, call: () => s.SendToAsync(buf8(), 8, p as number, '127.0.0.1'), expect: { ret: SOCKET_ERROR, wsa: WSAEINVAL } }; }),
  ];
  r['CSocket.ReceiveFromAsync'] = [
    ...noSocket(CSocket, SOCKET_ERROR, (s) => s.ReceiveFromAsync(buf8(), 8, addr())),
    ...bufferCases(CSocket, 'udp', (s, b, n) => s.ReceiveFromAsync(b as Uint8Array, n as number, addr())),
    ...optsCases((s, o) => s.ReceiveFromAsync(buf8(), 8, addr(), 0, o as never), 'udp', SOCKET_ERROR),
  ];
  r['CSocket.AcceptAsync'] = [
    ...noSocket(CSocket, false, (s) => s.AcceptAsync(new CSocket())),
    ...anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => { const s = S('listening'); return { what: `into = ${w}`, sock: s, call: () => s.AcceptAsync(v as CSocket), expect: { ret: false, wsa: WSAEINVAL } }; }),
    ...optsCases((s, o) => s.AcceptAsync(track(new CSocket()), null, o as never), 'listening', false),
  ];
  r['CSocket.ConnectAsync'] = [
    ...noSocket(CSocket, false, (s) => s.ConnectAsync('127.0.0.1', 9)),
    ...hostileHosts(UNRESOLVABLE_HOST).map(([w, h]): Case => { const s = S('tcp'); return { what: `host = ${w}`, sock: s, call: () => s.ConnectAsync(h as string, 80), expect: { ret: false, wsa: WSAEINVAL } }; }),
    ...hostilePorts().map(([w, p]): Case => { const s = S('tcp'); return { what: `port = ${w}`, sock: s, call: () => s.ConnectAsync('127.0.0.1', p as number), expect: { ret: false, wsa: WSAEINVAL } }; }),
    ...optsCases((s, o) => s.ConnectAsync('127.0.0.1', 9, o as never), 'tcp', false),
  ];
  return r;
}

/* ------------------------------------------------------------------ files, archives, objects */

class Probe extends CObject {
  n = 0;
  override Serialize(ar: CArchive): void { if (ar.IsStoring()) ar.WriteLong(this.n); else this.n = ar.ReadLong(); }
}
IMPLEMENT_SERIAL(Probe, CObject, 1, { name: 'ReliabilityProbe' });

const storing = (): CArchive => new CArchive(new CMemFile(), CArchive.store);
const loading = (bytes: number[] = []): CArchive => new CArchive(new CMemFile(Uint8Array.from(bytes)), CArchive.load);
const th = (C: Ctor, cause?: number): Expect => (cause === undefined ? { throws: C } : { throws: C, cause });

function archiveRows(): Record<string, Case[]> {
  const r: Record<string, Case[]> = {};
  const eof = th(CArchiveException, CArchiveException.endOfFile);
  const wrongMode = (m: string, call: (a: CArchive) => unknown, loadingArchive: boolean, cause: number): Case =>
    ({ what: `${m} on a ${loadingArchive ? 'loading' : 'storing'} archive`, call: () => call(loadingArchive ? loading([1, 2, 3, 4, 5, 6, 7, 8]) : storing()), expect: th(CArchiveException, cause) });
  const writers: Array<[string, (a: CArchive, v: never) => unknown, unknown[]]> = [
    ['WriteByte', (a, v) => a.WriteByte(v), [256, -1, 1.5, NaN, '1', 1n]],
    ['WriteWord', (a, v) => a.WriteWord(v), [65536, -1, 1.5, NaN, '1', 1n]],
    ['WriteLong', (a, v) => a.WriteLong(v), [2 ** 31, -(2 ** 31) - 1, 1.5, NaN, '1', 1n]],
    ['WriteDWord', (a, v) => a.WriteDWord(v), [2 ** 32, -1, 1.5, NaN, '1', 1n]],
    ['WriteLongLong', (a, v) => a.WriteLongLong(v), [2n ** 63n, 1.5, NaN, '1', 2 ** 64]],
    ['WriteULongLong', (a, v) => a.WriteULongLong(v), [2n ** 64n, -1n, -1, 1.5, NaN, '1']],
    ['WriteFloat', (a, v) => a.WriteFloat(v), ['1', 1n, null, {}]],
    ['WriteDouble', (a, v) => a.WriteDouble(v), ['1', 1n, null, {}]],
    ['WriteInt', (a, v) => a.WriteInt(v), [2 ** 31, 1.5, NaN, '1', 1n]],
    ['WriteUInt', (a, v) => a.WriteUInt(v), [2 ** 32, -1, 1.5, '1', 1n]],
    ['WriteShort', (a, v) => a.WriteShort(v), [32768, -32769, 1.5, '1', 1n]],
    ['WriteChar', (a, v) => a.WriteChar(v), [128, -129, 1.5, '1', 1n]],
    ['WriteWChar', (a, v) => a.WriteWChar(v), [65536, -1, 1.5, '1', 1n]],
    ['WriteBool', (a, v) => a.WriteBool(v), [1, 'true', null, 1n]],
    ['WriteCount', (a, v) => a.WriteCount(v), [-1, 1.5, NaN, 2 ** 53, '1', 1n]],
    ['WriteCString', (a, v) => a.WriteCString(v), [1, null, {}, 1n]],
    ['WriteCStringW', (a, v) => a.WriteCStringW(v), [1, null, {}, 1n]],
    ['WriteCStringA', (a, v) => a.WriteCStringA(v), [1, null, {}, 1n]],
    ['WriteString', (a, v) => a.WriteString(v), [1, null, {}, 1n]],
  ];
  for (const [m, call, bad] of writers) {
    r[`CArchive.${m}`] = [
      ...[...bad, detachedView()].map((v): Case => ({ what: `value = ${describe(v)}`, call: () => call(storing(), v as never), expect: th(CInvalidArgException) })),
      wrongMode(m, (a) => call(a, (m.includes('String') ? 'x' : m === 'WriteBool' ? true : m.endsWith('LongLong') ? 1n : 1) as never), true, CArchiveException.readOnly),
    ];
  }
  const readers = ['ReadByte', 'ReadWord', 'ReadLong', 'ReadDWord', 'ReadLongLong', 'ReadULongLong', 'ReadFloat', 'ReadDouble', 'ReadInt',
    'ReadUInt', 'ReadShort', 'ReadChar', 'ReadWChar', 'ReadBool', 'ReadCount', 'ReadCString', 'ReadCStringW', 'ReadCStringA'] as const;
  for (const m of readers) {
    r[`CArchive.${m}`] = [
      { what: 'on an empty file', call: () => loading()[m](), expect: eof },
      wrongMode(m, (a) => a[m](), false, CArchiveException.writeOnly),
    ];
  }
  r['CArchive.ReadCString']!.push(
    { what: 'a length prefix of 2^31 with 5 bytes behind it', call: () => loading([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 2, 3, 4, 5]).ReadCString(), expect: eof },
    { what: 'a QWORD length above INT_MAX', call: () => loading([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0x80, 0, 0, 0, 0]).ReadCString(), expect: th(CArchiveException, CArchiveException.genericException) },
  );
  r['CArchive.ReadString'] = [{ what: 'on an empty file', call: () => loading().ReadString(), expect: { ret: null } }, wrongMode('ReadString', (a) => a.ReadString(), false, CArchiveException.writeOnly)];
  r['CArchive.ReadStringMax'] = [
    ...[...hostileLengths()].map(([w, n]): Case => ({ what: `nMax = ${w}`, call: () => loading([65, 0]).ReadStringMax(n as number), expect: th(CInvalidArgException) })),
  ];
  for (const m of ['Read', 'EnsureRead', 'Write'] as const) {
    const mkA = m === 'Write' ? storing : () => loading([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    r[`CArchive.${m}`] = [
      ...hostileBuffers().filter(([w]) => w !== 'undefined').map(([w, b]): Case => ({ what: `buffer = ${w}`, call: () => mkA()[m](b as Uint8Array, 8), expect: th(CInvalidArgException) })),
      ...[...hostileLengths(), ...pastTheEnd()].map(([w, n]): Case => ({ what: `count = ${w}`, call: () => mkA()[m](buf8(), n as number), expect: th(CInvalidArgException) })),
      { what: 'a detached buffer', call: () => mkA()[m](detachedView(), 1), expect: th(CInvalidArgException) },
    ];
  }
  r['CArchive.EnsureRead']!.push({ what: 'more than the file holds', call: () => loading([1, 2]).EnsureRead(buf8(), 8), expect: eof });
  r['CArchive.SetObjectSchema'] = [...anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `schema = ${w}`, call: () => loading().SetObjectSchema(v as number), expect: th(CInvalidArgException) }))];
  r['CArchive.SetCodePage'] = [
    ...([['a negative number', -5], ['NaN', NaN], ['an unknown name', 'klingon'], ['null', null], ['an object that is no code page', {}], ['a detached view', detachedView()]] as const)
      .map(([w, v]): Case => ({ what: `code page = ${w}`, call: () => storing().SetCodePage(v as never), expect: th(CInvalidArgException) })),
  ];
  for (const m of ['IsLoading', 'IsStoring', 'IsByteSwapping', 'IsBufferEmpty', 'GetFile', 'GetCodePage', 'GetObjectSchema', 'LastCStringWasUnicode'] as const) {
    r[`CArchive.${m}`] = [{ what: 'with stray arguments', call: () => typeof (storing()[m] as (...a: unknown[]) => unknown)(NaN, {}, detachedView()), expect: { ret: m === 'GetFile' || m === 'GetCodePage' ? 'object' : m === 'GetObjectSchema' ? 'number' : 'boolean' } }];
  }
  r['CArchive.SetStoreParams'] = [{ what: 'on a loading archive', call: () => loading().SetStoreParams(), expect: th(CArchiveException) }];
  r['CArchive.SetLoadParams'] = [{ what: 'on a storing archive', call: () => storing().SetLoadParams(), expect: th(CArchiveException) }];
  for (const m of ['Flush', 'Close'] as const) {
    r[`CArchive.${m}`] = [{ what: 'after Close', call: () => { const a = storing(); a.Close(); return a[m](); }, expect: th(CArchiveException, CArchiveException.genericException) }];
  }
  r['CArchive.Abort'] = [{ what: 'twice', call: () => { const a = storing(); a.Abort(); return a.Abort(); }, expect: { ret: undefined } }];
  r['CArchive.Delete'] = [{ what: 'after Abort', call: () => { const a = storing(); a.Abort(); return a.Delete(); }, expect: { ret: undefined } }];
  r['CArchive.LoadAsync'] = [
    ...anything().filter(([w]) => w !== 'a function' && !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `fn = ${w}`, call: () => loading().LoadAsync(v as never), expect: th(CInvalidArgException) })),
    ...([['0', 0], ['-1', -1], ['NaN', NaN], ['1.5', 1.5], ['a string', '8']] as const).map(([w, n]): Case => ({ what: `maxBytes = ${w}`, call: () => loading().LoadAsync(() => 1, { maxBytes: n as number }), expect: th(CInvalidArgException) })),
    { what: 'on a storing archive', call: () => storing().LoadAsync(() => 1), expect: th(CArchiveException, CArchiveException.writeOnly) },
    { what: 'a loader reading past the end of the file', call: () => loading([1]).LoadAsync((a) => a.ReadLong()), expect: eof },
  ];
  r['CArchive.FlushAsync'] = [{ what: 'after Close', call: () => { const a = storing(); a.Close(); return a.FlushAsync(); }, expect: th(CArchiveException, CArchiveException.genericException) }];
  r['CArchive.MapObject'] = [
    { what: 'a plain object', call: () => storing().MapObject({} as CObject), expect: th(CInvalidArgException) },
    { what: 'a number', call: () => loading().MapObject(5 as unknown as CObject), expect: th(CInvalidArgException) },
  ];
  r['CArchive.WriteObject'] = [
    ...anything().filter(([w]) => !['undefined', 'null'].includes(w) && !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `object = ${w}`, call: () => storing().WriteObject(v as CObject), expect: th(CInvalidArgException) })),
    { what: 'a CObject whose class is not serializable', call: () => storing().WriteObject(new CObject()), expect: th(CNotSupportedException) },
  ];
  r['CArchive.WriteClass'] = [
    ...anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `class = ${w}`, call: () => storing().WriteClass(v as never), expect: th(CInvalidArgException) })),
  ];
  r['CArchive.ReadClass'] = [
    { what: 'an empty file', call: () => loading().ReadClass(), expect: eof },
    { what: 'an object tag where a class is expected', call: () => loading([1, 0]).ReadClass(), expect: th(CArchiveException, CArchiveException.badIndex) },
    { what: 'a class index never defined', call: () => loading([0x05, 0x80]).ReadClass(), expect: th(CArchiveException, CArchiveException.badIndex) },
    { what: 'an unknown class name', call: () => loading([0xff, 0xff, 1, 0, 3, 0, 0x5a, 0x5a, 0x5a]).ReadClass(), expect: th(CArchiveException, CArchiveException.badClass) },
    { what: 'a hostile requested class', call: () => loading([0, 0]).ReadClass({} as never), expect: th(CInvalidArgException) },
  ];
  r['CArchive.SerializeClass'] = [{ what: 'a number as the class', call: () => storing().SerializeClass(5 as never), expect: th(CInvalidArgException) }];
  r['CArchive.ReadObject'] = [
    { what: 'an empty file', call: () => loading().ReadObject(), expect: eof },
    { what: 'a back-reference to an object never read', call: () => loading([7, 0]).ReadObject(), expect: th(CArchiveException, CArchiveException.badIndex) },
    { what: 'a big-tag object index past the map', call: () => loading([0xff, 0x7f, 0xff, 0xff, 0xff, 0x7f]).ReadObject(), expect: th(CArchiveException, CArchiveException.badIndex) },
  ];
  return r;
}


function fileRows(): Record<string, Case[]> {
  const r: Record<string, Case[]> = {};
  const open = (): CMemFile => new CMemFile();
  const sockFile = (): CSocketFile => new CSocketFile(mk(CSocket, 'tcp'));
  const rw = (cls: string, make: () => CFile): void => {
    for (const m of ['Read', 'Write', 'ReadAsync', 'WriteAsync'] as const) {
      r[`${cls}.${m}`] = [
        ...hostileBuffers().map(([w, b]): Case => ({ what: `buffer = ${w}`, call: () => make()[m](b as Uint8Array, 8), expect: th(CInvalidArgException) })),
        ...[...hostileLengths(), ...pastTheEnd()].map(([w, n]): Case => ({ what: `count = ${w}`, call: () => make()[m](buf8(), n as number), expect: th(CInvalidArgException) })),
        { what: 'a subarray at offset 8 with its length + 1', call: () => make()[m](new Uint8Array(32).subarray(8, 16), 9), expect: th(CInvalidArgException) },
      ];
    }
  };
  rw('CFile', () => new CFile());
  rw('CMemFile', open);
  rw('CSocketFile', sockFile);
  r['CFile.Read']!.push({ what: 'on a file never opened', call: () => new CFile().Read(buf8(), 8), expect: th(CFileException, CFileException.invalidFile) });
  r['CFile.Open'] = [
    { what: 'a path that does not exist', call: () => new CFile().Open('/nonexistent/afxsock/x', CFile.modeRead), expect: { ret: false } },
    { what: 'a path that does not exist, throwing', call: () => new CFile().Open('/nonexistent/afxsock/x', CFile.modeRead, true), expect: th(CFileException, CFileException.fileNotFound) },
    ...([['a number', 5], ['a bigint', 5n], ['null', null], ['a NUL inside', 'a\0b']] as const).map(([w, p]): Case => ({ what: `path = ${w}`, call: () => new CFile().Open(p as string, CFile.modeRead, true), expect: th(CException) })),
    { what: 'flags = a bigint', call: () => new CFile().Open(PLAIN, 1n as never, true), expect: th(CInvalidArgException) },
  ];
  for (const cls of ['CFile', 'CMemFile'] as const) {
    const make = cls === 'CFile' ? () => new CFile() : open;
    r[`${cls}.Seek`] = [
      ...([['NaN', NaN], ['a bigint', 1n], ['-1 from the start', -1], ['2^60', 2 ** 60]] as const).map(([w, off]): Case => ({ what: `offset = ${w}`, call: () => { const f = cls === 'CFile' ? new CFile(PLAIN) : make(); try { return f.Seek(off as number, CFile.begin); } finally { f.Close(); } }, expect: th(CFileException, CFileException.badSeek) })),
      { what: 'origin 7', call: () => { const f = cls === 'CFile' ? new CFile(PLAIN) : make(); try { return f.Seek(0, 7); } finally { f.Close(); } }, expect: th(CFileException, CFileException.badSeek) },
    ];
    r[`${cls}.SetLength`] = [...([['-1', -1], ['NaN', NaN], ['a bigint', 1n], ['2^53', 2 ** 53]] as const).map(([w, n]): Case => ({ what: `length = ${w}`, call: () => (cls === 'CFile' ? new CFile() : make()).SetLength(n as number), expect: th(CException) }))];
    for (const m of ['SeekToBegin', 'SeekToEnd', 'GetPosition', 'GetLength'] as const) {
      // MFC's CMemFile::Close empties the file, which stays usable (length 0); a CFile is invalid.
      r[`${cls}.${m}`] = [{ what: 'after Close', call: () => { const f = make(); f.Close(); return f[m](); }, expect: cls === 'CFile' ? th(CFileException, CFileException.invalidFile) : { ret: m === 'SeekToBegin' ? undefined : 0 } }];
    }
    for (const m of ['Flush', 'Close', 'Abort'] as const) r[`${cls}.${m}`] = [{ what: 'twice', call: () => { const f = make(); f[m](); return f[m](); }, expect: { ret: undefined } }];
    for (const m of ['Duplicate', 'LockRange', 'UnlockRange'] as const) r[`${cls}.${m}`] = [{ what: 'always', call: () => (make()[m] as (...a: unknown[]) => unknown)(0, 1), expect: th(CNotSupportedException) }];
    r[`${cls}.GetBufferPtr`] = [...anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `command = ${w}`, call: () => typeof make().GetBufferPtr(v as number), expect: { ret: 'number' } }))];
    r[`${cls}.GetFilePath`] = [{ what: 'unopened', call: () => make().GetFilePath(), expect: { ret: '' } }];
    r[`${cls}.GetFileName`] = [{ what: 'unopened', call: () => make().GetFileName(), expect: { ret: '' } }];
  }
  r['CMemFile.Attach'] = [
    ...hostileBuffers().map(([w, b]): Case => ({ what: `buffer = ${w}`, call: () => new CMemFile().Attach(b as Uint8Array, 8), expect: th(CInvalidArgException) })),
    ...[...hostileLengths(), ...pastTheEnd()].map(([w, n]): Case => ({ what: `size = ${w}`, call: () => new CMemFile().Attach(buf8(), n as number), expect: th(CInvalidArgException) })),
    ...([['-1', -1], ['NaN', NaN], ['1.5', 1.5]] as const).map(([w, g]): Case => ({ what: `grow = ${w}`, call: () => new CMemFile().Attach(buf8(), 8, g), expect: th(CInvalidArgException) })),
  ];
  // A length below the buffer's is allowed (MFC grows only when asked for more); these are not lengths.
  r['CMemFile.GrowFile'] = ([['NaN', NaN], ['2^53', 2 ** 53], ['a bigint', 1n], ['a string', '8'], ['a detached view', detachedView()]] as const).map(([w, n]): Case => ({
    what: `length = ${w}`, call: () => (new CMemFile() as unknown as Record<string, (n: unknown) => unknown>).GrowFile!(n), expect: th(CException),
  }));
  r['CMemFile.Detach'] = [{ what: 'twice', call: () => { const f = new CMemFile(); f.Detach(); return f.Detach() instanceof Uint8Array; }, expect: { ret: true } }];
  r['CMemFile.Open'] = [{ what: 'a path', call: () => new CMemFile().Open(PLAIN, 0), expect: th(CException) }];
  r['CMemFile.Write']!.push({ what: 'past a fixed attached buffer', call: () => { const f = new CMemFile(new Uint8Array(4)); return f.Write(buf8(), 8); }, expect: th(CException) });
  r['CSocketFile.SeekToBegin'] = [{ what: 'a socket cannot seek: Seek is a no-op', call: () => sockFile().SeekToBegin(), expect: { ret: undefined } }];
  r['CSocketFile.SeekToEnd'] = [{ what: 'a socket cannot seek: Seek is a no-op', call: () => sockFile().SeekToEnd(), expect: { ret: 0 } }];
  for (const m of ['Open', 'Duplicate', 'GetPosition', 'SetLength', 'GetLength', 'LockRange', 'UnlockRange', 'Abort'] as const) {
    r[`CSocketFile.${m}`] = [{ what: 'on a socket file', call: () => (sockFile()[m] as (...a: unknown[]) => unknown)('x', 0), expect: th(CNotSupportedException) }];
  }
  r['CSocketFile.Seek'] = [{ what: 'anything', call: () => sockFile().Seek(NaN, 99), expect: { ret: 0 } }];
  r['CSocketFile.Close'] = [{ what: 'twice', call: () => { const f = sockFile(); f.Close(); return f.Close(); }, expect: { ret: undefined } }];
  r['CSocketFile.Flush'] = [{ what: 'after Close', call: () => { const f = sockFile(); f.Close(); return f.Flush(); }, expect: { ret: undefined } }];
  r['CSocketFile.GetBufferPtr'] = [{ what: 'bufferCheck', call: () => sockFile().GetBufferPtr(CFile.bufferCheck), expect: { ret: CFile.bufferBlocking } }];
  r['CSocketFile.GetFilePath'] = [{ what: 'always', call: () => sockFile().GetFilePath(), expect: { ret: '' } }];
  r['CSocketFile.GetFileName'] = [{ what: 'always', call: () => sockFile().GetFileName(), expect: { ret: '' } }];
  r['CSocketFile.Read']!.push({ what: 'after Close', call: () => { const f = sockFile(); f.Close(); return f.Read(buf8(), 8); }, expect: th(CFileException, CFileException.genericException) });
  return r;
}

function objectRows(): Record<string, Case[]> {
  const r: Record<string, Case[]> = {};
  r['CObject.GetRuntimeClass'] = [{ what: 'a plain CObject', call: () => new CObject().GetRuntimeClass().m_lpszClassName, expect: { ret: 'CObject' } }];
  r['CObject.IsKindOf'] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `class = ${w}`, call: () => new CObject().IsKindOf(v as never), expect: th(CInvalidArgException) }));
  r['CObject.IsSerializable'] = [{ what: 'a plain CObject', call: () => new CObject().IsSerializable(), expect: { ret: false } }];
  r['CObject.Serialize'] = [{ what: 'a non-archive', call: () => new CObject().Serialize(5 as never), expect: { ret: undefined } }];
  const cls = (): CRuntimeClass => RUNTIME_CLASS(Probe);
  r['CRuntimeClass.CreateObject'] = [{ what: 'of CObject (not creatable)', call: () => RUNTIME_CLASS(CObject).CreateObject(), expect: { ret: null } }];
  r['CRuntimeClass.IsDerivedFrom'] = anything().map(([w, v]): Case => ({ what: `base = ${w}`, call: () => cls().IsDerivedFrom(v as never), expect: { ret: false } }));
  r['CRuntimeClass.IsSerializable'] = [{ what: 'a serial class', call: () => cls().IsSerializable(), expect: { ret: true } }];
  r['CRuntimeClass.Store'] = [
    { what: 'into a loading archive', call: () => cls().Store(loading()), expect: th(CArchiveException, CArchiveException.readOnly) },
    { what: 'into a non-archive', call: () => cls().Store(5 as never), expect: th(CInvalidArgException) },
  ];
  r['CRuntimeClass.static.FromName'] = anything().map(([w, v]): Case => ({ what: `name = ${w}`, call: () => CRuntimeClass.FromName(v as string), expect: { ret: null } }));
  r['CRuntimeClass.static.Load'] = [
    { what: 'a schema then nothing', call: () => CRuntimeClass.Load(loading([1, 0]), { schema: 0 }), expect: th(CArchiveException, CArchiveException.endOfFile) },
    { what: 'a name length of 65535 with 3 bytes behind it', call: () => CRuntimeClass.Load(loading([1, 0, 0xff, 0xff, 65, 66, 67]), { schema: 0 }), expect: { ret: null } },
    { what: 'a non-archive', call: () => CRuntimeClass.Load(5 as never, { schema: 0 }), expect: th(CInvalidArgException) },
  ];
  const excRows = (name: string, make: () => CException): void => {
    r[`${name}.GetErrorMessage`] = [{ what: 'default', call: () => typeof make().GetErrorMessage(), expect: { ret: 'string' } }];
    r[`${name}.ReportError`] = [{ what: 'default', call: () => typeof make().ReportError(), expect: { ret: 'string' } }];
    r[`${name}.Delete`] = [{ what: 'twice', call: () => { const e = make(); e.Delete(); return e.Delete(); }, expect: { ret: undefined } }];
  };
  excRows('CException', () => new CException('x'));
  excRows('CArchiveException', () => new CArchiveException(99999 as never));
  excRows('CFileException', () => new CFileException(-5 as never, NaN));
  return r;
}

function functionRows(): Record<string, Case[]> {
  const r: Record<string, Case[]> = {};
  const wsa = (ret: unknown, code: number): Expect => ({ ret, wsa: code });
  r['fn.WSAGetLastError'] = [{ what: 'any time', call: () => typeof afx.WSAGetLastError(), expect: { ret: 'number' } }];
  r['fn.WSASetLastError'] = anything().filter(([w]) => !w.startsWith('a Proxy') && w !== 'a symbol' && w !== 'a bigint' && w !== 'a detached view').map(([w, v]): Case => ({ what: `code = ${w}`, call: () => { afx.WSASetLastError(v as number); return Number.isInteger(afx.WSAGetLastError()); }, expect: { ret: true } }));
  r['fn.wsaErrorName'] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `code = ${w}`, call: () => typeof afx.wsaErrorName(v as number), expect: { ret: 'string' } }));
  r['fn.wsaErrorMessage'] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `code = ${w}`, call: () => typeof afx.wsaErrorMessage(v as number), expect: { ret: 'string' } }));
  r['fn.MAKEWORD'] = [{ what: 'NaN, huge', call: () => afx.MAKEWORD(NaN, 2 ** 40 + 2), expect: { ret: 0x0200 } }];
  /* Every WSAStartup a row makes is undone, so that the lookup rows below run uninitialised. */
  const undo = (rc: unknown): unknown => { for (let i = 0; i < 10 && afx.WSACleanup() === 0; i++); return rc; };
  r['fn.WSAStartup'] = [
    ...anything().filter(([w]) => !w.startsWith('a Proxy') && !['an object', 'a function', 'a detached view'].includes(w)).map(([w, v]): Case => ({ what: `WSADATA = ${w}`, call: () => undo(afx.WSAStartup(0x0202, v as never)), expect: { ret: WSAEFAULT } })),
    { what: 'version 0.0', call: () => undo(afx.WSAStartup(0, {} as never)), expect: { ret: afx.WSAVERNOTSUPPORTED } },
  ];
  r['fn.WSACleanup'] = [{ what: 'more often than WSAStartup', call: () => { undo(0); return afx.WSACleanup(); }, expect: wsa(SOCKET_ERROR, WSANOTINITIALISED) }];
  r['fn.AfxSocketInit'] = [{ what: 'a non-object WSADATA', call: () => typeof undo(afx.AfxSocketInit(5 as never)), expect: { ret: 'boolean' } }];
  r['fn.WSAIsBlocking'] = [{ what: 'outside any call', call: () => afx.WSAIsBlocking(), expect: { ret: false } }];
  r['fn.WSACancelBlockingCall'] = [{ what: 'nothing blocking (lazily started)', call: () => afx.WSACancelBlockingCall(), expect: wsa(SOCKET_ERROR, WSAEINVAL) }];
  r['fn.WSASetBlockingHook'] = anything().filter(([w]) => w !== 'a function' && !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `hook = ${w}`, call: () => afx.WSASetBlockingHook(v as never), expect: wsa(null, WSAEFAULT) }));
  r['fn.WSAUnhookBlockingHook'] = [{ what: 'no hook set', call: () => afx.WSAUnhookBlockingHook(), expect: { ret: 0 } }];
  r['fn.WSADefaultBlockingHook'] = [{ what: 'nothing pending', call: () => afx.WSADefaultBlockingHook(), expect: { ret: false } }];
  const lookups = ['WSAAsyncGetHostByName', 'WSAAsyncGetHostByAddr', 'WSAAsyncGetServByName', 'WSAAsyncGetServByPort', 'WSAAsyncGetProtoByName', 'WSAAsyncGetProtoByNumber'] as const;
  for (const f of lookups) {
    r[`fn.${f}`] = anything().filter(([w]) => w !== 'a function' && !w.startsWith('a Proxy')).map(([w, v]): Case => ({
      what: `callback = ${w} (WSAStartup not called: WSANOTINITIALISED comes first)`,
      call: () => (afx[f] as (...a: unknown[]) => number)(v, 'localhost', 'tcp'),
      expect: wsa(0, WSANOTINITIALISED),
    }));
  }
  r['fn.WSACancelAsyncRequest'] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `handle = ${w}`, call: () => afx.WSACancelAsyncRequest(v as number), expect: wsa(SOCKET_ERROR, WSANOTINITIALISED) }));
  r['fn.CancelBlockingCallByHandle'] = [
    ...anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `handle = ${w}`, call: () => afx.CancelBlockingCallByHandle(v as never), expect: { ret: undefined } })),
    { what: 'a forged handle naming a socket as its wake descriptor', call: () => { const s = mk(CSocket, 'tcp'); const sab = new SharedArrayBuffer(16); new Int32Array(sab).set([1, 0, 1, s.m_hSocket]); return afx.CancelBlockingCallByHandle({ sab }); }, expect: { ret: undefined } },
  ];
  const cpValues = ([['an unknown number', 12345], ['an unknown name', 'klingon'], ['NaN', NaN], ['null', null], ['an object that is no code page', {}], ['a symbol', Symbol('cp')], ['a detached view', detachedView()]] as const);
  r['fn.resolveCodePage'] = cpValues.map(([w, v]): Case => ({ what: `code page = ${w}`, call: () => afx.resolveCodePage(v as never), expect: th(CInvalidArgException) }));
  // The process-wide default is put back after each case, so that a value wrongly accepted
  // fails this row only, not every archive made afterwards.
  r['fn.setDefaultCodePage'] = cpValues.map(([w, v]): Case => ({
    what: `code page = ${w}`,
    call: () => { const keep = afx.getDefaultCodePage(); try { return afx.setDefaultCodePage(v as never); } finally { afx.setDefaultCodePage(keep); } },
    expect: th(CInvalidArgException),
  }));
  r['fn.getDefaultCodePage'] = [{ what: 'after refused sets', call: () => typeof afx.getDefaultCodePage().decode, expect: { ret: 'function' } }];
  for (const f of ['archiveCauseName', 'fileCauseName'] as const) {
    r[`fn.${f}`] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `cause = ${w}`, call: () => typeof afx[f](v as number), expect: { ret: 'string' } }));
  }
  r['fn.AfxThrowArchiveException'] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `cause = ${w}`, call: () => afx.AfxThrowArchiveException(v as number), expect: th(CArchiveException) }));
  r['fn.AfxThrowFileException'] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `cause = ${w}`, call: () => afx.AfxThrowFileException(v as number, v as number), expect: th(CFileException) }));
  r['fn.AfxThrowNotSupportedException'] = [{ what: 'always', call: () => afx.AfxThrowNotSupportedException(), expect: th(CNotSupportedException) }];
  r['fn.AfxThrowInvalidArgException'] = [{ what: 'always', call: () => afx.AfxThrowInvalidArgException(), expect: th(CInvalidArgException) }];
  r['fn.AfxThrowMemoryException'] = [{ what: 'always', call: () => afx.AfxThrowMemoryException(), expect: th(afx.CMemoryException) }];
  r['fn.RUNTIME_CLASS'] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `class = ${w}`, call: () => afx.RUNTIME_CLASS(v as never), expect: th(CInvalidArgException) }));
  for (const f of ['IMPLEMENT_SERIAL', 'IMPLEMENT_DYNCREATE', 'IMPLEMENT_DYNAMIC'] as const) {
    r[`fn.${f}`] = anything().filter(([w]) => !w.startsWith('a Proxy')).map(([w, v]): Case => ({ what: `class = ${w}`, call: () => (afx[f] as (...a: unknown[]) => unknown)(v, CObject, 1), expect: th(CInvalidArgException) }));
  }
  return r;
}

/** Counted before the rows are built: building them opens the sockets they call on. */
const fdsBefore = socketFds();

const ROWS: Record<string, Case[]> = {
  ...socketRows('CAsyncSocket', CAsyncSocket),
  ...csocketRows(),
  ...archiveRows(),
  ...fileRows(),
  ...objectRows(),
  ...functionRows(),
};

/* ------------------------------------------------------------------ known gaps */

/**
 * Failures found by this table in code this test's author may not change, reported to the
 * owner with the test name. They run as `failing` tests, so the run stays readable and the day a
 * fix lands the known-gap test fails: then delete the entry. Each entry matches a failure line.
 */
const KNOWN_GAPS: Array<[RegExp, string]> = [
  ...(underWine() ? [[/^(CAsyncSocket|CSocket)\.Send — (not connected|on a listening socket): WSA 10054, expected 10057$/, 'Wine 8.0: send on a stream that never connected says WSAECONNRESET (Windows: WSAENOTCONN); the README gap list has it'] as [RegExp, string]] : []),
  ...(onLinux ? [] : [[/^(CAsyncSocket|CSocket)\.Receive — MSG_OOB on a datagram socket: WSA (10035|10004)/, 'Wine 8.0: recv(MSG_OOB) on a datagram socket waits for a datagram (Winsock: WSAEOPNOTSUPP); a blocking CSocket Receive would wait for ever (the row cancels it)'] as [RegExp, string]]),
];

function known(line: string): boolean {
  return KNOWN_GAPS.some(([re]) => re.test(line));
}

/* ------------------------------------------------------------------ running a case */

interface Seen { threw?: unknown; value?: unknown; wsa?: number }

async function run(c: Case): Promise<Seen> {
  try {
    let value = c.call();
    if (value instanceof Promise) value = await value;
    return { value, wsa: c.sock !== undefined ? c.sock.GetLastError() : afx.WSAGetLastError() };
  } catch (e) {
    return { threw: e };
  }
}

function verdict(c: Case, seen: Seen): string | null {
  const e = c.expect;
  if ('throws' in e) {
    if (!(seen.threw instanceof (e.throws as unknown as new () => Error))) {
      return `expected ${e.throws.name}${e.cause !== undefined ? `(cause ${e.cause})` : ''}, got ${seen.threw !== undefined ? `${(seen.threw as Error)?.constructor?.name}: ${(seen.threw as Error)?.message}` : `return ${describe(seen.value)}`}`;
    }
    const cause = (seen.threw as { m_cause?: number }).m_cause;
    if (e.cause !== undefined && cause !== e.cause) return `expected cause ${e.cause}, got ${cause}`;
    return null;
  }
  if (seen.threw !== undefined) return `threw ${(seen.threw as Error)?.constructor?.name}: ${(seen.threw as Error)?.message}`;
  if (!Object.is(seen.value, e.ret)) return `returned ${describe(seen.value)}, expected ${describe(e.ret)}`;
  if ('wsa' in e && seen.wsa !== e.wsa) return `WSA ${seen.wsa}, expected ${e.wsa}`;
  return null;
}

/* ------------------------------------------------------------------ the tests */

test.serial('every public method of every exported class and function has a row in the table', (t) => {
  const members = publicMembers();
  const missing = members.filter((m) => ROWS[m.rowKey] === undefined && ROWS[m.key] === undefined).map((m) => m.key);
  t.log(`${members.length} public members, ${Object.keys(ROWS).length} rows`);
  t.deepEqual(missing, [], 'add a row for each new public method');
  const empty = Object.entries(ROWS).filter(([, cases]) => cases.length === 0).map(([k]) => k);
  t.deepEqual(empty, []);
});

test.serial('every row: each hostile call gives its exact documented outcome', async (t) => {
  t.timeout(onLinux ? 60_000 : 300_000);
  const failures: string[] = [];
  let cases = 0;
  const present = new Set(publicMembers().flatMap((m) => [m.key, m.rowKey]));
  const stale = Object.keys(ROWS).filter((k) => !present.has(k));
  // A member that stopped being public (moved to a symbol or #private) leaves its row unused.
  if (stale.length > 0) t.log(`rows for members no longer public: ${stale.join(', ')}`);
  for (const [key, rows] of Object.entries(ROWS)) {
    if (!present.has(key)) continue;
    for (const c of rows) {
      cases++;
      if (process.env.AFXSOCK_TRACE) process.stderr.write(`${key} — ${c.what}\n`);
      const bad = verdict(c, await run(c));
      if (bad !== null) failures.push(`${key} — ${c.what}: ${bad}`);
    }
  }
  t.log(`${cases} hostile calls`);
  if (process.env.AFXSOCK_TRACE) (await import('node:fs')).writeFileSync('/tmp/afxsock-ffi-failures.txt', failures.join('\n'));
  rowGaps.push(...failures.filter(known));
  t.deepEqual(failures.filter((f) => !known(f)), []);
  tally('ffi-edge', { cases, faults: cases, bytes: 0 });
});

const rowGaps: string[] = [];
const sweepGaps: string[] = [];


/** Builds a receiver for `m` and, for each argument position, replaces it by each hostile value. */
test.serial('sweep: every hostile value in every argument position of every public method keeps the family contract', async (t) => {
  t.timeout(onLinux ? 60_000 : 300_000);
  // Under Wine every socket costs milliseconds: the sweep keeps the catch-all values only there.
  const values = onLinux ? [...anything(), ...hostileBuffers(), ...hostileLengths(), ...pastTheEnd()] : anything();
  const makers: Record<string, () => object> = {
    CAsyncSocket: () => mk(CAsyncSocket, 'tcp'), CSocket: () => mk(CSocket, 'tcp'),
    CArchive: () => loading([1, 2, 3, 4, 5, 6, 7, 8]), CMemFile: () => new CMemFile(), CFile: () => new CFile(),
    CSocketFile: () => new CSocketFile(mk(CSocket, 'tcp')), CObject: () => new CObject(), CRuntimeClass: () => RUNTIME_CLASS(Probe),
    CException: () => new CException('x'), CArchiveException: () => new CArchiveException(), CFileException: () => new CFileException(),
  };
  // Detach with any arguments hands the handle out (the rows cover it); the blocking MFC names
  // of CSocket would wait on a valid call (their awaitable twins are swept instead).
  const skip = new Set(['CAsyncSocket.Detach', 'CSocket.Detach', 'CSocket.OnMessagePending', 'CSocket.Receive', 'CSocket.Accept', 'CSocket.ReceiveFrom', 'CSocket.Connect', 'CSocket.Send', 'CSocket.SendTo']);
  const failures: string[] = [];
  let calls = 0;
  for (const m of publicMembers()) {
    const [cls, ...rest] = m.key.split('.');
    if (cls === 'fn' || rest[0] === 'static' || skip.has(m.key)) continue;
    const make = makers[cls!];
    if (make === undefined) continue;
    const name = rest[0]!;
    for (let pos = 0; pos < 3; pos++) {
      for (const [w, v] of values) {
        const self = make() as Record<string, (...a: unknown[]) => unknown>;
        const args: unknown[] = [buf8(), 8, 0];
        args[pos] = v;
        calls++;
        let outcome: unknown;
        let threw: unknown;
        try {
          outcome = self[name]!(...args);
          if (outcome instanceof Promise) outcome = await Promise.race([outcome, new Promise((r) => setTimeout(() => r('pending'), 50))]);
        } catch (e) {
          threw = e;
        }
        if (threw !== undefined && (threw as Error).message === 'trap') continue; // the caller's own Proxy threw
        const where = `${m.key}(arg ${pos} = ${w})`;
        if (self instanceof CAsyncSocket) {
          if (threw !== undefined) failures.push(`${where} threw ${(threw as Error)?.constructor?.name}: ${(threw as Error)?.message}`);
          else if (outcome === SOCKET_ERROR || outcome === false) {
            const code = self.GetLastError();
            // IsBlocking and friends answer false with no error: 0 or a table code, never garbage.
            if (code !== 0 && !WSA_ERROR_CODES.includes(code)) failures.push(`${where} failed with ${code}, not a WSA code`);
          }
        } else if (threw !== undefined && !(threw instanceof CException)) {
          failures.push(`${where} threw ${(threw as Error)?.constructor?.name}: ${(threw as Error)?.message}`);
        }
      }
    }
  }
  t.log(`${calls} sweep calls`);
  sweepGaps.push(...failures.filter(known));
  t.deepEqual(failures.filter((f) => !known(f)), []);
  tally('ffi-edge', { cases: calls, faults: calls, bytes: 0 });
});

test.serial('afterwards the process is healthy: a fresh pair exchanges data, and no descriptor is left behind', async (t) => {
  for (const s of live) s.Close();
  t.is(await exchangeOnFreshPair(64 * 1024), 64 * 1024);
  t.is(socketFds(), fdsBefore, 'socket descriptors are back to the count before the table ran');
  t.is(WSAEWOULDBLOCK, 10035);
  t.true(AF_INET6 === 23);
});

// Fixed since (each was an entry above): Send on a never-connected socket said WSAECONNRESET
// (now WSAENOTCONN); a bigint / symbol / detached view as nFlags threw a TypeError; the WSA and
// cause name helpers and the AfxThrow helpers threw for a symbol or a detached view.
(KNOWN_GAPS.length > 0 ? test.serial.failing : test.serial)('known gaps (reported, owned elsewhere): rows and sweep calls that still fail', (t) => {
  t.log([...rowGaps, ...sweepGaps].slice(0, 40).join('\n'));
  t.deepEqual([...rowGaps, ...sweepGaps], []);
});

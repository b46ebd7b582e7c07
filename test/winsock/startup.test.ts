import test from 'ava';
import {
  AfxSocketInit, MAKEWORD, SOCKET_ERROR, WSACleanup, type WSADATA, WSAEFAULT, WSAGetLastError,
  WSANOTINITIALISED, WSASetLastError, WSAStartup, WSAVERNOTSUPPORTED,
} from '../../src/index.js';
import { ensureStarted, isStarted, isStartedByUser } from '../../src/diagnostics.js';

function blank(): WSADATA {
  return { wVersion: -1, wHighVersion: -1, szDescription: '', szSystemStatus: '', iMaxSockets: -1, iMaxUdpDg: -1 };
}

/** Drops every reference this file's tests may have left. */
function drain(): void {
  for (let i = 0; i < 100 && WSACleanup() === 0; i++);
}

test.serial('WSACleanup without WSAStartup fails with WSANOTINITIALISED', (t) => {
  drain();
  WSASetLastError(0);
  t.is(WSACleanup(), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSANOTINITIALISED);
});

test.serial('WSAStartup and WSACleanup are reference counted', (t) => {
  drain();
  const d = blank();
  t.is(WSAStartup(MAKEWORD(2, 2), d), 0);
  t.is(WSAStartup(MAKEWORD(1, 1), blank()), 0);
  t.true(isStartedByUser());
  t.is(WSACleanup(), 0);
  t.true(isStartedByUser(), 'one reference left');
  t.is(WSACleanup(), 0);
  t.false(isStartedByUser());
  t.is(WSACleanup(), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSANOTINITIALISED);
});

test.serial('WSAStartup(2.2) fills WSADATA in place as Winsock 2 does', (t) => {
  drain();
  const d = blank();
  t.is(WSAStartup(0x0202, d), 0);
  t.deepEqual(d, { wVersion: 0x0202, wHighVersion: 0x0202, szDescription: 'WinSock 2.0', szSystemStatus: 'Running', iMaxSockets: 0, iMaxUdpDg: 0 });
  t.is(WSACleanup(), 0);
});

test.serial('version negotiation', (t) => {
  drain();
  const cases: Array<[number, number]> = [
    [MAKEWORD(1, 0), 0x0001], [MAKEWORD(1, 1), 0x0101], [MAKEWORD(1, 5), 0x0101],
    [MAKEWORD(2, 0), 0x0002], [MAKEWORD(2, 1), 0x0102], [MAKEWORD(2, 2), 0x0202],
    [MAKEWORD(2, 9), 0x0202], [MAKEWORD(3, 0), 0x0202], [0xffff, 0x0202],
  ];
  for (const [requested, expected] of cases) {
    const d = blank();
    t.is(WSAStartup(requested, d), 0, `request 0x${requested.toString(16)}`);
    t.is(d.wVersion, expected, `request 0x${requested.toString(16)}`);
    t.is(d.wHighVersion, 0x0202);
    t.is(WSACleanup(), 0);
  }
  const v1 = blank();
  t.is(WSAStartup(MAKEWORD(1, 1), v1), 0);
  t.is(v1.iMaxSockets, 32767);
  t.is(v1.iMaxUdpDg, 65467);
  t.is(WSACleanup(), 0);
});

test.serial('a version below 1.0 gives WSAVERNOTSUPPORTED and takes no reference', (t) => {
  drain();
  for (const bad of [0x0000, 0x0100, 0x0200, -1, 0x10000, 1.5, Number.NaN]) {
    const d = blank();
    WSASetLastError(0);
    t.is(WSAStartup(bad, d), WSAVERNOTSUPPORTED, `request ${bad}`);
    t.is(d.wHighVersion, 0x0202, 'wHighVersion tells what is on offer');
    t.is(WSAGetLastError(), 0, 'WSAStartup returns its error, it does not set it');
  }
  t.false(isStartedByUser());
  t.is(WSACleanup(), SOCKET_ERROR);
});

test.serial('WSAStartup without a WSADATA gives WSAEFAULT', (t) => {
  drain();
  t.is(WSAStartup(0x0202, null as unknown as WSADATA), WSAEFAULT);
  t.is(WSAStartup(0x0202, 'x' as unknown as WSADATA), WSAEFAULT);
  t.false(isStartedByUser());
});

test.serial('AfxSocketInit asks for 1.1 and counts as one WSAStartup', (t) => {
  drain();
  const d = blank();
  t.true(AfxSocketInit(d));
  t.is(d.wVersion, 0x0101);
  t.true(isStartedByUser());
  t.true(AfxSocketInit());
  t.is(WSACleanup(), 0);
  t.is(WSACleanup(), 0);
  t.is(WSACleanup(), SOCKET_ERROR);
});

test.serial('the lazy start does not count toward the user reference count', (t) => {
  drain();
  ensureStarted();
  ensureStarted();
  t.true(isStarted());
  t.false(isStartedByUser());
  t.is(WSACleanup(), SOCKET_ERROR);
  t.is(WSAGetLastError(), WSANOTINITIALISED);
  t.is(WSAStartup(0x0202, blank()), 0);
  t.is(WSACleanup(), 0);
  t.true(isStarted(), 'the classes keep their start');
});

/**
 * Socket creation: the parameter table of wine-mirror/wine dlls/ws2_32/tests/sock.c,
 * test_WSASocket (rows 0-28, family / type / protocol and the error or the socket made),
 * through CAsyncSocket.Socket(nSocketType, lEvent, nProtocolType, nAddressFormat). The
 * protocol of a created socket is not readable through MFC's API (no SO_PROTOCOL_INFO); its
 * type is (SO_TYPE). Windows 11 makes AF_UNSPEC rows IPv6 (sock.c allows both); afxsock makes
 * them IPv4, which both allow.
 */
import test from 'ava';
import {
  AF_INET, AF_UNSPEC, CAsyncSocket, IPPROTO_TCP, IPPROTO_UDP, SO_TYPE, SOCK_DGRAM, SOCK_STREAM,
  WSAEAFNOSUPPORT, WSAEINVAL, WSAEPROTONOSUPPORT, WSAESOCKTNOSUPPORT,
} from '../../src/index.js';

const X = 0xdead;

/** [family, type, protocol, error, created type] */
const ROWS: Array<[number, number, number, number, number]> = [
  [X, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT, 0],
  [-1, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT, 0],
  [AF_INET, X, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0],
  [AF_INET, -1, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0],
  [AF_INET, SOCK_STREAM, X, WSAEPROTONOSUPPORT, 0],
  [AF_INET, SOCK_STREAM, -1, WSAEPROTONOSUPPORT, 0],
  [X, X, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0],
  [X, SOCK_STREAM, X, WSAEAFNOSUPPORT, 0],
  [AF_INET, X, X, WSAESOCKTNOSUPPORT, 0],
  [X, SOCK_STREAM, IPPROTO_UDP, WSAEAFNOSUPPORT, 0],
  [AF_INET, SOCK_STREAM, 0, 0, SOCK_STREAM],
  [AF_INET, SOCK_DGRAM, 0, 0, SOCK_DGRAM],
  [AF_INET, X, 0, WSAESOCKTNOSUPPORT, 0],
  [AF_INET, 0, IPPROTO_TCP, 0, SOCK_STREAM],
  [AF_INET, 0, IPPROTO_UDP, 0, SOCK_DGRAM],
  [AF_INET, 0, X, WSAEPROTONOSUPPORT, 0],
  [AF_INET, 0, 0, 0, SOCK_STREAM],
  [AF_INET, SOCK_STREAM, IPPROTO_UDP, WSAEPROTONOSUPPORT, 0],
  [AF_INET, SOCK_DGRAM, IPPROTO_TCP, WSAEPROTONOSUPPORT, 0],
  [AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, 0, SOCK_STREAM],
  [AF_UNSPEC, SOCK_STREAM, X, WSAEPROTONOSUPPORT, 0],
  [AF_UNSPEC, X, IPPROTO_UDP, WSAESOCKTNOSUPPORT, 0],
  [AF_UNSPEC, SOCK_STREAM, 0, WSAEINVAL, 0],
  [AF_UNSPEC, SOCK_DGRAM, 0, WSAEINVAL, 0],
  [AF_UNSPEC, X, 0, WSAEINVAL, 0],
  [AF_UNSPEC, 0, IPPROTO_TCP, 0, SOCK_STREAM],
  [AF_UNSPEC, 0, IPPROTO_UDP, 0, SOCK_DGRAM],
  [AF_UNSPEC, 0, X, WSAEPROTONOSUPPORT, 0],
  [AF_UNSPEC, 0, 0, WSAEINVAL, 0],
];

ROWS.forEach(([family, type, protocol, error, made], i) => {
  test(`test_WSASocket: row ${i} (family ${family}, type ${type}, protocol ${protocol}) ${error === 0 ? 'makes a socket' : `fails with ${error}`}`, (t) => {
    const s = new CAsyncSocket();
    t.teardown(() => s.Close());
    const ok = s.Socket(type, 0, protocol, family);
    if (error !== 0) {
      t.false(ok);
      t.is(s.GetLastError(), error);
      return;
    }
    t.true(ok, `Socket: ${s.GetLastError()}`);
    const v = new Uint8Array(4);
    t.true(s.GetSockOpt(SO_TYPE, v, { value: 4 }));
    t.is(new DataView(v.buffer).getInt32(0, true), made, 'SO_TYPE');
    // An IPv4 socket binds to an IPv4 address, whatever family was asked for.
    t.true(s.Bind(0, '127.0.0.1'), `Bind: ${s.GetLastError()}`);
  });
});

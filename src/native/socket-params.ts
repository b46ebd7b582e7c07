/**
 * The parameters of socket() as Winsock resolves them, for both back ends (arg-guard.ts holds
 * the other calls' checks), so that the Linux one behaves like ws2_32. The order of the checks
 * and every code come from the parameter table of
 * wine-mirror/wine dlls/ws2_32/tests/sock.c, test_WSASocket:
 *  - AF_UNSPEC with protocol 0 is WSAEINVAL, whatever the type;
 *  - then an unknown type is WSAESOCKTNOSUPPORT (before an unknown family);
 *  - then an unknown family is WSAEAFNOSUPPORT;
 *  - then a protocol the type does not carry is WSAEPROTONOSUPPORT;
 *  - type 0 takes the protocol's type (TCP: stream, UDP: datagram, 0: stream);
 *  - AF_UNSPEC with a protocol means IPv4.
 */
import * as W from '../wsa/constants.js';
import { WSAEAFNOSUPPORT, WSAEINVAL, WSAEPROTONOSUPPORT, WSAESOCKTNOSUPPORT } from '../wsa/errors.js';
import { isInt32 } from './arg-guard.js';

export interface SocketParams {
  family: number;
  type: number;
  protocol: number;
}

/** Winsock's (af, type, protocol) resolved to what to create, or -code. */
export function resolveSocketParams(af: number, type: number, protocol: number): SocketParams | number {
  if (!isInt32(af) || !isInt32(type) || !isInt32(protocol)) return -WSAEINVAL;
  if (af === W.AF_UNSPEC && protocol === 0) return -WSAEINVAL;
  if (type !== 0 && type !== W.SOCK_STREAM && type !== W.SOCK_DGRAM && type !== W.SOCK_RAW) return -WSAESOCKTNOSUPPORT;
  if (af !== W.AF_INET && af !== W.AF_INET6 && af !== W.AF_UNSPEC) return -WSAEAFNOSUPPORT;
  let t = type;
  if (t === 0) {
    if (protocol === 0 || protocol === W.IPPROTO_TCP) t = W.SOCK_STREAM;
    else if (protocol === W.IPPROTO_UDP) t = W.SOCK_DGRAM;
    else return -WSAEPROTONOSUPPORT;
  }
  if (t === W.SOCK_STREAM && protocol !== 0 && protocol !== W.IPPROTO_TCP) return -WSAEPROTONOSUPPORT;
  if (t === W.SOCK_DGRAM && protocol !== 0 && protocol !== W.IPPROTO_UDP) return -WSAEPROTONOSUPPORT;
  if (t === W.SOCK_RAW && (protocol < 0 || protocol > 255)) return -WSAEPROTONOSUPPORT;
  return { family: af === W.AF_UNSPEC ? W.AF_INET : af, type: t, protocol };
}

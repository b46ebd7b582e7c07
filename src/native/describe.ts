/**
 * What a socket handle from elsewhere is, asked through the back end's own calls (the same
 * questions on Winsock and on Linux): its family, its type, and whether it listens or is
 * connected. Windows names no unbound socket, so the family of one comes from whether it has
 * IPPROTO_IPV6 options, which only an IPv6 socket has.
 */
import type { SocketApi, SocketDescription } from './types.js';
import { emptySockAddr } from '../wsa/address.js';
import { AF_INET, AF_INET6, IPPROTO_IPV6, IPV6_V6ONLY, SO_ACCEPTCONN, SO_TYPE, SOCK_DGRAM, SOL_SOCKET } from '../wsa/constants.js';
import { WSAEINVAL } from '../wsa/errors.js';

/** SocketApi.describe over `n`'s getsockopt / getsockname / getpeername. */
export function describeSocket(n: SocketApi, h: number): SocketDescription | number {
  const val = new Uint8Array(4);
  const len = new Uint32Array([4]);
  const int = (): number => new DataView(val.buffer).getInt32(0, true);
  const rc = n.getsockopt(h, SOL_SOCKET, SO_TYPE, val, len);
  if (rc < 0) return rc;
  const type = int();
  const self = emptySockAddr(AF_INET6);
  const named = n.getsockname(h, self);
  if (named === -WSAEINVAL) {
    len[0] = 4;
    self.family = n.getsockopt(h, IPPROTO_IPV6, IPV6_V6ONLY, val, len) >= 0 ? AF_INET6 : AF_INET;
  } else if (named < 0) {
    return named;
  }
  let listening = false;
  let connected = false;
  if (type !== SOCK_DGRAM) {
    len[0] = 4;
    listening = n.getsockopt(h, SOL_SOCKET, SO_ACCEPTCONN, val, len) >= 0 && int() !== 0;
    connected = !listening && n.getpeername(h, emptySockAddr(AF_INET6)) >= 0;
  }
  return { family: self.family, type, listening, connected };
}

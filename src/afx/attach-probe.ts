/**
 * What CAsyncSocket.Attach learns from the OS about a handle it did not create: its family,
 * where it is in its life, and that it is non-blocking from now on (as WSAAsyncSelect makes
 * it). The family probe is Winsock emulation: Windows names no unbound socket, which MFC's
 * Attach still takes.
 */
import { api } from '../native/index.js';
import { SockState } from '../notify/sink.js';
import { AF_INET, AF_INET6, FIONBIO, IPPROTO_IPV6, IPV6_V6ONLY, SO_ACCEPTCONN, SO_TYPE, SOCK_DGRAM, SOL_SOCKET } from '../wsa/constants.js';
import { WSAEINVAL } from '../wsa/errors.js';
import { emptySockAddr } from '../wsa/address.js';

/** An attached socket's family (AF_INET / AF_INET6) and state. */
export interface Probed {
  family: number;
  state: SockState;
}

/**
 * Describes `h` and makes it non-blocking.
 *
 * @returns What it is, or -code (`WSAENOTSOCK` for a descriptor that is not a socket).
 */
export function probeForAttach(h: number): Probed | number {
  const n = api();
  const val = new Uint8Array(4);
  const len = new Uint32Array([4]);
  const int = (): number => new DataView(val.buffer).getInt32(0, true);
  const rc = n.getsockopt(h, SOL_SOCKET, SO_TYPE, val, len);
  if (rc < 0) return rc;
  const type = int();
  const self = emptySockAddr(AF_INET6);
  const named = n.getsockname(h, self);
  if (named === -WSAEINVAL) {
    // Only an IPv6 socket has IPPROTO_IPV6 options, which tells the family.
    len[0] = 4;
    self.family = n.getsockopt(h, IPPROTO_IPV6, IPV6_V6ONLY, val, len) >= 0 ? AF_INET6 : AF_INET;
  } else if (named < 0) {
    return named;
  }
  const nb = n.ioctl(h, FIONBIO, new Uint32Array([1]));
  if (nb < 0) return nb;
  let state = SockState.Idle;
  if (type === SOCK_DGRAM) state = SockState.Datagram;
  else {
    len[0] = 4;
    if (n.getsockopt(h, SOL_SOCKET, SO_ACCEPTCONN, val, len) >= 0 && int() !== 0) state = SockState.Listening;
    else if (n.getpeername(h, emptySockAddr(AF_INET6)) >= 0) state = SockState.Connected;
  }
  return { family: self.family, state };
}

/**
 * Synchronous name resolution through ws2_32 (GetAddrInfoW / GetNameInfoW: the wide forms, so
 * that a non-ASCII name is not squeezed through the ANSI code page). Addresses are copied out
 * of Winsock's list before it is freed. Winsock returns its own codes (WSAHOST_NOT_FOUND...).
 *
 * Windows' ADDRINFOW on x64 differs from glibc's addrinfo: ai_addrlen is a size_t and
 * ai_canonname comes before ai_addr.
 */
import type { Resolved, Resolver, SockAddr } from './types.js';
import { loadKoffi } from './koffi.js';
import { decodeSockAddr, encodeSockAddr, SOCKADDR_STORAGE_SIZE } from './sockaddr.js';
import { AF_INET, AF_INET6, AF_UNSPEC, SOCK_STREAM } from '../wsa/constants.js';
import { WSAEAFNOSUPPORT, WSAEINVAL, WSAHOST_NOT_FOUND } from '../wsa/errors.js';
import type { Ws2 } from './win32-lib.js';

const WINDOWS_AF_INET6 = 23;
/** Bounds the walk of Winsock's list, whatever it holds. */
const MAX_RESULTS = 1024;
const ADDRINFO_SIZE = 48;
const OFF_FAMILY = 4;
const OFF_SOCKTYPE = 8;
const OFF_ADDRLEN = 16;
const OFF_CANONNAME = 24;
const OFF_ADDR = 32;
const OFF_NEXT = 40;
const AI_CANONNAME = 0x02;
const NI_NAMEREQD = 0x04;
/** NI_MAXHOST, in UTF-16 units. */
const HOST_CHARS = 1025;

export function createWin32Resolver(ws2: Ws2): Resolver {
  const hints = new Uint8Array(ADDRINFO_SIZE);
  const hintsView = new DataView(hints.buffer);
  const saBuf = new Uint8Array(SOCKADDR_STORAGE_SIZE);
  const hostBuf = Buffer.alloc(HOST_CHARS * 2);

  function resolve(host: string, family: number): SockAddr[] | number {
    const r = lookup(host, family, false);
    if (typeof r === 'number') return r;
    return r.addrs.length > 0 ? r.addrs : -WSAHOST_NOT_FOUND;
  }

  function lookup(host: string, family: number, canonical: boolean): Resolved | number {
    if (typeof host !== 'string' || host.includes('\0')) return -WSAHOST_NOT_FOUND;
    if (family !== AF_UNSPEC && family !== AF_INET && family !== AF_INET6) return -WSAEAFNOSUPPORT;
    const koffi = loadKoffi();
    hints.fill(0);
    if (canonical) hintsView.setInt32(0, AI_CANONNAME, true);
    hintsView.setInt32(OFF_FAMILY, family, true);
    // One socket type, so that each address comes once rather than once per type.
    hintsView.setInt32(OFF_SOCKTYPE, SOCK_STREAM, true);
    const res: [unknown] = [null];
    const rc = ws2.GetAddrInfoW(host, null, hints, res) as number;
    if (rc !== 0) return -rc;
    const list: SockAddr[] = [];
    let canon: string | null = null;
    try {
      let p = res[0];
      for (let i = 0; p && i < MAX_RESULTS; i++) {
        const ai = new DataView(koffi.view(p, ADDRINFO_SIZE).slice(0));
        const len = Number(ai.getBigUint64(OFF_ADDRLEN, true));
        const addr = ai.getBigUint64(OFF_ADDR, true);
        const name = ai.getBigUint64(OFF_CANONNAME, true);
        if (canon === null && name !== 0n) canon = koffi.decode(name, 'char16_t', -1) as string;
        if (addr !== 0n && len > 0 && len <= SOCKADDR_STORAGE_SIZE) {
          saBuf.set(new Uint8Array(koffi.view(addr, len)));
          const sa: SockAddr = { family: 0, addr: new Uint8Array(0), port: 0, flowinfo: 0, scopeId: 0 };
          if (decodeSockAddr(saBuf, len, sa, WINDOWS_AF_INET6)) list.push(sa);
        }
        const next = ai.getBigUint64(OFF_NEXT, true);
        p = next === 0n ? null : next;
      }
    } finally {
      ws2.FreeAddrInfoW(res[0]);
    }
    return { canon, addrs: list };
  }

  function hostName(sa: SockAddr): string | number {
    const len = encodeSockAddr(sa, saBuf, WINDOWS_AF_INET6);
    if (len < 0) return len === -WSAEAFNOSUPPORT ? len : -WSAEINVAL;
    hostBuf.fill(0);
    const rc = ws2.GetNameInfoW(saBuf, len, hostBuf, HOST_CHARS, null, 0, NI_NAMEREQD) as number;
    if (rc !== 0) return -rc;
    let end = 0;
    while (end < hostBuf.length && hostBuf.readUInt16LE(end) !== 0) end += 2;
    return hostBuf.toString('utf16le', 0, end);
  }

  return { resolve, lookup, hostName };
}

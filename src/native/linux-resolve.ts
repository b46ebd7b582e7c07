/**
 * Synchronous name resolution through libc (getaddrinfo / getnameinfo), as Winsock's
 * gethostbyname-era calls are synchronous. The addresses are copied out of libc's list before
 * it is freed; every failure becomes a WSA host error by the ws2tcpip.h EAI aliases.
 */
import type { Resolved, Resolver, SockAddr } from './types.js';
import type { Libc } from './linux-libc.js';
import { loadKoffi } from './koffi.js';
import { decodeSockAddr, encodeSockAddr, SOCKADDR_STORAGE_SIZE } from './sockaddr.js';
import * as L from './linux-constants.js';
import { eaiToWsa } from './linux-errno.js';
import { AF_INET, AF_INET6, AF_UNSPEC } from '../wsa/constants.js';
import { WSAEAFNOSUPPORT, WSAEINVAL, WSAHOST_NOT_FOUND } from '../wsa/errors.js';

/** Bounds the walk of libc's list, whatever it holds. */
const MAX_RESULTS = 1024;

interface AddrInfo {
  ai_family: number;
  ai_addrlen: number;
  ai_addr: unknown;
  ai_canonname: unknown;
  ai_next: unknown;
}

export class LinuxResolver implements Resolver {
  private readonly saBuf = new Uint8Array(SOCKADDR_STORAGE_SIZE);
  private readonly hostBuf = new Uint8Array(L.NI_MAXHOST);

  constructor(private readonly libc: Libc) {}

  resolve(host: string, family: number): SockAddr[] | number {
    const r = this.lookup(host, family, false);
    if (typeof r === 'number') return r;
    return r.addrs.length > 0 ? r.addrs : -WSAHOST_NOT_FOUND;
  }

  lookup(host: string, family: number, canonical: boolean): Resolved | number {
    if (typeof host !== 'string' || host.includes('\0')) return -WSAHOST_NOT_FOUND;
    let nativeFamily: number;
    if (family === AF_UNSPEC) nativeFamily = 0;
    else if (family === AF_INET) nativeFamily = L.AF_INET;
    else if (family === AF_INET6) nativeFamily = L.AF_INET6;
    else return -WSAEAFNOSUPPORT;
    const koffi = loadKoffi();
    const hints = {
      ai_flags: canonical ? L.AI_CANONNAME : 0, ai_family: nativeFamily, ai_socktype: L.SOCK_STREAM, ai_protocol: 0,
      ai_addrlen: 0, ai_addr: null, ai_canonname: null, ai_next: null,
    };
    const res: [unknown] = [null];
    const rc = this.libc.getaddrinfo(host, null, hints, res) as number;
    if (rc !== 0) return -eaiToWsa(rc, this.libc.errno());
    const list: SockAddr[] = [];
    let canon: string | null = null;
    try {
      let p = res[0];
      for (let i = 0; p && i < MAX_RESULTS; i++) {
        const ai = koffi.decode(p, this.libc.addrinfo as never) as AddrInfo;
        if (canon === null && ai.ai_canonname) canon = koffi.decode(ai.ai_canonname, 'char', -1) as string;
        const len = ai.ai_addrlen;
        if (ai.ai_addr && len > 0 && len <= SOCKADDR_STORAGE_SIZE) {
          this.saBuf.set(new Uint8Array(koffi.view(ai.ai_addr, len)));
          const sa: SockAddr = { family: 0, addr: new Uint8Array(0), port: 0, flowinfo: 0, scopeId: 0 };
          if (decodeSockAddr(this.saBuf, len, sa, L.AF_INET6)) list.push(sa);
        }
        p = ai.ai_next;
      }
    } finally {
      this.libc.freeaddrinfo(res[0]);
    }
    return { canon, addrs: list };
  }

  hostName(sa: SockAddr): string | number {
    const len = encodeSockAddr(sa, this.saBuf, L.AF_INET6);
    if (len < 0) return len === -WSAEAFNOSUPPORT ? len : -WSAEINVAL;
    this.hostBuf.fill(0);
    const rc = this.libc.getnameinfo(this.saBuf, len, this.hostBuf, this.hostBuf.byteLength, null, 0, L.NI_NAMEREQD) as number;
    if (rc !== 0) return -eaiToWsa(rc, this.libc.errno());
    const end = this.hostBuf.indexOf(0);
    // Bytes as they are (a HOSTENT name is a C string in no particular code page).
    return Buffer.from(this.hostBuf.buffer, this.hostBuf.byteOffset, end < 0 ? this.hostBuf.byteLength : end).toString('latin1');
  }
}

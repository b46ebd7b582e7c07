/**
 * getsockopt / setsockopt with Winsock's option numbers and value layouts over Linux's.
 *
 * Where the layouts differ the value is converted: LINGER is two u16 on Winsock and two ints
 * on Linux; SO_RCVTIMEO/SO_SNDTIMEO are a DWORD of milliseconds against a `struct timeval`;
 * SO_ERROR is an errno that must become a WSA code; SO_DONTLINGER is the negation of
 * `l_onoff`. SO_EXCLUSIVEADDRUSE has no Linux counterpart: it is kept as a per-socket flag
 * that refuses SO_REUSEADDR (and is refused while SO_REUSEADDR is on), which is the part of its
 * Windows meaning this socket can enforce.
 */
import type { Libc } from './linux-libc.js';
import * as W from '../wsa/constants.js';
import { WSAEFAULT, WSAEINVAL, WSAENOPROTOOPT } from '../wsa/errors.js';
import * as L from './linux-constants.js';
import { errnoToWsa } from './linux-errno.js';
import { decodeSockAddr, SOCKADDR_STORAGE_SIZE } from './sockaddr.js';
import type { SockAddr } from './types.js';

/** ws2ipdef.h; not in wsa/constants.ts because nothing above native/ needs them yet. */
const WS_IP_HDRINCL = 2;
const WS_IP_ADD_MEMBERSHIP = 12;
const WS_IP_DROP_MEMBERSHIP = 13;
/** Linux's IP_HDRINCL (linux/in.h). */
const LINUX_IP_HDRINCL = 3;

type Kind =
  | 'int' | 'int-ro' | 'linger' | 'dontlinger' | 'timeo' | 'error' | 'type' | 'exclusive'
  | 'bytes4' | 'mreq';

/**
 * How Winsock treats the option's length (wine-mirror/wine dlls/ws2_32/tests/sock.c,
 * test_set_getsockopt's `test_optsize` table):
 *  - `strict`: exactly its size; shorter is WSAEFAULT both ways (a short get zeroes what it got);
 *  - `bool`: a SOL_SOCKET BOOL: any length (0 changes nothing), any nonzero value is TRUE; a
 *    get of 1 byte or 2 says length 1, of 4 says 4;
 *  - `byte`: a BOOL Winsock keeps in one byte: only the first byte is read (0x100 is FALSE), a
 *    get writes one byte and says length 1;
 *  - `short`: an int Winsock also takes in 1 to 3 bytes; a shorter get writes one byte.
 */
type Shape = 'strict' | 'bool' | 'byte' | 'short';

interface Spec {
  kind: Kind; level: number; name: number; shape?: Shape; max?: number; dgramOnly?: boolean;
  /** Only raw sockets have it: Windows (since Vista) refuses it elsewhere with WSAEINVAL, both ways. */
  rawOnly?: boolean;
}

const SOCKET_OPTS = new Map<number, Spec>([
  [W.SO_DEBUG, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_DEBUG }],
  [W.SO_ACCEPTCONN, { kind: 'int-ro', level: L.SOL_SOCKET, name: L.SO_ACCEPTCONN }],
  [W.SO_REUSEADDR, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_REUSEADDR, shape: 'bool' }],
  [W.SO_KEEPALIVE, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_KEEPALIVE, shape: 'byte' }],
  [W.SO_DONTROUTE, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_DONTROUTE, shape: 'byte' }],
  [W.SO_BROADCAST, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_BROADCAST, shape: 'bool' }],
  [W.SO_LINGER, { kind: 'linger', level: L.SOL_SOCKET, name: L.SO_LINGER }],
  [W.SO_DONTLINGER, { kind: 'dontlinger', level: L.SOL_SOCKET, name: L.SO_LINGER, shape: 'bool' }],
  [W.SO_OOBINLINE, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_OOBINLINE, shape: 'bool' }],
  [W.SO_EXCLUSIVEADDRUSE, { kind: 'exclusive', level: L.SOL_SOCKET, name: L.SO_REUSEADDR, shape: 'bool' }],
  [W.SO_SNDBUF, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_SNDBUF }],
  [W.SO_RCVBUF, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_RCVBUF }],
  [W.SO_SNDLOWAT, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_SNDLOWAT }],
  [W.SO_RCVLOWAT, { kind: 'int', level: L.SOL_SOCKET, name: L.SO_RCVLOWAT }],
  [W.SO_SNDTIMEO, { kind: 'timeo', level: L.SOL_SOCKET, name: L.SO_SNDTIMEO }],
  [W.SO_RCVTIMEO, { kind: 'timeo', level: L.SOL_SOCKET, name: L.SO_RCVTIMEO }],
  [W.SO_ERROR, { kind: 'error', level: L.SOL_SOCKET, name: L.SO_ERROR }],
  [W.SO_TYPE, { kind: 'type', level: L.SOL_SOCKET, name: L.SO_TYPE }],
]);
const TCP_OPTS = new Map<number, Spec>([
  [W.TCP_NODELAY, { kind: 'int', level: L.IPPROTO_TCP, name: L.TCP_NODELAY, shape: 'byte' }],
]);
const IP_OPTS = new Map<number, Spec>([
  [W.IP_TOS, { kind: 'int', level: L.IPPROTO_IP, name: L.IP_TOS, shape: 'short', max: 255 }],
  [W.IP_TTL, { kind: 'int', level: L.IPPROTO_IP, name: L.IP_TTL, shape: 'short', max: 255 }],
  [W.IP_MULTICAST_IF, { kind: 'bytes4', level: L.IPPROTO_IP, name: L.IP_MULTICAST_IF, dgramOnly: true }],
  [W.IP_MULTICAST_TTL, { kind: 'int', level: L.IPPROTO_IP, name: L.IP_MULTICAST_TTL, shape: 'short', max: 255, dgramOnly: true }],
  [W.IP_MULTICAST_LOOP, { kind: 'int', level: L.IPPROTO_IP, name: L.IP_MULTICAST_LOOP, shape: 'short', dgramOnly: true }],
  [WS_IP_HDRINCL, { kind: 'int', level: L.IPPROTO_IP, name: LINUX_IP_HDRINCL, rawOnly: true }],
  [WS_IP_ADD_MEMBERSHIP, { kind: 'mreq', level: L.IPPROTO_IP, name: L.IP_ADD_MEMBERSHIP }],
  [WS_IP_DROP_MEMBERSHIP, { kind: 'mreq', level: L.IPPROTO_IP, name: L.IP_DROP_MEMBERSHIP }],
]);
const IPV6_OPTS = new Map<number, Spec>([
  [W.IPV6_UNICAST_HOPS, { kind: 'int', level: L.IPPROTO_IPV6, name: L.IPV6_UNICAST_HOPS, shape: 'short', max: 255 }],
  [W.IPV6_V6ONLY, { kind: 'int', level: L.IPPROTO_IPV6, name: L.IPV6_V6ONLY, shape: 'byte' }],
]);
const LEVELS = new Map<number, Map<number, Spec>>([
  [W.SOL_SOCKET, SOCKET_OPTS], [W.IPPROTO_TCP, TCP_OPTS], [W.IPPROTO_IP, IP_OPTS], [W.IPPROTO_IPV6, IPV6_OPTS],
]);

/** Bytes of the Winsock value for each kind. */
const WINSOCK_SIZE: Record<Kind, number> = {
  'int': 4, 'int-ro': 4, 'linger': 4, 'dontlinger': 4, 'timeo': 4, 'error': 4, 'type': 4,
  'exclusive': 4, 'bytes4': 4, 'mreq': 8,
};

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** `long` in `struct timeval`: 8 bytes on every 64-bit Linux ABI, 4 on 32-bit ones. */
const LONG_SIZE = ['arm', 'ia32'].includes(process.arch) ? 4 : 8;

function lookup(level: number, name: number): Spec | number {
  const names = LEVELS.get(level);
  if (names === undefined) return -WSAEINVAL;
  return names.get(name) ?? -WSAENOPROTOOPT;
}

/** Translates Winsock option numbers and layouts for one process; keeps the per-socket flags. */
export class LinuxOptions {
  private readonly scratch = new Uint8Array(16);
  private readonly scratchView = new DataView(this.scratch.buffer);
  private readonly scratchLen = new Uint32Array(1);
  private readonly nameBuf = new Uint8Array(SOCKADDR_STORAGE_SIZE);
  private readonly nameLen = new Uint32Array(1);
  /** Sockets with SO_EXCLUSIVEADDRUSE set; cleared when the socket is closed. */
  private readonly exclusive = new Set<number>();
  /**
   * SO_RCVBUF / SO_SNDBUF and the timeouts as set: Linux doubles a buffer size (and raises it
   * to a floor) and rounds a timeout up to its tick, Winsock reads back what was set (sock.c:
   * 4096 reads 4096, 0 reads 0, 1 ms reads 1). A buffer size not set here: Linux's / 2.
   */
  private readonly bufs = new Map<number, { rcv?: number; snd?: number; rcvtimeo?: number; sndtimeo?: number; error?: number }>();
  /** LINGER's l_onoff as set (Winsock reads back 0x100 as 0x100); Linux keeps only on/off. */
  private readonly lingerOn = new Map<number, number>();

  constructor(private readonly libc: Libc) {}

  /** Drops per-socket state; called when `h` is closed (descriptor numbers are reused). */
  forget(h: number): void {
    this.exclusive.delete(h);
    this.bufs.delete(h);
    this.lingerOn.delete(h);
  }

  /** A new descriptor number (socket, accept): nothing of an earlier socket with it applies. */
  fresh(h: number): void {
    this.forget(h);
  }

  /** An accepted socket inherits the listener's options (sock.c, test_accept_inheritance). */
  inherit(listener: number, h: number): void {
    this.forget(h);
    const b = this.bufs.get(listener);
    // A value set into SO_ERROR is the listener's own, not inherited.
    if (b !== undefined) this.bufs.set(h, { ...b, error: undefined });
    const on = this.lingerOn.get(listener);
    if (on !== undefined) this.lingerOn.set(h, on);
  }

  /**
   * Whether a socket with SO_EXCLUSIVEADDRUSE other than `h` holds `sa`'s port on a wildcard
   * address covering `sa` (the IPv4 one, or a dual-stack IPv6 one covering IPv4): Windows then
   * refuses the access (WSAEACCES); on the very same address it says WSAEADDRINUSE, as for any
   * socket (sock.c, test_reuseaddr's tests_exclusive).
   */
  heldExclusively(h: number, sa: SockAddr): boolean {
    for (const other of this.exclusive) {
      if (other === h) continue;
      this.nameLen[0] = this.nameBuf.byteLength;
      if ((this.libc.getsockname(other, this.nameBuf, this.nameLen) as number) < 0) continue;
      const held: SockAddr = { family: 0, addr: new Uint8Array(0), port: 0, flowinfo: 0, scopeId: 0 };
      if (!decodeSockAddr(this.nameBuf, Math.min(this.nameLen[0]!, this.nameBuf.byteLength), held, L.AF_INET6)) continue;
      if (held.port !== sa.port) continue;
      const same = held.family === sa.family && held.addr.every((b, i) => b === sa.addr[i]);
      if (!same && (held.family !== sa.family || held.addr.every((b) => b === 0))) return true;
    }
    return false;
  }

  /**
   * Multicast options on a stream socket, and IP_HDRINCL on anything but a raw socket: Winsock
   * refuses them with WSAEINVAL (sock.c, test_sockopt_validity and test_set_getsockopt).
   */
  private refusesDgramOnly(h: number, spec: Spec): number {
    if (!spec.dgramOnly && !spec.rawOnly) return 0;
    const rc = this.nativeGet(h, L.SOL_SOCKET, L.SO_TYPE, 4);
    if (rc < 0) return rc;
    const type = this.nativeInt();
    if (spec.rawOnly) return type === L.SOCK_RAW ? 0 : -WSAEINVAL;
    return type === L.SOCK_STREAM ? -WSAEINVAL : 0;
  }

  /** Reads a native option into the scratch buffer; returns its length or -code. */
  private nativeGet(h: number, level: number, name: number, size: number): number {
    this.scratch.fill(0);
    this.scratchLen[0] = size;
    const rc = this.libc.getsockopt(h, level, name, this.scratch, this.scratchLen) as number;
    if (rc < 0) return -errnoToWsa(this.libc.errno());
    return this.scratchLen[0]!;
  }

  private nativeSet(h: number, level: number, name: number, size: number): number {
    const rc = this.libc.setsockopt(h, level, name, this.scratch, size) as number;
    return rc < 0 ? -errnoToWsa(this.libc.errno()) : 0;
  }

  private nativeInt(): number {
    return this.scratchView.getInt32(0, littleEndian);
  }

  get(h: number, level: number, name: number, val: Uint8Array, len: Uint32Array): number {
    const spec = lookup(level, name);
    if (typeof spec === 'number') return spec;
    const refused = this.refusesDgramOnly(h, spec);
    if (refused < 0) return refused;
    const need = WINSOCK_SIZE[spec.kind];
    const have = len[0]!;
    const shape = spec.shape ?? 'strict';
    if (shape !== 'strict') return this.getShaped(h, spec, shape, val, len);
    if (have < need) {
      // What Windows leaves in a buffer too short for LINGER or a buffer size: zeros (sock.c,
      // test_set_getsockopt: 0xdeadbe00 after a 1-byte get); the timeouts leave it untouched.
      if (spec.kind === 'linger' || (spec.level === L.SOL_SOCKET && (spec.name === L.SO_RCVBUF || spec.name === L.SO_SNDBUF))) {
        val.fill(0, 0, Math.min(have, need));
      }
      return -WSAEFAULT;
    }
    return this.getStrict(h, spec, val, len);
  }

  /** A BOOL or short int option read with Winsock's lengths (see Shape). */
  private getShaped(h: number, spec: Spec, shape: Shape, val: Uint8Array, len: Uint32Array): number {
    const have = len[0]!;
    if (have < 1) return -WSAEFAULT;
    const tmp = new Uint8Array(4);
    const tmpLen = new Uint32Array([4]);
    const rc = this.getStrict(h, spec, tmp, tmpLen);
    if (rc < 0) return rc;
    const v = new DataView(tmp.buffer).getInt32(0, littleEndian);
    const out = new DataView(val.buffer, val.byteOffset, Math.min(have, 4));
    if (shape === 'byte') {
      out.setUint8(0, v !== 0 ? 1 : 0);
      len[0] = 1;
    } else if (have >= 4) {
      out.setInt32(0, shape === 'bool' ? (v !== 0 ? 1 : 0) : v, littleEndian);
      len[0] = 4;
    } else if (shape === 'bool' && have >= 2) {
      out.setUint16(0, v !== 0 ? 1 : 0, littleEndian);
      len[0] = 1;
    } else {
      out.setUint8(0, shape === 'bool' ? (v !== 0 ? 1 : 0) : v & 0xff);
      len[0] = 1;
    }
    return 0;
  }

  private getStrict(h: number, spec: Spec, val: Uint8Array, len: Uint32Array): number {
    const need = WINSOCK_SIZE[spec.kind];
    const out = new DataView(val.buffer, val.byteOffset, need);
    let rc: number;
    switch (spec.kind) {
      case 'int': case 'int-ro': case 'error': case 'type': {
        rc = this.nativeGet(h, spec.level, spec.name, 4);
        if (rc < 0) return rc;
        let v = this.nativeInt();
        // A value set into SO_ERROR reads back until the socket has a real error (sock.c,
        // test_set_getsockopt: Windows keeps it; Linux refuses the set).
        if (spec.kind === 'error') v = errnoToWsa(v) || (this.bufs.get(h)?.error ?? 0);
        else if (spec.kind === 'type') v = typeToWinsock(v);
        else if (spec.level === L.SOL_SOCKET && (spec.name === L.SO_RCVBUF || spec.name === L.SO_SNDBUF)) {
          const kept = this.bufs.get(h)?.[spec.name === L.SO_RCVBUF ? 'rcv' : 'snd'];
          v = kept ?? Math.floor(v / 2);
        }
        out.setInt32(0, v, littleEndian);
        break;
      }
      case 'linger': case 'dontlinger': {
        rc = this.nativeGet(h, spec.level, spec.name, 8);
        if (rc < 0) return rc;
        const onoff = this.scratchView.getInt32(0, littleEndian);
        const secs = this.scratchView.getInt32(4, littleEndian);
        if (spec.kind === 'dontlinger') {
          out.setInt32(0, onoff === 0 ? 1 : 0, littleEndian);
        } else {
          out.setUint16(0, onoff === 0 ? 0 : (this.lingerOn.get(h) ?? 1), littleEndian);
          out.setUint16(2, Math.min(Math.max(secs, 0), 0xffff), littleEndian);
        }
        break;
      }
      case 'timeo': {
        rc = this.nativeGet(h, spec.level, spec.name, LONG_SIZE * 2);
        if (rc < 0) return rc;
        const sec = readLong(this.scratchView, 0);
        const usec = readLong(this.scratchView, LONG_SIZE);
        const kept = this.bufs.get(h)?.[spec.name === L.SO_RCVTIMEO ? 'rcvtimeo' : 'sndtimeo'];
        out.setUint32(0, kept ?? Math.min(sec * 1000 + Math.round(usec / 1000), 0xffffffff), littleEndian);
        break;
      }
      case 'exclusive': {
        // Validates the handle as a socket the same way the other options do.
        rc = this.nativeGet(h, L.SOL_SOCKET, L.SO_TYPE, 4);
        if (rc < 0) return rc;
        out.setInt32(0, this.exclusive.has(h) ? 1 : 0, littleEndian);
        break;
      }
      case 'bytes4': case 'mreq': {
        rc = this.nativeGet(h, spec.level, spec.name, need);
        if (rc < 0) return rc;
        val.set(this.scratch.subarray(0, need));
        break;
      }
    }
    len[0] = need;
    return 0;
  }

  set(h: number, level: number, name: number, val: Uint8Array, len: number): number {
    const spec = lookup(level, name);
    if (typeof spec === 'number') return spec;
    const refused = this.refusesDgramOnly(h, spec);
    if (refused < 0) return refused;
    const shape = spec.shape ?? 'strict';
    if (shape !== 'strict') {
      if (len === 0) {
        if (shape !== 'bool') return -WSAEFAULT;
        // A zero-length BOOL is accepted and changes nothing; the handle is still checked.
        const rc = this.nativeGet(h, L.SOL_SOCKET, L.SO_TYPE, 4);
        return rc < 0 ? rc : 0;
      }
      let v = 0;
      const n = shape === 'byte' ? 1 : Math.min(len, 4);
      for (let i = n - 1; i >= 0; i--) v = v * 256 + val[i]!;
      if (spec.max !== undefined && v > spec.max) return -WSAEINVAL;
      if (shape === 'bool' || shape === 'byte') v = v !== 0 ? 1 : 0;
      const tmp = new Uint8Array(4);
      new DataView(tmp.buffer).setInt32(0, v, littleEndian);
      return this.setStrict(h, spec, tmp, 4);
    }
    return this.setStrict(h, spec, val, len);
  }

  private setStrict(h: number, spec: Spec, val: Uint8Array, len: number): number {
    const need = WINSOCK_SIZE[spec.kind];
    if (len < need) return -WSAEFAULT;
    const input = new DataView(val.buffer, val.byteOffset, need);
    this.scratch.fill(0);
    switch (spec.kind) {
      case 'int-ro': case 'type':
        return -WSAENOPROTOOPT;
      case 'error': {
        const rc = this.nativeGet(h, L.SOL_SOCKET, L.SO_TYPE, 4);
        if (rc < 0) return rc;
        const b = this.bufs.get(h) ?? {};
        b.error = input.getInt32(0, littleEndian);
        this.bufs.set(h, b);
        return 0;
      }
      case 'int': {
        const v = input.getInt32(0, littleEndian);
        if (spec.level === L.SOL_SOCKET && spec.name === L.SO_REUSEADDR && v !== 0 && this.exclusive.has(h)) {
          return -WSAEINVAL;
        }
        this.scratchView.setInt32(0, v, littleEndian);
        const rc = this.nativeSet(h, spec.level, spec.name, 4);
        if (rc === 0 && spec.level === L.SOL_SOCKET && (spec.name === L.SO_RCVBUF || spec.name === L.SO_SNDBUF)) {
          const b = this.bufs.get(h) ?? {};
          b[spec.name === L.SO_RCVBUF ? 'rcv' : 'snd'] = v;
          this.bufs.set(h, b);
        }
        return rc;
      }
      case 'linger': {
        const onoff = input.getUint16(0, littleEndian);
        this.scratchView.setInt32(0, onoff === 0 ? 0 : 1, littleEndian);
        this.scratchView.setInt32(4, input.getUint16(2, littleEndian), littleEndian);
        const rc = this.nativeSet(h, spec.level, spec.name, 8);
        if (rc === 0) {
          if (onoff === 0) this.lingerOn.delete(h);
          else this.lingerOn.set(h, onoff);
        }
        return rc;
      }
      case 'dontlinger': {
        // Keeps the current timeout, as Winsock does, and only flips l_onoff.
        const rc = this.nativeGet(h, spec.level, spec.name, 8);
        if (rc < 0) return rc;
        this.scratchView.setInt32(0, input.getInt32(0, littleEndian) === 0 ? 1 : 0, littleEndian);
        return this.nativeSet(h, spec.level, spec.name, 8);
      }
      case 'timeo': {
        const ms = input.getUint32(0, littleEndian);
        writeLong(this.scratchView, 0, Math.floor(ms / 1000));
        writeLong(this.scratchView, LONG_SIZE, (ms % 1000) * 1000);
        const rc = this.nativeSet(h, spec.level, spec.name, LONG_SIZE * 2);
        if (rc === 0) {
          // Linux rounds the timeout up to its clock tick (1 ms reads back 4); Winsock keeps it.
          const b = this.bufs.get(h) ?? {};
          b[spec.name === L.SO_RCVTIMEO ? 'rcvtimeo' : 'sndtimeo'] = ms;
          this.bufs.set(h, b);
        }
        return rc;
      }
      case 'exclusive': {
        const on = input.getInt32(0, littleEndian) !== 0;
        if (on) {
          // The two are mutually exclusive, in either order (sock.c, test_reuseaddr).
          const rc = this.nativeGet(h, L.SOL_SOCKET, L.SO_REUSEADDR, 4);
          if (rc < 0) return rc;
          if (this.nativeInt() !== 0) return -WSAEINVAL;
          this.exclusive.add(h);
        } else {
          const rc = this.nativeGet(h, L.SOL_SOCKET, L.SO_TYPE, 4);
          if (rc < 0) return rc;
          this.exclusive.delete(h);
        }
        return 0;
      }
      case 'bytes4': case 'mreq': {
        this.scratch.set(val.subarray(0, need));
        return this.nativeSet(h, spec.level, spec.name, need);
      }
    }
  }
}

/** Linux and Winsock number SOCK_STREAM/DGRAM/RAW alike on the supported ABIs; flags are masked. */
function typeToWinsock(t: number): number {
  return t & 0xf;
}

function readLong(view: DataView, offset: number): number {
  return LONG_SIZE === 8 ? Number(view.getBigInt64(offset, littleEndian)) : view.getInt32(offset, littleEndian);
}

function writeLong(view: DataView, offset: number, v: number): void {
  if (LONG_SIZE === 8) view.setBigInt64(offset, BigInt(v), littleEndian);
  else view.setInt32(offset, v, littleEndian);
}

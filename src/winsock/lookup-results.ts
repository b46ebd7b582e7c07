/**
 * The WSAAsyncGetXByY results as JS objects mirroring hostent / servent / protoent, and the size
 * each would take in the caller's buffer, for the WSAENOBUFS rule.
 *
 * The size model is Wine's (dlls/ws2_32/async.c, copy_he / copy_se / copy_pe): the struct, then
 * each string with its NUL, each NULL-terminated pointer list, and for hosts each address of
 * h_length bytes, packed without padding. Struct and pointer sizes are 64-bit Windows' (hostent
 * and servent 32 bytes, protoent 24, pointers 8) on every platform, so a given lookup needs the
 * same buflen everywhere. Strings count their UTF-8 bytes.
 */
import { AF_INET, AF_INET6 } from '../wsa/constants.js';
import { formatAddress, emptySockAddr } from '../wsa/address.js';
import type { HostData, ProtoData, ServData } from '../native/lookup-protocol.js';

/**
 * A host, as Winsock's `hostent` (the result of `WSAAsyncGetHostByName` / `WSAAsyncGetHostByAddr`),
 * with strings and arrays instead of pointers.
 */
export interface HOSTENT {
  /**
   * The official (canonical) name of the host; for a lookup by name, the name asked for when the
   * resolver gives no canonical name.
   */
  h_name: string;
  /** Other names of the host: always empty here (getaddrinfo / getnameinfo report no aliases). */
  h_aliases: string[];
  /** The addresses' family: `AF_INET` (2), or `AF_INET6` (23) for a lookup by IPv6 address. */
  h_addrtype: number;
  /** The length of each address in bytes: 4 for `AF_INET`, 16 for `AF_INET6`. */
  h_length: number;
  /**
   * The host's addresses as numeric text (dotted IPv4, RFC 5952 IPv6), in the resolver's order
   * without duplicates; Winsock's list holds network-order bytes. `h_addr_list[0]` is C's `h_addr`.
   */
  h_addr_list: string[];
}

/**
 * A service, as Winsock's `servent` (the result of `WSAAsyncGetServByName` /
 * `WSAAsyncGetServByPort`), with strings and arrays instead of pointers.
 */
export interface SERVENT {
  /** The official name of the service, e.g. `'http'`. */
  s_name: string;
  /** Other names of the service, from the system's services database. */
  s_aliases: string[];
  /** The port, 0..65535, in host order (Winsock's servent holds it in network order). */
  s_port: number;
  /** The protocol to use with it, e.g. `'tcp'`. */
  s_proto: string;
}

/**
 * A protocol, as Winsock's `protoent` (the result of `WSAAsyncGetProtoByName` /
 * `WSAAsyncGetProtoByNumber`), with strings and arrays instead of pointers.
 */
export interface PROTOENT {
  /** The official name of the protocol, e.g. `'tcp'`. */
  p_name: string;
  /** Other names of the protocol, from the system's protocols database (e.g. `'TCP'`). */
  p_aliases: string[];
  /** The protocol number, in host order (e.g. 6 for TCP). */
  p_proto: number;
}

const POINTER = 8;
const SIZEOF_HOSTENT = 32;
const SIZEOF_SERVENT = 32;
const SIZEOF_PROTOENT = 24;

function stringSize(s: string): number {
  return Buffer.byteLength(s, 'utf8') + 1;
}

function listSize(items: readonly string[]): number {
  let n = (items.length + 1) * POINTER;
  for (const s of items) n += stringSize(s);
  return n;
}

/** The Worker's host data as a HOSTENT (AF_INET6 stays AF_INET6, any other family is AF_INET). */
export function toHostent(d: HostData): HOSTENT {
  const family = d.family === AF_INET6 ? AF_INET6 : AF_INET;
  const h_addr_list = d.addrs.map((bytes) => {
    const sa = emptySockAddr(family);
    sa.addr.set(bytes);
    return formatAddress(sa);
  });
  return { h_name: d.name, h_aliases: d.aliases.slice(), h_addrtype: family, h_length: family === AF_INET6 ? 16 : 4, h_addr_list };
}

/** The bytes `h` would take in a Winsock buffer (Wine's `copy_he` layout, 64-bit pointers). */
export function hostentSize(h: HOSTENT): number {
  const n = h.h_addr_list.length;
  return SIZEOF_HOSTENT + stringSize(h.h_name) + listSize(h.h_aliases) + (n + 1) * POINTER + n * h.h_length;
}

/** The Worker's service data as a SERVENT (port already in host order). */
export function toServent(d: ServData): SERVENT {
  return { s_name: d.s_name, s_aliases: d.s_aliases.slice(), s_port: d.s_port, s_proto: d.s_proto };
}

/** The bytes `s` would take in a Winsock buffer (Wine's `copy_se` layout, 64-bit pointers). */
export function serventSize(s: SERVENT): number {
  return SIZEOF_SERVENT + stringSize(s.s_proto) + stringSize(s.s_name) + listSize(s.s_aliases);
}

/** The Worker's protocol data as a PROTOENT. */
export function toProtoent(d: ProtoData): PROTOENT {
  return { p_name: d.p_name, p_aliases: d.p_aliases.slice(), p_proto: d.p_proto };
}

/** The bytes `p` would take in a Winsock buffer (Wine's `copy_pe` layout, 64-bit pointers). */
export function protoentSize(p: PROTOENT): number {
  return SIZEOF_PROTOENT + stringSize(p.p_name) + listSize(p.p_aliases);
}

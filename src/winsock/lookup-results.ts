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
import { AF_INET, AF_INET6 } from './constants.js';
import { formatAddress, emptySockAddr } from './address.js';
import type { HostData, ProtoData, ServData } from '../native/lookup-worker.js';

export interface HOSTENT {
  h_name: string;
  h_aliases: string[];
  /** AF_INET (2) or AF_INET6 (23). */
  h_addrtype: number;
  /** 4 or 16. */
  h_length: number;
  /** Numeric addresses, as text. */
  h_addr_list: string[];
}

export interface SERVENT {
  s_name: string;
  s_aliases: string[];
  /** Host order (Winsock's servent holds it in network order). */
  s_port: number;
  s_proto: string;
}

export interface PROTOENT {
  p_name: string;
  p_aliases: string[];
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

export function toHostent(d: HostData): HOSTENT {
  const family = d.family === AF_INET6 ? AF_INET6 : AF_INET;
  const h_addr_list = d.addrs.map((bytes) => {
    const sa = emptySockAddr(family);
    sa.addr.set(bytes);
    return formatAddress(sa);
  });
  return { h_name: d.name, h_aliases: d.aliases.slice(), h_addrtype: family, h_length: family === AF_INET6 ? 16 : 4, h_addr_list };
}

export function hostentSize(h: HOSTENT): number {
  const n = h.h_addr_list.length;
  return SIZEOF_HOSTENT + stringSize(h.h_name) + listSize(h.h_aliases) + (n + 1) * POINTER + n * h.h_length;
}

export function toServent(d: ServData): SERVENT {
  return { s_name: d.s_name, s_aliases: d.s_aliases.slice(), s_port: d.s_port, s_proto: d.s_proto };
}

export function serventSize(s: SERVENT): number {
  return SIZEOF_SERVENT + stringSize(s.s_proto) + stringSize(s.s_name) + listSize(s.s_aliases);
}

export function toProtoent(d: ProtoData): PROTOENT {
  return { p_name: d.p_name, p_aliases: d.p_aliases.slice(), p_proto: d.p_proto };
}

export function protoentSize(p: PROTOENT): number {
  return SIZEOF_PROTOENT + stringSize(p.p_name) + listSize(p.p_aliases);
}

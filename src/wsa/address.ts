/**
 * Socket addresses: text <-> the portable `SockAddr` of `native/`.
 *
 * MFC's own parsing is `inet_addr` (IPv4 dotted forms only, no lookup); afxsock also takes IPv6
 * literals, with an optional `%scope` suffix, because a port to Node is expected to.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { AF_INET, AF_INET6 } from './constants.js';
import type { SockAddr } from './sockaddr.js';

/** A zeroed address of the given family. */
export function emptySockAddr(family: number = AF_INET): SockAddr {
  return { family, addr: new Uint8Array(family === AF_INET6 ? 16 : 4), port: 0, flowinfo: 0, scopeId: 0 };
}

/** True for an integer in 0..65535. */
export function isValidPort(port: unknown): port is number {
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 0xffff;
}

/**
 * Parses a numeric IPv4 or IPv6 address (no name lookup). Returns null when `text` is not
 * one: the caller decides whether to resolve it as a host name or to fail with WSAEINVAL.
 */
export function parseAddress(text: string, port = 0): SockAddr | null {
  if (typeof text !== 'string') return null;
  if (isIPv4(text)) {
    const sa = emptySockAddr(AF_INET);
    const parts = text.split('.');
    for (let i = 0; i < 4; i++) sa.addr[i] = Number(parts[i]);
    sa.port = port;
    return sa;
  }
  let scope = 0;
  let body = text;
  const pct = text.indexOf('%');
  if (pct >= 0) {
    const s = text.slice(pct + 1);
    if (!/^\d{1,10}$/.test(s) || Number(s) > 0xffffffff) return null;
    scope = Number(s);
    body = text.slice(0, pct);
  }
  if (body.startsWith('[') && body.endsWith(']')) body = body.slice(1, -1);
  if (!isIPv6(body)) return null;
  const sa = emptySockAddr(AF_INET6);
  writeIPv6(body, sa.addr);
  sa.port = port;
  sa.scopeId = scope;
  return sa;
}

function writeIPv6(text: string, out: Uint8Array): void {
  // An embedded IPv4 tail ("::ffff:1.2.3.4") becomes two hextets first.
  let t = text;
  const lastColon = t.lastIndexOf(':');
  const tail = t.slice(lastColon + 1);
  if (tail.includes('.')) {
    const p = tail.split('.').map(Number);
    t = `${t.slice(0, lastColon + 1)}${((p[0]! << 8) | p[1]!).toString(16)}:${((p[2]! << 8) | p[3]!).toString(16)}`;
  }
  const [head, rest] = t.includes('::') ? t.split('::') as [string, string] : [t, undefined];
  const h = head ? head.split(':') : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const groups = rest === undefined ? h : [...h, ...new Array<string>(8 - h.length - r.length).fill('0'), ...r];
  for (let i = 0; i < 8; i++) {
    const v = parseInt(groups[i]!, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  }
}

/** Dotted IPv4 or RFC 5952 IPv6 text (with `%scope` when non-zero). */
export function formatAddress(sa: SockAddr): string {
  const a = sa.addr;
  if (sa.family === AF_INET) return `${a[0]}.${a[1]}.${a[2]}.${a[3]}`;
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((a[i * 2]! << 8) | a[i * 2 + 1]!);
  let text: string;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    text = `::ffff:${a[12]}.${a[13]}.${a[14]}.${a[15]}`;
  } else {
    // The longest run (>= 2) of zero groups becomes "::" (RFC 5952 4.2).
    let best = -1, bestLen = 0;
    for (let i = 0; i < 8;) {
      if (g[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && g[j] === 0) j++;
      if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
      i = j;
    }
    const hex = g.map((x) => x.toString(16));
    text = best < 0 ? hex.join(':') : `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
  }
  return sa.scopeId ? `${text}%${sa.scopeId}` : text;
}

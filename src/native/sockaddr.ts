/**
 * sockaddr_in / sockaddr_in6 in native byte layout, written into and read from caller-owned
 * buffers so that the hot paths allocate nothing and koffi marshals no struct.
 *
 * Linux and Windows share the layout (16 and 28 bytes; family in host order, port and
 * flowinfo in network order, scope id in host order); only the AF_INET6 number differs, so
 * the host's value is a parameter. BSD's `sin_len` byte is not handled.
 */
import type { SockAddr } from './types.js';
import { AF_INET, AF_INET6 } from '../wsa/constants.js';
import { WSAEAFNOSUPPORT, WSAEFAULT } from '../wsa/errors.js';

/** Big enough for any address this layer decodes (sockaddr_storage). */
export const SOCKADDR_STORAGE_SIZE = 128;
export const SOCKADDR_IN_SIZE = 16;
export const SOCKADDR_IN6_SIZE = 28;
/** AF_INET is 2 on every platform this layer supports. */
const HOST_AF_INET = 2;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function isU32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

/**
 * Writes `sa` into `buf` as the host's sockaddr. Returns its length, or -WSAEFAULT (malformed
 * SockAddr, buffer too small) / -WSAEAFNOSUPPORT (family neither AF_INET nor AF_INET6).
 */
export function encodeSockAddr(sa: SockAddr, buf: Uint8Array, af6: number): number {
  if (typeof sa !== 'object' || sa === null) return -WSAEFAULT;
  const { family, addr, port } = sa;
  if (!(addr instanceof Uint8Array) || !isU32(port) || port > 0xffff) return -WSAEFAULT;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (family === AF_INET) {
    if (addr.byteLength !== 4 || buf.byteLength < SOCKADDR_IN_SIZE) return -WSAEFAULT;
    buf.fill(0, 0, SOCKADDR_IN_SIZE);
    view.setUint16(0, HOST_AF_INET, littleEndian);
    view.setUint16(2, port, false);
    buf.set(addr, 4);
    return SOCKADDR_IN_SIZE;
  }
  if (family === AF_INET6) {
    const flowinfo = sa.flowinfo ?? 0;
    const scopeId = sa.scopeId ?? 0;
    if (addr.byteLength !== 16 || !isU32(flowinfo) || !isU32(scopeId) || buf.byteLength < SOCKADDR_IN6_SIZE) {
      return -WSAEFAULT;
    }
    view.setUint16(0, af6, littleEndian);
    view.setUint16(2, port, false);
    view.setUint32(4, flowinfo, false);
    buf.set(addr, 8);
    view.setUint32(24, scopeId, littleEndian);
    return SOCKADDR_IN6_SIZE;
  }
  return -WSAEAFNOSUPPORT;
}

/**
 * Reads the host sockaddr in `buf[0..len)` into `out` (Winsock family numbers). `out.addr` is
 * reused when it already has the right size. Returns false, leaving `out` untouched, when the
 * family is neither IPv4 nor IPv6 or `len` is too short for it.
 */
export function decodeSockAddr(buf: Uint8Array, len: number, out: SockAddr, af6: number): boolean {
  if (!Number.isInteger(len) || len < 2 || len > buf.byteLength) return false;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const family = view.getUint16(0, littleEndian);
  if (family === HOST_AF_INET && len >= SOCKADDR_IN_SIZE) {
    const addr = out.addr instanceof Uint8Array && out.addr.byteLength === 4 ? out.addr : new Uint8Array(4);
    addr.set(buf.subarray(4, 8));
    out.family = AF_INET;
    out.addr = addr;
    out.port = view.getUint16(2, false);
    out.flowinfo = 0;
    out.scopeId = 0;
    return true;
  }
  if (family === af6 && len >= SOCKADDR_IN6_SIZE) {
    const addr = out.addr instanceof Uint8Array && out.addr.byteLength === 16 ? out.addr : new Uint8Array(16);
    addr.set(buf.subarray(8, 24));
    out.family = AF_INET6;
    out.addr = addr;
    out.port = view.getUint16(2, false);
    out.flowinfo = view.getUint32(4, false);
    out.scopeId = view.getUint32(24, littleEndian);
    return true;
  }
  return false;
}

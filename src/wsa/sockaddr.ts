/**
 * The one socket-address shape every layer passes around: plain data, no OS structure. The
 * native back ends encode it into the platform's sockaddr; the MFC classes format it.
 */
/** A socket address in portable form. `addr` is in network order: 4 bytes (IPv4) or 16 (IPv6). */
export interface SockAddr {
  /** AF_INET (2) or AF_INET6 (23): Winsock numbering on every platform. */
  family: number;
  addr: Uint8Array;
  /** Host order, 0..65535. */
  port: number;
  /** IPv6 only; host order. */
  flowinfo: number;
  /** IPv6 only; host order. */
  scopeId: number;
}

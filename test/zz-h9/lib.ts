import { CAsyncSocket } from '../../src/afx/CAsyncSocket.js';
import { SO_LINGER, SO_SNDBUF, SOCK_STREAM, SOL_SOCKET, FD_ALL_EVENTS } from '../../src/winsock/constants.js';
export async function asyncPair(): Promise<{ a: CAsyncSocket; b: CAsyncSocket; l: CAsyncSocket }> {
  const l = new CAsyncSocket(); l.Create(0, SOCK_STREAM, FD_ALL_EVENTS, '127.0.0.1'); l.Listen();
  const n = { address: '', port: 0 }; l.GetSockName(n);
  const a = new CAsyncSocket(); a.Create(0, SOCK_STREAM, FD_ALL_EVENTS, '127.0.0.1'); a.Connect('127.0.0.1', n.port);
  const b = new CAsyncSocket();
  for (let i = 0; i < 500 && !l.Accept(b); i++) await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 500 && !a.GetPeerName({ address: '', port: 0 }); i++) await new Promise((r) => setTimeout(r, 10));
  return { a, b, l };
}
export function linger0(s: CAsyncSocket): boolean { const v = new Uint8Array(4); v[0] = 1; return s.SetSockOpt(SO_LINGER, v, 4, SOL_SOCKET); }
export function fill(s: CAsyncSocket): number {
  const v = new Uint8Array(4); new DataView(v.buffer).setInt32(0, 8192, true); s.SetSockOpt(SO_SNDBUF, v, 4, SOL_SOCKET);
  const buf = new Uint8Array(65536); let total = 0;
  for (let i = 0; i < 10000; i++) { const k = s.Send(buf, buf.length); if (k <= 0) break; total += k; }
  return total;
}

/** What every TypeScript peer shares: argument parsing, the READY / RESULT lines, afxsock setup. */
import type { CAsyncSocket, CSocket as CSocketType } from '../../src/index.js';
import { afx } from './lib.js';

const { CSocket, SOCK_STREAM, IPPROTO_TCP, TCP_NODELAY } = afx;

export type Impl = 'afx-sync' | 'afx-async' | 'net';

export function arg(i: number): string {
  const v = process.argv[2 + i];
  if (v === undefined) fatal(`missing argument ${i}`);
  return v;
}

export function intArg(i: number): number {
  const n = Number(arg(i));
  if (!Number.isSafeInteger(n) || n < 0) fatal(`bad number ${arg(i)}`);
  return n;
}

export function implArg(i: number): Impl {
  const v = arg(i);
  if (v !== 'afx-sync' && v !== 'afx-async' && v !== 'net') fatal(`bad impl ${v}`);
  return v;
}

export function fatal(msg: string): never {
  process.stderr.write(`peer ${process.argv[1]}: ${msg}\n`);
  process.exit(2);
}

export function ready(...words: (string | number)[]): void {
  process.stdout.write(`READY ${words.join(' ')}\n`);
}

export function result(r: Record<string, number>): void {
  process.stdout.write(`RESULT ${JSON.stringify(r)}\n`);
}

/** This process's CPU time (user + system, µs) since `since`, per operation: steadier than rates on a VM. */
export function cpuPerOp(since: NodeJS.CpuUsage, ops: number): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / ops;
}

export function seconds(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Fails the peer with the socket's last error. */
export function check(ok: boolean | number, s: CAsyncSocket, what: string): void {
  if (ok === false || ok === -1) fatal(`${what} failed: WSA ${s.GetLastError()}`);
}

/** A listening CSocket on 127.0.0.1 with an ephemeral port. */
export function afxListener(backlog = 128): { srv: CSocketType; port: number } {
  const srv = new CSocket();
  check(srv.Create(0, SOCK_STREAM, '127.0.0.1'), srv, 'Create');
  check(srv.Listen(backlog), srv, 'Listen');
  const a = { address: '', port: 0 };
  check(srv.GetSockName(a), srv, 'GetSockName');
  return { srv, port: a.port };
}

/** TCP_NODELAY, as the net peers set with setNoDelay. */
export function afxNoDelay(s: CAsyncSocket): void {
  const one = new Uint8Array(4);
  one[0] = 1;
  check(s.SetSockOpt(TCP_NODELAY, one, 4, IPPROTO_TCP), s, 'SetSockOpt(TCP_NODELAY)');
}

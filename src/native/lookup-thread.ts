/**
 * The lookup Worker's own code (started by lookup-worker.ts, its own entry in the package build):
 * it runs the resolver (getaddrinfo / getnameinfo, through linux-resolve.ts or win32-resolve.ts)
 * and the services and protocols databases synchronously through koffi, off the event loop.
 * Never koffi's `.async`: that would park a slow resolver call on libuv's small shared pool.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadKoffi } from './koffi.js';
import { assertSupportedAbi } from './linux-constants.js';
import { libcLibrary, loadLibc } from './linux-libc.js';
import { LinuxResolver } from './linux-resolve.js';
import { kernel32Library, loadWs2, ws2Library } from './win32-lib.js';
import { createWin32Resolver } from './win32-resolve.js';
import type { Resolver, SockAddr } from './types.js';
import { DONE, READY, RUNNING, type HostData, type LookupReply, type LookupRequest, type LookupWorkerData, type ProtoData, type ServData } from './lookup-protocol.js';
import { AF_INET, AF_INET6 } from '../wsa/constants.js';
import { WSAEINVAL, WSAENETDOWN, WSANO_DATA, WSANO_RECOVERY } from '../wsa/errors.js';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A database answer: the entry, none (null), or the platform's error. */
type DbResult<T> = T | null | { err: number };

/** One platform's resolver and databases. */
interface Databases {
  resolver: Resolver;
  servByName(name: string, proto: string | null): DbResult<ServData>;
  servByPort(port: number, proto: string | null): DbResult<ServData>;
  protoByName(name: string): DbResult<ProtoData>;
  protoByNumber(num: number): DbResult<ProtoData>;
  /** Sleeps in native code (the test hook below). */
  sleep(ms: number): void;
}

const PTR = process.arch === 'x64' || process.arch === 'arm64' ? 8 : 4;
const ERANGE = 34;

function htons(port: number): number {
  return ((port & 0xff) << 8) | ((port >> 8) & 0xff);
}

function isNull(p: unknown): boolean {
  return p === null || p === 0n || p === undefined;
}

/** A NULL-terminated `char **`, bounded so that a corrupt list cannot spin. */
function stringList(p: unknown): string[] {
  const koffi = loadKoffi();
  const list: string[] = [];
  if (isNull(p)) return list;
  for (let i = 0; i < 1024; i++) {
    const s = koffi.decode(p, i * PTR, 'char *') as string | null;
    if (s === null) break;
    list.push(s);
  }
  return list;
}

/** `struct servent` at `p`; the port field is `portSize` bytes at `portOff`. */
function servent(p: unknown, portOff: number, protoOff: number, portSize: 2 | 4): ServData | null {
  if (isNull(p)) return null;
  const koffi = loadKoffi();
  const raw = portSize === 2 ? koffi.decode(p, portOff, 'uint16_t') as number : (koffi.decode(p, portOff, 'int') as number) & 0xffff;
  return {
    s_name: koffi.decode(p, 0, 'char *') as string,
    s_aliases: stringList(koffi.decode(p, PTR, 'void *')),
    s_port: htons(raw),
    s_proto: koffi.decode(p, protoOff, 'char *') as string,
  };
}

function protoent(p: unknown, protoSize: 2 | 4): ProtoData | null {
  if (isNull(p)) return null;
  const koffi = loadKoffi();
  return {
    p_name: koffi.decode(p, 0, 'char *') as string,
    p_aliases: stringList(koffi.decode(p, PTR, 'void *')),
    p_proto: koffi.decode(p, 2 * PTR, protoSize === 2 ? 'int16_t' : 'int') as number,
  };
}

function openLinux(): Databases {
  assertSupportedAbi();
  const libc = loadLibc();
  const c = libcLibrary();
  const f = (decl: string): Fn => c.func(decl) as Fn;
  const getservbyname = f('int getservbyname_r(const char *name, const char *proto, void *rb, void *buf, size_t len, _Out_ void **res)');
  const getservbyport = f('int getservbyport_r(int port, const char *proto, void *rb, void *buf, size_t len, _Out_ void **res)');
  const getprotobyname = f('int getprotobyname_r(const char *name, void *rb, void *buf, size_t len, _Out_ void **res)');
  const getprotobynumber = f('int getprotobynumber_r(int proto, void *rb, void *buf, size_t len, _Out_ void **res)');
  const rb = Buffer.alloc(64);
  let scratch = Buffer.alloc(4096);
  // The *_r functions report a too-small scratch buffer with ERANGE: grow and retry (bounded).
  const reentrant = (call: (buf: Buffer, out: [unknown]) => number): unknown => {
    for (let i = 0; i < 6; i++) {
      const out: [unknown] = [null];
      const rc = call(scratch, out);
      if (rc === ERANGE) { scratch = Buffer.alloc(scratch.length * 4); continue; }
      return rc === 0 ? out[0] : null;
    }
    return null;
  };
  // glibc's servent: s_name, s_aliases, int s_port, s_proto (after padding on 64-bit).
  const sPort = 2 * PTR;
  const sProto = sPort + (PTR === 8 ? 8 : 4);
  return {
    resolver: new LinuxResolver(libc),
    servByName: (name, proto) => servent(reentrant((b, o) => getservbyname(name, proto, rb, b, b.length, o)), sPort, sProto, 4),
    servByPort: (port, proto) => servent(reentrant((b, o) => getservbyport(htons(port), proto, rb, b, b.length, o)), sPort, sProto, 4),
    protoByName: (name) => protoent(reentrant((b, o) => getprotobyname(name, rb, b, b.length, o)), 4),
    protoByNumber: (num) => protoent(reentrant((b, o) => getprotobynumber(num, rb, b, b.length, o)), 4),
    sleep: (ms) => { libc.poll(null, 0, ms); },
  };
}

function openWin32(): Databases {
  const ws = ws2Library();
  const ws2 = loadWs2();
  // This thread's own reference on ws2_32: the lookups must not depend on who else started it.
  const rc = ws2.WSAStartup(0x0202, Buffer.alloc(1024)) as number;
  if (rc !== 0) throw new Error(`WSAStartup ${rc}`);
  const f = (decl: string): Fn => ws.func(decl) as Fn;
  const getservbyname = f('void * __stdcall getservbyname(const char *name, const char *proto)');
  const getservbyport = f('void * __stdcall getservbyport(int port, const char *proto)');
  const getprotobyname = f('void * __stdcall getprotobyname(const char *name)');
  const getprotobynumber = f('void * __stdcall getprotobynumber(int proto)');
  const sleep = kernel32Library().func('void __stdcall Sleep(uint32_t ms)') as Fn;
  // servent is { s_name, s_aliases, s_proto, short s_port } on Win64 but
  // { s_name, s_aliases, short s_port, s_proto } on Win32.
  const sPort = PTR === 8 ? 24 : 8;
  const sProto = PTR === 8 ? 16 : 12;
  /** A NULL result is "none" when WSAGetLastError says nothing, else that error. */
  const orError = <T>(p: unknown, read: (p: unknown) => T | null): DbResult<T> => {
    if (!isNull(p)) return read(p);
    const e = ws2.WSAGetLastError() as number;
    return e === 0 ? null : { err: e };
  };
  // Wine compares the int with its short s_port, so a network-order port of 0x8000 or more must
  // be passed sign-extended there; Windows takes it as written. Try that, then the other form.
  const byPort = (netPort: number, proto: string | null): unknown => {
    const p = getservbyport(netPort, proto);
    if (!isNull(p) || netPort < 0x8000) return p;
    return getservbyport((netPort << 16) >> 16, proto);
  };
  return {
    resolver: createWin32Resolver(ws2),
    servByName: (name, proto) => orError(getservbyname(name, proto), (p) => servent(p, sPort, sProto, 2)),
    servByPort: (port, proto) => orError(byPort(htons(port), proto), (p) => servent(p, sPort, sProto, 2)),
    protoByName: (name) => orError(getprotobyname(name), (p) => protoent(p, 2)),
    protoByNumber: (num) => orError(getprotobynumber(num), (p) => protoent(p, 2)),
    sleep: (ms) => { sleep(ms); },
  };
}

function hostByName(db: Databases, name: string): { err: number; res?: HostData } {
  const r = db.resolver.lookup(name, AF_INET, true);
  if (typeof r === 'number') return { err: -r };
  const addrs: number[][] = [];
  for (const sa of r.addrs) {
    const a = [...sa.addr];
    if (!addrs.some((x) => x.every((b, i) => b === a[i]))) addrs.push(a);
  }
  if (addrs.length === 0) return { err: WSANO_DATA };
  return { err: 0, res: { name: r.canon || name, aliases: [], family: AF_INET, addrs } };
}

function hostByAddr(db: Databases, bytes: number[], family: number): { err: number; res?: HostData } {
  const sa: SockAddr = { family, addr: Uint8Array.from(bytes), port: 0, flowinfo: 0, scopeId: 0 };
  if (family !== AF_INET && family !== AF_INET6) return { err: WSAEINVAL };
  const name = db.resolver.hostName(sa);
  if (typeof name === 'number') return { err: -name };
  return { err: 0, res: { name, aliases: [], family, addrs: [Array.from(bytes)] } };
}

function fromDb<T>(result: DbResult<T>): { err: number; res?: T } {
  if (result === null) return { err: WSANO_DATA };
  if (typeof result === 'object' && 'err' in result) return { err: result.err || WSANO_DATA };
  return { err: 0, res: result };
}

const data = workerData as LookupWorkerData;
const state = new Int32Array(data.state);

let db: Databases | null = null;
try {
  db = process.platform === 'win32' ? openWin32() : openLinux();
} catch {
  db = null;
}
// From here on this thread runs no koffi code between tasks, so Node may stop it at exit.
Atomics.store(state, READY, 1);

// Test hook: a native sleep before each lookup stands in for a resolver stuck on an unreachable
// DNS server (a sandbox has none to time out on), to prove that exit never hangs.
const stallMs = Number(process.env.AFXSOCK_LOOKUP_TEST_STALL_MS) || 0;

function run(m: LookupRequest): { err: number; res?: HostData | ServData | ProtoData } {
  if (db === null) return { err: WSAENETDOWN };
  if (stallMs > 0) db.sleep(stallMs);
  switch (m.op) {
    case 'hostByName': return hostByName(db, m.a as string);
    case 'hostByAddr': return hostByAddr(db, m.a as number[], m.b as number);
    case 'servByName': return fromDb(db.servByName(m.a as string, m.b as string | null));
    case 'servByPort': return fromDb(db.servByPort(m.a as number, m.b as string | null));
    case 'protoByName': return fromDb(db.protoByName(m.a as string));
    case 'protoByNumber': return fromDb(db.protoByNumber(m.a as number));
    default: return { err: WSAEINVAL };
  }
}

parentPort!.on('message', (m: LookupRequest) => {
  Atomics.store(state, RUNNING, m.h);
  let reply: { err: number; res?: HostData | ServData | ProtoData };
  try {
    reply = run(m);
  } catch {
    reply = { err: WSANO_RECOVERY };
  }
  Atomics.store(state, DONE, m.h);
  Atomics.store(state, RUNNING, 0);
  parentPort!.postMessage({ h: m.h, err: reply.err, res: reply.res ?? null } satisfies LookupReply);
});

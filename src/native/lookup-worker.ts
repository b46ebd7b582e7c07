/**
 * The name-lookup Worker: one lazily started `worker_threads` Worker that runs the resolver
 * (getaddrinfo/getnameinfo, the services and protocols databases) synchronously through koffi,
 * off the event loop, on Linux (glibc) and Windows (ws2_32.dll).
 *
 * The Worker's code is a string (below), not a module file, because the published bundle is two
 * files (index.js and index.cjs) with no separate worker entry: it is started with `eval: true`
 * and given the resolved koffi path in `workerData`. It is plain CommonJS JavaScript (no
 * TypeScript, no helpers a bundler could inject) so that it runs the same from source and dist.
 *
 * Protocol. Request `{ h, op, a, b }`; reply `{ h, err, res }` where `err` is a Windows Sockets
 * code (0 on success) and `res` plain data the caller turns into hostent/servent/protoent.
 * A shared Int32Array tells this thread, without waiting for the message, which task the Worker
 * is inside (RUNNING), which it has finished (DONE), and whether it is past its start-up, which
 * loads koffi and the library (READY): WSACancelAsyncRequest needs DONE to answer WSAEALREADY,
 * the exit guard RUNNING and READY.
 *
 * Never koffi's `.async`: that would park a slow resolver call on libuv's small shared pool.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { loadKoffi } from './koffi.js';

const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const state = new Int32Array(workerData.state);
const RUNNING = 0, DONE = 1, READY = 2;

const WSAEAFNOSUPPORT = 10047, WSAENOBUFS = 10055, WSAENETDOWN = 10050, WSAEINVAL = 10022;
const WSAESOCKTNOSUPPORT = 10044, WSATYPE_NOT_FOUND = 10109;
const WSAHOST_NOT_FOUND = 11001, WSATRY_AGAIN = 11002, WSANO_RECOVERY = 11003, WSANO_DATA = 11004;

let lib = null;
let loadError = 0;
try {
  lib = process.platform === 'win32' ? openWin32() : process.platform === 'linux' ? openGlibc() : null;
  if (lib === null) loadError = WSAENETDOWN;
} catch (e) {
  loadError = WSAENETDOWN;
}
// From here on this thread runs no koffi code between tasks, so Node may stop it at exit.
Atomics.store(state, READY, 1);

function openGlibc() {
  const koffi = require(workerData.koffiPath);
  const c = koffi.load('libc.so.6');
  koffi.alias('afx_socklen_t', 'uint32_t');
  const addrinfo = koffi.struct('afx_addrinfo', {
    ai_flags: 'int', ai_family: 'int', ai_socktype: 'int', ai_protocol: 'int',
    ai_addrlen: 'afx_socklen_t', ai_addr: 'void *', ai_canonname: 'char *', ai_next: 'void *',
  });
  const fn = {
    getaddrinfo: c.func('int getaddrinfo(const char *node, const char *service, const void *hints, _Out_ void **res)'),
    freeaddrinfo: c.func('void freeaddrinfo(void *res)'),
    getnameinfo: c.func('int getnameinfo(const void *sa, afx_socklen_t salen, void *host, afx_socklen_t hostlen, void *serv, afx_socklen_t servlen, int flags)'),
    getservbyname_r: c.func('int getservbyname_r(const char *name, const char *proto, void *rb, void *buf, size_t len, _Out_ void **res)'),
    getservbyport_r: c.func('int getservbyport_r(int port, const char *proto, void *rb, void *buf, size_t len, _Out_ void **res)'),
    getprotobyname_r: c.func('int getprotobyname_r(const char *name, void *rb, void *buf, size_t len, _Out_ void **res)'),
    getprotobynumber_r: c.func('int getprotobynumber_r(int proto, void *rb, void *buf, size_t len, _Out_ void **res)'),
  };
  // glibc's EAI_* codes; the mapping follows Wine's (EAI_NONAME -> WSAHOST_NOT_FOUND ...).
  const gai = new Map([[-1, WSAEINVAL], [-2, WSAHOST_NOT_FOUND], [-3, WSATRY_AGAIN], [-4, WSANO_RECOVERY],
    [-5, WSANO_DATA], [-6, WSAEAFNOSUPPORT], [-7, WSAESOCKTNOSUPPORT], [-8, WSATYPE_NOT_FOUND],
    [-9, WSANO_DATA], [-10, WSAENOBUFS], [-11, WSANO_RECOVERY]]);
  const ERANGE = 34;
  const scratch = { rb: Buffer.alloc(64), buf: Buffer.alloc(4096) };
  // The *_r functions report a too-small scratch buffer with ERANGE: grow and retry (bounded).
  function reentrant(call) {
    for (let i = 0; i < 6; i++) {
      const out = [null];
      const rc = call(scratch.rb, scratch.buf, scratch.buf.length, out);
      if (rc === ERANGE) { scratch.buf = Buffer.alloc(scratch.buf.length * 4); continue; }
      return rc === 0 ? out[0] : null;
    }
    return null;
  }
  return {
    koffi, addrinfo, af6: 10, aiCanon: 2, niNameReqd: 8, ptr: 8,
    gaiError: (rc) => gai.get(rc) || WSANO_RECOVERY,
    getaddrinfo: fn.getaddrinfo, freeaddrinfo: fn.freeaddrinfo, getnameinfo: fn.getnameinfo,
    servByName: (name, proto) => servent(koffi, reentrant((rb, b, n, o) => fn.getservbyname_r(name, proto, rb, b, n, o)), 16, 24, 4),
    servByPort: (port, proto) => servent(koffi, reentrant((rb, b, n, o) => fn.getservbyport_r(htons(port), proto, rb, b, n, o)), 16, 24, 4),
    protoByName: (name) => protoent(koffi, reentrant((rb, b, n, o) => fn.getprotobyname_r(name, rb, b, n, o)), 16, 4),
    protoByNumber: (num) => protoent(koffi, reentrant((rb, b, n, o) => fn.getprotobynumber_r(num, rb, b, n, o)), 16, 4),
    dbError: () => WSANO_DATA,
  };
}

function openWin32() {
  const koffi = require(workerData.koffiPath);
  const ws = koffi.load('ws2_32.dll');
  const addrinfo = koffi.struct('afx_addrinfo', {
    ai_flags: 'int', ai_family: 'int', ai_socktype: 'int', ai_protocol: 'int',
    ai_addrlen: 'size_t', ai_canonname: 'char *', ai_addr: 'void *', ai_next: 'void *',
  });
  const WSAStartup = ws.func('int __stdcall WSAStartup(uint16_t v, _Inout_ uint8_t *data)');
  const lastError = ws.func('int __stdcall WSAGetLastError(void)');
  // This thread's own reference on ws2_32: the lookups must not depend on who else started it.
  const rc = WSAStartup(0x0202, Buffer.alloc(1024));
  if (rc !== 0) throw new Error('WSAStartup ' + rc);
  const getservbyname = ws.func('void * __stdcall getservbyname(const char *name, const char *proto)');
  const getservbyport = ws.func('void * __stdcall getservbyport(int port, const char *proto)');
  const getprotobyname = ws.func('void * __stdcall getprotobyname(const char *name)');
  const getprotobynumber = ws.func('void * __stdcall getprotobynumber(int proto)');
  const p64 = process.arch === 'x64' || process.arch === 'arm64';
  // servent is { s_name, s_aliases, s_proto, short s_port } on Win64 but
  // { s_name, s_aliases, short s_port, s_proto } on Win32; protoent has p_proto after the pointers.
  const sPort = p64 ? 24 : 8, sProto = p64 ? 16 : 12, pProto = p64 ? 16 : 8;
  const orError = (p) => { if (p === null || p === 0n) { const e = lastError(); return e === 0 ? null : { err: e }; } return p; };
  return {
    koffi, addrinfo, af6: 23, aiCanon: 2, niNameReqd: 4, ptr: p64 ? 8 : 4,
    gaiError: (rc) => rc,
    getaddrinfo: ws.func('int __stdcall getaddrinfo(const char *node, const char *service, const void *hints, _Out_ void **res)'),
    freeaddrinfo: ws.func('void __stdcall freeaddrinfo(void *res)'),
    getnameinfo: ws.func('int __stdcall getnameinfo(const void *sa, int salen, void *host, uint32_t hostlen, void *serv, uint32_t servlen, int flags)'),
    servByName: (name, proto) => servent(koffi, orError(getservbyname(name, proto)), sPort, sProto, 2),
    servByPort: (port, proto) => servent(koffi, orError(servByPortWin(getservbyport, htons(port), proto)), sPort, sProto, 2),
    protoByName: (name) => protoent(koffi, orError(getprotobyname(name)), pProto, 2),
    protoByNumber: (num) => protoent(koffi, orError(getprotobynumber(num)), pProto, 2),
    dbError: (r) => (r && r.err) || WSANO_DATA,
  };
}

// Wine compares the int with its short s_port, so a network-order port of 0x8000 or more must be
// passed sign-extended there; Windows takes it as written. Try that, then the other form.
function servByPortWin(getservbyport, netPort, proto) {
  const p = getservbyport(netPort, proto);
  if ((p !== null && p !== 0n) || netPort < 0x8000) return p;
  return getservbyport((netPort << 16) >> 16, proto);
}

function htons(port) { return ((port & 0xff) << 8) | ((port >> 8) & 0xff); }

function stringList(koffi, p, ptrSize) {
  const list = [];
  if (p === null || p === 0n) return list;
  // Bounded: a corrupt list must not spin forever.
  for (let i = 0; i < 1024; i++) {
    const s = koffi.decode(p, i * ptrSize, 'char *');
    if (s === null) break;
    list.push(s);
  }
  return list;
}

function servent(koffi, p, portOff, protoOff, portSize) {
  if (p === null || p === 0n || typeof p === 'object') return p;
  const raw = portSize === 2 ? koffi.decode(p, portOff, 'uint16_t') : koffi.decode(p, portOff, 'int') & 0xffff;
  const ptr = lib.ptr;
  return {
    s_name: koffi.decode(p, 0, 'char *'),
    s_aliases: stringList(koffi, koffi.decode(p, ptr, 'void *'), ptr),
    s_port: htons(raw),
    s_proto: koffi.decode(p, protoOff, 'char *'),
  };
}

function protoent(koffi, p, protoOff, protoSize) {
  if (p === null || p === 0n || typeof p === 'object') return p;
  const ptr = lib.ptr;
  return {
    p_name: koffi.decode(p, 0, 'char *'),
    p_aliases: stringList(koffi, koffi.decode(p, ptr, 'void *'), ptr),
    p_proto: protoSize === 2 ? koffi.decode(p, protoOff, 'int16_t') : koffi.decode(p, protoOff, 'int'),
  };
}

function hints(family, flags) {
  // addrinfo hints: flags, family, socktype, protocol, then zeroed pointers (same offsets everywhere).
  const b = Buffer.alloc(48);
  b.writeInt32LE(flags, 0);
  b.writeInt32LE(family, 4);
  b.writeInt32LE(1, 8); // SOCK_STREAM: one entry per address instead of one per socket type
  return b;
}

function hostByName(name) {
  const k = lib.koffi;
  const out = [null];
  const rc = lib.getaddrinfo(name, null, hints(2, lib.aiCanon), out);
  if (rc !== 0) return { err: lib.gaiError(rc) };
  let canon = null;
  const addrs = [];
  try {
    let p = out[0];
    for (let i = 0; p !== null && p !== 0n && i < 256; i++) {
      const ai = k.decode(p, lib.addrinfo);
      if (canon === null && ai.ai_canonname) canon = ai.ai_canonname;
      if (ai.ai_family === 2 && ai.ai_addr !== null && Number(ai.ai_addrlen) >= 8) {
        const sa = new Uint8Array(k.view(ai.ai_addr, 8));
        const a = [sa[4], sa[5], sa[6], sa[7]];
        if (!addrs.some((x) => x[0] === a[0] && x[1] === a[1] && x[2] === a[2] && x[3] === a[3])) addrs.push(a);
      }
      p = ai.ai_next;
    }
  } finally {
    lib.freeaddrinfo(out[0]);
  }
  if (addrs.length === 0) return { err: WSANO_DATA };
  return { err: 0, res: { name: canon || name, aliases: [], family: 2, addrs } };
}

function hostByAddr(bytes, family) {
  const is6 = family === 23;
  const sa = Buffer.alloc(is6 ? 28 : 16);
  sa.writeUInt16LE(is6 ? lib.af6 : 2, 0);
  for (let i = 0; i < bytes.length; i++) sa[(is6 ? 8 : 4) + i] = bytes[i];
  const host = Buffer.alloc(1025);
  const rc = lib.getnameinfo(sa, sa.length, host, host.length, null, 0, lib.niNameReqd);
  if (rc !== 0) return { err: rc === -2 || rc === 11001 ? WSAHOST_NOT_FOUND : lib.gaiError(rc) };
  const end = host.indexOf(0);
  const name = host.toString('latin1', 0, end < 0 ? host.length : end);
  return { err: 0, res: { name, aliases: [], family, addrs: [Array.from(bytes)] } };
}

function db(result) {
  if (result === null || result === 0n) return { err: WSANO_DATA };
  if (result.err !== undefined) return { err: lib.dbError(result) };
  return { err: 0, res: result };
}

// Test hook: a native sleep before each lookup stands in for a resolver stuck on an
// unreachable DNS server (this sandbox has none to time out on), to prove that exit never hangs.
const stallMs = Number(process.env.AFXSOCK_LOOKUP_TEST_STALL_MS) || 0;
let nativeSleep = null;
function stall() {
  if (nativeSleep === null) {
    const koffi = require(workerData.koffiPath);
    nativeSleep = process.platform === 'win32'
      ? koffi.load('kernel32.dll').func('void __stdcall Sleep(uint32_t ms)')
      : ((f) => (ms) => f(null, 0, ms))(koffi.load('libc.so.6').func('int poll(void *fds, unsigned long n, int ms)'));
  }
  nativeSleep(stallMs);
}

function run(m) {
  if (lib === null) return { err: loadError };
  if (stallMs > 0) stall();
  switch (m.op) {
    case 'hostByName': return hostByName(m.a);
    case 'hostByAddr': return hostByAddr(m.a, m.b);
    case 'servByName': return db(lib.servByName(m.a, m.b));
    case 'servByPort': return db(lib.servByPort(m.a, m.b));
    case 'protoByName': return db(lib.protoByName(m.a));
    case 'protoByNumber': return db(lib.protoByNumber(m.a));
    default: return { err: WSAEINVAL };
  }
}

parentPort.on('message', (m) => {
  Atomics.store(state, RUNNING, m.h);
  let reply;
  try {
    reply = run(m);
  } catch (e) {
    reply = { err: WSANO_RECOVERY };
  }
  Atomics.store(state, DONE, m.h);
  Atomics.store(state, RUNNING, 0);
  parentPort.postMessage({ h: m.h, err: reply.err, res: reply.res === undefined ? null : reply.res });
});
`;

export type LookupOp = 'hostByName' | 'hostByAddr' | 'servByName' | 'servByPort' | 'protoByName' | 'protoByNumber';

/** One request. `a`/`b` per op: name/-, address bytes/family, name/proto, port/proto, name/-, number/-. */
export interface LookupRequest {
  h: number;
  op: LookupOp;
  a: string | number | number[];
  b: string | number | null;
}

export interface HostData { name: string; aliases: string[]; family: number; addrs: number[][] }
export interface ServData { s_name: string; s_aliases: string[]; s_port: number; s_proto: string }
export interface ProtoData { p_name: string; p_aliases: string[]; p_proto: number }

export interface LookupReply {
  h: number;
  /** 0 or a Windows Sockets error code. */
  err: number;
  res: HostData | ServData | ProtoData | null;
}

const RUNNING = 0;
const DONE = 1;
const READY = 2;

/**
 * The Worker's handle on this side. Requests are posted one at a time by the caller (so that a
 * cancelled queued request is never run); replies come back through `onReply` on the event loop.
 */
export class LookupWorker {
  private worker: Worker | null = null;
  private readonly state = new Int32Array(new SharedArrayBuffer(12));
  private refd = false;

  constructor(
    private readonly onReply: (reply: LookupReply) => void,
    /** The Worker died or could not start; `h` is the request it was running (0 if none). */
    private readonly onFailure: (h: number) => void,
  ) {}

  /** Sends a request, starting the Worker first if needed. False if it cannot be started. */
  post(req: LookupRequest): boolean {
    const w = this.worker ?? this.start();
    if (w === null) return false;
    w.postMessage(req);
    return true;
  }

  /** Whether the Worker keeps the process alive: only while a lookup is wanted, like dns.lookup. */
  setRef(ref: boolean): void {
    if (this.worker === null || ref === this.refd) return;
    this.refd = ref;
    if (ref) this.worker.ref();
    else this.worker.unref();
  }

  /** True once the Worker has finished task `h`, even if its reply has not been delivered. */
  hasFinished(h: number): boolean {
    return Atomics.load(this.state, DONE) === h;
  }

  /** The task the Worker is inside (blocked in native code, possibly), or 0. */
  running(): number {
    return Atomics.load(this.state, RUNNING);
  }

  /**
   * Whether the Worker may be inside koffi: starting up (loading koffi and the library) or
   * running a task. Node must not stop it then: a koffi call that returns into a terminating
   * thread throws, and a throw there aborts the whole process (FATAL ERROR ... napi_throw).
   */
  busy(): boolean {
    return this.worker !== null && (Atomics.load(this.state, READY) === 0 || this.running() !== 0);
  }

  private start(): Worker | null {
    let w: Worker;
    try {
      const koffiPath = createRequire(import.meta.url).resolve('koffi');
      Atomics.store(this.state, READY, 0);
      w = new Worker(WORKER_SOURCE, { eval: true, workerData: { koffiPath, state: this.state.buffer } });
    } catch {
      return null;
    }
    w.unref();
    this.refd = false;
    w.on('message', (m: LookupReply) => this.onReply(m));
    w.on('error', () => { /* followed by 'exit', handled there */ });
    w.on('exit', () => {
      if (this.worker !== w) return;
      this.worker = null;
      const h = Atomics.load(this.state, RUNNING);
      Atomics.store(this.state, RUNNING, 0);
      this.onFailure(h);
    });
    this.worker = w;
    guardExit(this);
    return w;
  }
}

const guarded = new Set<LookupWorker>();
let exitGuardInstalled = false;

/**
 * Node joins every Worker at exit, and a Worker inside a synchronous native call cannot be
 * stopped: `process.exit()` (and a natural exit after a cancel) would wait for the resolver's own
 * timeout, which can be tens of seconds without a reachable DNS server. And a Worker stopped while
 * it is still starting up (a cancel soon after the first lookup: seen under Wine, where loading
 * koffi and ws2_32 takes long) aborts the process from inside koffi. So, if the Worker is busy
 * when the process exits, the remaining 'exit' listeners are run here and the process ends at
 * once with its exit code, without waiting for that thread.
 */
function guardExit(w: LookupWorker): void {
  guarded.add(w);
  if (exitGuardInstalled) return;
  exitGuardInstalled = true;
  const onExit = (code: number): void => {
    let stuck = false;
    for (const g of guarded) if (g.busy()) stuck = true;
    if (!stuck) return;
    const listeners = process.listeners('exit');
    for (const l of listeners.slice(listeners.indexOf(onExit) + 1)) {
      try { (l as (c: number) => void).call(process, code); } catch { /* as Node: an exit listener's throw ends nothing more */ }
    }
    const final = typeof process.exitCode === 'number' ? process.exitCode : code;
    hardExit(final);
  };
  process.on('exit', onExit);
}

function hardExit(code: number): void {
  try {
    const koffi = loadKoffi();
    if (process.platform === 'win32') {
      const k32 = koffi.load('kernel32.dll');
      const terminate = k32.func('int __stdcall TerminateProcess(intptr_t h, uint32_t code)');
      terminate(-1, code >>> 0); // -1: GetCurrentProcess()'s pseudo-handle
    } else {
      const libc = koffi.load(process.platform === 'darwin' ? 'libSystem.B.dylib' : 'libc.so.6');
      libc.func('void _exit(int status)')(code | 0);
    }
  } catch {
    // No way to end at once: Node will wait for the lookup to return.
  }
}

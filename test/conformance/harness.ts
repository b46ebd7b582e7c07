/**
 * The conformance harness: sock.c's message-mode helpers (wine-mirror/wine
 * dlls/ws2_32/tests/sock.c, `select_events`, `check_events_`, `tcp_socketpair`,
 * `close_with_rst`) rebuilt over afxsock's public API.
 *
 * In sock.c every selected socket posts to one window, and `check_events(ctx, flag1, flag2,
 * timeout)` reads the window's queue: the first message must be `flag1` (lParam =
 * MAKELONG(event, error)) for `ctx->socket`, then `flag2`, then the queue must be empty. Here a
 * `Window` is that queue: every `Rec` socket writes its On… calls into it.
 *
 * Time: a wait for an expected message is bounded only to catch a hang (EXPECT_MS, far above
 * the 200 ms sock.c allows). "No message" cannot be proved without waiting, as sock.c's
 * PeekMessage after the fact does too: `quiet()` lets the event loop run its poll phase a few
 * times (readiness already in the kernel is delivered on the next one) before looking.
 */
import type { ExecutionContext } from 'ava';
import {
  CAsyncSocket, FD_ACCEPT, FD_CLOSE, FD_CONNECT, FD_OOB, FD_READ, FD_WRITE, SO_LINGER, SOCK_STREAM,
  WSAEWOULDBLOCK,
} from '../../src/index.js';

/** Bound of a wait for a message that must come: a hang guard, never a verdict. */
export const EXPECT_MS = 5000;

const NAMES: Record<number, string> = {
  [FD_READ]: 'FD_READ', [FD_WRITE]: 'FD_WRITE', [FD_OOB]: 'FD_OOB',
  [FD_ACCEPT]: 'FD_ACCEPT', [FD_CONNECT]: 'FD_CONNECT', [FD_CLOSE]: 'FD_CLOSE',
};

/** sock.c's MAKELONG(event, error): the lParam of a WSAAsyncSelect message. */
export function ev(event: number, error = 0): number {
  return (event & 0xffff) | ((error & 0xffff) << 16);
}

export function evName(lParam: number): string {
  const e = lParam & 0xffff;
  const err = lParam >>> 16;
  const n = NAMES[e] ?? `0x${e.toString(16)}`;
  return err === 0 ? n : `${n}(${err})`;
}

interface Msg { sock: CAsyncSocket; lParam: number }

/** The window all selected sockets post to (sock.c's `ctx->window`). */
export class Window {
  readonly queue: Msg[] = [];
  /** Every socket made for this window, closed by the test's teardown (a failed test too). */
  readonly sockets = new Set<CAsyncSocket>();
  private wake: (() => void) | null = null;

  closeAll(): void {
    for (const s of this.sockets) s.Close();
    this.sockets.clear();
  }

  post(sock: CAsyncSocket, event: number, error: number): void {
    this.queue.push({ sock, lParam: ev(event, error) });
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The next message, or null when none came within `ms` (a hang guard). */
  async next(ms = EXPECT_MS): Promise<Msg | null> {
    if (this.queue.length > 0) return this.queue.shift()!;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.wake = null;
    return this.queue.shift() ?? null;
  }
}

/** A Window whose sockets the test's teardown closes. */
export function windowFor(t: ExecutionContext): Window {
  const win = new Window();
  t.teardown(() => win.closeAll());
  return win;
}

/** A socket whose notifications go to a Window, and nothing else (sock.c's raw sockets). */
export class Rec extends CAsyncSocket {
  constructor(readonly win: Window, readonly label = 'socket') {
    super();
    win.sockets.add(this);
  }
  protected override OnReceive(e: number): void { this.win.post(this, FD_READ, e); }
  protected override OnSend(e: number): void { this.win.post(this, FD_WRITE, e); }
  protected override OnOutOfBandData(e: number): void { this.win.post(this, FD_OOB, e); }
  protected override OnAccept(e: number): void { this.win.post(this, FD_ACCEPT, e); }
  protected override OnConnect(e: number): void { this.win.post(this, FD_CONNECT, e); }
  protected override OnClose(e: number): void { this.win.post(this, FD_CLOSE, e); }
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Lets the event loop deliver whatever readiness the kernel already has (see the header). */
export async function quiet(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await sleep(15);
    await turn();
  }
}

/**
 * sock.c's `check_events(ctx, flag1, flag2, timeout)` in message mode: `flag1` then `flag2`
 * (each 0 for none) arrive for `sock`, then nothing more.
 */
export async function checkEvents(t: ExecutionContext, win: Window, sock: CAsyncSocket, flag1: number, flag2: number, what = ''): Promise<void> {
  const got: string[] = [];
  const want: string[] = [];
  for (const flag of [flag1, flag2]) {
    if (flag === 0) continue;
    want.push(`${(sock as Rec).label}:${evName(flag)}`);
    const m = await win.next();
    if (m !== null) got.push(`${(m.sock as Rec).label}:${evName(m.lParam)}`);
  }
  await quiet();
  for (const m of win.queue.splice(0)) got.push(`${(m.sock as Rec).label}:${evName(m.lParam)}`);
  t.deepEqual(got, want, what);
}

/** Runs `op` until it stops failing with WSAEWOULDBLOCK (a blocking call, bounded). */
export async function untilDone<T extends number | boolean>(s: CAsyncSocket, op: () => T, what: string): Promise<T> {
  const end = Date.now() + EXPECT_MS;
  for (;;) {
    const r = op();
    const failed = r === false || r === -1;
    if (!failed || s.GetLastError() !== WSAEWOULDBLOCK) return r;
    if (Date.now() > end) throw new Error(`${what}: still WSAEWOULDBLOCK after ${EXPECT_MS} ms`);
    await sleep(2);
  }
}

/** A listener on 127.0.0.1 with an ephemeral port, selecting `lEvent`. */
export function listener(win: Window, lEvent = 0, backlog = 5, label = 'listener'): { sock: Rec; port: number } {
  const sock = new Rec(win, label);
  if (!sock.Socket(SOCK_STREAM, lEvent)) throw new Error(`Socket: ${sock.GetLastError()}`);
  if (!sock.Bind(0, '127.0.0.1')) throw new Error(`Bind: ${sock.GetLastError()}`);
  if (!sock.Listen(backlog)) throw new Error(`Listen: ${sock.GetLastError()}`);
  const where = { address: '', port: 0 };
  sock.GetSockName(where);
  return { sock, port: where.port };
}

/** The port a bound socket has. */
export function portOf(s: CAsyncSocket): number {
  const w = { address: '', port: 0 };
  if (!s.GetSockName(w)) throw new Error(`GetSockName: ${s.GetLastError()}`);
  return w.port;
}

/**
 * sock.c's blocking `connect`: starts the connect and waits until the kernel has the
 * connection (the peer's listener completes the handshake without an accept).
 */
export async function connectTo(client: CAsyncSocket, port: number, address = '127.0.0.1'): Promise<void> {
  if (client.Connect(address, port)) return;
  if (client.GetLastError() !== WSAEWOULDBLOCK) throw new Error(`Connect: ${client.GetLastError()}`);
  const end = Date.now() + EXPECT_MS;
  const peer = { address: '', port: 0 };
  while (!client.GetPeerName(peer)) {
    if (Date.now() > end) throw new Error('connect did not complete');
    await sleep(2);
  }
}

/** sock.c's blocking `accept`. */
export async function acceptOn(l: CAsyncSocket, into: CAsyncSocket): Promise<void> {
  const ok = await untilDone(l, () => l.Accept(into), 'Accept');
  if (!ok) throw new Error(`Accept: ${l.GetLastError()}`);
}

/**
 * sock.c's `tcp_socketpair(&client, &server)`: two connected stream sockets on loopback with
 * nothing selected (the accepted one inherits the listener's empty selection).
 */
export async function tcpPair(win: Window): Promise<{ client: Rec; server: Rec }> {
  const l = listener(win, 0, 1);
  const client = new Rec(win, 'client');
  if (!client.Socket(SOCK_STREAM, 0)) throw new Error(`Socket: ${client.GetLastError()}`);
  await connectTo(client, l.port);
  const server = new Rec(win, 'server');
  await acceptOn(l.sock, server);
  l.sock.Close();
  return { client, server };
}

/** sock.c's `close_with_rst`: SO_LINGER on with a zero timeout, then close: an RST. */
export function closeWithRst(t: ExecutionContext, s: CAsyncSocket): void {
  const linger = new Uint8Array([1, 0, 0, 0]);
  t.true(s.SetSockOpt(SO_LINGER, linger, 4), `SO_LINGER: ${s.GetLastError()}`);
  s.Close();
}

/** A blocking recv (sock.c's `sync_recv` / recv on a blocking socket). */
export async function syncRecv(s: CAsyncSocket, buf: Uint8Array, len: number, flags = 0): Promise<number> {
  return untilDone(s, () => s.Receive(buf, len, flags), 'Receive');
}

export const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

/** "data" plus its NUL, as sock.c's `send(s, "data", 5, 0)`. */
export const DATA5 = new Uint8Array([0x64, 0x61, 0x74, 0x61, 0]);

/** Every FD_* bit sock.c selects most often, spelled as it does. */
export const ALL6 = FD_ACCEPT | FD_CLOSE | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE;

/**
 * Cancelling a Receive that waits for bytes that never come: by a timer, then by Ctrl+C.
 *
 *   node --import tsx examples/cancel-demo.ts [timer-ms]
 *
 *  1. A blocking Receive (the MFC name: this thread really waits). The thread runs no JS while
 *     it waits, so the "timer" is MFC's: OnMessagePending runs every m_nTimeOut ms and cancels
 *     once the limit has passed.
 *  2. ReceiveAsync, cancelled by a setTimeout timer.
 *  3. ReceiveAsync, cancelled by Ctrl+C (SIGINT aborts its AbortSignal). A thread blocked in the
 *     synchronous Receive could not run a signal handler: to cancel a blocking call on a key
 *     press, make it in a Worker and cancel it from here (examples/worker-client.ts).
 *
 * Every cancelled call returns SOCKET_ERROR with WSAEINTR, and loses no byte: at the end the
 * peer speaks and the same socket receives it.
 *
 * (In a program using the package: import the same names from 'afxsock'.)
 */
import { CSocket, SOCK_STREAM, SOCKET_ERROR, wsaErrorName } from '../src/index.js';

const limitMs = Number(process.argv[2] ?? 1000);
const host = '127.0.0.1';

function outcome(s: CSocket, n: number, buf: Uint8Array): string {
  if (n === SOCKET_ERROR) return `SOCKET_ERROR, ${wsaErrorName(s.GetLastError())}`;
  if (n === 0) return '0 (the peer closed)';
  return `${n} bytes: ${JSON.stringify(new TextDecoder().decode(buf.subarray(0, n)))}`;
}

// A connected pair on loopback; the peer end stays silent until the very end.
const listener = new CSocket();
const reader = new CSocket();
const peer = new CSocket();
if (!listener.Create(0, SOCK_STREAM, host) || !listener.Listen() || !peer.Create(0, SOCK_STREAM, host)) {
  console.log(`set-up failed: ${wsaErrorName(CSocket.GetLastError())}`);
  process.exit(1);
}
const addr = { address: '', port: 0 };
listener.GetSockName(addr);
const [accepted, connected] = await Promise.all([
  listener.AcceptAsync(reader, null, { timeout: 10000 }),
  peer.ConnectAsync(host, addr.port, { timeout: 10000 }),
]);
if (!accepted || !connected) {
  console.log('could not connect on loopback');
  process.exit(1);
}
const buf = new Uint8Array(64);

// 1. The blocking flavour, cancelled by MFC's kind of timer.
reader.m_nTimeOut = 100;
const started = Date.now();
reader.OnMessagePending = () => {
  if (Date.now() - started >= limitMs) reader.CancelBlockingCall();
  return false;
};
console.log(`1. blocking Receive, cancelled from OnMessagePending after ${limitMs} ms...`);
let n = reader.Receive(buf, buf.length);
console.log(`   Receive returned ${outcome(reader, n, buf)} after ${Date.now() - started} ms`);
reader.OnMessagePending = () => false;

// 2. The awaitable flavour, cancelled by a real timer.
console.log(`2. ReceiveAsync, cancelled by a ${limitMs} ms timer...`);
const timer = setTimeout(() => reader.CancelBlockingCall(), limitMs);
n = await reader.ReceiveAsync(buf, buf.length);
clearTimeout(timer);
console.log(`   ReceiveAsync returned ${outcome(reader, n, buf)}`);

// 3. The awaitable flavour, cancelled by Ctrl+C (it gives up by itself after 60 s).
const ac = new AbortController();
process.once('SIGINT', () => ac.abort());
console.log('3. ReceiveAsync, waiting: press Ctrl+C to cancel it');
n = await reader.ReceiveAsync(buf, buf.length, 0, { signal: ac.signal, timeout: 60000 });
console.log(`   ${ac.signal.aborted ? 'Ctrl+C: ' : ''}ReceiveAsync returned ${outcome(reader, n, buf)}`);

// Nothing was lost: the socket still works.
peer.Send(new TextEncoder().encode('still here'), 10);
n = reader.Receive(buf, buf.length);
console.log(`after the cancels, Receive returned ${outcome(reader, n, buf)}`);

peer.Close();
reader.Close();
listener.Close();

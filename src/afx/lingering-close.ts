/**
 * The end of a close that Winsock refused. closesocket on a non-blocking socket whose SO_LINGER
 * is {on, n > 0} fails WSAEWOULDBLOCK while sent data is unacknowledged, and the socket stays
 * open. MFC's CAsyncSocket::Close forgets the handle all the same, so on Windows the socket
 * leaks. Here the close is finished for the program instead, without holding its thread: the
 * close is retried until the peer has everything (a graceful close), and once the n seconds
 * are up the connection is reset, which is what a lingering closesocket does on a blocking
 * socket when its time runs out. The retry timer keeps the process alive at most those n
 * seconds, the time the program asked the data to be given.
 */
import { api } from '../native/index.js';
import { SO_LINGER, SOL_SOCKET } from '../wsa/constants.js';
import { WSAEWOULDBLOCK } from '../wsa/errors.js';

/** How often the close is retried, in ms. */
const RETRY_MS = 20;

/** The socket's linger time in seconds (Winsock's LINGER: two u16, l_onoff then l_linger). */
function lingerSeconds(h: number): number {
  const v = new Uint8Array(4);
  const len = new Uint32Array([4]);
  if (api().getsockopt(h, SOL_SOCKET, SO_LINGER, v, len) < 0) return 0;
  return v[2]! | (v[3]! << 8);
}

/** Resets the connection and closes the socket: SO_LINGER {on, 0} makes closesocket abortive. */
function abort(h: number): void {
  api().setsockopt(h, SOL_SOCKET, SO_LINGER, Uint8Array.of(1, 0, 0, 0), 4);
  api().close(h);
}

/**
 * Finishes closing `h`, which closesocket just refused with WSAEWOULDBLOCK. The caller has
 * already forgotten the handle; nothing else may use it.
 *
 * @param h - The socket handle.
 */
export function finishLingeringClose(h: number): void {
  const deadline = performance.now() + lingerSeconds(h) * 1000;
  const retry = (): void => {
    if (performance.now() >= deadline) abort(h);
    else if (api().close(h) === -WSAEWOULDBLOCK) setTimeout(retry, RETRY_MS);
  };
  setTimeout(retry, RETRY_MS);
}

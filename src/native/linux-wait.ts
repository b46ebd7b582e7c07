/**
 * The synchronous wait of CSocket's blocking calls and its cross-thread wake: `poll()` on the
 * socket plus this thread's eventfd, which any thread may write because descriptors are
 * process-wide. A blocking call never sits in a blocking recv/accept/connect, which nothing
 * portable can interrupt from another thread; a cancel sets its flag and signals the eventfd,
 * and the woken side checks the flag. One eventfd per module instance, and Workers load their
 * own instance, so it is one per thread.
 */
import { existsSync, readlinkSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import type { WakeToken } from './types.js';
import { POLL_ERR, POLL_HUP, POLL_READ, POLL_WAKE, POLL_WRITE } from './types.js';
import type { Libc } from './linux-libc.js';
import * as L from './linux-constants.js';
import { errnoToWsa } from './linux-errno.js';
import { WSAENOTSOCK } from '../wsa/errors.js';

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const INT_MAX = 0x7fffffff;

export class EventfdWait {
  private wakeFd = -1;
  private readonly pollfds = new Uint8Array(16);
  private readonly pollView = new DataView(this.pollfds.buffer);
  private readonly one = new BigUint64Array([1n]);
  private readonly sink = new BigUint64Array(1);
  private readonly eintr: number;

  constructor(private readonly libc: Libc, errno: Record<string, number | undefined>) {
    this.eintr = errno.EINTR ?? 4;
  }

  /** The eventfd, if created, so that the API can refuse it as a socket handle. */
  get descriptor(): number {
    return this.wakeFd;
  }

  private ensureWakeFd(): number {
    if (this.wakeFd >= 0) return this.wakeFd;
    const fd = this.libc.eventfd(0, L.EFD_NONBLOCK | L.EFD_CLOEXEC) as number;
    if (fd < 0) return -errnoToWsa(this.libc.errno());
    this.wakeFd = fd;
    process.on('exit', () => {
      // Exit must never hang on a wait of this thread; a Worker's descriptor dies with it.
      this.signal(fd);
      if (!isMainThread) {
        this.libc.close(fd);
        this.wakeFd = -1;
      }
    });
    return fd;
  }

  token(): WakeToken {
    const fd = this.ensureWakeFd();
    if (fd < 0) throw new Error(`afxsock: eventfd failed (WSA ${-fd})`);
    return { kind: 'eventfd', value: fd };
  }

  signalToken(token: WakeToken): void {
    if (token === null || typeof token !== 'object' || token.kind !== 'eventfd') return;
    const fd = token.value;
    if (!Number.isInteger(fd) || fd < 0 || fd > INT_MAX) return;
    // A token can outlive its thread; its number may now name someone's socket, which must
    // never receive these 8 bytes. Another thread's eventfd getting them is only a spurious wake.
    if (!isEventfd(fd)) return;
    this.signal(fd);
  }

  private signal(fd: number): void {
    this.libc.write(fd, this.one, 8);
  }

  drain(): void {
    if (this.wakeFd < 0) return;
    for (let i = 0; i < 1000; i++) {
      const n = this.libc.read(this.wakeFd, this.sink, 8) as number;
      if (n < 0 && this.libc.errno() !== this.eintr) return;
    }
  }

  /** `h`, `events` and `limit` (-1: none, else whole ms) were checked by arg-guard.ts. */
  wait(h: number, events: number, limit: number): number {
    const wake = this.ensureWakeFd();
    if (wake < 0) return wake;
    if (h === wake) return -WSAENOTSOCK;
    let mask = 0;
    if (events & POLL_READ) mask |= L.POLLIN | L.POLLRDHUP;
    if (events & POLL_WRITE) mask |= L.POLLOUT;
    const infinite = limit === -1;
    const deadline = infinite ? 0 : performance.now() + limit;
    for (;;) {
      const remaining = infinite ? -1 : Math.min(Math.max(Math.ceil(deadline - performance.now()), 0), INT_MAX);
      this.pollfds.fill(0);
      this.pollView.setInt32(0, h, littleEndian);
      this.pollView.setInt16(4, mask, littleEndian);
      this.pollView.setInt32(8, wake, littleEndian);
      this.pollView.setInt16(12, L.POLLIN, littleEndian);
      const n = this.libc.poll(this.pollfds, 2, remaining) as number;
      if (n < 0) {
        const errno = this.libc.errno();
        if (errno === this.eintr) continue;
        return -errnoToWsa(errno);
      }
      if (n === 0) return 0;
      const re = this.pollView.getUint16(6, littleEndian);
      if (re & L.POLLNVAL) return -WSAENOTSOCK;
      let r = 0;
      if (re & L.POLLIN) r |= POLL_READ;
      if (re & L.POLLOUT) r |= POLL_WRITE;
      if (re & (L.POLLHUP | L.POLLRDHUP)) r |= POLL_HUP;
      if (re & L.POLLERR) r |= POLL_ERR;
      if (this.pollView.getUint16(14, littleEndian) & L.POLLIN) r |= POLL_WAKE;
      return r;
    }
  }
}

let procFdUsable: boolean | undefined;

function isEventfd(fd: number): boolean {
  procFdUsable ??= existsSync('/proc/self/fd');
  if (!procFdUsable) return true;
  try {
    return readlinkSync(`/proc/self/fd/${fd}`) === 'anon_inode:[eventfd]';
  } catch {
    return false;
  }
}

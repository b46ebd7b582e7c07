/**
 * The Linux poller: a private, level-triggered epoll set holding every watched socket, whose
 * epoll descriptor alone is put on Node's loop with ONE `koffi.node.poll` handle. A wake drains the set with a non-blocking `epoll_wait` and calls
 * each socket's callback, so N sockets cost one libuv handle and one N-API callback per batch.
 *
 * The koffi handle (poll-handles.ts owns it and states its traps) is made on the epoll descriptor
 * only, never on a socket, so an application's bad handle cannot abort the process; it is
 * stopped rather than closed when nothing is armed, and keeps the process alive only while some
 * armed watch asks for it.
 */
import { isMainThread } from 'node:worker_threads';
import type { Poller } from './types.js';
import { POLL_ERR, POLL_HUP, POLL_OOB, POLL_READ, POLL_WRITE } from './types.js';
import type { Libc } from './linux-libc.js';
import { loadKoffi } from './koffi.js';
import { openPollHandle, rethrowOutsideKoffi, type PollHandle } from './poll-handles.js';
import { watchError } from './arg-guard.js';
import * as L from './linux-constants.js';
import { errnoToWsa } from './linux-errno.js';
import { WSAENOTSOCK } from '../wsa/errors.js';

type Callback = (h: number, revents: number) => void;

interface Watch {
  cb: Callback;
  /** POLL_READ | POLL_WRITE asked for; 0 = registered but idle. */
  events: number;
  ref: boolean;
  /** Whether `h` is in the epoll set right now (idle watches are taken out, see `apply`). */
  inEpoll: boolean;
}

const MAX_EVENTS = 256;
/** Bounded so that one busy batch cannot starve the rest of the event loop. */
const MAX_DRAINS_PER_WAKE = 4;
const READABLE = { readable: true, writable: false, disconnect: false };
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function toEpoll(events: number): number {
  let m = 0;
  // RDHUP only with read interest: a half-closed socket waiting to write must not spin.
  if (events & POLL_READ) m |= L.EPOLLIN | L.EPOLLRDHUP;
  if (events & POLL_WRITE) m |= L.EPOLLOUT;
  // Peer-close interest alone: FD_CLOSE stays watched while FD_READ is disabled.
  if (events & POLL_HUP) m |= L.EPOLLRDHUP;
  if (events & POLL_OOB) m |= L.EPOLLPRI;
  return m;
}

function fromEpoll(m: number): number {
  let r = 0;
  if (m & L.EPOLLIN) r |= POLL_READ;
  if (m & L.EPOLLOUT) r |= POLL_WRITE;
  if (m & (L.EPOLLHUP | L.EPOLLRDHUP)) r |= POLL_HUP;
  if (m & L.EPOLLERR) r |= POLL_ERR;
  if (m & L.EPOLLPRI) r |= POLL_OOB;
  return r;
}

export class EpollPoller implements Poller {
  private readonly watches = new Map<number, Watch>();
  /** setRef calls made before the first watch of a handle. */
  private readonly unrefBeforeWatch = new Set<number>();
  private readonly epfd: number;
  private readonly ctlBuf = new Uint8Array(L.EPOLL_EVENT_SIZE);
  private readonly ctlView = new DataView(this.ctlBuf.buffer);
  private readonly evBuf = new Uint8Array(L.EPOLL_EVENT_SIZE * MAX_EVENTS);
  private readonly evView = new DataView(this.evBuf.buffer);
  private handle: PollHandle | undefined;
  private started = false;
  private refd = true;
  private armed = 0;
  private armedRefd = 0;
  private readonly onWake = (status: number): void => this.dispatch(status);
  /** The thread is exiting: the epoll set is closed (a Worker's) and no handle may be made. */
  private exiting = false;
  /** A Worker is inside a synchronous wait: no poll handle may stay open meanwhile. */
  private parked = false;
  private exitHooked = false;

  constructor(private readonly libc: Libc) {
    const ep = libc.epoll_create1(L.EPOLL_CLOEXEC) as number;
    if (ep < 0) throw new Error(`afxsock: epoll_create1 failed (errno ${libc.errno()})`);
    this.epfd = ep;
  }

  /** The epoll descriptor, so that the API can refuse it as a socket handle. */
  get descriptor(): number {
    return this.epfd;
  }

  watch(h: number, events: number, cb: Callback): number {
    let w = this.watches.get(h);
    const bad = watchError(h, events, cb, w === undefined);
    if (bad < 0) return bad;
    if (h === this.epfd) return -WSAENOTSOCK;
    if (w === undefined) {
      w = { cb, events: 0, ref: !this.unrefBeforeWatch.has(h), inEpoll: false };
      // Registering checks the descriptor even for an idle watch, so a bad handle fails here.
      let rc = this.ctl(L.EPOLL_CTL_ADD, h, toEpoll(events));
      if (rc === -EEXIST_WSA) rc = this.ctl(L.EPOLL_CTL_MOD, h, toEpoll(events));
      if (rc < 0) return publicCode(rc);
      w.inEpoll = true;
      this.unrefBeforeWatch.delete(h);
      this.watches.set(h, w);
      this.count(w, +1, events);
      w.events = events;
      if (events === 0) this.removeFromEpoll(h, w);
      this.sync();
      return 0;
    }
    if (w.events === events) return 0;
    const rc = this.apply(h, w, events);
    if (rc < 0) return publicCode(rc);
    this.count(w, -1, w.events);
    this.count(w, +1, events);
    w.events = events;
    this.sync();
    return 0;
  }

  forget(h: number): void {
    this.unrefBeforeWatch.delete(h);
    const w = this.watches.get(h);
    if (w === undefined) return;
    if (w.inEpoll) this.libc.epoll_ctl(this.epfd, L.EPOLL_CTL_DEL, h, this.ctlBuf);
    this.watches.delete(h);
    this.count(w, -1, w.events);
    this.sync();
  }

  setRef(h: number, ref: boolean): void {
    const w = this.watches.get(h);
    if (w === undefined) {
      if (!Number.isInteger(h) || h < 0) return;
      if (ref) this.unrefBeforeWatch.delete(h); else this.unrefBeforeWatch.add(h);
      return;
    }
    const on = ref !== false;
    if (w.ref === on) return;
    this.count(w, -1, w.events);
    w.ref = on;
    this.count(w, +1, w.events);
    this.sync();
  }

  /**
   * Puts `h` into the epoll set with the new interest, or takes it out for interest 0:
   * EPOLLHUP and EPOLLERR are reported whatever the mask, so an idle level-triggered entry on
   * a broken socket would spin the loop.
   */
  private apply(h: number, w: Watch, events: number): number {
    if (events === 0) {
      this.removeFromEpoll(h, w);
      return 0;
    }
    const mask = toEpoll(events);
    let rc = this.ctl(w.inEpoll ? L.EPOLL_CTL_MOD : L.EPOLL_CTL_ADD, h, mask);
    // The descriptor was closed without forget() and its number reused: the kernel dropped the
    // old registration (ENOENT on MOD) or a fresh one exists (EEXIST on ADD).
    if (rc === -ENOENT_WSA && w.inEpoll) rc = this.ctl(L.EPOLL_CTL_ADD, h, mask);
    else if (rc === -EEXIST_WSA && !w.inEpoll) rc = this.ctl(L.EPOLL_CTL_MOD, h, mask);
    if (rc < 0) return rc;
    w.inEpoll = true;
    return 0;
  }

  private removeFromEpoll(h: number, w: Watch): void {
    if (w.inEpoll) this.libc.epoll_ctl(this.epfd, L.EPOLL_CTL_DEL, h, this.ctlBuf);
    w.inEpoll = false;
  }

  /** epoll_ctl with the event built in the reusable buffer; 0 or -code. */
  private ctl(op: number, h: number, mask: number): number {
    this.ctlBuf.fill(0);
    this.ctlView.setUint32(0, mask, littleEndian);
    this.ctlView.setUint32(L.EPOLL_EVENT_DATA_OFFSET, h, littleEndian);
    const rc = this.libc.epoll_ctl(this.epfd, op, h, this.ctlBuf) as number;
    if (rc === 0) return 0;
    const errno = this.libc.errno();
    if (errno === errnos().ENOENT) return -ENOENT_WSA;
    if (errno === errnos().EEXIST) return -EEXIST_WSA;
    // EPERM: a descriptor epoll cannot watch (a regular file) is no socket either.
    if (errno === errnos().EPERM) return -WSAENOTSOCK;
    return -errnoToWsa(errno);
  }

  private count(w: Watch, sign: 1 | -1, events: number): void {
    if (events === 0) return;
    this.armed += sign;
    if (w.ref) this.armedRefd += sign;
  }

  /** Starts, stops, refs or unrefs the single koffi handle to match the armed watches. */
  private sync(): void {
    if (this.exiting || this.parked) return;
    if (this.armed > 0) {
      if (this.handle === undefined) {
        if (!this.exitHooked) {
          this.exitHooked = true;
          process.once('exit', () => this.closeAtExit());
        }
        this.handle = openPollHandle(this.epfd, READABLE, this.onWake);
        if (this.handle === undefined) return;
        this.started = true;
        this.refd = true;
      } else if (!this.started) {
        this.handle.start(READABLE);
        this.started = true;
      }
      const wantRef = this.armedRefd > 0;
      if (wantRef !== this.refd) {
        if (wantRef) this.handle.ref(); else this.handle.unref();
        this.refd = wantRef;
      }
    } else if (this.handle !== undefined && this.started) {
      this.handle.stop();
      this.started = false;
    }
  }

  /**
   * Closes the koffi handle (watches stay registered) until `unpark`: a Worker torn down while
   * it blocks in native code (terminate(), or process.exit() meanwhile) never runs its 'exit'
   * handlers, and a poll handle still open then crashes the process.
   */
  park(): void {
    if (this.parked) return;
    this.parked = true;
    const h = this.handle;
    this.handle = undefined;
    this.started = false;
    h?.close();
  }

  unpark(): void {
    if (!this.parked) return;
    this.parked = false;
    this.sync();
  }

  /**
   * The thread's poll handles are closed at its exit by poll-handles.ts; a Worker's epoll
   * descriptor would outlive it (descriptors belong to the process), so it is closed here.
   */
  private closeAtExit(): void {
    this.exiting = true;
    this.handle?.close();
    this.handle = undefined;
    this.started = false;
    if (!isMainThread) {
      this.watches.clear();
      this.armed = this.armedRefd = 0;
      this.libc.close(this.epfd);
    }
  }

  private dispatch(status: number): void {
    if (status < 0) {
      // libuv stopped the watcher on error; re-arm from a fresh tick if watches remain.
      this.started = false;
      setImmediate(() => this.sync());
      return;
    }
    for (let round = 0; round < MAX_DRAINS_PER_WAKE; round++) {
      const n = this.libc.epoll_wait(this.epfd, this.evBuf, MAX_EVENTS, 0) as number;
      if (n <= 0) return;
      for (let i = 0; i < n; i++) {
        const at = i * L.EPOLL_EVENT_SIZE;
        const mask = this.evView.getUint32(at, littleEndian);
        const h = this.evView.getUint32(at + L.EPOLL_EVENT_DATA_OFFSET, littleEndian);
        const w = this.watches.get(h);
        // A callback earlier in this batch may have narrowed or dropped this watch.
        if (w === undefined || w.events === 0) continue;
        try {
          w.cb(h, fromEpoll(mask));
        } catch (e) {
          rethrowOutsideKoffi(e);
        }
      }
      if (n < MAX_EVENTS) return;
    }
  }
}

/** Private sentinels for two errnos the poller handles itself; never returned to callers. */
const ENOENT_WSA = 0x7fff0001;
const EEXIST_WSA = 0x7fff0002;

function publicCode(rc: number): number {
  return rc === -ENOENT_WSA || rc === -EEXIST_WSA ? -WSAENOTSOCK : rc;
}

let errnoTable: Record<string, number | undefined> | undefined;
function errnos(): Record<string, number | undefined> {
  errnoTable ??= loadKoffi().os.errno as Record<string, number | undefined>;
  return errnoTable;
}

/**
 * The Windows poller: one `koffi.node.poll` handle per SOCKET (libuv polls sockets through AFD,
 * which Wine implements too). Its traps kill the process (KOFFI-POLL.md §1), so this module is
 * the only owner of poll handles and guards each of them:
 *  - a handle is created only for a socket just checked to be open (a bad one aborts);
 *  - nothing touches a handle after its `close()` (that segfaults): `closed` is checked first;
 *  - the map keeps every handle strongly referenced (a collected handle stops silently);
 *  - `forget()` closes the handle before the caller closes the socket.
 * Errors arrive as plain readiness here (a refused connect is writable, an RST readable) and
 * the watcher keeps firing: callers read SO_ERROR or retry the call.
 */
import { loadKoffi } from './koffi.js';
import { afterForeignCallback, rethrowOutsideKoffi } from './callback-scope.js';
import { POLL_ERR, POLL_HUP, POLL_OOB, POLL_READ, POLL_WRITE, type Poller } from './types.js';
import { WSAEINVAL, WSAENOTSOCK } from '../wsa/errors.js';
import { isSocket } from './win32-args.js';

interface PollEvents { readable: boolean; writable: boolean; disconnect: boolean }
/** What koffi really returns (its .d.ts has the wrong callback type). */
interface PollHandle {
  start(opts: PollOptions, cb: (status: number, events: PollEvents) => void): void;
  stop(): void;
  close(): void;
  ref(): void;
  unref(): void;
}
interface PollOptions { readable: boolean; writable: boolean; disconnect: boolean }
type PollFn = (fd: number, opts: PollOptions, cb: (status: number, events: PollEvents) => void) => PollHandle;

interface Watch {
  h: number;
  handle: PollHandle | undefined;
  closed: boolean;
  events: number;
  ref: boolean;
  cb: (h: number, revents: number) => void;
  /** The function given to koffi; one per watch, so that start() does not allocate. */
  onPoll: (status: number, ev: PollEvents) => void;
}

/** Interest the contract accepts. POLL_OOB is accepted and never reported: AFD has no such poll. */
const KNOWN_EVENTS = POLL_READ | POLL_WRITE | POLL_HUP | POLL_OOB;

function optionsFor(events: number): PollOptions {
  // libuv's `disconnect` alone asks AFD for a graceful close only (not an abort): an RST with
  // read interest off is seen by the next call rather than here.
  return {
    readable: (events & POLL_READ) !== 0,
    writable: (events & POLL_WRITE) !== 0,
    disconnect: (events & (POLL_READ | POLL_HUP)) !== 0,
  };
}

/** True when `events` asks libuv for something (POLL_OOB alone asks for nothing). */
function armsAnything(events: number): boolean {
  return (events & (POLL_READ | POLL_WRITE | POLL_HUP)) !== 0;
}

/**
 * Keeps of `revents` what the socket's state `now` (a WSAPoll with no wait) confirms. libuv on
 * Windows keeps two AFD polls in flight, so a readiness queued before a recv or an accept
 * still arrives after it (under Wine, every time); one-shot notifications built on top would
 * take it for new data. A broken or closed connection (HUP/ERR) confirms everything.
 */
export function confirmed(revents: number, now: number): number {
  if (now < 0 || (now & (POLL_HUP | POLL_ERR)) !== 0) return revents;
  return revents & (now | POLL_ERR);
}

/**
 * `isOpen(h)` must tell, without side effects, whether `h` is a live socket: it guards the
 * one koffi call that aborts the process on a bad descriptor. `probe(h)` gives the socket's
 * readiness at this instant (see `confirmed`).
 */
export interface Win32Poller extends Poller {
  /** Closes every poll handle for good (the thread is about to end). */
  closeAll(): void;
}

export function createWin32Poller(isOpen: (h: number) => boolean, probe: (h: number) => number): Win32Poller {
  const watches = new Map<number, Watch>();
  let poll: PollFn | undefined;
  let exiting = false;
  let exitHooked = false;

  /**
   * A koffi poll handle still open when its thread's environment is torn down crashes or hangs
   * the process (KOFFI-POLL.md; test/reliability): close them all while JavaScript still runs.
   */
  function closeAtExit(): void {
    exiting = true;
    for (const w of watches.values()) {
      if (w.handle !== undefined && !w.closed) {
        w.closed = true;
        w.handle.close();
      }
    }
    watches.clear();
  }

  function pollFn(): PollFn {
    if (poll === undefined) {
      const node = (loadKoffi() as unknown as { node?: { poll?: PollFn } }).node;
      if (typeof node?.poll !== 'function') throw new Error('afxsock: this koffi has no node.poll (koffi >= 2.15 is needed)');
      poll = node.poll;
    }
    return poll;
  }

  function dispatch(w: Watch, status: number, ev: PollEvents): void {
    if (w.closed || !armsAnything(w.events)) return;
    let revents = 0;
    if (status < 0) {
      // libuv gave up on the socket: let the caller retry the call to learn the error.
      revents = POLL_ERR | (w.events & (POLL_READ | POLL_WRITE | POLL_HUP));
    } else {
      if (ev.readable) revents |= POLL_READ;
      if (ev.writable) revents |= POLL_WRITE;
      if (ev.disconnect) revents |= POLL_HUP;
    }
    if (status >= 0) revents = confirmed(revents, probe(w.h));
    if (revents === 0) return;
    try {
      w.cb(w.h, revents);
    } catch (e) {
      rethrowOutsideKoffi(e);
    }
  }

  function watch(h: number, events: number, cb: (h: number, revents: number) => void): number {
    if (!isSocket(h)) return -WSAENOTSOCK;
    if (typeof events !== 'number' || !Number.isInteger(events) || (events & ~KNOWN_EVENTS) !== 0) return -WSAEINVAL;
    if (typeof cb !== 'function') return -WSAEINVAL;
    let w = watches.get(h);
    if (w === undefined) {
      if (!isOpen(h)) return -WSAENOTSOCK;
      const fresh: Watch = { h, handle: undefined, closed: false, events: 0, ref: true, cb, onPoll: () => {} };
      fresh.onPoll = (status, ev) => {
        dispatch(fresh, status, ev);
        afterForeignCallback();
      };
      w = fresh;
      watches.set(h, w);
    }
    // The callback is the first watch's: later calls only change the interest (the contract).
    w.events = events;
    if (!armsAnything(events)) {
      if (w.handle !== undefined && !w.closed) w.handle.stop();
      return 0;
    }
    if (w.handle === undefined) {
      // The socket may have been closed since it was registered with interest 0.
      if (!isOpen(h)) return -WSAENOTSOCK;
      if (exiting) return 0;
      if (!exitHooked) {
        exitHooked = true;
        process.once('exit', closeAtExit);
      }
      w.handle = pollFn()(h, optionsFor(events), w.onPoll);
      if (!w.ref) w.handle.unref();
    } else if (!w.closed) {
      w.handle.start(optionsFor(events), w.onPoll);
    }
    return 0;
  }

  function forget(h: number): void {
    const w = watches.get(h);
    if (w === undefined) return;
    watches.delete(h);
    w.events = 0;
    if (w.handle !== undefined && !w.closed) {
      w.closed = true;
      w.handle.close();
    }
    w.closed = true;
  }

  function setRef(h: number, ref: boolean): void {
    const w = watches.get(h);
    if (w === undefined) return;
    w.ref = ref !== false;
    if (w.handle !== undefined && !w.closed) {
      if (w.ref) w.handle.ref();
      else w.handle.unref();
    }
  }

  return { watch, forget, setRef, closeAll: closeAtExit };
}

/**
 * The Windows poller: one koffi poll handle per SOCKET (libuv polls sockets through AFD, which
 * Wine implements too), from poll-handles.ts, which owns their lifetime and states their traps.
 * What is left to guard here: a handle is opened only for a socket just checked to be open (a
 * bad one aborts the process), and `forget()` closes it before the caller closes the socket.
 * Errors arrive as plain readiness here (a refused connect is writable, an RST readable) and
 * the watcher keeps firing: callers read SO_ERROR or retry the call.
 */
import { closeAllPollHandles, openPollHandle, type PollEvents, type PollHandle, type PollOptions } from './poll-handles.js';
import { POLL_ERR, POLL_HUP, POLL_READ, POLL_WRITE, type Poller } from './types.js';
import { WSAENOTSOCK } from '../wsa/errors.js';
import { watchError } from './arg-guard.js';

interface Watch {
  h: number;
  handle: PollHandle | undefined;
  events: number;
  ref: boolean;
  cb: (h: number, revents: number) => void;
  /** The function given to the handle; one per watch, so that start() does not allocate. */
  onPoll: (status: number, ev: PollEvents) => void;
}

/* POLL_OOB is accepted (arg-guard.ts) and never reported: AFD has no such poll. */

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

  function dispatch(w: Watch, status: number, ev: PollEvents): void {
    if (!armsAnything(w.events)) return;
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
    w.cb(w.h, revents);
  }

  function watch(h: number, events: number, cb: (h: number, revents: number) => void): number {
    let w = watches.get(h);
    const bad = watchError(h, events, cb, w === undefined);
    if (bad < 0) return bad;
    if (w === undefined) {
      if (!isOpen(h)) return -WSAENOTSOCK;
      const fresh: Watch = { h, handle: undefined, events: 0, ref: true, cb, onPoll: () => {} };
      fresh.onPoll = (status, ev) => dispatch(fresh, status, ev);
      w = fresh;
      watches.set(h, w);
    }
    // The callback is the first watch's: later calls only change the interest (the contract).
    w.events = events;
    if (!armsAnything(events)) {
      w.handle?.stop();
      return 0;
    }
    if (w.handle === undefined) {
      // The socket may have been closed since it was registered with interest 0.
      if (!isOpen(h)) return -WSAENOTSOCK;
      w.handle = openPollHandle(h, optionsFor(events), w.onPoll);
      if (!w.ref) w.handle?.unref();
    } else {
      w.handle.start(optionsFor(events));
    }
    return 0;
  }

  function forget(h: number): void {
    const w = watches.get(h);
    if (w === undefined) return;
    watches.delete(h);
    w.events = 0;
    w.handle?.close();
  }

  function setRef(h: number, ref: boolean): void {
    const w = watches.get(h);
    if (w === undefined) return;
    w.ref = ref !== false;
    if (w.ref) w.handle?.ref();
    else w.handle?.unref();
  }

  function closeAll(): void {
    closeAllPollHandles();
    watches.clear();
  }

  return { watch, forget, setRef, closeAll };
}

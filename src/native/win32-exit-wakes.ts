/**
 * Exit must never hang: a koffi call left blocked in a Worker would make `process.exit()` and
 * `worker.terminate()` wait for ever. `process.exit()` in the main thread runs the 'exit'
 * handlers, then terminates each Worker and waits for it; a Worker blocked in WSAPoll never
 * sees the termination (under Wine the exit then hangs for good), and its own 'exit' handler
 * cannot run while it is blocked. So:
 *  - each Worker announces its wake port and an "exiting" cell (shared memory) on a
 *    BroadcastChannel; the main thread keeps them;
 *  - the main thread's 'exit' handler sets every cell, then signals every wake;
 *  - a Worker whose cell is set makes no more waits (waitSync reports a wake at once), so it
 *    stays in JavaScript, where Node's termination takes effect.
 * A port is a UDP port on 127.0.0.1: the worst a stale one costs is a stray datagram.
 */
import { BroadcastChannel, isMainThread } from 'node:worker_threads';

const CHANNEL = 'afxsock:win32-wake-ports';
interface Note { port: number; alive: boolean; exiting: SharedArrayBuffer }

let channel: BroadcastChannel | undefined;
const threads = new Map<number, Int32Array>();
/** This thread's cell: set by the main thread when the process exits. */
const exiting = new Int32Array(new SharedArrayBuffer(4));

function isNote(v: unknown): v is Note {
  const n = v as Note;
  return typeof v === 'object' && v !== null && Number.isInteger(n.port) && n.port > 0 && n.port <= 0xffff &&
    typeof n.alive === 'boolean' && n.exiting instanceof SharedArrayBuffer && n.exiting.byteLength >= 4;
}

/** True once the main thread has begun to exit (always false in the main thread itself). */
export function processExiting(): boolean {
  return Atomics.load(exiting, 0) !== 0;
}

/** Main thread only, once: collect the Workers' wakes and end their waits at exit. */
export function collectWakePorts(signal: (port: number) => void): void {
  if (!isMainThread || channel !== undefined) return;
  const c = new BroadcastChannel(CHANNEL);
  channel = c;
  // Listening must not keep the process alive.
  c.unref();
  c.onmessage = (ev: unknown) => {
    const note = (ev as { data?: unknown }).data;
    if (!isNote(note)) return;
    if (note.alive) threads.set(note.port, new Int32Array(note.exiting, 0, 1));
    else threads.delete(note.port);
  };
  process.once('exit', () => {
    for (const [port, cell] of threads) {
      Atomics.store(cell, 0, 1);
      signal(port);
    }
  });
}

/** A Worker tells the main thread its wake port (alive) or that it is gone. */
export function announceWakePort(port: number, alive: boolean): void {
  if (isMainThread) return;
  const c = new BroadcastChannel(CHANNEL);
  c.postMessage({ port, alive, exiting: exiting.buffer as SharedArrayBuffer } satisfies Note);
  c.close();
}

/**
 * Exit must never hang (DESIGN.md). Under Wine, `process.exit()` in the main thread does not
 * return while a Worker is blocked in WSAPoll, and a thread's own 'exit' handler cannot run
 * while it is blocked. So the main thread keeps the wake port of every thread — Workers
 * announce theirs on a BroadcastChannel — and signals them all from its own 'exit' handler.
 * A port is a UDP port on 127.0.0.1: the worst a stale one costs is a stray datagram.
 */
import { BroadcastChannel, isMainThread } from 'node:worker_threads';

const CHANNEL = 'afxsock:win32-wake-ports';

interface Note { port: number; alive: boolean }

let channel: BroadcastChannel | undefined;
const ports = new Set<number>();

function isNote(v: unknown): v is Note {
  const n = v as Note;
  return typeof v === 'object' && v !== null && Number.isInteger(n.port) && n.port > 0 && n.port <= 0xffff &&
    typeof n.alive === 'boolean';
}

/** Main thread only, once: collect the Workers' ports and wake them all at exit. */
export function collectWakePorts(signal: (port: number) => void): void {
  if (!isMainThread || channel !== undefined) return;
  const c = new BroadcastChannel(CHANNEL);
  channel = c;
  // Listening must not keep the process alive.
  c.unref();
  c.onmessage = (ev: unknown) => {
    const note = (ev as { data?: unknown }).data;
    if (!isNote(note)) return;
    if (note.alive) ports.add(note.port);
    else ports.delete(note.port);
  };
  process.once('exit', () => {
    for (const port of ports) signal(port);
  });
}

/** A Worker tells the main thread its wake port (alive) or that it is gone. */
export function announceWakePort(port: number, alive: boolean): void {
  if (isMainThread) return;
  const c = new BroadcastChannel(CHANNEL);
  c.postMessage({ port, alive } satisfies Note);
  c.close();
}

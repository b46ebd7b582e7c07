/**
 * The asynchronous task table behind WSAAsyncGetXByY / WSACancelAsyncRequest: ours on every
 * platform (Wine's WSACancelAsyncRequest is a stub that cancels nothing).
 *
 * Model (ReactOS's, plus Windows' WSAEALREADY): one Worker, one request in it at a time, the rest
 * queued here in FIFO order, so a cancelled queued request never runs. A request the Worker is
 * running cannot be stopped (the resolver call is synchronous); cancelling it drops its reply, so
 * its callback never runs either. Every task ends exactly once: its callback runs, or a cancel of
 * it returned 0.
 *
 * Handles are 32-bit (1..0x7FFFFFFF, then wrapping), never 0, never one of a live task, and never
 * one still remembered as finished; the last FINISHED_MEMORY finished handles are remembered so
 * that a late cancel answers WSAEALREADY (completed) rather than WSAEINVAL (unknown, or cancelled).
 */
import { WSAEALREADY, WSAEINVAL, WSAENETDOWN, WSANO_RECOVERY } from '../wsa/errors.js';
import { LookupWorker } from '../native/lookup-worker.js';
import type { LookupReply, LookupRequest } from '../native/lookup-protocol.js';

/** Receives the Worker's answer (or an error decided on this side) and calls the user back. */
export type Finish = (h: number, err: number, res: LookupReply['res']) => void;

interface Task {
  h: number;
  req: LookupRequest | null;
  finish: Finish;
  /** queued: waiting here; running: in the Worker; settled: answered, callback not yet run. */
  state: 'queued' | 'running' | 'settled';
}

const MAX_HANDLE = 0x7fffffff;
const FINISHED_MEMORY = 4096;

const live = new Map<number, Task>();
const queue: Task[] = [];
const finished = new Map<number, 'completed' | 'cancelled'>();
let current: Task | null = null;
/** The running task was cancelled: the Worker is still busy with it, its reply is dropped. */
let currentCancelled = false;
let nextHandle = 0;
let worker: LookupWorker | null = null;

function theWorker(): LookupWorker {
  worker ??= new LookupWorker(onReply, onWorkerFailure);
  return worker;
}

function allocHandle(): number {
  for (;;) {
    nextHandle = nextHandle >= MAX_HANDLE ? 1 : nextHandle + 1;
    if (!live.has(nextHandle) && !finished.has(nextHandle)) return nextHandle;
  }
}

function remember(h: number, how: 'completed' | 'cancelled'): void {
  finished.set(h, how);
  if (finished.size > FINISHED_MEMORY) finished.delete(finished.keys().next().value as number);
}

/** Starts a lookup in the Worker. Returns its handle. */
export function submitLookup(req: Omit<LookupRequest, 'h'>, finish: Finish): number {
  const h = allocHandle();
  const task: Task = { h, req: { ...req, h }, finish, state: 'queued' };
  live.set(h, task);
  queue.push(task);
  pump();
  return h;
}

/**
 * Registers a task whose answer is already known (an argument the lookup would reject): it has
 * completed at once, and its callback runs on a later turn of the event loop.
 */
export function submitSettled(err: number, finish: Finish): number {
  const h = allocHandle();
  const task: Task = { h, req: null, finish, state: 'settled' };
  live.set(h, task);
  setImmediate(() => settle(task, err, null));
  return h;
}

function settle(task: Task, err: number, res: LookupReply['res']): void {
  if (live.get(task.h) !== task) return; // cancelled by WSACleanup meanwhile
  live.delete(task.h);
  remember(task.h, 'completed');
  task.finish(task.h, err, res);
}

function pump(): void {
  while (current === null && queue.length > 0) {
    const task = queue.shift()!;
    current = task;
    currentCancelled = false;
    task.state = 'running';
    if (!theWorker().post(task.req!)) {
      current = null;
      task.state = 'settled';
      setImmediate(() => settle(task, WSAENETDOWN, null));
    }
  }
  updateRef();
}

function updateRef(): void {
  const wanted = queue.length > 0 || (current !== null && !currentCancelled);
  worker?.setRef(wanted);
}

function onReply(reply: LookupReply): void {
  const task = current;
  if (task === null || task.h !== reply.h) return;
  const dropped = currentCancelled;
  current = null;
  currentCancelled = false;
  pump();
  if (!dropped) settle(task, reply.err, reply.res);
}

function onWorkerFailure(): void {
  const task = current;
  if (task === null) return;
  const dropped = currentCancelled;
  current = null;
  currentCancelled = false;
  pump();
  if (!dropped) settle(task, WSANO_RECOVERY, null);
}

/** WSACancelAsyncRequest's core: 0, or the error (WSAEINVAL / WSAEALREADY). */
export function cancelLookup(h: number): number {
  const task = Number.isInteger(h) ? live.get(h) : undefined;
  if (task === undefined) return finished.get(h) === 'completed' ? WSAEALREADY : WSAEINVAL;
  if (task.state === 'settled') return WSAEALREADY;
  if (task.state === 'running') {
    if (worker !== null && worker.hasFinished(h)) return WSAEALREADY;
    currentCancelled = true;
  } else {
    queue.splice(queue.indexOf(task), 1);
  }
  live.delete(h);
  remember(h, 'cancelled');
  updateRef();
  return 0;
}

/** WSACleanup's last call: every pending task ends without a callback. */
export function cancelAllLookups(): void {
  for (const h of [...live.keys()]) remember(h, 'cancelled');
  live.clear();
  queue.length = 0;
  if (current !== null) currentCancelled = true;
  updateRef();
}

/** Tests only: whether the Worker has finished task `h` (its reply may not be delivered yet). */
export function lookupFinishedInWorker(h: number): boolean {
  return worker !== null && worker.hasFinished(h);
}

/** Tests only: the task the Worker is inside (possibly blocked in native code), or 0. */
export function lookupRunningInWorker(): number {
  return worker === null ? 0 : worker.running();
}

/** Tests only: how many tasks are live (queued, running or settled but not called back). */
export function liveLookupCount(): number {
  return live.size;
}

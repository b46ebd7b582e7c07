/**
 * The name-lookup Worker's handle in the requesting thread: one lazily started `worker_threads`
 * Worker running lookup-thread.ts, which resolves synchronously through koffi off the event loop
 * (lookup-protocol.ts describes what the two exchange).
 *
 * The Worker's entry is a file beside this module: `lookup-thread.js` in the package build (its
 * own tsup entry), `lookup-thread.ts` when running from source, where the Worker first registers
 * the tsx loader that runs this source (Node gives a Worker no loader of its parent's).
 */
import { Worker } from 'node:worker_threads';
import { libcLibrary } from './linux-libc.js';
import { kernel32Library } from './win32-lib.js';
import {
  DONE, READY, RUNNING, STATE_SLOTS, type LookupReply, type LookupRequest, type LookupWorkerData,
} from './lookup-protocol.js';

/** Starts the Worker on lookup-thread, from the build or from source. */
function startThread(data: LookupWorkerData): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./lookup-thread.js', here), { workerData: data });
  const entry = new URL('./lookup-thread.ts', here).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: data });
}

/**
 * The Worker's handle on this side. Requests are posted one at a time by the caller (so that a
 * cancelled queued request is never run); replies come back through `onReply` on the event loop.
 */
export class LookupWorker {
  private worker: Worker | null = null;
  private readonly state = new Int32Array(new SharedArrayBuffer(4 * STATE_SLOTS));
  private refd = false;

  constructor(
    private readonly onReply: (reply: LookupReply) => void,
    /** The Worker died or could not start; `h` is the request it was running (0 if none). */
    private readonly onFailure: (h: number) => void,
  ) {}

  /** Sends a request, starting the Worker first if needed. False if it cannot be started. */
  post(req: LookupRequest): boolean {
    const w = this.worker ?? this.start();
    if (w === null) return false;
    w.postMessage(req);
    return true;
  }

  /** Whether the Worker keeps the process alive: only while a lookup is wanted, like dns.lookup. */
  setRef(ref: boolean): void {
    if (this.worker === null || ref === this.refd) return;
    this.refd = ref;
    if (ref) this.worker.ref();
    else this.worker.unref();
  }

  /** True once the Worker has finished task `h`, even if its reply has not been delivered. */
  hasFinished(h: number): boolean {
    return Atomics.load(this.state, DONE) === h;
  }

  /** The task the Worker is inside (blocked in native code, possibly), or 0. */
  running(): number {
    return Atomics.load(this.state, RUNNING);
  }

  /**
   * Whether the Worker may be inside koffi: starting up (loading koffi and the library) or
   * running a task. Node must not stop it then: a koffi call that returns into a terminating
   * thread throws, and a throw there aborts the whole process (FATAL ERROR ... napi_throw).
   */
  busy(): boolean {
    return this.worker !== null && (Atomics.load(this.state, READY) === 0 || this.running() !== 0);
  }

  private start(): Worker | null {
    let w: Worker;
    try {
      Atomics.store(this.state, READY, 0);
      w = startThread({ state: this.state.buffer as SharedArrayBuffer });
    } catch {
      return null;
    }
    w.unref();
    this.refd = false;
    w.on('message', (m: LookupReply) => this.onReply(m));
    w.on('error', () => { /* followed by 'exit', handled there */ });
    w.on('exit', () => {
      if (this.worker !== w) return;
      this.worker = null;
      const h = Atomics.load(this.state, RUNNING);
      Atomics.store(this.state, RUNNING, 0);
      this.onFailure(h);
    });
    this.worker = w;
    guardExit(this);
    return w;
  }
}

const guarded = new Set<LookupWorker>();
let exitGuardInstalled = false;

/**
 * Node joins every Worker at exit, and a Worker inside a synchronous native call cannot be
 * stopped: `process.exit()` (and a natural exit after a cancel) would wait for the resolver's own
 * timeout, which can be tens of seconds without a reachable DNS server. And a Worker stopped while
 * it is still starting up (a cancel soon after the first lookup: seen under Wine, where loading
 * koffi and ws2_32 takes long) aborts the process from inside koffi. So, if the Worker is busy
 * when the process exits, the remaining 'exit' listeners are run here and the process ends at
 * once with its exit code, without waiting for that thread.
 */
function guardExit(w: LookupWorker): void {
  guarded.add(w);
  if (exitGuardInstalled) return;
  exitGuardInstalled = true;
  const onExit = (code: number): void => {
    let stuck = false;
    for (const g of guarded) if (g.busy()) stuck = true;
    if (!stuck) return;
    const listeners = process.listeners('exit');
    for (const l of listeners.slice(listeners.indexOf(onExit) + 1)) {
      try { (l as (c: number) => void).call(process, code); } catch { /* as Node: an exit listener's throw ends nothing more */ }
    }
    const final = typeof process.exitCode === 'number' ? process.exitCode : code;
    hardExit(final);
  };
  process.on('exit', onExit);
}

function hardExit(code: number): void {
  try {
    if (process.platform === 'win32') {
      const terminate = kernel32Library().func('int __stdcall TerminateProcess(intptr_t h, uint32_t code)');
      terminate(-1, code >>> 0); // -1: GetCurrentProcess()'s pseudo-handle
    } else {
      libcLibrary().func('void _exit(int status)')(code | 0);
    }
  } catch {
    // No way to end at once: Node will wait for the lookup to return.
  }
}

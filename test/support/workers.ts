/**
 * Workers for tests: a Worker that runs a TypeScript entry from test/fixtures/, its messages
 * awaited with a bound, and the scripted `net` peer (fixtures/net-peer.ts) started and ended.
 */
import { Worker } from 'node:worker_threads';

/**
 * A Worker running a TypeScript module. Node 20 does not apply `--import tsx` to a Worker's
 * entry point, so the worker registers tsx itself before importing the module.
 */
export function tsWorker(moduleUrl: URL, workerData: unknown): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * Resolves with a Worker's next message of `type`, rejecting on error, exit or after `ms`: a
 * hang bound, long because a Worker that registers tsx takes many seconds to start under Wine
 * on a loaded machine.
 */
export function nextMessage<T extends { type: string }>(w: Worker, type: string, ms = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`a hang: no '${type}' from the worker within ${ms} ms`)); }, ms);
    const onMessage = (m: T): void => { if (m?.type === type) { cleanup(); resolve(m); } };
    const onError = (e: Error): void => { cleanup(); reject(e); };
    const onExit = (code: number): void => { cleanup(); reject(new Error(`worker exited (${code}) before '${type}'`)); };
    function cleanup(): void {
      clearTimeout(timer);
      w.off('message', onMessage); w.off('error', onError); w.off('exit', onExit);
    }
    w.on('message', onMessage); w.once('error', onError); w.once('exit', onExit);
  });
}

/** One step of the scripted peer (fixtures/net-peer.ts), run in order. */
export type Step =
  | { op: 'listen'; host?: string }
  | { op: 'connect'; port: number; host?: string }
  | { op: 'sleep'; ms: number }
  | { op: 'send'; offset: number; length: number }
  | { op: 'end' }
  | { op: 'reset' }
  /** Collects what arrives until end, close or error; posts { type: 'read', bytes, error }. */
  | { op: 'read' }
  /** Waits for { type: 'go' } from the parent. */
  | { op: 'waitGo' }
  | { op: 'udpSend'; port: number; host?: string; bytes: number[] };

/** Starts a scripted `net` peer in a Worker (see fixtures/net-peer.ts) and waits until it runs. */
export async function startPeer(steps: Step[]): Promise<Worker> {
  const w = tsWorker(new URL('../fixtures/net-peer.ts', import.meta.url), { steps });
  await new Promise<void>((resolve, reject) => { w.once('online', resolve); w.once('error', reject); });
  return w;
}

/** Ends a peer Worker: asks it to quit, terminates it if it does not within 5 s. */
export async function stopPeer(w: Worker): Promise<void> {
  if (w.threadId === -1) return;
  const exited = new Promise<void>((r) => w.once('exit', () => r()));
  w.postMessage({ type: 'quit' });
  const timer = setTimeout(() => void w.terminate(), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * Worker side of the cross-thread tests.
 *  - `receive`: connects a CSocket to `port`, posts its cancel handle, blocks in Receive with a
 *    long m_nTimeOut and posts how the call ended.
 *  - `accept`: the same with a listening CSocket blocking in Accept (posts its port first).
 *  - `cancel`: waits until the socket behind `handle` blocks, then cancels it from this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CSocket } from '../../src/afx/CSocket.js';
import { CancelBlockingCallByHandle, type CSocketCancelHandle } from '../../src/afx/cancel-handle.js';
import { SOCK_STREAM } from '../../src/wsa/constants.js';

const data = workerData as { op: 'receive' | 'accept' | 'cancel'; port?: number; handle?: CSocketCancelHandle };
const port = parentPort!;

/** The handle's first cell is the number of the call now blocking (see cancel-handle.ts). */
export function waitUntilBlocking(handle: CSocketCancelHandle, ms: number): boolean {
  const cells = new Int32Array(handle.sab, 0, 1);
  const deadline = Date.now() + ms;
  while (Atomics.load(cells, 0) === 0) {
    if (Date.now() > deadline) return false;
    Atomics.wait(cells, 0, 0, 1);
  }
  return true;
}

function report(s: CSocket, rc: number | boolean, hookRuns: number, started: number): void {
  port.postMessage({ type: 'result', rc, err: s.GetLastError(), hookRuns, elapsedMs: Number(process.hrtime.bigint() - BigInt(started)) / 1e6 });
}

if (data.op === 'cancel') {
  const ok = waitUntilBlocking(data.handle!, 10000);
  const at = process.hrtime.bigint();
  if (ok) CancelBlockingCallByHandle(data.handle!);
  port.postMessage({ type: 'cancelled', ok, at });
} else {
  const s = new CSocket();
  let hookRuns = 0;
  s.m_nTimeOut = 10000;
  s.OnMessagePending = () => { hookRuns++; return false; };
  // lEvent 0: no notifications, so this thread never puts a handle on koffi's poller: the tests
  // terminate() this Worker, which crashes the process while a handle is on the poller (known
  // native-layer bug, worker-exit.test.ts).
  if (data.op === 'receive') {
    s.Create(0, SOCK_STREAM, 0, '127.0.0.1');
    if (!s.Connect('127.0.0.1', data.port!)) throw new Error(`Connect failed: ${s.GetLastError()}`);
    port.postMessage({ type: 'handle', handle: s.GetCancelHandle() });
    const started = Number(process.hrtime.bigint());
    const rc = s.Receive(new Uint8Array(16), 16);
    report(s, rc, hookRuns, started);
  } else {
    s.Create(0, SOCK_STREAM, 0, '127.0.0.1');
    s.Listen();
    const a = { address: '', port: 0 };
    s.GetSockName(a);
    port.postMessage({ type: 'handle', handle: s.GetCancelHandle(), port: a.port });
    const into = new CSocket();
    const started = Number(process.hrtime.bigint());
    const rc = s.Accept(into);
    report(s, rc, hookRuns, started);
    // Rule 4 across threads: the next Accept still gets the connection made after the cancel.
    s.OnMessagePending = () => false;
    port.postMessage({ type: 'ready-again' });
    const again = s.Accept(into);
    port.postMessage({ type: 'second', rc: again, err: s.GetLastError() });
    into.Close();
  }
  s.Close();
}

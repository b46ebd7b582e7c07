/**
 * The Worker of the blocking-flavour stress test: the far end of every connection (Node's net)
 * and the canceller. The test's thread blocks in a CSocket call; this thread waits until the
 * call blocks (the cancel handle's first cell, see cancel-handle.ts), waits a random moment and
 * cancels it from here, while the scripted peer action (send, connect, stall) races the cancel.
 *
 * Messages from the test: setup, op, done, reconnected, finish, quit. Each is answered.
 */
import { connect, createServer, type Socket } from 'node:net';
import { parentPort } from 'node:worker_threads';
import { CancelBlockingCallByHandle, type CSocketCancelHandle } from '../../src/afx/cancel-handle.js';

export interface OpMessage {
  type: 'op';
  i: number;
  op: 'receive' | 'send' | 'accept' | 'connect';
  /** receive: bytes the peer sends (0 = none); accept: 1 = the peer connects. */
  amount: number;
  /** When the peer acts: -1 before the call, else ms after the call blocks (0 = next turn). */
  actAt: number;
  /** ms after the call blocks that the cancel comes (0 = next turn). */
  cancelAt: number;
  /** send: the peer stops reading until the call ends. */
  stall: boolean;
  /** The cancel handle of the socket that makes the call. */
  handle: CSocketCancelHandle;
}

const port = parentPort!;
let handle: CSocketCancelHandle | null = null;
let cells: Int32Array | null = null;
let listenPort = 0;

// The stream: its epoch (one per connection), bytes sent to the test, bytes received and checked.
let stream: Socket | null = null;
let epoch = 0;
let txOffset = 0;
let rxOffset = 0;
let mismatches = 0;
let streamEnded: Promise<void> = Promise.resolve();
let onStream: ((s: Socket) => void) | null = null;

let clientConnects = 0;
const clients: Socket[] = [];
let cancelsIssued = 0;
let cancelsWhileBlocking = 0;
let current: { i: number; done: boolean } | null = null;

function pattern(offset: number, length: number): Buffer {
  const b = Buffer.allocUnsafe(length);
  for (let k = 0; k < length; k++) b[k] = (offset + k) % 251;
  return b;
}

const streamServer = createServer((s) => {
  epoch++;
  txOffset = 0;
  rxOffset = 0;
  stream = s;
  s.on('data', (c: Buffer) => {
    for (let k = 0; k < c.length; k++) if (c[k] !== (rxOffset + k) % 251) { mismatches++; break; }
    rxOffset += c.length;
  });
  streamEnded = new Promise<void>((resolve) => {
    s.once('close', () => resolve());
    s.on('error', () => {});
  });
  onStream?.(s);
});
const liveServer = createServer((s) => { s.on('error', () => {}); s.destroy(); });

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => (ms <= 0 ? tick() : new Promise((r) => setTimeout(r, ms)));

/** Resolves once the test's call blocks (true) or has ended without blocking (false). */
async function untilBlocking(call: { done: boolean }): Promise<boolean> {
  for (let n = 0; n < 1_000_000; n++) {
    if (call.done) return false;
    if (Atomics.load(cells!, 0) !== 0) return true;
    await tick();
  }
  return false;
}

async function peerAction(m: OpMessage): Promise<void> {
  if (m.op === 'receive' && m.amount > 0) {
    stream!.write(pattern(txOffset, m.amount));
    txOffset += m.amount;
  } else if (m.op === 'accept' && m.amount > 0) {
    const c = connect(listenPort, '127.0.0.1');
    c.on('error', () => {});
    clients.push(c);
    clientConnects++;
    await new Promise<void>((resolve) => { c.once('connect', () => resolve()); c.once('error', () => resolve()); });
  }
}

async function runOp(m: OpMessage): Promise<void> {
  handle = m.handle;
  cells = new Int32Array(handle.sab, 0, 1);
  const call = { i: m.i, done: false };
  current = call;
  if (m.stall) stream?.pause();
  if (m.actAt < 0) await peerAction(m);
  port.postMessage({ type: 'armed', i: m.i });
  const blocked = await untilBlocking(call);
  const acting = m.actAt >= 0 ? sleep(m.actAt).then(() => peerAction(m)) : Promise.resolve();
  await sleep(blocked ? m.cancelAt : 0);
  // A cancel at a random moment: while the call waits, or after it ended (then it is a no-op).
  if (!call.done && Atomics.load(cells!, 0) !== 0) cancelsWhileBlocking++;
  CancelBlockingCallByHandle(handle!);
  cancelsIssued++;
  await acting;
}

let running: Promise<void> = Promise.resolve();

port.on('message', (m: { type: string } & Record<string, unknown>) => {
  switch (m.type) {
    case 'setup': {
      listenPort = m.listenPort as number;
      let pending = 2;
      const ready = (): void => {
        if (--pending === 0) {
          port.postMessage({
            type: 'ready',
            streamPort: (streamServer.address() as { port: number }).port,
            livePort: (liveServer.address() as { port: number }).port,
          });
        }
      };
      streamServer.listen(0, '127.0.0.1', ready);
      liveServer.listen(0, '127.0.0.1', ready);
      break;
    }
    case 'awaitStream': {
      // The test connected (or reconnected) its stream socket: answer once it is accepted here.
      const want = m.epoch as number;
      if (epoch >= want) port.postMessage({ type: 'stream', epoch });
      else onStream = () => { if (epoch >= want) { onStream = null; port.postMessage({ type: 'stream', epoch }); } };
      break;
    }
    case 'op':
      running = runOp(m as unknown as OpMessage);
      break;
    case 'done': {
      if (current !== null) current.done = true;
      void running.then(async () => {
        stream?.resume();
        for (const c of clients.splice(0)) c.destroy();
        if (m.reset === true) {
          // Rule 7: the test's socket reset the connection; wait for this end to see it.
          await Promise.race([streamEnded, sleep(10000)]);
        }
        port.postMessage({ type: 'next', i: m.i, rxOffset, mismatches });
      });
      break;
    }
    case 'finish': {
      // Wait until everything the test sent arrived, then end the stream.
      const want = m.txOffset as number;
      void (async () => {
        for (let n = 0; n < 20000 && rxOffset < want; n++) await sleep(1);
        stream?.end();
        port.postMessage({ type: 'finished', rxOffset, txOffset, mismatches, clientConnects, cancelsIssued, cancelsWhileBlocking, epoch });
      })();
      break;
    }
    case 'quit':
      stream?.destroy();
      streamServer.close();
      liveServer.close();
      port.close();
      break;
  }
});

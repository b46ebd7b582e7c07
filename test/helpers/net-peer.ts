/**
 * A scripted peer in a Worker, built on Node's own `net` and `dgram`: the other end of a truly
 * blocking call, which cannot live in the blocked thread. `workerData.steps` runs in order; the
 * parent learns progress from messages ({ type: 'listening', port }, { type: 'read', ... },
 * { type: 'done' }) and ends the worker with { type: 'quit' }.
 */
import { createSocket } from 'node:dgram';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

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

const port = parentPort!;
const { steps } = workerData as { steps: Step[] };
let sock: Socket | null = null;
let server: Server | null = null;
let goes = 0;
let goWaiter: (() => void) | null = null;

port.on('message', (m: { type: string }) => {
  if (m.type === 'go') {
    goes++;
    goWaiter?.();
  } else if (m.type === 'quit') {
    sock?.destroy();
    server?.close();
    port.close();
  }
});

function pattern(offset: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  for (let i = 0; i < length; i++) b[i] = (offset + i) % 251;
  return b;
}

async function run(step: Step): Promise<void> {
  switch (step.op) {
    case 'listen': {
      const s = createServer();
      server = s;
      const accepted = new Promise<Socket>((resolve) => s.once('connection', resolve));
      await new Promise<void>((resolve) => s.listen(0, step.host ?? '127.0.0.1', resolve));
      port.postMessage({ type: 'listening', port: (s.address() as { port: number }).port });
      sock = await accepted;
      sock.on('error', () => {});
      break;
    }
    case 'connect': {
      const s = connect(step.port, step.host ?? '127.0.0.1');
      s.on('error', () => {});
      await new Promise<void>((resolve, reject) => { s.once('connect', resolve); s.once('error', reject); });
      sock = s;
      break;
    }
    case 'sleep':
      await new Promise((r) => setTimeout(r, step.ms));
      break;
    case 'send':
      await new Promise<void>((resolve) => sock!.write(pattern(step.offset, step.length), () => resolve()));
      break;
    case 'end':
      sock!.end();
      break;
    case 'reset':
      sock!.resetAndDestroy();
      break;
    case 'read': {
      const s = sock!;
      const chunks: Buffer[] = [];
      const error = await new Promise<string | null>((resolve) => {
        s.on('data', (c: Buffer) => chunks.push(c));
        s.once('end', () => resolve(null));
        s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
        s.once('close', () => resolve(null));
      });
      const bytes = Buffer.concat(chunks);
      port.postMessage({ type: 'read', bytes: new Uint8Array(bytes), error });
      break;
    }
    case 'waitGo':
      if (goes === 0) await new Promise<void>((r) => { goWaiter = r; });
      goes--;
      goWaiter = null;
      break;
    case 'udpSend': {
      const u = createSocket('udp4');
      await new Promise<void>((resolve) => u.send(Uint8Array.from(step.bytes), step.port, step.host ?? '127.0.0.1', () => resolve()));
      u.close();
      break;
    }
  }
}

for (const step of steps) await run(step);
port.postMessage({ type: 'done' });

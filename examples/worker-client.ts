/**
 * A blocking client in a Worker, cancelled from the main thread.
 *
 *   node --import tsx examples/worker-client.ts [cancel-after-ms]
 *
 * The main thread runs a small server that greets each client and then says nothing. The
 * Worker connects with CSocket and reads with the blocking Receive, MFC style: its thread
 * really waits. The main thread gets the socket's cancel handle (plain data, sent with
 * postMessage) and, after a delay, calls CancelBlockingCallByHandle: the Worker's Receive
 * returns SOCKET_ERROR with WSAEINTR at once, not after m_nTimeOut (set to 60 s here).
 *
 * (In a program using the package: import the same names from 'afxsock'.)
 */
import { createServer } from 'node:net';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  CancelBlockingCallByHandle, CSocket, SOCK_STREAM, SOCKET_ERROR, wsaErrorName, type CSocketCancelHandle,
} from '../src/index.js';

type FromWorker =
  | { type: 'handle'; handle: CSocketCancelHandle }
  | { type: 'line'; text: string }
  | { type: 'ended'; result: string; waitedMs: number };

if (isMainThread) {
  const cancelAfter = Number(process.argv[2] ?? 500);
  const server = createServer((c) => {
    c.on('error', () => {});
    c.write('hello from the server\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  // The Worker runs this same file; tsx is registered inside it first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const self = import.meta.url;
  const worker = new Worker(
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(self)}); });`,
    { eval: true, workerData: { port } },
  );
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'handle') {
      console.log(`main: the worker is connected; cancelling its blocking Receive in ${cancelAfter} ms`);
      setTimeout(() => {
        console.log('main: CancelBlockingCallByHandle');
        CancelBlockingCallByHandle(m.handle);
      }, cancelAfter);
    } else if (m.type === 'line') {
      console.log(`worker received: ${m.text}`);
    } else {
      console.log(`worker: Receive returned ${m.result} after blocking ${m.waitedMs} ms (m_nTimeOut is 60000)`);
    }
  });
  const code = await new Promise<number>((resolve) => worker.once('exit', resolve));
  server.close();
  console.log(`main: the worker exited with ${code}`);
} else {
  const { port } = workerData as { port: number };
  const out = parentPort!;
  const s = new CSocket();
  // No notifications: a blocking client has no use for them.
  if (!s.Create(0, SOCK_STREAM, 0, '127.0.0.1') || !s.Connect('127.0.0.1', port)) {
    throw new Error(`connect failed: ${wsaErrorName(s.GetLastError())}`);
  }
  s.m_nTimeOut = 60000;
  const buf = new Uint8Array(256);
  let handleSent = 0;
  for (let i = 0; i < 100; i++) {
    if (i === 1) {
      // The greeting is in: now hand out the handle and block on what never comes.
      out.postMessage({ type: 'handle', handle: s.GetCancelHandle() });
      handleSent = Date.now();
    }
    const n = s.Receive(buf, buf.length);
    if (n > 0) {
      out.postMessage({ type: 'line', text: new TextDecoder().decode(buf.subarray(0, n)).trimEnd() });
      continue;
    }
    const result = n === SOCKET_ERROR ? `SOCKET_ERROR, ${wsaErrorName(s.GetLastError())}` : '0 (the server closed)';
    out.postMessage({ type: 'ended', result, waitedMs: Date.now() - handleSent });
    break;
  }
  s.Close();
}

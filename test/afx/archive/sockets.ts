import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CSocket } from '../../../src/afx/CSocket.js';

/** A connected CSocket pair on 127.0.0.1, made with the awaitable calls. */
export async function socketPair(): Promise<{ a: CSocket; b: CSocket; close(): void }> {
  const srv = new CSocket();
  if (!srv.Create(0, undefined, '127.0.0.1') || !srv.Listen()) throw new Error(`listen failed ${srv.GetLastError()}`);
  const name = { address: '', port: 0 };
  srv.GetSockName(name);
  const a = new CSocket();
  const b = new CSocket();
  if (!a.Create()) throw new Error('create failed');
  const accepted = srv.AcceptAsync(b, null, { timeout: 10000 });
  const connected = await a.ConnectAsync('127.0.0.1', name.port, { timeout: 10000 });
  if (!connected || !(await accepted)) throw new Error('connect/accept failed');
  srv.Close();
  return {
    a,
    b,
    close() {
      a.Close();
      b.Close();
    },
  };
}

const PEER = fileURLToPath(new URL('./fixtures/peer.mjs', import.meta.url));

/** Starts the peer process (Node's net, fixtures/peer.mjs); resolves with its port once it listens. */
export function peerProcess(args: string[]): Promise<{ port: number; proc: ChildProcess; done: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [PEER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    const done = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error('the peer process did not start'));
    }, 10000);
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(\d+)\r?\n/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), proc, done });
      }
    });
    proc.on('error', reject);
  });
}

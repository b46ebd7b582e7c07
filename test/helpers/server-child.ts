/**
 * A Node `net` server in a child process, on loopback: the peer of a blocking call (which
 * cannot live in the blocked thread) or of a race that needs the peer to run meanwhile.
 * `onConnection` is the source of a `(c) => { ... }` connection handler; the child ends with
 * the test (`stop`) or after `lifetimeMs` (60 s) at the latest.
 */
import { spawn } from 'node:child_process';

export async function serverChild(onConnection: string, lifetimeMs = 60000): Promise<{ port: number; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', `
    const net = require('node:net');
    const srv = net.createServer((${onConnection}));
    srv.listen(0, '127.0.0.1', () => console.log(srv.address().port));
    setTimeout(() => process.exit(3), ${lifetimeMs}).unref();
  `], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`server child exited ${code}`)));
  });
  return { port, stop: () => { child.kill(); } };
}

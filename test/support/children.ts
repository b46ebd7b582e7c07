/**
 * Child processes for tests, each bounded in time (a bound that fires kills the child and says
 * so): a fixture from test/fixtures/ run in its own Node (tsx loaded), so that an exit, a crash
 * or a lowered descriptor limit can be observed from outside; a Node `net` server in a child,
 * the peer of a blocking call (which cannot live in the blocked thread); and the archive tests'
 * peer process (fixtures/archive-peer.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The child was killed by a bound: `killed` says which. */
  timedOut: boolean;
  killed: 'deadline' | 'silence' | null;
  /** Wall time from spawn to exit, for the log only (no test asserts on speed). */
  ms: number;
}

export interface ChildOptions {
  args?: string[];
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** A hang bound on the whole run: the child is killed this long after its start (default 30 s). */
  timeoutMs?: number;
  /**
   * A hang bound on silence: once the child has printed something, it is killed after this long
   * without more output. For a fixture whose run takes as long as the machine needs: it prints
   * as it goes, so only a child that stopped (hung, or alive after its last line) is killed.
   */
  idleMs?: number;
  /** Runs the child under `prlimit --nofile=N:N` (Linux). */
  nofile?: number;
}

export function runFixture(fixture: URL, opts: ChildOptions = {}): Promise<ChildResult> {
  const script = fileURLToPath(fixture);
  const nodeArgs = ['--import', 'tsx', ...(opts.nodeArgs ?? []), script, ...(opts.args ?? [])];
  const [cmd, argv] = opts.nofile !== undefined
    ? ['prlimit', [`--nofile=${opts.nofile}:${opts.nofile}`, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed: ChildResult['killed'] = null;
    const kill = (why: 'deadline' | 'silence'): void => { killed ??= why; child.kill('SIGKILL'); };
    const deadline = setTimeout(() => kill('deadline'), opts.timeoutMs ?? 30000);
    let silence: NodeJS.Timeout | undefined;
    const heard = (): void => {
      if (opts.idleMs === undefined) return;
      clearTimeout(silence);
      silence = setTimeout(() => kill('silence'), opts.idleMs);
    };
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; heard(); });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; heard(); });
    const stop = (): void => { clearTimeout(deadline); clearTimeout(silence); };
    child.once('error', (e) => { stop(); reject(e); });
    child.once('close', (code, signal) => {
      stop();
      resolve({ code, signal, stdout, stderr, timedOut: killed !== null, killed, ms: Date.now() - started });
    });
  });
}

/** The JSON objects a fixture printed, one per line (lines that are not JSON are skipped). */
export function jsonLines<T = Record<string, unknown>>(stdout: string): T[] {
  const out: T[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try { out.push(JSON.parse(line) as T); } catch { /* a partial line from a killed child */ }
  }
  return out;
}

/**
 * A Node `net` server in a child process, on loopback, for a peer that must run while this
 * thread blocks or races it. `onConnection` is the source of a `(c) => { ... }` connection
 * handler; the child ends with the test (`stop`) or after `lifetimeMs` (60 s) at the latest.
 */
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

const ARCHIVE_PEER = fileURLToPath(new URL('../fixtures/archive-peer.mjs', import.meta.url));

/** Starts the archive peer process (Node's net, fixtures/archive-peer.mjs); resolves with its port once it listens. */
export function peerProcess(args: string[]): Promise<{ port: number; proc: ChildProcess; done: Promise<number | null> }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [ARCHIVE_PEER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
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

/**
 * Child-process peers. A peer prints `READY <args...>` once it listens or is set up, and
 * `RESULT <json>` when it has measured; anything else on stdout is ignored and stderr is passed
 * through. Every peer is killed if it outlives its time limit, so a stuck run cannot hang the
 * harness, and the failure says which peer it was.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = resolve(benchDir, '..');

export interface Peer {
  /** The words after READY. */
  ready: Promise<string[]>;
  /** The parsed RESULT line (undefined if the peer exited 0 without one). */
  result: Promise<Record<string, number> | undefined>;
  /** The RESULT line as soon as it is printed, for peers that stay up until they are killed. */
  early: Promise<Record<string, number>>;
  /** The words after the first line that starts with `word` (e.g. a checkpoint), when it comes. */
  waitFor(word: string): Promise<string[]>;
  /** Writes a line to the peer's stdin (for peers that wait for a go-ahead). */
  send(line: string): void;
  kill(): void;
}

/** A TypeScript peer from bench/peers, run as `node --import tsx`. */
export function nodePeer(file: string, args: readonly (string | number)[], timeoutMs: number, nodeFlags: readonly string[] = []): Peer {
  const script = resolve(benchDir, 'peers', file);
  return startPeer(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args.map(String)], timeoutMs, file);
}

/** Any executable as a peer (the C programs). */
export function startPeer(cmd: string, args: readonly string[], timeoutMs: number, name = cmd): Peer {
  const child: ChildProcess = spawn(cmd, args, { cwd: repoDir, stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let readyResolve!: (w: string[]) => void;
  let readyReject!: (e: Error) => void;
  const ready = new Promise<string[]>((res, rej) => { readyResolve = res; readyReject = rej; });
  let result: Record<string, number> | undefined;
  let earlyResolve!: (r: Record<string, number>) => void;
  let earlyReject!: (e: Error) => void;
  const early = new Promise<Record<string, number>>((res, rej) => { earlyResolve = res; earlyReject = rej; });
  let gotReady = false;
  const seen: string[] = [];
  const waiters: Array<{ word: string; res: (w: string[]) => void; rej: (e: Error) => void }> = [];
  const timer = setTimeout(() => {
    child.kill('SIGKILL');
  }, timeoutMs);
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    out += chunk;
    let nl: number;
    while ((nl = out.indexOf('\n')) >= 0) {
      const line = out.slice(0, nl).trim();
      out = out.slice(nl + 1);
      seen.push(line);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (line.split(/\s+/)[0] === waiters[i]!.word) waiters.splice(i, 1)[0]!.res(line.split(/\s+/).slice(1));
      }
      if (line.startsWith('READY')) {
        gotReady = true;
        readyResolve(line.split(/\s+/).slice(1));
      } else if (line.startsWith('RESULT ')) {
        result = JSON.parse(line.slice(7)) as Record<string, number>;
        earlyResolve(result);
      }
    }
  });
  const done = new Promise<Record<string, number> | undefined>((res, rej) => {
    child.on('error', (e) => { clearTimeout(timer); readyReject(e); earlyReject(e); rej(e); });
    // 'close', not 'exit': a C peer's RESULT line can still be in the pipe when 'exit' fires.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (!gotReady) readyReject(new Error(`${name} exited before READY (code ${code}, signal ${signal})`));
      earlyReject(new Error(`${name} exited without RESULT (code ${code}, signal ${signal})`));
      for (const w of waiters.splice(0)) w.rej(new Error(`${name} exited before ${w.word} (code ${code}, signal ${signal})`));
      if (code === 0) res(result);
      else rej(new Error(`${name} ${args.slice(-4).join(' ')} failed: code ${code}, signal ${signal}${signal === 'SIGKILL' ? ' (time limit)' : ''}`));
    });
  });
  // A peer that never prints READY must not leave an unhandled rejection behind.
  ready.catch(() => {});
  done.catch(() => {});
  early.catch(() => {});
  return {
    ready,
    result: done,
    early,
    waitFor: (word) => {
      const hit = seen.find((l) => l.split(/\s+/)[0] === word);
      if (hit !== undefined) return Promise.resolve(hit.split(/\s+/).slice(1));
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`${name} already exited`));
      return new Promise((res, rej) => waiters.push({ word, res, rej }));
    },
    send: (line) => { child.stdin!.write(line + '\n'); },
    kill: () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); },
  };
}

/** The RESULT of a peer, which must have printed one. */
export async function resultOf(p: Peer): Promise<Record<string, number>> {
  const r = await p.result;
  if (r === undefined) throw new Error('peer printed no RESULT');
  return r;
}

/**
 * Runs a listening peer and a connecting peer: the server's READY gives the port, which is
 * appended to the client's arguments. Resolves with both results (undefined where none).
 */
export async function serverClient(
  server: () => Peer,
  client: (port: string) => Peer,
): Promise<{ server: Record<string, number> | undefined; client: Record<string, number> | undefined }> {
  const s = server();
  let c: Peer | undefined;
  try {
    const [port] = await s.ready;
    if (port === undefined) throw new Error('server printed no port');
    c = client(port);
    const [sr, cr] = await Promise.all([s.result, c.result]);
    return { server: sr, client: cr };
  } finally {
    s.kill();
    c?.kill();
  }
}

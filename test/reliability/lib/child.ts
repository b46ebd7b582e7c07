/**
 * Child processes for the reliability tests: a fixture runs in its own Node (tsx loaded), so an
 * exit, a crash or a lowered descriptor limit can be observed from outside. Every run is bounded:
 * after `timeoutMs` the child is killed and the result says so.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The child was still running at the deadline and was killed. */
  timedOut: boolean;
  /** Wall time from spawn to exit, for the log only (no test asserts on speed). */
  ms: number;
}

export interface ChildOptions {
  args?: string[];
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
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
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, opts.timeoutMs ?? 30000);
    child.once('error', (e) => { clearTimeout(timer); reject(e); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut, ms: Date.now() - started });
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

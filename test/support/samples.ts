/**
 * Runs a sample as a user would (`node --import tsx examples/NAME.ts ...`) in a child process,
 * collecting its output and letting a test wait for a line. Every wait is bounded; every child
 * is killed when its test ends, whatever happened. Test-only: a `Sample` takes ava's
 * ExecutionContext (a type, nothing of ava is loaded) to end its child with its test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { ExecutionContext } from 'ava';
import { root } from './repo.js';

/** Only catches a sample that never gets there: a Wine node.exe on a loaded 2-core machine has taken over 20 s to start. */
const WAIT_MS = 60_000;

export interface Finished {
  status: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

/**
 * Runs a sample to the end (at most 60 s), without blocking this process: peers that tests
 * run here with Node's net or dgram must go on answering meanwhile.
 */
export function runToEnd(sample: string, args: string[] = [], input = '', env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `examples/${sample}`, ...args], {
      cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, out });
    });
    child.stdin.end(input);
  });
}

export class Sample {
  readonly child: ChildProcess;
  out = '';
  private readonly exited: Promise<Finished>;
  private listeners: (() => void)[] = [];

  constructor(t: ExecutionContext, sample: string, args: string[] = []) {
    this.child = spawn(process.execPath, ['--import', 'tsx', `examples/${sample}`, ...args], {
      cwd: root, stdio: ['pipe', 'pipe', 'pipe'],
    });
    const take = (d: Buffer): void => {
      this.out += d.toString('utf8');
      for (const l of this.listeners) l();
    };
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    this.exited = new Promise((resolve) => {
      this.child.on('close', (status, signal) => {
        for (const l of this.listeners) l();
        resolve({ status, signal, out: this.out });
      });
    });
    t.teardown(() => {
      if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    });
  }

  /** Resolves with the first match of `re` in the output; rejects after `ms` or at exit. */
  waitFor(re: RegExp, ms = WAIT_MS): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const m = this.out.match(re);
        if (m) {
          done();
          resolve(m);
          return true;
        }
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done();
          reject(new Error(`exited before ${re}; output:\n${this.out}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${re} within ${ms} ms; output:\n${this.out}`));
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
      };
      const listener = (): void => void check();
      if (!check()) this.listeners.push(listener);
    });
  }

  write(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }

  endInput(): void {
    this.child.stdin!.end();
  }

  /** Resolves when the child exits; kills it and rejects after `ms`. */
  exit(ms = WAIT_MS): Promise<Finished> {
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<Finished>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`did not exit within ${ms} ms; output:\n${this.out}`));
      }, ms);
    });
    return Promise.race([this.exited, limit]).finally(() => clearTimeout(timer));
  }
}

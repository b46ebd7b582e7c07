/**
 * The product as users run it: the packed tarball installed into a scratch project, a user's
 * program run by plain `node` (no tsx, no loader, no NODE_OPTIONS), as ESM and as CJS. The suite
 * itself runs under tsx, whose loader thread happened to drain the microtask queue and so hid
 * the Node 26 stall (awaitable calls that settled only when an unrelated timer fired).
 *
 * The program (test/fixtures/package/user-steps.js) sets no timer: it runs an awaitable
 * exchange, a CArchive LoadAsync over a socket, an OnReceive-driven echo and a
 * WSAAsyncGetHostByName lookup, and prints a line as each settles. A watchdog here kills it when
 * no line arrives for STEP_BOUND_MS: far below the 120 s timeouts the program gives its calls,
 * so a call that would only be woken by its own timeout counts as hung, and the failure names
 * the step. `.ci/run` runs this file on every Node that `engines` claims.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installScratch, plainNodeEnv } from '../support/packed.js';
import { root } from '../support/repo.js';

const STEP_BOUND_MS = 20_000;
const STEPS = ['awaitable-exchange', 'archive-load-async', 'notification-echo', 'async-lookup'];
const program = readFileSync(join(root, 'test', 'fixtures', 'package', 'user-steps.js'), 'utf8');
const serial = process.platform === 'win32' ? test.serial.skip : test.serial;
const winNote = process.platform === 'win32' ? ' [not on Windows: needs npm, checked by the Linux run]' : '';

interface Run { lines: string[]; code: number | null; signal: NodeJS.Signals | null; stderr: string; hung: string | null }

/** Runs `file` with plain node; kills it (by its pid) when a step takes longer than the bound. */
function runWatched(cwd: string, file: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd, env: plainNodeEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let partial = '';
    let hung: string | null = null;
    const next = (): string => STEPS[lines.filter((l) => l.startsWith('step ')).length] ?? 'exit';
    let watchdog: NodeJS.Timeout;
    const arm = (): void => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        hung = next();
        child.kill('SIGKILL');
      }, STEP_BOUND_MS);
    };
    arm();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      partial += chunk;
      const parts = partial.split('\n');
      partial = parts.pop()!;
      lines.push(...parts);
      arm();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      if (partial) lines.push(partial);
      resolve({ lines, code, signal, stderr, hung });
    });
  });
}

let scratch: string | undefined;
function project(log: (m: string) => void): string {
  if (scratch !== undefined) return scratch;
  scratch = installScratch(log);
  writeFileSync(join(scratch, 'user.mjs'), `import * as afx from 'afxsock';\n${program}`);
  writeFileSync(join(scratch, 'user.cjs'), `const afx = require('afxsock');\n${program}`);
  return scratch;
}

const runs = [['ESM', 'user.mjs'], ['CJS', 'user.cjs']] as const;
for (const [kind, file] of runs) {
  serial(`plain node ${process.version}, ${kind}: awaitable calls, LoadAsync, OnReceive echo and a lookup settle at once, with no timer to wake them${winNote}`, async (t) => {
    const run = await runWatched(project((m) => t.log(m)), file);
    t.log(run.lines.join('\n'));
    t.is(run.hung, null, `step ${run.hung} did not settle within ${STEP_BOUND_MS} ms (its calls' own timeouts are 120 s): `
      + `the process hung there. Output so far:\n${run.lines.join('\n')}\n${run.stderr}`);
    t.is(run.code, 0, run.stderr);
    t.is(run.lines[0], `start ${process.version} timers=0`);
    const steps = run.lines.filter((l) => l.startsWith('step ')).map((l) => l.split(' '));
    t.deepEqual(steps.map((s) => s[1]), STEPS);
    // No timer outlives the call that set it, so nothing but I/O woke the next step.
    t.deepEqual(steps.map((s) => s[3]), STEPS.map(() => 'timers=0'));
    t.is(run.lines.at(-1), 'done');
  });
}

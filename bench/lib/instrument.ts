/**
 * Profiling preload for a peer (`node --import tsx --import ./bench/lib/instrument.ts ...`):
 * counts every koffi call by libc function and every async resource created (Promises
 * included), and prints them on stderr at exit as `COUNTS {...}`. Divide by the messages the
 * peer handled to get calls and Promises per message; epoll_wait calls are the event-loop turns
 * that brought readiness.
 */
import { createHook } from 'node:async_hooks';
import { loadLibc } from '../../src/native/linux-libc.js';

const calls: Record<string, number> = {};
const resources: Record<string, number> = {};

const libc = loadLibc() as unknown as Record<string, unknown>;
for (const [name, fn] of Object.entries(libc)) {
  if (typeof fn !== 'function') continue;
  const f = fn as (...a: unknown[]) => unknown;
  calls[name] = 0;
  libc[name] = (...a: unknown[]): unknown => {
    calls[name]!++;
    return f(...a);
  };
}

createHook({
  init(_id, type) {
    resources[type] = (resources[type] ?? 0) + 1;
  },
}).enable();

process.on('exit', () => {
  const nonzero = Object.fromEntries(Object.entries(calls).filter(([, n]) => n > 0));
  process.stderr.write(`COUNTS ${JSON.stringify({ pid: process.pid, role: process.argv[2], koffi: nonzero, asyncResources: resources })}\n`);
});

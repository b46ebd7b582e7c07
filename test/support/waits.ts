/**
 * Bounded waits. Every bound here only catches a hang and says so in its error when it fires;
 * none decides a count or a verdict.
 */

/** Resolves when `cond()` is true; rejects after `ms` (every wait in a test is bounded). */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Blocks this thread (no event loop) until `cond()` or `ms` pass; returns cond(). */
export function spinUntil(cond: () => boolean, ms: number): boolean {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) Atomics.wait(cell, 0, 0, 2);
  return cond();
}

/** Resolves with `p`, or rejects with `what` when `p` has not settled within `ms`. */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** A promise that settles after `ms` (pacing only, never asserted on). */
export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The next macrotask: anything still pending now did not settle within this turn's microtasks. */
export function nextTurn(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

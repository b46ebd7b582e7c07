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

/**
 * Resolves once `done()`, however long the machine takes; rejects only when `progress()` has
 * not moved for `stallMs`, which is a hang, and the error says so. For a run whose length is a
 * count (of notifications, of tasks) rather than a time.
 */
export async function untilDone(done: () => boolean, progress: () => number, stallMs: number, what: string): Promise<void> {
  let seen = progress();
  let since = Date.now();
  while (!done()) {
    await new Promise((r) => setTimeout(r, 10));
    const now = progress();
    if (now !== seen) {
      seen = now;
      since = Date.now();
    } else if (Date.now() - since > stallMs) {
      throw new Error(`a hang: ${what} made no progress for ${stallMs} ms (stuck at ${now})`);
    }
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

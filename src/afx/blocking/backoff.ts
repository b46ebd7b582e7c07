/**
 * The retry rule of CSocket's waits. Readiness is only a hint: a socket can stay readable or
 * hung up (poll keeps answering IN|RDHUP on a UDP socket shut down, for instance) while the
 * operation keeps answering WSAEWOULDBLOCK. Retrying at once on each such answer would spin
 * for ever and, in the blocking flavour, never reach OnMessagePending. So a wait may retry at
 * once only a few times in a row without progress; after that it naps, a little longer each
 * time (capped), before the next retry, and the slice clock keeps running through the naps.
 */

/** Retries at once after readiness, in a row and without progress, before napping. */
export const FREE_RETRIES = 4;
/** The longest nap between two retries, in ms: how late real readiness may be noticed then. */
export const MAX_NAP = 50;

/** Counts retries without progress; tells how long to nap before the next one. */
export class RetryGuard {
  #misses = 0;

  /** The operation made progress (bytes moved): retries are free again. */
  progress(): void {
    this.#misses = 0;
  }

  /**
   * Readiness was reported and the retry would block again.
   *
   * @returns How many ms to nap before the next retry; 0 to retry at once.
   */
  miss(): number {
    const n = ++this.#misses;
    if (n <= FREE_RETRIES) return 0;
    return Math.min(2 ** (n - FREE_RETRIES - 1), MAX_NAP);
  }
}

const napCell = new Int32Array(new SharedArrayBuffer(4));

/**
 * Sleeps the thread for `ms` (Atomics.wait: no CPU), waking early if `cells[index]` changes from
 * `expect` (a cross-thread cancel) when given.
 *
 * @param ms - How long, in ms.
 * @param cells - A shared cell to watch, or none.
 * @param index - Its index.
 * @param expect - Its value now.
 */
export function napSync(ms: number, cells?: Int32Array, index = 0, expect = 0): void {
  if (!(ms > 0)) return;
  if (cells !== undefined) Atomics.wait(cells, index, expect, ms);
  else Atomics.wait(napCell, 0, 0, ms);
}

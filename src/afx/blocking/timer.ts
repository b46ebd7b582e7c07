/**
 * A one-shot timer for any limit: Node's setTimeout takes at most 2**31-1 ms and treats a
 * larger delay as 1 ms, so a long limit would end a wait almost at once. Longer limits are
 * chained in steps; Infinity makes no timer at all.
 */

/** Node's largest delay (a signed 32-bit count of milliseconds). */
const MAX_DELAY = 0x7fffffff;

/** What {@link startTimer} returns: `stop()` cancels it (harmless once fired). */
export interface LongTimer {
  stop(): void;
}

const NO_TIMER: LongTimer = { stop() {} };

/**
 * Calls `fire` once, `ms` milliseconds from now (never sooner).
 *
 * @param ms - A number >= 0; Infinity (or anything beyond what a Date can count) never fires.
 * @param fire - What to call.
 * @returns A handle whose `stop()` cancels the timer.
 */
export function startTimer(ms: number, fire: () => void): LongTimer {
  if (!(ms < 8.64e15)) return NO_TIMER;
  const deadline = performance.now() + ms;
  let t: NodeJS.Timeout | undefined;
  const arm = (left: number): void => {
    t = setTimeout(() => {
      const rest = deadline - performance.now();
      if (rest > 0) arm(rest);
      else fire();
    }, Math.min(Math.max(Math.ceil(left), 0), MAX_DELAY));
  };
  arm(ms);
  return { stop: () => clearTimeout(t) };
}

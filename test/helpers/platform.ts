/**
 * Platform facts for tests. A behaviour Wine lacks is never skipped silently: `wineGap` runs
 * the test as a known failure under Wine, with the reason in its title, so the run shows it and
 * fails loudly the day Wine starts to pass it.
 */
import test, { type ExecutionContext } from 'ava';
import { isWine } from '../../src/native/win32.js';

export const onWindows = process.platform === 'win32';

/** True under Wine (never loads anything on other platforms). */
export function underWine(): boolean {
  return isWine();
}

type Impl = (t: ExecutionContext) => void | Promise<void>;

/**
 * `test`, except under Wine, where it is `test.failing` titled with the reason. With
 * `windowsOnly`, a skip (titled so) on other platforms.
 */
export function wineGap(reason: string, windowsOnly = false): (title: string, impl: Impl) => void {
  return (title, impl) => {
    if (windowsOnly && !onWindows) test.skip(`${title} [Windows only]`, impl);
    else if (underWine()) test.failing(`${title} [known Wine gap: ${reason}]`, impl);
    else test(title, impl);
  };
}

/** `test` on Windows (and Wine); elsewhere a skip whose title says why. */
export function windowsOnly(title: string, impl: Impl): void {
  if (onWindows) test(title, impl);
  else test.skip(`${title} [Windows only]`, impl);
}

/**
 * Known gaps of the conformance suite, labelled in the test title. A gap never weakens an
 * assertion: the test runs as `test.failing` where the gap applies, so the run shows it and
 * fails the day the gap closes (then the label must go).
 */
import test, { type ExecutionContext } from 'ava';
import { isWine } from '../../src/native/win32.js';

type Impl = (t: ExecutionContext) => void | Promise<void>;

export const onLinux = process.platform === 'linux';
export const onWindows = process.platform === 'win32';

function wine(): boolean {
  return onWindows && isWine();
}

/** A Windows behaviour the Linux kernel does not give at reasonable cost: failing on Linux. */
export function linuxGap(reason: string): (title: string, impl: Impl) => void {
  return (title, impl) => {
    if (onLinux) test.failing(`${title} [known Linux gap: ${reason}]`, impl);
    else test(title, impl);
  };
}

/** A Windows behaviour Wine 8.0's ws2_32 lacks: failing under Wine. */
export function wineGap(reason: string): (title: string, impl: Impl) => void {
  return (title, impl) => {
    if (wine()) test.failing(`${title} [known Wine gap: ${reason}]`, impl);
    else test(title, impl);
  };
}

/** Both of the above, each with its own reason (null: no gap there). */
export function gap(linux: string | null, wineReason: string | null): (title: string, impl: Impl) => void {
  return (title, impl) => {
    if (onLinux && linux !== null) test.failing(`${title} [known Linux gap: ${linux}]`, impl);
    else if (wine() && wineReason !== null) test.failing(`${title} [known Wine gap: ${wineReason}]`, impl);
    else test(title, impl);
  };
}

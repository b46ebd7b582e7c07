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

/** Where a test is a known gap, each with its reason; a platform not named has none. */
export interface Gaps {
  /** The Linux kernel (this back end cannot do it at reasonable cost). */
  linux?: string;
  /** The Windows back end itself, on real Windows and under Wine (e.g. libuv's poller). */
  windows?: string;
  /** Wine 8.0's ws2_32 only (sock.c marks such places todo_wine, or Wine 8.0 predates the fix). */
  wine?: string;
  /** The MFC classes above native/, on every platform (the native layer already answers right). */
  afx?: string;
}

/** `test`, run as `test.failing` with the reason in its title where a gap applies. */
export function gap(g: Gaps): (title: string, impl: Impl) => void {
  return (title, impl) => {
    if (g.afx !== undefined) test.failing(`${title} [known gap in the MFC layer: ${g.afx}]`, impl);
    else if (onLinux && g.linux !== undefined) test.failing(`${title} [known Linux gap: ${g.linux}]`, impl);
    else if (onWindows && g.windows !== undefined) test.failing(`${title} [known Windows back-end gap: ${g.windows}]`, impl);
    else if (wine() && g.wine !== undefined) test.failing(`${title} [known Wine gap: ${g.wine}]`, impl);
    else test(title, impl);
  };
}

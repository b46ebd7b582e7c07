/**
 * Test-only: registers ava tests according to the platform (the facts are in platform.ts). A
 * behaviour a platform lacks is never skipped silently, and a gap never weakens an assertion:
 * the test runs as `test.failing` where the gap applies, with the reason in its title, so the
 * run shows it and fails loudly the day the gap closes (then the label must go); a skip always
 * says why in its title.
 */
import test, { type ExecutionContext } from 'ava';
import { onLinux, onWindows, pythonCommand, underWine } from './platform.js';

type Impl = (t: ExecutionContext) => void | Promise<void>;

/**
 * `test`, except under Wine, where it is `test.failing` titled with the reason. With
 * `windowsOnly`, a skip (titled so) on other platforms; with `serial`, the serial flavours.
 */
export function wineGap(reason: string, windowsOnly = false, serial = false): (title: string, impl: Impl) => void {
  const t = serial ? test.serial : test;
  return (title, impl) => {
    if (windowsOnly && !onWindows) t.skip(`${title} [Windows only]`, impl);
    else if (underWine()) t.failing(`${title} [known Wine gap: ${reason}]`, impl);
    else t(title, impl);
  };
}

/**
 * `test`, except on Windows (real or Wine), where it is `test.failing` titled with the reason:
 * for what Windows itself cannot do, so that the run shows it rather than hiding it.
 */
export function windowsGap(reason: string): (title: string, impl: Impl) => void {
  return (title, impl) => {
    if (onWindows) test.failing(`${title} [known Windows gap: ${reason}]`, impl);
    else test(title, impl);
  };
}

/** `test` on Windows (and Wine); elsewhere a skip whose title says why. */
export function windowsOnly(title: string, impl: Impl): void {
  if (onWindows) test(title, impl);
  else test.skip(`${title} [Windows only]`, impl);
}

/** `test` on Linux; elsewhere a skip whose title gives `why`. */
export function linuxOnly(title: string, why: string, impl: Impl): void {
  if (onLinux) test(title, impl);
  else test.skip(`${title} [Linux only: ${why}]`, impl);
}

/** `test` when a Python 3 peer can run; otherwise a skip whose title says why. */
export function withPython(title: string, impl: Impl): void {
  if (pythonCommand() !== null) test(title, impl);
  else test.skip(`${title} [no python3 peer${underWine() ? ' under Wine' : ''}]`, impl);
}

/** Where a test is a known gap, each with its reason; a platform not named has none. */
export interface Gaps {
  /** The Linux kernel (this back end cannot do it at reasonable cost). */
  linux?: string;
  /** The Windows back end itself, on real Windows and under Wine (e.g. libuv's poller). */
  windows?: string;
  /** Wine 8.0's ws2_32 only (sock.c marks such places todo_wine, or Wine 8.0 predates the fix). */
  wine?: string;
}

/** The conformance suite's gate: `test`, run as `test.failing` with the reason in its title where a gap applies. */
export function gap(g: Gaps): (title: string, impl: Impl) => void {
  return (title, impl) => {
    if (onLinux && g.linux !== undefined) test.failing(`${title} [known Linux gap: ${g.linux}]`, impl);
    else if (onWindows && g.windows !== undefined) test.failing(`${title} [known Windows back-end gap: ${g.windows}]`, impl);
    else if (underWine() && g.wine !== undefined) test.failing(`${title} [known Wine gap: ${g.wine}]`, impl);
    else test(title, impl);
  };
}

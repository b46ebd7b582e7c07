/**
 * Platform facts for tests. A behaviour Wine lacks is never skipped silently: `wineGap` runs
 * the test as a known failure under Wine, with the reason in its title, so the run shows it and
 * fails loudly the day Wine starts to pass it.
 */
import test, { type ExecutionContext } from 'ava';
import { spawnSync } from 'node:child_process';
import { isWine } from '../../src/native/win32.js';

export const onWindows = process.platform === 'win32';

/** True under Wine (never loads anything on other platforms). */
export function underWine(): boolean {
  return isWine();
}

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

/**
 * Counting a process's sockets reads /proc/self/fd: Linux only. Tests that check descriptors
 * run that check on Linux and say so in their title elsewhere (`descriptorTitle`).
 */
export const countsDescriptors = process.platform === 'linux';

/** `title`, marked off Linux as not checking descriptors there. */
export function descriptorTitle(title: string): string {
  return countsDescriptors ? title : `${title} [descriptor count checked on Linux only: no /proc/self/fd]`;
}

/** `test` on Windows (and Wine); elsewhere a skip whose title says why. */
export function windowsOnly(title: string, impl: Impl): void {
  if (onWindows) test(title, impl);
  else test.skip(`${title} [Windows only]`, impl);
}

let python: string | null | undefined;

/**
 * The command that starts Python 3 here ('python3' on POSIX, 'python' or 'py' on Windows), or
 * null. Under Wine there is none: Wine cannot start the host's ELF python from node.exe (libuv
 * aborts in AssignProcessToJobObject), and no Windows Python comes from the registries we use.
 */
export function pythonCommand(): string | null {
  if (python !== undefined) return python;
  python = null;
  if (underWine()) return python;
  for (const cmd of onWindows ? ['python', 'py', 'python3'] : ['python3']) {
    const r = spawnSync(cmd, ['-c', 'import sys; sys.exit(0 if sys.version_info[0] == 3 else 1)'], { stdio: 'ignore', timeout: 10_000 });
    if (r.status === 0) return (python = cmd);
  }
  return python;
}

/** `test` when a Python 3 peer can run; otherwise a skip whose title says why. */
export function withPython(title: string, impl: Impl): void {
  if (pythonCommand() !== null) test(title, impl);
  else test.skip(`${title} [no python3 peer${underWine() ? ' under Wine' : ''}]`, impl);
}

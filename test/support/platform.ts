/**
 * Platform facts for tests and scripts: which OS, whether under Wine, whether descriptors can be
 * counted, which Python starts. Nothing here registers a test (that is gates.ts), so scripts
 * such as scripts/soak.ts may use it without ava.
 */
import { spawnSync } from 'node:child_process';
import { isWine } from '../../src/diagnostics.js';

export const onWindows = process.platform === 'win32';
export const onLinux = process.platform === 'linux';

/** True under Wine (never loads anything on other platforms). */
export function underWine(): boolean {
  return isWine();
}

/**
 * Counting a process's descriptors reads /proc/self/fd: Linux only (under Wine it lists Wine's
 * own Unix descriptors, which come and go on their own). Tests that check descriptors run that
 * check on Linux and say so in their title elsewhere (`descriptorTitle`).
 */
export const countsDescriptors = onLinux;

/** `title`, marked off Linux as not checking descriptors there. */
export function descriptorTitle(title: string): string {
  return countsDescriptors ? title : `${title} [descriptor count checked on Linux only: no /proc/self/fd]`;
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

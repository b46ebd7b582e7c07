/**
 * What the reliability tests need of the host: /proc to count descriptors, prlimit to shrink the
 * descriptor table, libc for the koffi-only reproduction. Tests that cannot run elsewhere are
 * skipped with the reason in their title, never silently.
 */
import test, { type ExecutionContext } from 'ava';
import { readdirSync, readlinkSync } from 'node:fs';

export const onLinux = process.platform === 'linux';

type Impl = (t: ExecutionContext) => void | Promise<void>;

export function linuxOnly(title: string, why: string, impl: Impl): void {
  if (onLinux) test(title, impl);
  else test.skip(`${title} [Linux only: ${why}]`, impl);
}

/** Socket descriptors of this process (Linux /proc), or -1 where they cannot be counted. */
export function socketFdCount(): number {
  if (!onLinux) return -1;
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // The directory's own descriptor is gone by the time it is read.
    }
  }
  return n;
}

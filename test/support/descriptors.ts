/**
 * Descriptor counts for leak checks, read from /proc/self/fd: Linux only (platform.ts's
 * `countsDescriptors`); elsewhere both return -1, so a check that forgot its gate cannot pass
 * by comparing two real-looking numbers.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { onLinux } from './platform.js';

/** Every open descriptor of this process, or -1 off Linux. */
export function openFds(): number {
  return onLinux ? readdirSync('/proc/self/fd').length : -1;
}

/** The socket descriptors of this process, or -1 off Linux. */
export function socketFds(): number {
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

/**
 * Counts for the closing report (cases tried, faults injected, bytes verified): each test adds
 * its numbers to one JSON-lines file per run, and `npm run soak` / the lead's summary read it.
 */
import { appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TALLY_FILE = join(tmpdir(), 'afxsock-reliability-tally.jsonl');

export interface Tally { cases: number; faults: number; bytes: number }

export function tally(group: string, t: Tally): void {
  try {
    appendFileSync(TALLY_FILE, `${JSON.stringify({ group, ...t, at: Date.now() })}\n`);
  } catch {
    // Counting is a report, never a reason to fail a test.
  }
}

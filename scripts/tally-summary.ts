/**
 * Prints the closing note's counts from the tally of the last run(s):
 * `node --import tsx scripts/tally-summary.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { TALLY_FILE } from '../test/support/tally.js';

const sums = new Map<string, { cases: number; faults: number; bytes: number }>();
if (existsSync(TALLY_FILE)) {
  for (const line of readFileSync(TALLY_FILE, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { group: string; cases: number; faults: number; bytes: number };
    const s = sums.get(r.group) ?? { cases: 0, faults: 0, bytes: 0 };
    s.cases += r.cases; s.faults += r.faults; s.bytes += r.bytes;
    sums.set(r.group, s);
  }
}
const total = { cases: 0, faults: 0, bytes: 0 };
for (const [group, s] of sums) {
  console.log(`${group.padEnd(18)} cases ${String(s.cases).padStart(9)}  faults ${String(s.faults).padStart(8)}  bytes verified ${s.bytes}`);
  total.cases += s.cases; total.faults += s.faults; total.bytes += s.bytes;
}
console.log(`${'total'.padEnd(18)} cases ${String(total.cases).padStart(9)}  faults ${String(total.faults).padStart(8)}  bytes verified ${total.bytes}`);

// Copies bench/results/table.md (written by `npm run bench`) into README.md between the
// bench markers, so that the README's figures are the generator's, never typed by hand.
// test/docs/readme-bench.test.ts fails while the two differ.
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const BEGIN = '<!-- bench:begin (bench/results/table.md) -->';
const END = '<!-- bench:end -->';
const table = readFileSync(new URL('bench/results/table.md', root), 'utf8').trim();
const readme = readFileSync(new URL('README.md', root), 'utf8');
const a = readme.indexOf(BEGIN);
const b = readme.indexOf(END, a);
if (a < 0 || b < 0) {
  console.error('README.md has no bench markers');
  process.exit(1);
}
writeFileSync(new URL('README.md', root), `${readme.slice(0, a + BEGIN.length)}\n${table}\n${readme.slice(b)}`);
console.log('README.md: benchmark table updated');

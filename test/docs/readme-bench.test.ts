/**
 * The README's performance table is bench/results/table.md as `npm run bench` wrote it, not a
 * copy that drifted: after a new benchmark run, `npm run docs:bench` puts it in the README.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { root } from '../support/repo.js';

const BEGIN = '<!-- bench:begin (bench/results/table.md) -->';
const END = '<!-- bench:end -->';

test('the README embeds the current benchmark table and links its chart', (t) => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END, a);
  t.true(a >= 0 && b > a, 'README.md keeps the bench markers');
  const embedded = readme.slice(a + BEGIN.length, b).trim();
  const tablePath = `${root}bench/results/table.md`;
  // A clone without benchmark results has nothing to compare with.
  if (!existsSync(tablePath)) return;
  t.is(embedded, readFileSync(tablePath, 'utf8').trim(), 'run `npm run docs:bench` to copy the new table into README.md');
  t.true(readme.includes('](bench/results/ratios.svg)'));
  t.true(existsSync(`${root}bench/results/ratios.svg`));
});

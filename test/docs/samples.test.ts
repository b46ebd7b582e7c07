/**
 * The README's sample table and examples/ agree: every runnable sample has a row, every row
 * names a file that exists, and each sample has a test that runs it.
 */
import test from 'ava';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { root } from '../support/repo.js';

const readme = readFileSync(`${root}README.md`, 'utf8');

function sampleSection(): string {
  const start = readme.indexOf('\n## Samples');
  const end = readme.indexOf('\n## ', start + 1);
  if (start < 0) throw new Error('README has no "## Samples" section');
  return readme.slice(start, end);
}

/** Sample files named in the first column of the table. */
function listed(): Set<string> {
  const names = new Set<string>();
  for (const line of sampleSection().split('\n')) {
    if (!line.startsWith('|')) continue;
    const first = line.split('|')[1] ?? '';
    for (const m of first.matchAll(/`([\w-]+\.ts)\b/g)) names.add(m[1]!);
  }
  return names;
}

const samples = readdirSync(`${root}examples`).filter((f) => f.endsWith('.ts'));

test('every sample in examples/ has a row in the README, and every row names a sample', (t) => {
  const rows = listed();
  t.deepEqual(samples.filter((f) => !rows.has(f)), [], 'samples without a README row');
  t.deepEqual([...rows].filter((f) => !existsSync(`${root}examples/${f}`)), [], 'rows without a sample');
});

test('every sample is run by some test', (t) => {
  const tests = ['test/examples', 'test/winsock']
    .flatMap((d) => readdirSync(`${root}${d}`).filter((f) => f.endsWith('.test.ts')).map((f) => readFileSync(`${root}${d}/${f}`, 'utf8')))
    .join('\n');
  t.deepEqual(samples.filter((f) => !tests.includes(`'${f}'`) && !tests.includes(`examples/${f}`)), []);
});

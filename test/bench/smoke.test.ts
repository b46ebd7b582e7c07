/**
 * The benchmark harness runs every scenario at its quick size and prints well-formed output.
 * No figure is judged here (speed belongs in bench/): only that each scenario produced rows
 * with finite numbers, and that the table, the JSON and the chart agree with each other.
 */
import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../../bench/lib/scenarios.js';
import type { BenchRow } from '../../bench/lib/row.js';

const repo = resolve(fileURLToPath(import.meta.url), '../../..');
const LIMIT_MS = 150_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runQuick(out: string): Promise<Run> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--json', '--out', out], { cwd: repo });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS - 10_000);
    child.on('error', rej);
    child.on('exit', (code) => { clearTimeout(timer); res({ code, stdout, stderr }); });
  });
}

// The benchmarks measure the Linux design (one epoll set on Node's loop) against POSIX C
// programs; under Wine (npm run test:windows) they would measure Wine, at several minutes.
type Register = (title: string, impl: (t: ExecutionContext) => Promise<void>) => void;
const onLinuxLike: Register = process.platform === 'win32'
  ? (title, impl) => test.skip(`${title} [not on Windows: the benchmarks measure the Linux design against POSIX C programs]`, impl)
  : test;

onLinuxLike('bench/run.ts --quick runs every scenario and writes a well-formed table, JSON and chart', async (t) => {
  t.timeout(LIMIT_MS);
  const out = mkdtempSync(join(tmpdir(), 'afxsock-bench-'));
  try {
    const r = await runQuick(out);
    t.is(r.code, 0, r.stderr.slice(-4000));

    const doc = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as { quick: boolean; rows: BenchRow[] };
    t.true(doc.quick);
    for (const name of SCENARIOS) {
      const rows = doc.rows.filter((row) => row.scenario === name || row.scenario.startsWith(`${name}/`));
      t.true(rows.length > 0, `no row for ${name}`);
    }
    for (const row of doc.rows) {
      for (const k of ['afxsock', 'reference', 'ratio', 'min', 'max'] as const) {
        t.true(typeof row[k] === 'number' && Number.isFinite(row[k]), `${row.scenario}.${k} = ${String(row[k])}`);
      }
      t.true(row.min <= row.ratio && row.ratio <= row.max, `${row.scenario}: ratio outside [min..max]`);
      t.true(typeof row.met === 'boolean' && row.target.length > 0 && row.unit.length > 0 && row.what.length > 0);
      t.false(row.what.startsWith('FAILED'), row.what);
    }

    // The printed table has one line per row, and the markdown and SVG carry every row too.
    const printed = r.stdout.split('\n');
    const md = readFileSync(join(out, 'table.md'), 'utf8').split('\n');
    const svg = readFileSync(join(out, 'ratios.svg'), 'utf8');
    t.true(svg.startsWith('<svg') && svg.trimEnd().endsWith('</svg>'));
    for (const row of doc.rows) {
      t.true(printed.some((l) => l.startsWith(row.scenario + ' ') && l.includes(row.what)), `table lacks ${row.scenario}`);
      t.true(md.some((l) => l.startsWith(`| ${row.scenario} |`)), `table.md lacks ${row.scenario}`);
      t.true(svg.includes(`>${row.scenario}</text>`), `ratios.svg lacks ${row.scenario}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

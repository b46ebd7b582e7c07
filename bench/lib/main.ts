/** Lets each bench/<scenario>.ts run alone: `npx tsx bench/<scenario>.ts [--quick] [--json]`. */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './row.js';
import { renderText } from './render.js';
import { selectLibrary } from './bundle.js';

export function isMain(moduleUrl: string): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

export interface CliFlags {
  quick: boolean;
  json: boolean;
  /** Run the peers on the sources through tsx instead of the tsup build. */
  source: boolean;
}

export function flags(argv: readonly string[] = process.argv.slice(2)): CliFlags {
  return { quick: argv.includes('--quick'), json: argv.includes('--json'), source: argv.includes('--source') };
}

/** Runs one scenario module and prints its rows as the harness would. */
export async function printRows(run: (opts: { quick: boolean }) => Promise<BenchRow[]>): Promise<void> {
  const f = flags();
  await selectLibrary(f.source);
  const i = process.argv.indexOf('--rounds');
  if (i >= 0 && process.argv[i + 1] !== undefined) process.env['BENCH_ROUNDS'] = process.argv[i + 1];
  const rows = await run({ quick: f.quick });
  if (f.json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else process.stdout.write(renderText(rows, f.quick));
}

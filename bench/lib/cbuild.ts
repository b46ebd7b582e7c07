/**
 * Builds the C ceiling programs (bench/c/*.c) into bench/c/bin with `cc -O2` when a compiler
 * is present. Without one the C column is skipped and the harness says so.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchDir } from './peer.js';

const cDir = resolve(benchDir, 'c');
const binDir = resolve(cDir, 'bin');

function hasCompiler(): boolean {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let compiler: boolean | undefined;

/** The path of the built program `name` (bulk, pingpong), or null when no compiler is present. */
export function cProgram(name: string): string | null {
  compiler ??= hasCompiler();
  if (!compiler) return null;
  const src = resolve(cDir, `${name}.c`);
  const bin = resolve(binDir, name);
  const header = resolve(cDir, 'common.h');
  const stale = !existsSync(bin) ||
    statSync(bin).mtimeMs < Math.max(statSync(src).mtimeMs, statSync(header).mtimeMs);
  if (stale) {
    mkdirSync(binDir, { recursive: true });
    execFileSync('cc', ['-O2', '-o', bin, src], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return bin;
}

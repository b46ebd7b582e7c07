/**
 * The benchmarks measure afxsock as it ships: src/index.ts built by tsup (the package's own
 * builder, esbuild underneath) into one ESM file, not the sources as tsx compiles them. tsx
 * compiles with esbuild's keepNames, which wraps every named closure in a defineProperty call
 * (`__name`); on the awaitable hot path that alone cost about 2.5 µs per wake (profiled), a
 * cost no user of the published package pays. `--source` runs the peers on the sources instead.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoDir } from './peer.js';

export const bundleDir = resolve(repoDir, 'node_modules', '.cache', 'afxsock-bench');
export const bundlePath = join(bundleDir, 'index.js');
/** The environment variable through which the peers learn which build to import. */
export const LIB_ENV = 'AFXSOCK_BENCH_LIB';

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the bundle if any source is newer; returns its path. */
export async function buildBundle(): Promise<string> {
  const src = resolve(repoDir, 'src');
  if (existsSync(bundlePath) && statSync(bundlePath).mtimeMs >= newestSource(src)) return bundlePath;
  const { build } = await import('tsup');
  await build({
    config: false,
    entry: { index: resolve(src, 'index.ts') },
    format: ['esm'],
    outDir: bundleDir,
    target: 'node20',
    platform: 'node',
    external: ['koffi'],
    shims: true,
    dts: false,
    sourcemap: false,
    clean: true,
    silent: true,
    tsconfig: resolve(repoDir, 'tsconfig.build.json'),
  });
  return bundlePath;
}

/**
 * Makes every peer started from now on import the shipped build (or the sources with
 * `source`). Called once by the harness and by each scenario run alone.
 */
export async function selectLibrary(source: boolean): Promise<string> {
  if (source) {
    delete process.env[LIB_ENV];
    return 'src (tsx)';
  }
  process.env[LIB_ENV] = await buildBundle();
  return 'tsup build';
}

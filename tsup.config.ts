import { defineConfig } from 'tsup';

export default defineConfig({
  // The lookup Worker's code is a second entry: a Worker starts from a file, and this one sits
  // beside index.js (src/native/lookup-worker.ts finds it there).
  entry: { index: 'src/index.ts', 'lookup-thread': 'src/native/lookup-thread.ts' },
  // ESM only: the library holds process-wide state (handle map, last errors, WSAStartup count,
  // pollers, the lookup Worker), so two copies in one process would be a correctness bug. The
  // CommonJS entry (scripts/cjs-entry.mjs, run after tsup) re-exports this one build. No shared
  // chunks: the Worker's bundle carries its own copy of what it uses, which runs only in the
  // Worker's thread, and index.js stays one file.
  format: ['esm'],
  splitting: false,
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // koffi carries a native addon; it must be resolved at run time, never bundled.
  external: ['koffi'],
  tsconfig: 'tsconfig.build.json',
});

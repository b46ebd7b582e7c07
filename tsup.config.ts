import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  // ESM only: the library holds process-wide state (handle map, last errors, WSAStartup count,
  // pollers, the lookup Worker), so two copies in one process would be a correctness bug. The
  // CommonJS entry (scripts/cjs-entry.mjs, run after tsup) re-exports this one build.
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // koffi carries a native addon; it must be resolved at run time, never bundled.
  external: ['koffi'],
  tsconfig: 'tsconfig.build.json',
});

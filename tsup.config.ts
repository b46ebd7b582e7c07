import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // koffi carries a native addon; it must be resolved at run time, never bundled.
  external: ['koffi'],
  tsconfig: 'tsconfig.build.json',
  shims: true,
});

/**
 * Lazy access to koffi. Importing afxsock must not load a native addon; the first socket call
 * does. `createRequire` keeps that load synchronous in both the ESM and the CJS build
 * (tsup's shims provide `import.meta.url` in CJS).
 */
import { createRequire } from 'node:module';

type Koffi = typeof import('koffi');
let koffi: Koffi | undefined;

export function loadKoffi(): Koffi {
  if (koffi === undefined) koffi = createRequire(import.meta.url)('koffi') as Koffi;
  return koffi;
}

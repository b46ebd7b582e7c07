/**
 * The afxsock module the peers use: the shipped build chosen by the harness (AFXSOCK_BENCH_LIB,
 * see bench/lib/bundle.ts), or the sources when it is not set.
 */
import { pathToFileURL } from 'node:url';
import type * as Afx from '../../src/index.js';

const built = process.env['AFXSOCK_BENCH_LIB'];
export const afx: typeof Afx = built !== undefined && built !== ''
  ? ((await import(pathToFileURL(built).href)) as typeof Afx)
  : await import('../../src/index.js');

/**
 * Writes the package's CommonJS entry after tsup has built the ES module: `require('afxsock')`
 * loads that very module (Node >= 20.19 and >= 22.12 require ES modules without a flag), so
 * importing and requiring the package in one process share one instance: one handle map, one
 * last error per thread, one WSAStartup count, one poller, one lookup Worker. The declarations
 * tsup bundles are self-contained, so the same text describes the CommonJS view.
 */
import { copyFileSync, writeFileSync } from 'node:fs';

writeFileSync('dist/index.cjs', [
  "'use strict';",
  '// The CommonJS entry: the one ES module build, so that import and require share one instance.',
  "module.exports = require('./index.js');",
  '',
].join('\n'));
copyFileSync('dist/index.d.ts', 'dist/index.d.cts');

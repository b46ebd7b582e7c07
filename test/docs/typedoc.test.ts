/**
 * `npm run docs` builds the API reference: TypeDoc, run on the package's entry point with the
 * project's typedoc.json, reports no error and no warning. typedoc.json turns on
 * `validation.notDocumented` and treats validation warnings as errors, so a public member
 * without a doc comment, or a broken `{@link}`, fails here. Nothing is written (--emit none).
 * Skipped under Wine, where it only repeats the Linux run.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { root } from '../support/repo.js';

// The reference is generated from the same sources on every platform; the Linux run checks it.
const winNote = process.platform === 'win32' ? ' [not on Windows: platform-independent, checked by the Linux run]' : '';
const maybe = process.platform === 'win32' ? test.skip : test;

maybe(`TypeDoc builds the API reference from src/index.ts: every public member documented, no warning${winNote}`, (t) => {
  const cli = join(root, 'node_modules', 'typedoc', 'bin', 'typedoc');
  const r = spawnSync(process.execPath, [cli, '--emit', 'none', '--logLevel', 'Warn'], {
    cwd: root, encoding: 'utf8', timeout: 120_000,
  });
  const out = `${r.stdout}${r.stderr}`;
  t.is(r.status, 0, out);
  t.notRegex(out, /\[error\]|\[warning\]|Found [1-9]\d* error|and [1-9]\d* warning/);
});

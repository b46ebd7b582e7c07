/**
 * Every exported class and function of the built package carries its own name: a bundler
 * renames a class that refers to itself (`var CFile = class _CFile`), and users see `name` in
 * `e.name`, stack traces and `instanceof` diagnostics (`_CFileException` is not an MFC name).
 */
import test from 'ava';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { root } from '../support/repo.js';

function misnamed(mod: Record<string, unknown>): string[] {
  const bad: string[] = [];
  for (const [key, value] of Object.entries(mod)) {
    if (typeof value === 'function' && value.name !== key) bad.push(`${key} is named ${JSON.stringify(value.name)}`);
  }
  return bad;
}

test('the ESM build: every exported class and function has its export name', async (t) => {
  const mod = await import(pathToFileURL(join(root, 'dist', 'index.js')).href) as Record<string, unknown>;
  t.true(Object.values(mod).filter((v) => typeof v === 'function').length > 20);
  t.deepEqual(misnamed(mod), []);
  const { CFileException } = mod as { CFileException: new (cause: number) => Error };
  t.is(new CFileException(0).name, 'CFileException');
});

test('the CommonJS build: every exported class and function has its export name', (t) => {
  const mod = createRequire(import.meta.url)(join(root, 'dist', 'index.cjs')) as Record<string, unknown>;
  t.true(Object.values(mod).filter((v) => typeof v === 'function').length > 20);
  t.deepEqual(misnamed(mod), []);
});

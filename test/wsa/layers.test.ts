/**
 * The layers' arrows point one way: wsa <- native <- winsock, notify <- afx. Each source file's
 * imports are read from the text (static `import`/`export ... from` and dynamic `import()`), so a
 * new wrong arrow fails here before review.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Which top-level folders of src/ each folder may import (besides itself and node: modules). */
const ALLOWED: Record<string, readonly string[]> = {
  wsa: [],
  native: ['wsa'],
  winsock: ['native', 'wsa'],
  notify: ['native', 'wsa'],
  afx: ['notify', 'winsock', 'native', 'wsa'],
  // src/index.ts only re-exports the public surface.
  '.': ['afx', 'winsock', 'wsa'],
};

/** src/diagnostics.ts is the tests' one door to internals (never built): it may reach every layer. */
const TOP_LEVEL_EXCEPTIONS: Record<string, readonly string[]> = {
  'diagnostics.ts': ['afx', 'notify', 'winsock', 'native', 'wsa'],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

/** Every module specifier the file names. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|(?:\brequire|\bcreateRequire\([^)]*\))(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(re)) found.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return found;
}

function layerOf(file: string): string {
  const rel = relative(SRC, file);
  return rel.includes(sep) ? rel.split(sep)[0]! : '.';
}

const files = sources(SRC);

test('the scan sees the source tree', (t) => {
  const layers = new Set(files.map(layerOf));
  for (const l of Object.keys(ALLOWED)) t.true(layers.has(l), `src/${l} found`);
  t.true(files.length > 30, `${files.length} files`);
});

test('no import points up or sideways between the layers', (t) => {
  const wrong: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(SRC + sep)) { wrong.push(`${relative(SRC, file)} -> ${spec} (outside src)`); continue; }
      const to = layerOf(target);
      const allowed = TOP_LEVEL_EXCEPTIONS[relative(SRC, file)] ?? ALLOWED[from]!;
      if (to !== from && !allowed.includes(to)) wrong.push(`${relative(SRC, file)} -> ${spec}`);
    }
  }
  t.deepEqual(wrong, []);
});

test('only src/native loads koffi', (t) => {
  const wrong = files.filter((f) => layerOf(f) !== 'native' &&
    specifiers(readFileSync(f, 'utf8')).some((s) => s === 'koffi' || s.startsWith('koffi/')));
  t.deepEqual(wrong.map((f) => relative(SRC, f)), []);
  // And native does load it, through one door.
  const loaders = files.filter((f) => specifiers(readFileSync(f, 'utf8')).includes('koffi'));
  t.true(loaders.length >= 1);
});

test('the import scan recognises every form it checks', (t) => {
  t.deepEqual(specifiers([
    "import { a } from '../x.js';",
    "import type { B } from './y.js';",
    "export * from '../z.js';",
    "import '../side.js';",
    "const m = await import('../dyn.js');",
    "createRequire(import.meta.url).resolve('koffi');",
    "createRequire(import.meta.url)('koffi');",
  ].join('\n')), ['../x.js', './y.js', '../z.js', '../side.js', '../dyn.js', 'koffi', 'koffi']);
});

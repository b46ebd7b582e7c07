/**
 * The README's porting guide against the classes themselves: every public member that
 * CAsyncSocket, CSocket, CSocketFile and CArchive declare must appear in the afxsock column of
 * its class's table, and every member that column names must exist, so that the guide can
 * neither fall behind nor describe members that are gone.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { classMembers, type DeclaredMember } from '../support/declared-members.js';
import * as afxsock from '../../src/index.js';
import { root } from '../support/repo.js';

const readme = readFileSync(`${root}README.md`, 'utf8');

interface Guided {
  name: 'CAsyncSocket' | 'CSocket' | 'CSocketFile' | 'CArchive';
  file: string;
  /** The variable the table uses for an instance (`s.Create`, `ar.WriteWord`). */
  instance: string;
  /** Classes whose members the table may also name (inherited). */
  bases: { name: string; file: string }[];
}

const guided: Guided[] = [
  { name: 'CAsyncSocket', file: 'src/afx/CAsyncSocket.ts', instance: 's', bases: [] },
  { name: 'CSocket', file: 'src/afx/CSocket.ts', instance: 's', bases: [{ name: 'CAsyncSocket', file: 'src/afx/CAsyncSocket.ts' }] },
  { name: 'CSocketFile', file: 'src/afx/CSocketFile.ts', instance: 'f', bases: [{ name: 'CFile', file: 'src/afx/CFile.ts' }] },
  { name: 'CArchive', file: 'src/afx/CArchive.ts', instance: 'ar', bases: [] },
];

/** The porting guide: from its heading to the next second-level heading. */
function guideText(): string {
  const start = readme.indexOf('\n## Porting guide');
  if (start < 0) throw new Error('README has no "## Porting guide" section');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The rows of the table under `### name`, split into cells. */
function tableRows(name: string): string[][] {
  const guide = guideText();
  const head = guide.indexOf(`\n### ${name}\n`);
  if (head < 0) throw new Error(`the porting guide has no "### ${name}" section`);
  const next = guide.indexOf('\n### ', head + 1);
  const section = guide.slice(head, next < 0 ? undefined : next);
  return section.split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l))
    // Split on unescaped pipes only (`1252 \| 28591` stays in one cell).
    .map((l) => l.replace(/\\\|/g, '\u0000').split('|').slice(1, -1).map((c) => c.replace(/\u0000/g, '|').trim()));
}

/** Member names the afxsock column mentions: `s.Name`, `CSocket.Name`. */
function namesInGuide(g: Guided): { instance: Set<string>; statics: Set<string> } {
  const instance = new Set<string>();
  const statics = new Set<string>();
  const rows = tableRows(g.name);
  const header = rows.shift();
  if (header === undefined || !/afxsock/.test(header[1] ?? '')) throw new Error(`${g.name}: the second column must be afxsock's`);
  const inst = new RegExp(`(?<![\\w.])${g.instance}\\.([A-Za-z_]\\w*)`, 'g');
  const stat = new RegExp(`(?<![\\w.])${g.name}\\.([A-Za-z_]\\w*)`, 'g');
  for (const r of rows) {
    const cell = r[1] ?? '';
    for (const m of cell.matchAll(inst)) instance.add(m[1]!);
    for (const m of cell.matchAll(stat)) statics.add(m[1]!);
  }
  return { instance, statics };
}

function declared(g: Guided): DeclaredMember[] {
  return classMembers(`${root}${g.file}`, g.name).filter((m) => m.kind !== 'constructor');
}

for (const g of guided) {
  test(`every public member of ${g.name} has a row in the README porting guide`, (t) => {
    const { instance, statics } = namesInGuide(g);
    const missing = declared(g)
      .filter((m) => !(m.isStatic ? statics : instance).has(m.name))
      .map((m) => (m.isStatic ? `${g.name}.${m.name}` : `${g.instance}.${m.name}`));
    t.deepEqual(missing, [], `add these to the "### ${g.name}" table of README.md`);
  });

  test(`the ${g.name} guide names only members that exist`, (t) => {
    const { instance, statics } = namesInGuide(g);
    const all = [g, ...g.bases].flatMap((c) => classMembers(`${root}${c.file}`, c.name));
    const known = new Set(all.filter((m) => !m.isStatic).map((m) => m.name));
    const knownStatic = new Set(all.filter((m) => m.isStatic).map((m) => m.name));
    // Statics live on the exported class at run time too (inherited ones included).
    const cls = afxsock[g.name] as unknown as Record<string, unknown>;
    const stale = [
      ...[...instance].filter((n) => !known.has(n)).map((n) => `${g.instance}.${n}`),
      ...[...statics].filter((n) => !knownStatic.has(n) && !(n in cls)).map((n) => `${g.name}.${n}`),
    ];
    t.deepEqual(stale, []);
  });
}

test('the guide covers the classes the package exports, and they are the classes read here', (t) => {
  for (const g of guided) {
    t.is(typeof afxsock[g.name], 'function', `${g.name} is exported`);
    // The methods found in the source are the ones the exported class has at run time.
    const proto = (afxsock[g.name] as { prototype: object }).prototype;
    for (const m of declared(g).filter((x) => x.kind === 'method' && !x.isStatic)) {
      t.true(m.name in proto, `${g.name}.prototype.${m.name}`);
    }
  }
});

test('the parser finds a member that is missing (the check can fail)', (t) => {
  const { instance } = namesInGuide(guided[0]!);
  t.true(instance.has('Create'));
  t.false(instance.has('NoSuchMember'));
  t.throws(() => tableRows('CNoSuchClass'), { message: /no "### CNoSuchClass" section/ });
});

import test from 'ava';
import fc from 'fast-check';
import {
  CArchive, CArchiveException, CMemFile, CObject, IMPLEMENT_SERIAL, VERSIONABLE_SCHEMA,
} from '../../../src/index.js';

type Item =
  | { t: 'byte' | 'word' | 'long' | 'dword' | 'short' | 'char' | 'wchar' | 'int' | 'uint' | 'count'; v: number }
  | { t: 'float' | 'double'; v: number }
  | { t: 'longlong' | 'ulonglong'; v: bigint }
  | { t: 'bool'; v: boolean }
  | { t: 'cstrA' | 'cstrW'; v: string };

const item: fc.Arbitrary<Item> = fc.oneof(
  fc.integer({ min: 0, max: 0xff }).map((v) => ({ t: 'byte' as const, v })),
  fc.integer({ min: 0, max: 0xffff }).map((v) => ({ t: 'word' as const, v })),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((v) => ({ t: 'long' as const, v })),
  fc.integer({ min: 0, max: 0xffffffff }).map((v) => ({ t: 'dword' as const, v })),
  fc.integer({ min: -0x8000, max: 0x7fff }).map((v) => ({ t: 'short' as const, v })),
  fc.integer({ min: -0x80, max: 0x7f }).map((v) => ({ t: 'char' as const, v })),
  fc.integer({ min: 0, max: 0xffff }).map((v) => ({ t: 'wchar' as const, v })),
  fc.integer({ min: -0x80000000, max: 0x7fffffff }).map((v) => ({ t: 'int' as const, v })),
  fc.integer({ min: 0, max: 0xffffffff }).map((v) => ({ t: 'uint' as const, v })),
  fc.oneof(fc.integer({ min: 0, max: 0x1ffff }), fc.constantFrom(0xfffe, 0xffff, 0xffffffff, 2 ** 40)).map((v) => ({ t: 'count' as const, v })),
  fc.float({ noNaN: true }).map((v) => ({ t: 'float' as const, v })),
  fc.double().map((v) => ({ t: 'double' as const, v })),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((v) => ({ t: 'longlong' as const, v })),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => ({ t: 'ulonglong' as const, v })),
  fc.boolean().map((v) => ({ t: 'bool' as const, v })),
  fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('', 'x'.repeat(254), 'x'.repeat(255), 'y'.repeat(0xfffd), 'y'.repeat(0xfffe))).map((v) => ({ t: 'cstrW' as const, v })),
  fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 300 })).map((v) => ({ t: 'cstrA' as const, v })),
);

function write(ar: CArchive, it: Item): void {
  switch (it.t) {
    case 'byte': ar.WriteByte(it.v); break;
    case 'word': ar.WriteWord(it.v); break;
    case 'long': ar.WriteLong(it.v); break;
    case 'dword': ar.WriteDWord(it.v); break;
    case 'short': ar.WriteShort(it.v); break;
    case 'char': ar.WriteChar(it.v); break;
    case 'wchar': ar.WriteWChar(it.v); break;
    case 'int': ar.WriteInt(it.v); break;
    case 'uint': ar.WriteUInt(it.v); break;
    case 'count': ar.WriteCount(it.v); break;
    case 'float': ar.WriteFloat(it.v); break;
    case 'double': ar.WriteDouble(it.v); break;
    case 'longlong': ar.WriteLongLong(it.v); break;
    case 'ulonglong': ar.WriteULongLong(it.v); break;
    case 'bool': ar.WriteBool(it.v); break;
    case 'cstrA': ar.WriteCStringA(it.v); break;
    case 'cstrW': ar.WriteCStringW(it.v); break;
  }
}

function read(ar: CArchive, it: Item): unknown {
  switch (it.t) {
    case 'byte': return ar.ReadByte();
    case 'word': return ar.ReadWord();
    case 'long': return ar.ReadLong();
    case 'dword': return ar.ReadDWord();
    case 'short': return ar.ReadShort();
    case 'char': return ar.ReadChar();
    case 'wchar': return ar.ReadWChar();
    case 'int': return ar.ReadInt();
    case 'uint': return ar.ReadUInt();
    case 'count': return ar.ReadCount();
    case 'float': return ar.ReadFloat();
    case 'double': return ar.ReadDouble();
    case 'longlong': return ar.ReadLongLong();
    case 'ulonglong': return ar.ReadULongLong();
    case 'bool': return ar.ReadBool();
    case 'cstrA': return ar.ReadCString();
    case 'cstrW': return ar.ReadCString();
  }
}

/** What a value looks like after the trip (float rounds to single; ANSI goes through cp1252). */
function expected(it: Item): unknown {
  if (it.t === 'float') return Math.fround(it.v);
  if (it.t === 'cstrA') {
    const ar = new CArchive(new CMemFile(), CArchive.store);
    const buf = Buffer.alloc(it.v.length);
    ar.GetCodePage().write(it.v, buf, 0);
    return ar.GetCodePage().decode(buf, 0, buf.length);
  }
  return it.v;
}

test('every type round-trips through any buffer size', (t) => {
  fc.assert(
    fc.property(fc.array(item, { maxLength: 40 }), fc.integer({ min: 0, max: 700 }), (items, bufSize) => {
      const file = new CMemFile();
      const st = new CArchive(file, CArchive.store, bufSize);
      for (const it of items) write(st, it);
      st.Close();
      const data = file.Detach();
      const ld = new CArchive(new CMemFile(data, data.length), CArchive.load, bufSize);
      for (const it of items) {
        const v = read(ld, it);
        if (!Object.is(v, expected(it)) && !(typeof v === 'number' && Number.isNaN(v) && Number.isNaN(expected(it) as number))) return false;
      }
      return ld.IsBufferEmpty() && ld.Read(new Uint8Array(1), 1) === 0;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('ANSI strings of bytes 0..255 round-trip exactly in latin1', (t) => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const s = Buffer.from(bytes).toString('latin1');
      const file = new CMemFile();
      const st = new CArchive(file, CArchive.store);
      st.SetCodePage('latin1');
      st.WriteCStringA(s);
      st.Close();
      const data = file.Detach();
      const ld = new CArchive(new CMemFile(data, data.length), CArchive.load);
      ld.SetCodePage('latin1');
      return ld.ReadCString() === s;
    }),
  );
  t.pass();
});

class CFuzzNode extends CObject {
  m_a = 0;
  m_s = '';
  m_kids: Array<CObject | null> = [];
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) {
      ar.WriteLong(this.m_a).WriteCString(this.m_s).WriteCount(this.m_kids.length);
      for (const k of this.m_kids) ar.WriteObject(k);
    } else {
      this.m_a = ar.ReadLong();
      this.m_s = ar.ReadCString();
      const n = ar.ReadCount();
      for (let i = 0; i < n; i++) this.m_kids.push(ar.ReadObject());
    }
  }
}
IMPLEMENT_SERIAL(CFuzzNode, CObject, 2);

class CFuzzLeaf extends CObject {
  m_d = 0;
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) ar.WriteDouble(this.m_d).WriteULongLong(7n);
    else {
      this.m_d = ar.ReadDouble();
      ar.ReadULongLong();
    }
  }
}
IMPLEMENT_SERIAL(CFuzzLeaf, CObject, 1 | VERSIONABLE_SCHEMA);

/** A random object graph (with shared and cyclic references) stored as an archive. */
const graphArchive: fc.Arbitrary<Uint8Array> = fc
  .array(fc.record({ leaf: fc.boolean(), a: fc.integer({ min: -5, max: 5 }), s: fc.string({ maxLength: 10 }), kids: fc.array(fc.nat(), { maxLength: 4 }) }), { minLength: 1, maxLength: 12 })
  .map((specs) => {
    const objs = specs.map((s) => {
      if (s.leaf) {
        const l = new CFuzzLeaf();
        l.m_d = s.a;
        return l;
      }
      const n = new CFuzzNode();
      n.m_a = s.a;
      n.m_s = s.s;
      return n;
    });
    specs.forEach((s, i) => {
      const o = objs[i];
      if (o instanceof CFuzzNode) o.m_kids = s.kids.map((k) => (k % (objs.length + 1) === objs.length ? null : objs[k % (objs.length + 1)]!));
    });
    const file = new CMemFile();
    const ar = new CArchive(file, CArchive.store);
    for (const o of objs) ar.WriteObject(o);
    ar.WriteObject(null);
    ar.Close();
    return file.Detach();
  });

function loadAll(bytes: Uint8Array): number {
  const ar = new CArchive(new CMemFile(Uint8Array.from(bytes), bytes.length), CArchive.load, 128);
  let n = 0;
  for (let i = 0; i < 10000; i++) {
    if (ar.ReadObject() === null) break;
    n++;
  }
  ar.ReadString();
  ar.Read(new Uint8Array(16), 16);
  return n;
}

/** Loading garbage may fail only with CArchiveException (any cause but none/readOnly/writeOnly). */
function loadsOrArchiveError(bytes: Uint8Array): boolean {
  try {
    loadAll(bytes);
    return true;
  } catch (e) {
    return e instanceof CArchiveException && e.m_cause !== CArchiveException.readOnly && e.m_cause !== CArchiveException.writeOnly && e.m_cause !== CArchiveException.none;
  }
}

test('random graphs with shared and cyclic references load back to the same shape', (t) => {
  fc.assert(
    fc.property(graphArchive, (bytes) => {
      const ar = new CArchive(new CMemFile(Uint8Array.from(bytes), bytes.length), CArchive.load);
      const seen: CObject[] = [];
      for (let o = ar.ReadObject(); o !== null; o = ar.ReadObject()) seen.push(o);
      const file = new CMemFile();
      const st = new CArchive(file, CArchive.store);
      for (const o of seen) st.WriteObject(o);
      st.WriteObject(null);
      st.Close();
      return Buffer.from(file.Detach()).equals(Buffer.from(bytes));
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test('the loader survives random bytes', (t) => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), loadsOrArchiveError), { numRuns: 2000 });
  t.pass();
});

test('the loader survives mutated archives (flips, truncation, insertion, deletion)', (t) => {
  const mutated = fc
    .tuple(graphArchive, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 6 }))
    .map(([bytes, edits]) => {
      let b = Array.from(bytes);
      for (const [pos, val, kind] of edits) {
        const i = b.length === 0 ? 0 : pos % b.length;
        if (kind === 0) b[i] = val;
        else if (kind === 1) b = b.slice(0, i);
        else if (kind === 2) b.splice(i, 0, val, 0xff, 0xff);
        else b.splice(i, 1);
      }
      return Uint8Array.from(b);
    });
  fc.assert(fc.property(mutated, loadsOrArchiveError), { numRuns: 2000 });
  t.pass();
});

test('LoadAsync over any dribble step decodes what a synchronous load decodes', async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(item, { maxLength: 15 }), fc.integer({ min: 1, max: 50 }), async (items, step) => {
      const file = new CMemFile();
      const st = new CArchive(file, CArchive.store);
      for (const it of items) write(st, it);
      st.Close();
      const data = file.Detach();
      class Dribble extends CMemFile {
        override async ReadAsync(b: Uint8Array, n: number): Promise<number> {
          return this.Read(b, Math.min(n, step));
        }
      }
      const ld = new CArchive(new Dribble(Uint8Array.from(data), data.length), CArchive.load, 128);
      const got = await ld.LoadAsync((ar) => items.map((it) => read(ar, it)));
      return got.every((v, i) => Object.is(v, expected(items[i]!)) || (Number.isNaN(v) && Number.isNaN(expected(items[i]!))));
    }),
    { numRuns: 100 },
  );
  t.pass();
});

import test from 'ava';
import {
  CArchive, CArchiveException, CInvalidArgException, CMemFile, CNotSupportedException, CObject, CRuntimeClass,
  IMPLEMENT_DYNAMIC, IMPLEMENT_DYNCREATE, IMPLEMENT_SERIAL, RUNTIME_CLASS, VERSIONABLE_SCHEMA,
} from '../../../src/index.js';
import { hex, loader, store, toHex } from '../../support/archive.js';

class CFoo extends CObject {
  m_n = 0;
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) ar.WriteWord(this.m_n);
    else this.m_n = ar.ReadWord();
  }
}
IMPLEMENT_SERIAL(CFoo, CObject, 1);

class CNode extends CObject {
  m_name = '';
  m_pNext: CNode | null = null;
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) {
      ar.WriteCStringA(this.m_name);
      ar.WriteObject(this.m_pNext);
    } else {
      this.m_name = ar.ReadCString();
      this.m_pNext = ar.ReadObject(CNode);
    }
  }
}
IMPLEMENT_SERIAL(CNode, CObject, 2);

class CShape extends CObject {}
IMPLEMENT_SERIAL(CShape, CObject, 1);
class CCircle extends CShape {
  m_r = 0;
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) ar.WriteDouble(this.m_r);
    else this.m_r = ar.ReadDouble();
  }
}
IMPLEMENT_SERIAL(CCircle, CShape, 1);

/** Registered with schema 3, versionable: reads schema 1 and 2 streams itself. */
class CVerV extends CObject {
  m_seen = -1;
  m_x = 0;
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) {
      ar.WriteLong(this.m_x);
      return;
    }
    this.m_seen = ar.GetObjectSchema();
    this.m_x = ar.ReadLong();
  }
}
IMPLEMENT_SERIAL(CVerV, CObject, 3 | VERSIONABLE_SCHEMA);

class CFixed extends CObject {}
IMPLEMENT_SERIAL(CFixed, CObject, 3);

class CDyn extends CObject {}
IMPLEMENT_DYNCREATE(CDyn, CObject);
class CRtti extends CObject {}
IMPLEMENT_DYNAMIC(CRtti, CObject);

/** Holds a child object: nesting depth grows with each level. */
class CBox extends CObject {
  m_pInner: CObject | null = null;
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) ar.WriteObject(this.m_pInner);
    else this.m_pInner = ar.ReadObject();
  }
}
IMPLEMENT_SERIAL(CBox, CObject, 1);

function foo(n: number): CFoo {
  const f = new CFoo();
  f.m_n = n;
  return f;
}

test('the TN002 worked example: new class, class tag, back-reference, NULL', (t) => {
  const a = foo(0x1111);
  const b = foo(0x2222);
  const out = store((ar) => {
    ar.WriteObject(a);
    ar.WriteObject(b);
    ar.WriteObject(a);
    ar.WriteObject(null);
  });
  t.is(toHex(out), 'FF FF 01 00 04 00 43 46 6F 6F 11 11 01 80 22 22 02 00 00 00');
  const ar = loader(out);
  const a2 = ar.ReadObject(CFoo)!;
  const b2 = ar.ReadObject(CFoo)!;
  t.true(a2 instanceof CFoo);
  t.is(a2.m_n, 0x1111);
  t.is(b2.m_n, 0x2222);
  t.is(ar.ReadObject(CFoo), a2);
  t.is(ar.ReadObject(), null);
});

test('shared references load as one object; cycles close', (t) => {
  const x = new CNode();
  const y = new CNode();
  x.m_name = 'x';
  y.m_name = 'y';
  x.m_pNext = y;
  y.m_pNext = x;
  const out = store((ar) => {
    ar.WriteObject(x);
    ar.WriteObject(y);
  });
  const ar = loader(out);
  const x2 = ar.ReadObject(CNode)!;
  const y2 = ar.ReadObject(CNode)!;
  t.is(x2.m_name, 'x');
  t.is(x2.m_pNext, y2);
  t.is(y2.m_pNext, x2);
  t.is(y2.m_name, 'y');
});

test('an object refers to itself (PID assigned before Serialize)', (t) => {
  const n = new CNode();
  n.m_name = 'self';
  n.m_pNext = n;
  const out = store((ar) => ar.WriteObject(n));
  // class PID 1, object PID 2: the self reference is 02 00.
  t.is(toHex(out.subarray(out.length - 2)), '02 00');
  const back = loader(out).ReadObject(CNode)!;
  t.is(back.m_pNext, back);
});

test('classes and objects share one PID counter', (t) => {
  const out = store((ar) => {
    ar.WriteObject(foo(1)); // CFoo class 1, object 2
    const c = new CCircle();
    ar.WriteObject(c); // CCircle class 3, object 4
    ar.WriteObject(foo(2)); // class tag 0x8001, object 5
    ar.WriteObject(c); // reference 4
  });
  t.is(toHex(out.subarray(out.length - 6)), '01 80 02 00 04 00');
});

test('a derived object satisfies a request for its base; an unrelated class is badClass', (t) => {
  const c = new CCircle();
  c.m_r = 2.5;
  const out = store((ar) => ar.WriteObject(c));
  const back = loader(out).ReadObject(CShape);
  t.true(back instanceof CCircle);
  t.is((back as CCircle).m_r, 2.5);
  t.is(t.throws(() => loader(out).ReadObject(CFoo), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badClass);
});

test('a back-reference of the wrong class is badClass', (t) => {
  const f = foo(1);
  const out = store((ar) => {
    ar.WriteObject(f);
    ar.WriteObject(f);
  });
  const ar = loader(out);
  ar.ReadObject(CFoo);
  t.is(t.throws(() => ar.ReadObject(CShape), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badClass);
});

test('schema mismatch without VERSIONABLE_SCHEMA is badSchema', (t) => {
  const bytes = Buffer.concat([hex('FF FF 02 00 06 00'), Buffer.from('CFixed')]);
  const e = t.throws(() => loader(bytes).ReadObject(), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.badSchema);
  t.regex(e!.message, /badSchema/);
});

test('schema mismatch with VERSIONABLE_SCHEMA loads and shows the stored schema once per object', (t) => {
  const bytes = Buffer.concat([hex('FF FF 01 00 05 00'), Buffer.from('CVerV'), hex('07 00 00 00'), hex('01 80 08 00 00 00')]);
  const ar = loader(bytes);
  const a = ar.ReadObject(CVerV)!;
  t.is(a.m_seen, 1);
  t.is(a.m_x, 7);
  const b = ar.ReadObject(CVerV)!;
  t.is(b.m_seen, 1, 'the stored schema is remembered for later class tags');
  t.is(b.m_x, 8);
  t.is(ar.GetObjectSchema(), 0xffffffff);
});

test('the current schema is written as a WORD without the VERSIONABLE bit and read back', (t) => {
  const v = new CVerV();
  v.m_x = 5;
  const out = store((ar) => ar.WriteObject(v));
  t.is(toHex(out.subarray(0, 4)), 'FF FF 03 00');
  const back = loader(out).ReadObject(CVerV)!;
  t.is(back.m_seen, 3);
});

test('GetObjectSchema is (UINT)-1 when Serialize is called directly', (t) => {
  const ar = loader('09 00 00 00');
  const v = new CVerV();
  v.Serialize(ar);
  t.is(v.m_seen, 0xffffffff);
});

test('unknown class names and names of 64 bytes or more are badClass', (t) => {
  const unknown = Buffer.concat([hex('FF FF 01 00 04 00'), Buffer.from('CBar')]);
  t.is(t.throws(() => loader(unknown).ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badClass);
  const long = Buffer.concat([hex('FF FF 01 00 40 00'), Buffer.alloc(64, 0x41)]);
  t.is(t.throws(() => loader(long).ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badClass);
  const short = Buffer.concat([hex('FF FF 01 00 04 00'), Buffer.from('CF')]);
  t.is(t.throws(() => loader(short).ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badClass);
});

test('a class that cannot be created is badClass when named by a stream', (t) => {
  const rtti = Buffer.concat([hex('FF FF FF FF 05 00'), Buffer.from('CRtti')]);
  t.is(t.throws(() => loader(rtti).ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badClass);
  const root = Buffer.concat([hex('FF FF FF FF 07 00'), Buffer.from('CObject')]);
  t.is(t.throws(() => loader(root).ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badClass);
});

test('bad indexes: unseen object, unseen class, class slot used as object, object slot used as class', (t) => {
  for (const bytes of ['05 00', '05 80', '00 80', 'FF 7F 09 00 00 00', 'FF 7F 09 00 00 80']) {
    t.is(t.throws(() => loader(bytes).ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badIndex, bytes);
  }
  const classThenRef = Buffer.concat([hex('FF FF 01 00 04 00'), Buffer.from('CFoo'), hex('01 00'), hex('01 00')]);
  const ar = loader(classThenRef);
  ar.ReadObject();
  t.is(t.throws(() => ar.ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badIndex);
  const objThenClass = Buffer.concat([hex('FF FF 01 00 04 00'), Buffer.from('CFoo'), hex('01 00'), hex('02 80')]);
  const ar2 = loader(objThenClass);
  ar2.ReadObject();
  t.is(t.throws(() => ar2.ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badIndex);
});

test('ReadClass refuses an object reference unless asked for the tag', (t) => {
  t.is(t.throws(() => loader('01 00').ReadClass(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.badIndex);
  const out: { obTag?: number } = {};
  t.is(loader('01 00').ReadClass(null, out), null);
  t.is(out.obTag, 1);
});

test('big tags: PIDs from 0x7FFF use 7F FF + DWORD, for objects and classes', (t) => {
  const filler: CObject[] = [];
  for (let i = 0; i < 0x7ffe; i++) filler.push(new CObject());
  const a = foo(3);
  const out = store((ar) => {
    for (const f of filler) ar.MapObject(f); // PIDs 1..0x7FFE
    ar.WriteObject(a); // class CFoo = 0x7FFF (new, FF FF), object = 0x8000
    ar.WriteObject(a); // big object reference
    ar.WriteObject(foo(4)); // big class tag
  });
  const tail = toHex(out.subarray(10));
  t.is(tail, '03 00 FF 7F 00 80 00 00 FF 7F FF 7F 00 80 04 00');
  const ar = loader(out);
  for (const f of filler) ar.MapObject(f);
  const a2 = ar.ReadObject(CFoo)!;
  t.is(ar.ReadObject(CFoo), a2);
  t.is(ar.ReadObject(CFoo)!.m_n, 4);
});

test('MapObject registers without writing, identically on both sides', (t) => {
  const doc = new CObject();
  const n = new CBox();
  n.m_pInner = doc;
  const out = store((ar) => {
    ar.MapObject(doc);
    ar.WriteObject(n);
  });
  t.is(toHex(out.subarray(out.length - 2)), '01 00');
  const ar = loader(out);
  const doc2 = new CObject();
  ar.MapObject(doc2);
  t.is(ar.ReadObject(CBox)!.m_pInner, doc2);
});

test('SerializeClass writes and reads a class reference', (t) => {
  const out = store((ar) => {
    ar.SerializeClass(CFoo);
    ar.SerializeClass(CFoo);
  });
  t.is(toHex(out), 'FF FF 01 00 04 00 43 46 6F 6F 01 80');
  const ar = loader(out);
  ar.SerializeClass(CFoo);
  t.is(ar.GetObjectSchema(), 1);
  ar.SerializeClass(CFoo);
  t.is(ar.GetObjectSchema(), 1);
});

test('non-SERIAL classes cannot be written (CNotSupportedException)', (t) => {
  t.throws(() => store((ar) => ar.WriteObject(new CDyn())), { instanceOf: CNotSupportedException });
  t.throws(() => store((ar) => ar.WriteObject(new CRtti())), { instanceOf: CNotSupportedException });
  t.throws(() => loader('00 00').ReadObject(CDyn), { instanceOf: CNotSupportedException });
});

test('ReadClass on a storing archive is genericException', (t) => {
  const ar = new CArchive(new CMemFile(), CArchive.store);
  t.is(t.throws(() => ar.ReadObject(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.genericException);
});

test('nesting deeper than m_nMaxDepth is genericException on load and store, not a stack overflow', (t) => {
  const header = Buffer.concat([hex('FF FF 01 00 04 00'), Buffer.from('CBox')]);
  const deep = Buffer.concat([header, Buffer.alloc(2 * 100000, 0).fill(hex('01 80'))]);
  const e = t.throws(() => loader(deep).ReadObject(), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.genericException);
  t.regex(e!.message, /m_nMaxDepth/);
  let top = new CBox();
  for (let i = 0; i < 1000; i++) {
    const b = new CBox();
    b.m_pInner = top;
    top = b;
  }
  t.is(t.throws(() => store((ar) => ar.WriteObject(top)), { instanceOf: CArchiveException })!.m_cause, CArchiveException.genericException);
  // Within the limit it works.
  const out = store((ar) => {
    ar.m_nMaxDepth = 2000;
    ar.WriteObject(top);
  });
  const ar = loader(out);
  ar.m_nMaxDepth = 2000;
  t.true(ar.ReadObject() instanceof CBox);
});

test('registration checks: names, schemas, duplicates, RUNTIME_CLASS of an unregistered class', (t) => {
  class CA extends CObject {}
  t.throws(() => IMPLEMENT_SERIAL(CA, CObject, 0xffff), { instanceOf: CInvalidArgException });
  t.throws(() => IMPLEMENT_SERIAL(CA, CObject, 1, { name: 'bad name' }), { instanceOf: CInvalidArgException });
  t.throws(() => IMPLEMENT_SERIAL(CA, CObject, 1, { name: 'x'.repeat(64) }), { instanceOf: CInvalidArgException });
  t.throws(() => IMPLEMENT_SERIAL(CA, CObject, 1, { name: 'CFoo' }), { instanceOf: CInvalidArgException });
  t.throws(() => IMPLEMENT_SERIAL(CA, CFoo, 1), { instanceOf: CInvalidArgException }, 'CA does not extend CFoo');
  t.throws(() => RUNTIME_CLASS(CA), { instanceOf: CInvalidArgException });
  const cls = IMPLEMENT_SERIAL(CA, CObject, 1, { name: 'CRenamed' });
  t.is(RUNTIME_CLASS(CA), cls);
  t.is(CRuntimeClass.FromName('CRenamed'), cls);
  t.is(new CA().GetRuntimeClass().m_lpszClassName, 'CRenamed');
  t.true(new CCircle().IsKindOf(CShape));
  t.false(new CShape().IsKindOf(CCircle));
});

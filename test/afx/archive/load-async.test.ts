import test from 'ava';
import {
  CArchive, CArchiveException, CInvalidArgException, CMemFile, CObject, IMPLEMENT_SERIAL,
} from '../../../src/index.js';
import { hex, store } from '../../support/archive.js';

/** A memory file whose ReadAsync hands over at most `step` bytes per call, after a macrotask. */
class DribbleFile extends CMemFile {
  asyncReads = 0;
  constructor(data: Uint8Array, private readonly step: number) {
    super(Uint8Array.from(data), data.length);
  }

  override async ReadAsync(lpBuf: Uint8Array, nCount: number): Promise<number> {
    this.asyncReads++;
    await new Promise((r) => setImmediate(r));
    return this.Read(lpBuf, Math.min(nCount, this.step));
  }
}

class CPoint extends CObject {
  x = 0;
  y = 0;
  override Serialize(ar: CArchive): void {
    if (ar.IsStoring()) ar.WriteLong(this.x).WriteLong(this.y);
    else {
      this.x = ar.ReadLong();
      this.y = ar.ReadLong();
    }
  }
}
IMPLEMENT_SERIAL(CPoint, CObject, 1);

function point(x: number, y: number): CPoint {
  const p = new CPoint();
  p.x = x;
  p.y = y;
  return p;
}

test('LoadAsync reruns the loader until the message is complete, byte by byte', async (t) => {
  const bytes = store((ar) => ar.WriteWord(7).WriteCStringW('hello').WriteDouble(1.5));
  const file = new DribbleFile(bytes, 1);
  const ar = new CArchive(file, CArchive.load);
  let runs = 0;
  const r = await ar.LoadAsync((a) => {
    runs++;
    return [a.ReadWord(), a.ReadCString(), a.ReadDouble()];
  });
  t.deepEqual(r, [7, 'hello', 1.5]);
  t.true(runs > 3);
  t.true(ar.IsBufferEmpty());
});

test('object maps are rewound between runs: PIDs and back-references stay right', async (t) => {
  const p = point(1, 2);
  const bytes = store((ar) => {
    ar.WriteObject(p);
    ar.WriteObject(p);
    ar.WriteObject(point(3, 4));
  });
  const ar = new CArchive(new DribbleFile(bytes, 3), CArchive.load);
  const first = await ar.LoadAsync((a) => [a.ReadObject(CPoint), a.ReadObject(CPoint)]);
  t.is(first[0], first[1]);
  t.deepEqual([first[0]!.x, first[0]!.y], [1, 2]);
  const third = await ar.LoadAsync((a) => a.ReadObject(CPoint));
  t.deepEqual([third!.x, third!.y], [3, 4]);
});

test('several messages: each LoadAsync takes one, leftovers stay buffered', async (t) => {
  const bytes = store((ar) => {
    for (let i = 0; i < 20; i++) ar.WriteLong(i).WriteCStringA(`m${i}`);
  });
  const ar = new CArchive(new DribbleFile(bytes, 7), CArchive.load);
  const got: string[] = [];
  for (let i = 0; i < 20; i++) got.push(await ar.LoadAsync((a) => `${a.ReadLong()}:${a.ReadCString()}`));
  t.deepEqual(got, Array.from({ length: 20 }, (_, i) => `${i}:m${i}`));
});

test('a message larger than the archive buffer is gathered whole', async (t) => {
  const big = 'z'.repeat(20000);
  const bytes = store((ar) => ar.WriteCStringW(big).WriteWord(1));
  const file = new DribbleFile(bytes, 1000);
  const ar = new CArchive(file, CArchive.load, 128);
  t.is(await ar.LoadAsync((a) => a.ReadCString()), big);
  t.is(await ar.LoadAsync((a) => a.ReadWord()), 1);
  t.true(file.asyncReads < 100, `reads were batched to the shortfall (${file.asyncReads})`);
});

test('end of data mid-message is endOfFile; a short raw Read at the end is allowed', async (t) => {
  const ar = new CArchive(new DribbleFile(hex('01 00 05 61'), 1), CArchive.load);
  const e = await t.throwsAsync(ar.LoadAsync((a) => [a.ReadWord(), a.ReadCString()]), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.endOfFile);
  const ar2 = new CArchive(new DribbleFile(hex('01 02 03'), 1), CArchive.load);
  t.is(await ar2.LoadAsync((a) => a.Read(new Uint8Array(10), 10)), 3);
});

test('a length prefix above maxBytes fails fast with bufferFull', async (t) => {
  const file = new DribbleFile(hex('FF FF FF FF FE FF FF FF 41 41'), 1);
  const ar = new CArchive(file, CArchive.load);
  const e = await t.throwsAsync(ar.LoadAsync((a) => a.ReadCString(), { maxBytes: 1 << 20 }), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.bufferFull);
  t.true(file.asyncReads < 20);
});

test('a loader that swallows every exception is still rerun', async (t) => {
  const bytes = store((ar) => ar.WriteLong(42));
  const ar = new CArchive(new DribbleFile(bytes, 1), CArchive.load);
  const r = await ar.LoadAsync((a) => {
    try {
      return a.ReadLong();
    } catch {
      return -1;
    }
  });
  t.is(r, 42);
});

test('errors other than running short propagate at once', async (t) => {
  const ar = new CArchive(new DribbleFile(hex('05 80'), 1), CArchive.load);
  const e = await t.throwsAsync(ar.LoadAsync((a) => a.ReadObject()), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.badIndex);
  const ar2 = new CArchive(new DribbleFile(hex('00'), 1), CArchive.load);
  await t.throwsAsync(ar2.LoadAsync(() => {
    throw new RangeError('mine');
  }), { instanceOf: RangeError });
});

test('one LoadAsync at a time; storing archives refuse it; FlushAsync writes', async (t) => {
  const ar = new CArchive(new DribbleFile(hex('01 00 00 00'), 1), CArchive.load);
  const p = ar.LoadAsync((a) => a.ReadLong());
  const e = await t.throwsAsync(ar.LoadAsync((a) => a.ReadLong()), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.genericException);
  t.is(await p, 1);
  const file = new CMemFile();
  const st = new CArchive(file, CArchive.store);
  await t.throwsAsync(st.LoadAsync((a) => a.ReadLong()), { instanceOf: CArchiveException });
  await t.throwsAsync(ar.LoadAsync(5 as never), { instanceOf: CInvalidArgException });
  st.WriteLong(3);
  const pending = st.FlushAsync();
  st.WriteLong(4);
  await pending;
  await st.FlushAsync();
  t.deepEqual([...file.Detach()], [3, 0, 0, 0, 4, 0, 0, 0]);
});

test('m_bDeferFlush keeps a large message in the archive until Flush', (t) => {
  const file = new CMemFile();
  const ar = new CArchive(file, CArchive.store, 128);
  ar.m_bDeferFlush = true;
  ar.WriteCStringA('q'.repeat(1000));
  for (let i = 0; i < 100; i++) ar.WriteLong(i);
  t.is(file.GetLength(), 0);
  ar.Flush();
  t.is(file.GetLength(), 3 + 1000 + 400);
});

test('an async loader is refused (it could not be rewound)', async (t) => {
  const ar = new CArchive(new DribbleFile(hex('01 00'), 1), CArchive.load);
  await t.throwsAsync(ar.LoadAsync(async (a) => a.ReadWord()), { instanceOf: CInvalidArgException });
});

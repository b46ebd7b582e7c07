import test from 'ava';
import { CArchive, CArchiveException, CInvalidArgException, CMemFile } from '../../../src/index.js';
import { hex, loader, store, toHex } from '../../support/archive.js';

// [operator, writer, golden bytes, reader, expected value]
const GOLDEN: Array<[string, (ar: CArchive) => void, string, (ar: CArchive) => unknown, unknown]> = [
  ['BYTE', (ar) => ar.WriteByte(0xab), 'AB', (ar) => ar.ReadByte(), 0xab],
  ['char', (ar) => ar.WriteChar(-1), 'FF', (ar) => ar.ReadChar(), -1],
  ['char 127', (ar) => ar.WriteChar(127), '7F', (ar) => ar.ReadChar(), 127],
  ['bool true', (ar) => ar.WriteBool(true), '01', (ar) => ar.ReadBool(), true],
  ['bool false', (ar) => ar.WriteBool(false), '00', (ar) => ar.ReadBool(), false],
  ['WORD', (ar) => ar.WriteWord(0x1234), '34 12', (ar) => ar.ReadWord(), 0x1234],
  ['short', (ar) => ar.WriteShort(-2), 'FE FF', (ar) => ar.ReadShort(), -2],
  ['wchar_t', (ar) => ar.WriteWChar(0x20ac), 'AC 20', (ar) => ar.ReadWChar(), 0x20ac],
  ['LONG', (ar) => ar.WriteLong(-2), 'FE FF FF FF', (ar) => ar.ReadLong(), -2],
  ['DWORD', (ar) => ar.WriteDWord(0xdeadbeef), 'EF BE AD DE', (ar) => ar.ReadDWord(), 0xdeadbeef],
  ['int', (ar) => ar.WriteInt(-1), 'FF FF FF FF', (ar) => ar.ReadInt(), -1],
  ['unsigned', (ar) => ar.WriteUInt(0x80000000), '00 00 00 80', (ar) => ar.ReadUInt(), 0x80000000],
  ['LONGLONG', (ar) => ar.WriteLongLong(-2n), 'FE FF FF FF FF FF FF FF', (ar) => ar.ReadLongLong(), -2n],
  ['ULONGLONG', (ar) => ar.WriteULongLong(0x0102030405060708n), '08 07 06 05 04 03 02 01', (ar) => ar.ReadULongLong(), 0x0102030405060708n],
  ['ULONGLONG max', (ar) => ar.WriteULongLong(0xffffffffffffffffn), 'FF FF FF FF FF FF FF FF', (ar) => ar.ReadULongLong(), 0xffffffffffffffffn],
  ['float 0.1f', (ar) => ar.WriteFloat(0.1), 'CD CC CC 3D', (ar) => ar.ReadFloat(), Math.fround(0.1)],
  ['double 0.1', (ar) => ar.WriteDouble(0.1), '9A 99 99 99 99 99 B9 3F', (ar) => ar.ReadDouble(), 0.1],
  ['count 0xFFFE', (ar) => ar.WriteCount(0xfffe), 'FE FF', (ar) => ar.ReadCount(), 0xfffe],
  ['count 0xFFFF', (ar) => ar.WriteCount(0xffff), 'FF FF FF FF 00 00', (ar) => ar.ReadCount(), 0xffff],
  ['count 2^32', (ar) => ar.WriteCount(2 ** 32), 'FF FF FF FF FF FF 00 00 00 00 01 00 00 00', (ar) => ar.ReadCount(), 2 ** 32],
];

for (const [name, write, bytes, read, value] of GOLDEN) {
  test(`${name} is written as ${bytes} and read back`, (t) => {
    const out = store(write);
    t.is(toHex(out), bytes);
    const ar = loader(out);
    t.deepEqual(read(ar), value);
    t.true(ar.IsBufferEmpty());
  });
}

test('writers chain like operator<<', (t) => {
  const out = store((ar) => ar.WriteWord(1).WriteByte(2).WriteLong(3));
  t.is(toHex(out), '01 00 02 03 00 00 00');
});

const OUT_OF_RANGE: Array<[string, (ar: CArchive) => void]> = [
  ['WORD 70000', (ar) => ar.WriteWord(70000)],
  ['WORD -1', (ar) => ar.WriteWord(-1)],
  ['WORD 1.5', (ar) => ar.WriteWord(1.5)],
  ['WORD NaN', (ar) => ar.WriteWord(NaN)],
  ['BYTE 256', (ar) => ar.WriteByte(256)],
  ['char 128', (ar) => ar.WriteChar(128)],
  ['short 32768', (ar) => ar.WriteShort(32768)],
  ['LONG 2^31', (ar) => ar.WriteLong(2 ** 31)],
  ['DWORD -1', (ar) => ar.WriteDWord(-1)],
  ['DWORD 2^32', (ar) => ar.WriteDWord(2 ** 32)],
  ['LONGLONG 2^63', (ar) => ar.WriteLongLong(2n ** 63n)],
  ['ULONGLONG -1', (ar) => ar.WriteULongLong(-1n)],
  ['ULONGLONG 1.5', (ar) => ar.WriteULongLong(1.5)],
  ['wchar_t 0x10000', (ar) => ar.WriteWChar(0x10000)],
  ['bool 1', (ar) => ar.WriteBool(1 as unknown as boolean)],
  ['count -1', (ar) => ar.WriteCount(-1)],
];

for (const [name, write] of OUT_OF_RANGE) {
  test(`${name} throws CInvalidArgException and writes nothing`, (t) => {
    const file = new CMemFile();
    const ar = new CArchive(file, CArchive.store);
    t.throws(() => write(ar), { instanceOf: CInvalidArgException });
    ar.Close();
    t.is(file.GetLength(), 0);
  });
}

test('writing on a loading archive throws readOnly', (t) => {
  const ar = loader('00');
  const e = t.throws(() => ar.WriteWord(1), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.readOnly);
  t.regex(e!.message, /readOnly/);
  for (const f of [() => ar.WriteByte(1), () => ar.WriteCString('x'), () => ar.Write(new Uint8Array(1), 1), () => ar.WriteObject(null), () => ar.WriteDouble(1)]) {
    t.is(t.throws(f, { instanceOf: CArchiveException })!.m_cause, CArchiveException.readOnly);
  }
});

test('reading a storing archive throws writeOnly', (t) => {
  const ar = new CArchive(new CMemFile(), CArchive.store);
  for (const f of [() => ar.ReadWord(), () => ar.ReadByte(), () => ar.ReadCString(), () => ar.Read(new Uint8Array(1), 1), () => ar.ReadLongLong(), () => ar.ReadString()]) {
    t.is(t.throws(f, { instanceOf: CArchiveException })!.m_cause, CArchiveException.writeOnly);
  }
});

test('m_nMode and m_pFile set directly take effect at the next call, buffered bytes or not', (t) => {
  // Every reader and writer checks the mode; assigning MFC's public members must not slip past
  // that check while bytes are buffered.
  const ar = loader('01 02 03 04 05 06');
  t.is(ar.ReadByte(), 1);
  ar.m_nMode = CArchive.store;
  t.is(t.throws(() => ar.ReadByte(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.writeOnly);
  t.is(t.throws(() => ar.ReadCString(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.writeOnly);
  ar.m_nMode = CArchive.load;
  t.is(ar.ReadByte(), 2);
  const file = ar.m_pFile;
  ar.m_pFile = null;
  for (const f of [() => ar.ReadByte(), () => ar.ReadWord(), () => ar.ReadCString(), () => ar.ReadDouble()]) {
    t.is(t.throws(f, { instanceOf: CArchiveException })!.m_cause, CArchiveException.genericException);
  }
  ar.m_pFile = file;
  t.is(ar.ReadWord(), 0x0403);
  t.is(ar.GetFile(), file);
  const st = new CArchive(new CMemFile(), CArchive.store);
  st.WriteByte(1);
  st.m_nMode = CArchive.load;
  t.is(t.throws(() => st.WriteByte(2), { instanceOf: CArchiveException })!.m_cause, CArchiveException.readOnly);
  st.m_nMode = CArchive.store;
  st.m_pFile = null;
  t.is(t.throws(() => st.WriteWord(2), { instanceOf: CArchiveException })!.m_cause, CArchiveException.genericException);
});

test('with m_bDeferFlush every writer lands in the grown buffer, whatever value crosses the boundary', (t) => {
  // The buffer is replaced when it grows: a writer must write after making room, into the new one.
  const writers: Array<[number, (ar: CArchive, i: number) => void, (ar: CArchive) => number]> = [
    [1, (ar, i) => ar.WriteByte(i & 0xff), (ar) => ar.ReadByte()],
    [2, (ar, i) => ar.WriteWord(i), (ar) => ar.ReadWord()],
    [4, (ar, i) => ar.WriteDWord(i), (ar) => ar.ReadDWord()],
    [8, (ar, i) => ar.WriteDouble(i), (ar) => ar.ReadDouble()],
  ];
  for (const [size, write, read] of writers) {
    const file = new CMemFile();
    const ar = new CArchive(file, CArchive.store, 128);
    ar.m_bDeferFlush = true;
    for (let i = 0; i < 1000; i++) write(ar, i);
    t.is(file.GetLength(), 0, 'nothing leaves before Flush');
    ar.Close();
    t.is(file.GetLength(), 1000 * size);
    const ld = new CArchive(new CMemFile(file.Detach(), 1000 * size), CArchive.load);
    const back = Array.from({ length: 1000 }, () => read(ld));
    t.deepEqual(back, Array.from({ length: 1000 }, (_, i) => (size === 1 ? i & 0xff : i)), `${size}-byte writer`);
  }
});

test('a truncated value throws endOfFile', (t) => {
  const ar = loader('01 02 03');
  const e = t.throws(() => ar.ReadLong(), { instanceOf: CArchiveException });
  t.is(e!.m_cause, CArchiveException.endOfFile);
  t.is(e!.causeName, 'endOfFile');
});

test('Read returns a short count at end of file and EnsureRead throws endOfFile', (t) => {
  const buf = new Uint8Array(8);
  t.is(loader('01 02 03').Read(buf, 8), 3);
  t.deepEqual([...buf.subarray(0, 3)], [1, 2, 3]);
  t.is(t.throws(() => loader('01 02 03').EnsureRead(buf, 8), { instanceOf: CArchiveException })!.m_cause, CArchiveException.endOfFile);
});

test('Read and Write refuse a count beyond the buffer', (t) => {
  t.throws(() => loader('01 02').Read(new Uint8Array(1), 2), { instanceOf: CInvalidArgException });
  const ar = new CArchive(new CMemFile(), CArchive.store);
  t.throws(() => ar.Write(new Uint8Array(1), 5), { instanceOf: CInvalidArgException });
  t.throws(() => ar.Write('abc' as unknown as Uint8Array, 1), { instanceOf: CInvalidArgException });
});

test('mode flags: IsLoading, IsStoring, bNoByteSwap changes nothing', (t) => {
  const out = store(() => {});
  const st = new CArchive(new CMemFile(), CArchive.store | CArchive.bNoByteSwap);
  t.true(st.IsStoring());
  t.false(st.IsLoading());
  t.false(st.IsByteSwapping());
  st.WriteWord(0x0102);
  const ld = new CArchive(new CMemFile(out, 0), CArchive.load | CArchive.bNoFlushOnDelete);
  t.true(ld.IsLoading());
  t.false(ld.IsStoring());
});

test('raw Write larger than the buffer goes through in order', (t) => {
  const payload = Buffer.alloc(1000);
  for (let i = 0; i < payload.length; i++) payload[i] = i & 0xff;
  const out = store((ar) => {
    ar.WriteByte(7);
    ar.Write(payload, payload.length);
    ar.WriteByte(9);
  }, 128);
  t.is(out.length, 1002);
  t.is(out[0], 7);
  t.true(out.subarray(1, 1001).equals(payload));
  t.is(out[1001], 9);
  const ar = loader(out, 128);
  t.is(ar.ReadByte(), 7);
  const back = Buffer.alloc(1000);
  t.is(ar.Read(back, 1000), 1000);
  t.true(back.equals(payload));
  t.is(ar.ReadByte(), 9);
});

test('a storing archive sends nothing to the file before Flush', (t) => {
  const file = new CMemFile();
  const ar = new CArchive(file, CArchive.store);
  ar.WriteLong(1);
  t.is(file.GetLength(), 0);
  ar.Flush();
  t.is(file.GetLength(), 4);
});

test('Delete flushes unless bNoFlushOnDelete', (t) => {
  const f1 = new CMemFile();
  const a1 = new CArchive(f1, CArchive.store);
  a1.WriteWord(5);
  a1.Delete();
  t.is(f1.GetLength(), 2);
  t.is(a1.GetFile(), null);
  const f2 = new CMemFile();
  const a2 = new CArchive(f2, CArchive.store | CArchive.bNoFlushOnDelete);
  a2.WriteWord(5);
  a2.Delete();
  t.is(f2.GetLength(), 0);
});

test('Abort detaches without flushing; the archive then refuses to flush', (t) => {
  const f = new CMemFile();
  const ar = new CArchive(f, CArchive.store);
  ar.WriteWord(5);
  ar.Abort();
  t.is(f.GetLength(), 0);
  t.is(t.throws(() => ar.Flush(), { instanceOf: CArchiveException })!.m_cause, CArchiveException.genericException);
});

test('loading Flush gives unread bytes back to a seekable file', (t) => {
  const data = hex('01 00 02 00 03 00');
  const file = new CMemFile(data, data.length);
  const ar = new CArchive(file, CArchive.load);
  t.is(ar.ReadWord(), 1);
  t.is(file.GetPosition(), 6);
  ar.Flush();
  t.is(file.GetPosition(), 2);
  t.true(ar.IsBufferEmpty());
  t.is(ar.ReadWord(), 2);
});

test('a null file or a bad mode is refused', (t) => {
  t.throws(() => new CArchive(null as never, CArchive.load), { instanceOf: CInvalidArgException });
  t.throws(() => new CArchive(new CMemFile(), 9), { instanceOf: CInvalidArgException });
});
